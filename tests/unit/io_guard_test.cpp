// Outputs never land on inputs; inputs are opened only when they are regular files
// (include/automix/io_guard.hpp, docs/exit-codes.md).
#include "automix/io_guard.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "automix/audio_io.hpp"
#include "automix/error.hpp"
#include "support/error_of.hpp"
#include "support/test_audio.hpp"

using namespace automix;
using automix::test::error_of;
using automix::test::TempDir;
namespace fs = std::filesystem;

namespace {

struct Folder {
    TempDir dir;
    std::string stems = dir.file("stems");
    std::string vocals = dir.file("stems/vocals.wav");
    Folder() {
        fs::create_directories(stems);
        std::ofstream(vocals) << "x";
        fs::create_directories(dir.file("out"));
    }
};

}  // namespace

TEST(OutputGuard, OutputOnAnInputFileIsAUsageErrorEvenThroughALink) {
    Folder f;
    const RunInputs in{{f.vocals}, {f.stems}};
    auto [kind, msg] = error_of([&] { check_outputs_spare_inputs({{f.vocals, "-o"}}, in, true); });
    EXPECT_EQ(kind, ErrorKind::Usage);
    EXPECT_NE(msg.find("would overwrite the input file"), std::string::npos) << msg;
    fs::create_symlink(f.vocals, f.dir.file("out/link.wav"));
    EXPECT_EQ(error_of([&] {
                  check_outputs_spare_inputs({{f.dir.file("out/link.wav"), "-o"}}, in);
              }).first,
              ErrorKind::Usage);
    // "stems/../stems/vocals.wav" is the same file.
    EXPECT_EQ(error_of([&] {
                  check_outputs_spare_inputs({{f.dir.file("stems/../stems/vocals.wav"), "-o"}}, in);
              }).first,
              ErrorKind::Usage);
    fs::create_hard_link(f.vocals, f.dir.file("out/hard.wav"));
    EXPECT_TRUE(same_file(f.vocals, f.dir.file("out/hard.wav")));
}

TEST(OutputGuard, OutputInsideAStemsFolderNeedsConsent) {
    Folder f;
    const RunInputs in{{f.vocals}, {f.stems}};
    const std::vector<PlannedOutput> mix = {{f.dir.file("stems/song.wav"), "-o"}};
    auto [kind, msg] = error_of([&] { check_outputs_spare_inputs(mix, in); });
    EXPECT_EQ(kind, ErrorKind::Usage);
    EXPECT_EQ(msg.find("--"), std::string::npos) << msg;  // the CLI adds the option's name
    try {
        check_outputs_spare_inputs(mix, in);
    } catch (const Error& e) {
        EXPECT_EQ(e.setting(), "allow_outputs_in_stems_dir");  // ... from this setting
    }
    EXPECT_NO_THROW(check_outputs_spare_inputs(mix, in, true));
    // A folder output that is the stems folder is refused even with consent.
    EXPECT_THROW(check_outputs_spare_inputs({{f.stems, "--save-normalized", true}}, in, true),
                 Error);
    // A sub-folder is fine: discovery does not recurse.
    EXPECT_NO_THROW(
        check_outputs_spare_inputs({{f.dir.file("stems/norm"), "--save-normalized", true}}, in));
    EXPECT_NO_THROW(check_outputs_spare_inputs({{f.dir.file("out/mix.wav"), "-o"}}, in));
}

TEST(OutputGuard, TwoOutputsOnOneFileAreAUsageError) {
    Folder f;
    const std::string mix = f.dir.file("out/mix.wav");
    auto [kind, msg] = error_of([&] {
        check_outputs_spare_inputs({{mix, "-o"}, {f.dir.file("out/./mix.wav"), "--report"}}, {});
    });
    EXPECT_EQ(kind, ErrorKind::Usage);
    EXPECT_NE(msg.find("same file"), std::string::npos) << msg;
}

TEST(RegularFiles, EachKindOfNonFileHasItsOwnMessage) {
    TempDir dir;
    std::ofstream(dir.file("ok.wav")) << "x";
    EXPECT_EQ(non_regular_file_reason(dir.file("ok.wav")), "");
    ASSERT_EQ(mkfifo(dir.file("pipe.wav").c_str(), 0600), 0);
    EXPECT_NE(non_regular_file_reason(dir.file("pipe.wav")).find("FIFO"), std::string::npos);
    fs::create_symlink(dir.file("gone.wav"), dir.file("dangling.wav"));
    EXPECT_NE(non_regular_file_reason(dir.file("dangling.wav")).find("dangling symbolic link"),
              std::string::npos);
    fs::create_symlink("b.wav", dir.file("a.wav"));
    fs::create_symlink("a.wav", dir.file("b.wav"));
    EXPECT_NE(non_regular_file_reason(dir.file("a.wav")).find("symbolic link loop"),
              std::string::npos);
    EXPECT_NE(non_regular_file_reason(dir.file("missing.wav")).find("not found"),
              std::string::npos);
    EXPECT_NE(non_regular_file_reason(dir.path().string()).find("folder"), std::string::npos);
}

TEST(RegularFiles, ReadingAFifoFailsAtOnceInsteadOfBlocking) {
    TempDir dir;
    ASSERT_EQ(mkfifo(dir.file("x.wav").c_str(), 0600), 0);
    auto [kind, msg] = error_of([&] { read_audio(dir.file("x.wav")); });
    EXPECT_EQ(kind, ErrorKind::Input);
    EXPECT_NE(msg.find("FIFO"), std::string::npos) << msg;
    EXPECT_FALSE(probe_audio(dir.file("x.wav")).has_value());
    fs::create_symlink(dir.file("gone.wav"), dir.file("d.wav"));
    EXPECT_NE(error_of([&] { read_audio(dir.file("d.wav")); }).second.find("dangling"),
              std::string::npos);
}

TEST(HostileAudio, AbsurdSamplesAndSampleRatesAreInputErrors) {
    TempDir dir;
    AudioBuffer huge(1, 100, 44100);
    for (float& v : huge.channels[0]) v = 3e38f;
    test::write_with_sndfile(dir.file("huge.wav"), huge, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    auto [kind, msg] = error_of([&] { read_audio(dir.file("huge.wav")); });
    EXPECT_EQ(kind, ErrorKind::Input);
    EXPECT_NE(msg.find("huge.wav"), std::string::npos) << msg;
    EXPECT_NE(msg.find("120 dB above full scale"), std::string::npos) << msg;
    // Legitimate float overs (+12 dBFS) are still read.
    for (float& v : huge.channels[0]) v = 4.0f;
    test::write_with_sndfile(dir.file("loud.wav"), huge, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    EXPECT_FLOAT_EQ(read_audio(dir.file("loud.wav")).channels[0][0], 4.0f);
    // A 1 Hz "recording" would be resampled 44100-fold.
    AudioBuffer slow(1, 100, 1);
    test::write_with_sndfile(dir.file("slow.wav"), slow, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    EXPECT_NE(error_of([&] { read_audio(dir.file("slow.wav")); }).second.find("sample rate"),
              std::string::npos);
}
