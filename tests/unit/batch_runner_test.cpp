// Running a batch with the real pipeline: every song mixed once, resumed without redoing complete
// songs, failures isolated, leftovers removed, shards, the lock and the output-folder guard.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "automix/batch/runner.hpp"
#include "automix/error.hpp"
#include "support/batch_library.hpp"
#include "support/error_of.hpp"
#include "support/test_audio.hpp"

using namespace automix;
using namespace automix::batch;
namespace fs = std::filesystem;

namespace {

// A library of `n` songs named "song 0" ... and a counting mixer around the real pipeline.
struct Library {
    test::TempDir dir;
    std::mutex mutex;
    std::map<std::string, int> mixed;  // song -> times the mixer ran for it

    explicit Library(int n) {
        for (int i = 0; i < n; ++i) test::write_song(dir.file("lib/song " + std::to_string(i)));
    }
    BatchOptions options(int jobs = 1) const {
        BatchOptions o;
        o.songs_dir = dir.file("lib");
        o.output_dir = dir.file("out");
        o.jobs = jobs;
        return o;
    }
    SongMixer mixer() {
        return [this](const SongTask& task) {
            {
                const std::lock_guard<std::mutex> guard(mutex);
                ++mixed[task.song.name];
            }
            return test::mix_with_pipeline(task);
        };
    }
    std::vector<std::string> temporaries() const {
        std::vector<std::string> found;
        for (const auto& e : fs::recursive_directory_iterator(dir.file("out"))) {
            if (e.path().filename().string().find(".tmp-") != std::string::npos) {
                found.push_back(e.path().string());
            }
        }
        return found;
    }
};

}  // namespace

TEST(BatchRunner, MixesEverySongOnceAndKeepsTheSummary) {
    Library lib(5);
    std::vector<BatchCounts> seen;
    const BatchSummary s = run_batch(lib.options(3), lib.mixer(),
                                     [&](const BatchEvent& e) { seen.push_back(e.counts); });
    EXPECT_EQ(s.counts().ok, 5u);
    EXPECT_TRUE(s.finished);
    for (const SongRecord& r : s.songs) {
        EXPECT_EQ(lib.mixed[r.song], 1) << r.song;
        EXPECT_TRUE(
            check_song_complete(song_outputs(lib.dir.file("out"), r.song, ".wav")).complete);
        ASSERT_TRUE(r.duration_seconds.has_value());
        EXPECT_NEAR(*r.duration_seconds, 0.5, 1e-9);
        EXPECT_TRUE(r.loudness_lufs.has_value());
    }
    ASSERT_EQ(seen.size(), 6u);  // the start and one event per song
    EXPECT_EQ(seen.front().pending, 5u);
    EXPECT_EQ(seen.back().pending, 0u);
    const BatchSummary on_disk = read_summary(lib.dir.file("out/batch.json"));
    EXPECT_EQ(summary_to_json(on_disk).dump(), summary_to_json(s).dump());
    EXPECT_TRUE(fs::exists(lib.dir.file("out/batch.csv")));
    EXPECT_TRUE(lib.temporaries().empty());
}

TEST(BatchRunner, ASecondRunRedoesNothingUnlessForced) {
    Library lib(3);
    run_batch(lib.options(), lib.mixer(), nullptr);
    const BatchSummary again = run_batch(lib.options(), lib.mixer(), nullptr);
    EXPECT_EQ(again.counts().done_before, 3u);
    for (const auto& [song, times] : lib.mixed) EXPECT_EQ(times, 1) << song;
    for (const SongRecord& r : again.songs) EXPECT_TRUE(r.loudness_lufs.has_value()) << r.song;

    BatchOptions force = lib.options();
    force.force = true;
    const BatchSummary forced = run_batch(force, lib.mixer(), nullptr);
    EXPECT_EQ(forced.counts().ok, 3u);
    EXPECT_EQ(forced.counts().done_before, 0u);
    for (const auto& [song, times] : lib.mixed) EXPECT_EQ(times, 2) << song;
}

