#include "automix/audio_io.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>

#include "automix/error.hpp"
#include "support/test_audio.hpp"

using namespace automix;
using automix::test::TempDir;
namespace fs = std::filesystem;

namespace {
ErrorKind kind_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.kind();
    }
    ADD_FAILURE() << "no automix::Error thrown";
    return ErrorKind::Processing;
}
}  // namespace

// 16-bit PCM decodes exactly to int / 32768 (docs/reference.md#conventions).
TEST(AudioIo, Pcm16DecodesToIntOver32768) {
    TempDir dir;
    // Integers written directly, so the oracle is exact: value = int / 32768.
    const short ints[4] = {16384, -16384, 8192, -32768};
    SF_INFO sfi{};
    sfi.samplerate = 8000;
    sfi.channels = 1;
    sfi.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE* f = sf_open(dir.file("a.wav").c_str(), SFM_WRITE, &sfi);
    ASSERT_NE(f, nullptr);
    sf_writef_short(f, ints, 4);
    sf_close(f);
    AudioFileInfo info;
    AudioBuffer b = read_audio(dir.file("a.wav"), &info);
    ASSERT_EQ(b.num_channels(), 1);
    ASSERT_EQ(b.num_frames(), 4u);
    EXPECT_EQ(info.sample_rate, 8000);
    EXPECT_EQ(info.format, "WAV");
    EXPECT_EQ(info.encoding, "PCM_16");
    for (int i = 0; i < 4; ++i) EXPECT_FLOAT_EQ(b.channels[0][i], ints[i] / 32768.0f);
}

