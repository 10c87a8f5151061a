// Files that appear together or not at all, and cleanup on interrupting signals
// (include/automix/atomic_file.hpp).
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "audio/pending_files.hpp"
#include "automix/atomic_file.hpp"
#include "automix/error.hpp"
#include "support/test_audio.hpp"

using namespace automix;
using automix::test::TempDir;
namespace fs = std::filesystem;

namespace {

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// Files in `dir` whose name marks a temporary.
int temporaries_in(const fs::path& dir) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        n += e.path().filename().string().find(".tmp-") != std::string::npos;
    }
    return n;
}

volatile std::sig_atomic_t g_raised = 0;
void record_signal(int sig) { g_raised = sig; }

}  // namespace

TEST(StagedOutputs, AllAppearAtCommitAndNothingWithoutIt) {
    TempDir dir;
    {
        StagedOutputs staged;
        staged.stage(dir.file("mix.wav"), [](const std::string& t) { write_text(t, "mix"); });
        staged.stage(dir.file("mix.json"), [](const std::string& t) { write_text(t, "{}"); });
        EXPECT_FALSE(fs::exists(dir.file("mix.wav")));
        EXPECT_EQ(temporaries_in(dir.path()), 2);
    }  // not committed: a failed run
    EXPECT_EQ(temporaries_in(dir.path()), 0);
    EXPECT_FALSE(fs::exists(dir.file("mix.wav")));

    StagedOutputs staged;
    staged.stage(dir.file("mix.wav"), [](const std::string& t) { write_text(t, "mix"); });
    staged.stage(dir.file("mix.json"), [](const std::string& t) { write_text(t, "{}"); });
    staged.commit();
    EXPECT_TRUE(fs::exists(dir.file("mix.wav")));
    EXPECT_TRUE(fs::exists(dir.file("mix.json")));
    EXPECT_EQ(temporaries_in(dir.path()), 0);
}

TEST(StagedOutputs, AFailedRenameRemovesTheFilesAlreadyMoved) {
    TempDir dir;
    fs::create_directories(dir.file("mix.json/occupied"));  // a non-empty folder: rename fails
    StagedOutputs staged;
    staged.stage(dir.file("mix.wav"), [](const std::string& t) { write_text(t, "mix"); });
    staged.stage(dir.file("mix.json"), [](const std::string& t) { write_text(t, "{}"); });
    EXPECT_THROW(staged.commit(), Error);
    EXPECT_FALSE(fs::exists(dir.file("mix.wav")));  // the mix never appears without its report
    EXPECT_EQ(temporaries_in(dir.path()), 0);
}

TEST(StagedOutputs, AFailedWriteLeavesNoTemporary) {
    TempDir dir;
    StagedOutputs staged;
    EXPECT_THROW(staged.stage(dir.file("mix.wav"),
                              [](const std::string& t) {
                                  write_text(t, "half");
                                  throw output_error("disk full");
                              }),
                 Error);
    EXPECT_EQ(temporaries_in(dir.path()), 0);
}

// Signals end the process, so these run in a forked child (a death test).
TEST(StagedOutputsDeathTest, AnInterruptRemovesEveryTemporary) {
    TempDir dir;
    EXPECT_EXIT(
        {
            StagedOutputs staged;
            staged.stage(dir.file("mix.wav"), [](const std::string& t) { write_text(t, "m"); });
            commit_atomically(dir.file("a.json"), [&](const std::string& t) {
                write_text(t, "{}");
                const bool exit_now = on_interrupt_signal(SIGTERM);
                std::_Exit(exit_now && temporaries_in(dir.path()) == 0 ? 42 : 1);
            });
        },
        ::testing::ExitedWithCode(42), "");
}

TEST(StagedOutputsDeathTest, AnInterruptDuringCommitWaitsForTheWholeBatch) {
    TempDir dir;
    EXPECT_EXIT(
        {
            std::signal(SIGUSR1, record_signal);
            StagedOutputs staged;
            staged.stage(dir.file("mix.wav"), [](const std::string& t) { write_text(t, "m"); });
            if (!pending::begin_commit()) std::_Exit(2);
            // The handler is told to wait: the files stay, the signal is remembered.
            if (on_interrupt_signal(SIGUSR1) || temporaries_in(dir.path()) != 1) std::_Exit(3);
            pending::end_commit();  // raises SIGUSR1 again now that the batch is complete
            std::_Exit(g_raised == SIGUSR1 ? 42 : 4);
        },
        ::testing::ExitedWithCode(42), "");
}