// What a SIGKILL leaves (a mix without report, a report whose mix was replaced, temporaries)
// is cleaned up, and only the incomplete songs are mixed again.
TEST(BatchRunner, ResumesAfterAnInterruptedRun) {
    Library lib(4);
    run_batch(lib.options(), lib.mixer(), nullptr);
    const std::string out = lib.dir.file("out");
    fs::remove(out + "/song 1.json");                             // killed between the renames
    std::ofstream(out + "/song 2.wav", std::ios::trunc) << "RI";  // mix damaged after the fact
    std::ofstream(out + "/.song 3.wav.tmp-4242-0") << "partial";  // killed while writing
    std::ofstream(out + "/.batch.json.tmp-4242-1") << "partial";

    const BatchSummary s = run_batch(lib.options(), lib.mixer(), nullptr);
    EXPECT_EQ(s.counts().ok, 4u);
    EXPECT_EQ(lib.mixed["song 0"], 1);
    EXPECT_EQ(lib.mixed["song 1"], 2);
    EXPECT_EQ(lib.mixed["song 2"], 2);
    EXPECT_EQ(lib.mixed["song 3"], 1);
    EXPECT_TRUE(lib.temporaries().empty());
    for (const SongRecord& r : s.songs) {
        EXPECT_TRUE(check_song_complete(song_outputs(out, r.song, ".wav")).complete) << r.song;
    }
}

TEST(BatchRunner, AFailedSongIsRecordedAndTheOthersGoOn) {
    Library lib(2);
    fs::create_directories(lib.dir.file("lib/broken"));
    std::ofstream(lib.dir.file("lib/broken/notes.txt")) << "no stems here";
    const BatchSummary s = run_batch(lib.options(2), lib.mixer(), nullptr);
    const BatchCounts c = s.counts();
    EXPECT_EQ(c.ok, 2u);
    EXPECT_EQ(c.failed, 1u);
    EXPECT_EQ(batch_exit_code(c), kBatchExitSomeFailed);
    const SongRecord& broken = s.songs.front();
    EXPECT_EQ(broken.song, "broken");
    EXPECT_EQ(broken.exit_code, exit_code_for(ErrorKind::Input));
    EXPECT_NE(broken.error.find("broken"), std::string::npos) << broken.error;
    EXPECT_FALSE(fs::exists(lib.dir.file("out/broken.wav")));
    EXPECT_FALSE(fs::exists(lib.dir.file("out/broken.json")));
    EXPECT_TRUE(lib.temporaries().empty());

    // Other exceptions are isolated too (exit code 1, "internal error").
    const BatchSummary t = run_batch(
        lib.options(), [](const SongTask&) -> nlohmann::json { throw std::runtime_error("boom"); },
        nullptr);
    EXPECT_EQ(t.counts().failed, 1u);  // only the broken song was not complete
    EXPECT_EQ(t.songs.front().exit_code, 1);
}

TEST(BatchRunner, ShardsCoverTheLibraryOnceWithTheirOwnSummaries) {
    Library lib(9);
    for (int k = 1; k <= 3; ++k) {
        BatchOptions o = lib.options();
        o.shard = Shard{k, 3};
        run_batch(o, lib.mixer(), nullptr);
        EXPECT_TRUE(fs::exists(lib.dir.file("out/batch-" + std::to_string(k) + "-of-3.json")));
    }
    EXPECT_EQ(lib.mixed.size(), 9u);
    for (const auto& [song, times] : lib.mixed) EXPECT_EQ(times, 1) << song;
    EXPECT_FALSE(fs::exists(lib.dir.file("out/batch.json")));
}

TEST(BatchRunner, RefusesASecondProcessOnTheSameShard) {
    Library lib(1);
    fs::create_directories(lib.dir.file("out"));
    const int fd = ::open(lib.dir.file("out/.batch.lock").c_str(), O_RDWR | O_CREAT, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);  // as a running batch would hold it
    EXPECT_EQ(test::error_of([&] { run_batch(lib.options(), lib.mixer(), nullptr); }).first,
              ErrorKind::Usage);
    ::close(fd);
    EXPECT_EQ(run_batch(lib.options(), lib.mixer(), nullptr).counts().ok, 1u);
}

TEST(BatchRunner, RefusesAnOutputFolderThatIsOrLiesInASong) {
    Library lib(2);
    BatchOptions o = lib.options();
    for (const std::string& bad :
         {lib.dir.file("lib"), lib.dir.file("lib/song 0"), lib.dir.file("lib/song 1/mixes")}) {
        o.output_dir = bad;
        EXPECT_EQ(test::error_of([&] { run_batch(o, lib.mixer(), nullptr); }).first,
                  ErrorKind::Usage)
            << bad;
    }
    EXPECT_TRUE(lib.mixed.empty());
    o.output_dir = lib.dir.file("lib/mixes");  // inside the library, beside the songs: fine
    EXPECT_EQ(run_batch(o, lib.mixer(), nullptr).counts().ok, 2u);
}
