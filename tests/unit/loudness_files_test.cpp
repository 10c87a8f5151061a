// EBU test-set files shipped under ../shared/data/ebur128 (skipped when absent): integrated
// loudness (Tech 3341) and loudness range (Tech 3342) against the standards' expected values.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "automix/loudness.hpp"
#include "test_config.hpp"

namespace {

namespace fs = std::filesystem;

constexpr double kLoudnessTolerance = 0.1;  // Tech 3341
constexpr double kLraTolerance = 1.0;       // Tech 3342

fs::path data_dir() { return fs::path(AUTOMIX_SHARED_DIR) / "data" / "ebur128"; }

automix::AudioBuffer read(const fs::path& path) {
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    if (!f) throw std::runtime_error("cannot open " + path.string());
    std::vector<float> interleaved(static_cast<std::size_t>(info.frames * info.channels));
    sf_readf_float(f, interleaved.data(), info.frames);
    sf_close(f);
    automix::AudioBuffer out(info.channels, static_cast<std::size_t>(info.frames), info.samplerate);
    for (sf_count_t i = 0; i < info.frames; ++i) {
        for (int c = 0; c < info.channels; ++c)
            out.channels[c][i] = interleaved[i * info.channels + c];
    }
    return out;
}

struct FileCase {
    const char* name;
    double integrated;  // expected LUFS, or NaN when the standard states none for the file
    double lra;         // expected LU, or NaN
};

TEST(LoudnessFiles, EbuTestSet) {
    if (!fs::is_directory(data_dir())) GTEST_SKIP() << "EBU test files not found at " << data_dir();
    const double nan = std::nan("");
    const std::vector<FileCase> cases = {
        {"1kHz_sine_-20LUFS-16bit.flac", -20.0, nan},
        {"1kHz_sine_-26LUFS-16bit.flac", -26.0, nan},
        {"1kHz_sine_-40LUFS-16bit.flac", -40.0, nan},
        {"seq-3341-1-16bit.flac", -23.0, nan},
        {"seq-3341-2-16bit.flac", -33.0, nan},
        {"seq-3341-3-16bit-v02.flac", -23.0, nan},
        {"seq-3341-4-16bit-v02.flac", -23.0, nan},
        {"seq-3341-5-16bit-v02.flac", -23.0, nan},
        {"seq-3341-7_seq-3342-5-16bit.flac", -23.0, 5.0},
        {"seq-3342-1-16bit.flac", nan, 10.0},
        {"seq-3342-2-16bit.flac", nan, 5.0},
        {"seq-3342-3-16bit.flac", nan, 20.0},
        {"seq-3342-4-16bit.flac", nan, 15.0},
    };
    int measured = 0;
    for (const FileCase& c : cases) {
        const fs::path p = data_dir() / c.name;
        if (!fs::exists(p)) continue;
        const automix::LoudnessStats s = automix::measure_loudness(read(p));
        if (!std::isnan(c.integrated)) {
            EXPECT_NEAR(s.integrated_lufs, c.integrated, kLoudnessTolerance) << c.name;
        }
        if (!std::isnan(c.lra)) {
            EXPECT_NEAR(s.loudness_range_lu, c.lra, kLraTolerance) << c.name;
        }
        ++measured;
    }
    if (measured == 0) GTEST_SKIP() << "no EBU test file present in " << data_dir();
}

}  // namespace