TEST(AudioIo, ReadsFlacOggAndAiffLikeWav) {
    TempDir dir;
    AudioBuffer s = test::sine(440, 0.5, 0.5, 44100, 2);
    test::write_with_sndfile(dir.file("x.flac"), s, SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
    test::write_with_sndfile(dir.file("x.aiff"), s, SF_FORMAT_AIFF | SF_FORMAT_PCM_16);
    test::write_with_sndfile(dir.file("x.ogg"), s, SF_FORMAT_OGG | SF_FORMAT_VORBIS);
    for (const char* name : {"x.flac", "x.aiff"}) {
        AudioBuffer b = read_audio(dir.file(name));
        ASSERT_EQ(b.num_frames(), s.num_frames()) << name;
        for (std::size_t i = 0; i < s.num_frames(); i += 97)
            EXPECT_NEAR(b.channels[1][i], s.channels[1][i], 1.0 / 32768) << name;
    }
    // Vorbis is lossy: check level (RMS within 0.5 dB) rather than samples.
    AudioBuffer o = read_audio(dir.file("x.ogg"));
    double e = 0;
    for (float v : o.channels[0]) e += v * v;
    const double rms_db = 10 * std::log10(e / o.num_frames());
    EXPECT_NEAR(rms_db, 20 * std::log10(0.5 / std::sqrt(2.0)), 0.5);
}

TEST(AudioIo, BadFilesAreInputErrorsNamingTheFile) {
    TempDir dir;
    std::ofstream(dir.file("empty.wav")).close();
    std::ofstream(dir.file("text.wav")) << "this is not audio, just text pretending to be a wav\n";
    AudioBuffer nan(2, 100, 44100);
    nan.channels[1][50] = std::numeric_limits<float>::quiet_NaN();
    test::write_with_sndfile(dir.file("nan.wav"), nan, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    AudioBuffer inf(1, 100, 44100);
    inf.channels[0][3] = std::numeric_limits<float>::infinity();
    test::write_with_sndfile(dir.file("inf.wav"), inf, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    // Truncate a valid file in the middle of its data chunk.
    test::write_with_sndfile(dir.file("trunc.wav"), test::sine(100, 0.5, 1.0, 44100),
                             SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    fs::resize_file(dir.file("trunc.wav"), 20000);
    for (const char* name :
         {"missing.wav", "empty.wav", "text.wav", "nan.wav", "inf.wav", "trunc.wav"}) {
        try {
            read_audio(dir.file(name));
            ADD_FAILURE() << name << " was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Input) << name;
            EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
        }
    }
}

TEST(AudioIo, MonoBecomesStereoAndSurroundIsRejected) {
    AudioBuffer mono = test::sine(100, 0.3, 0.1, 44100, 1);
    AudioBuffer st = to_stereo(mono);
    ASSERT_EQ(st.num_channels(), 2);
    EXPECT_EQ(st.channels[0], mono.channels[0]);
    EXPECT_EQ(st.channels[1], mono.channels[0]);
    EXPECT_EQ(kind_of([] { to_stereo(AudioBuffer(6, 10, 44100)); }), ErrorKind::Input);
}

// Oracle: a resampled sine keeps its frequency and amplitude; the length scales by the ratio.
TEST(AudioIo, ResamplingPreservesSineAndDuration) {
    AudioBuffer s = test::sine(1000, 0.5, 1.0, 48000, 1);
    AudioBuffer r = resample(s, 44100);
    EXPECT_EQ(r.sample_rate, 44100);
    EXPECT_EQ(r.num_frames(), 44100u);
    AudioBuffer expected = test::sine(1000, 0.5, 1.0, 44100, 1);
    double max_err = 0;
    for (std::size_t i = 1000; i < 43000; ++i)
        max_err = std::max(max_err, double(std::fabs(r.channels[0][i] - expected.channels[0][i])));
    EXPECT_LT(max_err, 1e-3);  // best-quality sinc: error far below -60 dB of the signal
}

TEST(AudioIo, WriteRoundTripsAndLeavesNoTemporaryFile) {
    TempDir dir;
    AudioBuffer s = test::sine(440, 0.5, 0.25, 44100, 2);
    for (auto [name, fmt, tol] : {std::tuple{"m.wav", SampleFormat::Pcm24, 1.0 / (1 << 23)},
                                  std::tuple{"m16.flac", SampleFormat::Pcm16, 1.0 / (1 << 15)},
                                  std::tuple{"mf.wav", SampleFormat::Float32, 0.0}}) {
        write_audio(dir.file(name), s, WriteOptions{fmt});
        AudioFileInfo info;
        AudioBuffer b = read_audio(dir.file(name), &info);
        ASSERT_EQ(b.num_frames(), s.num_frames());
        for (std::size_t i = 0; i < s.num_frames(); i += 13)
            ASSERT_NEAR(b.channels[0][i], s.channels[0][i], tol + 1e-7) << name;
    }
    int files = 0;
    for (auto& e : fs::directory_iterator(dir.path())) {
        EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos);
        ++files;
    }
    EXPECT_EQ(files, 3);
}

TEST(AudioIo, UnwritableFolderIsOutputErrorWithNothingLeft) {
    TempDir dir;
    fs::create_directory(dir.path() / "ro");
    fs::permissions(dir.path() / "ro", fs::perms::owner_read | fs::perms::owner_exec);
    AudioBuffer s = test::sine(440, 0.5, 0.1, 44100, 2);
    if (geteuid() == 0) {
        // root ignores permission bits; use a folder that does not exist instead.
        EXPECT_EQ(kind_of([&] { write_audio(dir.file("nope/x.wav"), s, {}); }), ErrorKind::Output);
    } else {
        EXPECT_EQ(kind_of([&] { write_audio(dir.file("ro/x.wav"), s, {}); }), ErrorKind::Output);
    }
    EXPECT_EQ(kind_of([&] { write_audio(dir.file("x.mp4"), s, {}); }), ErrorKind::Usage);
    EXPECT_EQ(kind_of([&] { write_audio(dir.file("x.flac"), s, {SampleFormat::Float32}); }),
              ErrorKind::Usage);
    EXPECT_TRUE(fs::is_empty(dir.path() / "ro"));
}

// Channels are resampled in parallel: each must keep its own content.
TEST(AudioIo, ResamplingKeepsChannelsApart) {
    AudioBuffer s = test::sine(1000, 0.5, 0.5, 22050, 2);
    s.channels[1] = test::sine(3000, 0.25, 0.5, 22050, 1).channels[0];
    AudioBuffer r = resample(s, 44100);
    const AudioBuffer left = test::sine(1000, 0.5, 0.5, 44100, 1);
    const AudioBuffer right = test::sine(3000, 0.25, 0.5, 44100, 1);
    for (std::size_t i = 2000; i < 20000; i += 7) {
        ASSERT_NEAR(r.channels[0][i], left.channels[0][i], 1e-3) << i;
        ASSERT_NEAR(r.channels[1][i], right.channels[0][i], 1e-3) << i;
    }
}
