// Cross-check of our meter against libebur128, the reference implementation it replaced: true peak
// within the Tech 3341 tolerance (-0.4/+0.2 dB, in practice ~1e-6 dB since the interpolation
// filter is the same design), integrated loudness to 0.01 LU (same K-weighting and blocks) and
// loudness range within Tech 3342's 1 LU (we sample short-term loudness at 10 Hz, libebur128 at
// 1 Hz), on music files, on noise and on the Tech 3341 true-peak signals at three rates.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "automix/loudness.hpp"
#include "support/ebur128_oracle.hpp"
#include "test_config.hpp"

namespace {

namespace fs = std::filesystem;
using automix::AudioBuffer;

constexpr double kTruePeakBelow = 0.4;  // Tech 3341: -0.4 / +0.2 dB
constexpr double kTruePeakAbove = 0.2;
constexpr double kIntegratedTolerance = 0.01;  // same filter and blocks: rounding only
constexpr double kLraTolerance = 1.0;          // Tech 3342

void expect_agreement(const AudioBuffer& a, const std::string& what) {
    const automix::test::OracleLoudness ref = automix::test::oracle_loudness(a);
    const automix::LoudnessStats s = automix::measure_loudness(a);
    EXPECT_GE(s.true_peak_dbtp, ref.true_peak_dbtp - kTruePeakBelow) << what;
    EXPECT_LE(s.true_peak_dbtp, ref.true_peak_dbtp + kTruePeakAbove) << what;
    // The filter is libebur128's design, so the agreement is in fact far tighter.
    EXPECT_NEAR(s.true_peak_dbtp, ref.true_peak_dbtp, 0.01) << what;
    EXPECT_NEAR(20.0 * std::log10(automix::true_peak_linear(a)), s.true_peak_dbtp, 1e-9) << what;
    EXPECT_NEAR(s.integrated_lufs, ref.integrated_lufs, kIntegratedTolerance) << what;
    EXPECT_NEAR(s.loudness_range_lu, ref.loudness_range_lu, kLraTolerance) << what;
}

AudioBuffer read(const fs::path& path) {
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    if (!f) throw std::runtime_error("cannot open " + path.string());
    std::vector<float> il(static_cast<std::size_t>(info.frames * info.channels));
    sf_readf_float(f, il.data(), info.frames);
    sf_close(f);
    AudioBuffer out(info.channels, static_cast<std::size_t>(info.frames), info.samplerate);
    for (sf_count_t i = 0; i < info.frames; ++i) {
        for (int c = 0; c < info.channels; ++c) out.channels[c][i] = il[i * info.channels + c];
    }
    return out;
}

TEST(LoudnessCrossCheck, MusicFilesAgreeWithLibebur128) {
    const fs::path root = fs::path(AUTOMIX_SHARED_DIR) / "data";
    std::vector<fs::path> files;
    for (const char* name : {"music/dubstep.flac", "music/flamenco.flac"}) {
        if (fs::exists(root / name)) files.push_back(root / name);
    }
    if (fs::is_directory(root / "musdb7")) {
        for (const auto& song : fs::directory_iterator(root / "musdb7")) {
            for (const char* stem : {"mixture.wav", "drums.wav"}) {
                if (fs::exists(song.path() / stem)) files.push_back(song.path() / stem);
            }
        }
    }
    if (files.empty()) GTEST_SKIP() << "no music under " << root;
    for (const fs::path& p : files) expect_agreement(read(p), p.filename().string());
}

TEST(LoudnessCrossCheck, LoudNoiseWithIntersamplePeaksAgrees) {
    // Clipped-looking noise plus a fs/4 tone at 45 degrees: peaks between samples everywhere.
    for (int fs : {44100, 48000, 69313, 96000}) {
        std::mt19937 rng(5);
        std::normal_distribution<float> d(0.0f, 0.15f);
        AudioBuffer a(2, static_cast<std::size_t>(6 * fs), fs);
        for (std::size_t i = 0; i < a.num_frames(); ++i) {
            const float tone = 0.6f * static_cast<float>(std::sin(M_PI / 2 * i + M_PI / 4));
            a.channels[0][i] = d(rng) + tone;
            a.channels[1][i] = 0.5f * d(rng) - tone;
        }
        expect_agreement(a, "noise @ " + std::to_string(fs));
    }
}

TEST(LoudnessCrossCheck, Tech3341TruePeakSignalsAgree) {
    // Cases 15-19 (fs/4, fs/6, fs/8 with hidden peaks), 10 ms fades, 2 s.
    struct Case {
        double fraction, phase_deg, peak;
    };
    const Case cases[] = {{0.25, 0.0, 0.5},
                          {0.25, 45.0, 0.5},
                          {1.0 / 6.0, 60.0, 0.5},
                          {0.125, 67.5, 0.5},
                          {0.25, 45.0, 1.41}};
    for (int fs : {44100, 48000, 69313}) {
        for (const Case& c : cases) {
            const std::size_t n = static_cast<std::size_t>(2 * fs);
            const std::size_t fade = static_cast<std::size_t>(std::lround(0.01 * fs));
            AudioBuffer a(2, n, fs);
            for (std::size_t i = 0; i < n; ++i) {
                double g = 1.0;
                if (i < fade) g = static_cast<double>(i) / fade;
                if (n - 1 - i < fade) g = static_cast<double>(n - 1 - i) / fade;
                a.channels[0][i] = a.channels[1][i] = static_cast<float>(
                    c.peak * g * std::sin(2 * M_PI * c.fraction * i + c.phase_deg * M_PI / 180));
            }
            expect_agreement(a, "3341 TP case " + std::to_string(c.fraction) + "/" +
                                    std::to_string(c.phase_deg) + " @ " + std::to_string(fs));
        }
    }
}

TEST(LoudnessCrossCheck, SilenceAndHighRates) {
    AudioBuffer silent(2, 48000, 48000);
    EXPECT_EQ(automix::true_peak_linear(silent), 0.0);
    EXPECT_TRUE(std::isinf(automix::measure_loudness(silent).integrated_lufs));
    EXPECT_EQ(automix::measure_loudness(silent).loudness_range_lu, 0.0);
    // At 192 kHz and above BS.1770-4 needs no oversampling: the true peak is the sample peak.
    AudioBuffer hi(1, 192000, 192000);
    for (std::size_t i = 0; i < hi.num_frames(); ++i) {
        hi.channels[0][i] = static_cast<float>(0.5 * std::sin(M_PI / 2 * i + M_PI / 4));
    }
    const automix::LoudnessStats s = automix::measure_loudness(hi);
    EXPECT_DOUBLE_EQ(s.true_peak_dbtp, s.sample_peak_dbfs);
    // A mono single-sample click: the interpolation ringing of the zero-padded ends never
    // exceeds the click itself, and the click is read exactly.
    AudioBuffer click(1, 1000, 44100);
    click.channels[0][500] = 0.7f;
    EXPECT_NEAR(automix::true_peak_linear(click), 0.7, 1e-6);
}

// FX normalization measures its stems with zeros around them, without copying: the padded
// measurement must equal libebur128 on a padded copy (same filter, blocks and gates: 0.01 LU),
// including the K-weighting's ringing into the trailing zeros and the shifted block grid.
TEST(LoudnessCrossCheck, PaddedIntegratedLoudnessAgreesWithAPaddedCopy) {
    std::mt19937 rng(11);
    std::normal_distribution<float> noise(0.0f, 0.1f);
    AudioBuffer burst(2, 3 * 44100 + 123, 44100);
    for (auto& ch : burst.channels) {
        for (std::size_t i = 0; i < ch.size(); ++i) {
            ch[i] = noise(rng) * static_cast<float>(i < 20000 ? 0.05 : 1.0);  // quiet start
        }
    }
    for (std::size_t pad : {std::size_t{0}, std::size_t{1000}, std::size_t{65536}}) {
        AudioBuffer padded(2, burst.num_frames() + 2 * pad, 44100);
        for (int c = 0; c < 2; ++c) {
            std::copy(burst.channels[c].begin(), burst.channels[c].end(),
                      padded.channels[c].begin() + static_cast<std::ptrdiff_t>(pad));
        }
        EXPECT_NEAR(automix::integrated_loudness_lufs(burst, pad),
                    automix::test::oracle_loudness(padded).integrated_lufs, kIntegratedTolerance)
            << "pad " << pad;
        EXPECT_NEAR(automix::integrated_loudness_lufs(padded, 0),
                    automix::measure_loudness(padded).integrated_lufs, 1e-9);
    }
    EXPECT_TRUE(std::isinf(automix::integrated_loudness_lufs(AudioBuffer(2, 44100, 44100), 500)));
}

}  // namespace
