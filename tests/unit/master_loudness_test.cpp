// Loudness target and true-peak lookahead limiter, measured by libebur128 (the independent
// oracle): integrated loudness within the EBU Tech 3341 tolerance (0.1 LU; the issue asks for
// 0.5) of the target, true peak at or below the ceiling, no sample above it, the limiter only
// acting around peaks, and the EBU test signals from ../shared (skipped when absent).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "automix/audio_io.hpp"
#include "automix/loudness.hpp"
#include "automix/loudness_target.hpp"
#include "support/ebur128_oracle.hpp"
#include "support/test_audio.hpp"
#include "test_config.hpp"

namespace {

namespace fs = std::filesystem;
using automix::AudioBuffer;

constexpr double kLoudnessTolerance = 0.1;  // EBU Tech 3341, tighter than the 0.5 LU
constexpr int kRate = 44100;

// Drum-like material: a decaying noise burst every second over a low sine, with a crest factor
// of a real mix (peaks ~15 dB over the RMS), at roughly -30 LUFS.
AudioBuffer drum_loop(double seconds, double scale = 0.05) {
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    AudioBuffer a(2, static_cast<std::size_t>(seconds * kRate), kRate);
    for (std::size_t i = 0; i < a.num_frames(); ++i) {
        const double t = static_cast<double>(i % kRate) / kRate;
        const double hit = std::exp(-t / 0.03);
        const double bass = 0.3 * std::sin(2 * M_PI * 55.0 * i / kRate);
        for (int c = 0; c < 2; ++c) {
            a.channels[c][i] = static_cast<float>(scale * (bass + 2.5 * hit * noise(rng)));
        }
    }
    return a;
}

double max_abs_sample(const AudioBuffer& a) {
    double m = 0.0;
    for (const auto& ch : a.channels)
        for (float v : ch) m = std::max(m, static_cast<double>(std::fabs(v)));
    return m;
}

void expect_delivered(const AudioBuffer& out, double target, double ceiling, const char* what) {
    const automix::test::OracleLoudness o = automix::test::oracle_loudness(out);
    EXPECT_NEAR(o.integrated_lufs, target, kLoudnessTolerance) << what;
    EXPECT_LE(o.true_peak_dbtp, ceiling) << what;
    EXPECT_LE(20.0 * std::log10(max_abs_sample(out)), ceiling) << what << ": a sample clips";
}

TEST(LoudnessTarget, QuietPeakyMixReachesTargetUnderTheCeiling) {
    AudioBuffer mix = drum_loop(20.0);
    const double before = automix::test::oracle_loudness(mix).integrated_lufs;
    ASSERT_LT(before, -20.0);
    automix::LoudnessTargetOptions o;  // -14 LUFS, -1 dBTP
    const automix::LoudnessTargetResult r = automix::apply_loudness_target(mix, o);
    expect_delivered(mix, -14.0, -1.0, "drum loop");
    EXPECT_TRUE(r.reached);
    EXPECT_NEAR(r.input_lufs, before, 0.05);
    EXPECT_NEAR(r.output_lufs, automix::test::oracle_loudness(mix).integrated_lufs, 0.05);
    // Raising a ~15 dB crest by more than 10 dB must limit, and the report must say so.
    EXPECT_GT(r.gain_reduction_max_db, 1.0);
    EXPECT_GT(r.gain_reduction_mean_db, 0.0);
    EXPECT_LT(r.gain_reduction_mean_db, r.gain_reduction_max_db);
    EXPECT_GT(r.limited_fraction, 0.0);
    EXPECT_LT(r.limited_fraction, 1.0);
}

TEST(LoudnessTarget, LoudMixIsOnlyTurnedDown) {
    AudioBuffer mix = drum_loop(10.0, 0.25);
    const AudioBuffer original = mix;
    automix::LoudnessTargetOptions o;
    o.target_lufs = -23.0;
    const automix::LoudnessTargetResult r = automix::apply_loudness_target(mix, o);
    expect_delivered(mix, -23.0, -1.0, "loud loop to -23");
    EXPECT_EQ(r.gain_reduction_max_db, 0.0);
    EXPECT_EQ(r.iterations, 1);
    // A pure gain: every sample scaled by the same factor.
    const double g = std::pow(10.0, r.gain_db / 20.0);
    for (std::size_t i = 0; i < mix.num_frames(); i += 997) {
        EXPECT_NEAR(mix.channels[0][i], original.channels[0][i] * g, 1e-6);
    }
}

TEST(LoudnessTarget, LimiterOnlyActsAroundPeaks) {
    // A quiet sine with one loud click at 5 s: far from the click the signal is untouched.
    AudioBuffer mix = automix::test::sine(440.0, 0.1, 10.0, kRate);
    const std::size_t click = 5 * kRate;
    for (auto& ch : mix.channels) ch[click] = 0.99f;
    const AudioBuffer original = mix;
    const automix::LoudnessTargetResult r = automix::apply_true_peak_limiter(mix, -1.0);
    EXPECT_LE(automix::test::oracle_loudness(mix).true_peak_dbtp, -1.0);
    EXPECT_GT(r.gain_reduction_max_db, 0.5);
    EXPECT_EQ(r.trim_db, 0.0) << "the gain curve alone should hold the ceiling";
    // Before the lookahead (5 ms + the filter's reach) nothing changes; 2 s after the click the
    // 100 ms release has returned to unity within 1e-6.
    for (std::size_t i = 0; i < click - kRate / 100; ++i) {
        ASSERT_EQ(mix.channels[0][i], original.channels[0][i]) << i;
    }
    for (std::size_t i = click + 2 * kRate; i < mix.num_frames(); ++i) {
        ASSERT_NEAR(mix.channels[0][i], original.channels[0][i], 1e-6) << i;
    }
}

TEST(LoudnessTarget, InterSamplePeaksAreCaught) {
    // A sine at fs/4 with a 45-degree phase has samples at 0.707 of its true peak: a sample-peak
    // limiter lets it through 3 dB too loud.
    AudioBuffer mix(2, 2 * kRate, kRate);
    for (std::size_t i = 0; i < mix.num_frames(); ++i) {
        const float v = static_cast<float>(std::sin(M_PI / 2 * i + M_PI / 4));
        mix.channels[0][i] = mix.channels[1][i] = v;
    }
    automix::apply_true_peak_limiter(mix, -1.0);
    EXPECT_LE(automix::test::oracle_loudness(mix).true_peak_dbtp, -1.0);
}

TEST(LoudnessTarget, SilenceIsLeftAlone) {
    AudioBuffer mix(2, kRate, kRate);
    const automix::LoudnessTargetResult r =
        automix::apply_loudness_target(mix, automix::LoudnessTargetOptions{});
    EXPECT_FALSE(r.reached);
    EXPECT_EQ(max_abs_sample(mix), 0.0);
}

TEST(LoudnessTarget, EbuTestSignalsToStreamingAndBroadcastLevels) {
    const fs::path dir = fs::path(AUTOMIX_SHARED_DIR) / "data" / "ebur128";
    if (!fs::is_directory(dir)) GTEST_SKIP() << "EBU test files not found at " << dir;
    int measured = 0;
    for (const char* name : {"seq-3341-1-16bit.flac", "seq-3341-2-16bit.flac",
                             "seq-3341-5-16bit-v02.flac", "seq-3341-7_seq-3342-5-16bit.flac",
                             "seq-3342-3-16bit.flac", "1kHz_sine_-40LUFS-16bit.flac"}) {
        if (!fs::exists(dir / name)) continue;
        const AudioBuffer source = automix::read_audio((dir / name).string());
        for (double target : {-14.0, -23.0}) {
            AudioBuffer mix = source;
            automix::LoudnessTargetOptions o;
            o.target_lufs = target;
            automix::apply_loudness_target(mix, o);
            expect_delivered(mix, target, -1.0, name);
        }
        ++measured;
    }
    if (measured == 0) GTEST_SKIP() << "no EBU test file present in " << dir;
}

}  // namespace
