// EBU Tech 3341 (loudness meters) and Tech 3342 (loudness range) compliance cases, synthesised
// here from the signal descriptions of those documents and checked at three sample rates, including
// a prime rate that catches hidden 48 kHz assumptions.
#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "automix/loudness.hpp"

using automix::AudioBuffer;

namespace {

constexpr double kSilence = -1000.0;        // level marker for digital silence
constexpr double kLoudnessTolerance = 0.1;  // Tech 3341: +-0.1 LU for M, S, I
constexpr double kLraTolerance = 1.0;       // Tech 3342: +-1 LU
constexpr double kTruePeakBelow = 0.4;      // Tech 3341 cases 15-19: -0.4 / +0.2 dB
constexpr double kTruePeakAbove = 0.2;

struct Segment {
    double dbfs;     // peak level of the 1 kHz sine, or kSilence
    double seconds;  // duration
};

// Consecutive 1 kHz sine segments with a continuous phase; every listed channel gets the same
// level unless `per_channel_db` is given (then segments carry durations only).
AudioBuffer tone(int rate, int channels, const std::vector<Segment>& segments,
                 const std::vector<double>& per_channel_db = {}) {
    std::size_t total = 0;
    for (const Segment& s : segments)
        total += static_cast<std::size_t>(std::lround(s.seconds * rate));
    AudioBuffer out(channels, total, rate);
    std::size_t n = 0;
    for (const Segment& s : segments) {
        const std::size_t len = static_cast<std::size_t>(std::lround(s.seconds * rate));
        for (std::size_t i = 0; i < len; ++i, ++n) {
            const double phase = std::sin(2.0 * M_PI * 1000.0 * static_cast<double>(n) / rate);
            for (int c = 0; c < channels; ++c) {
                const double db = per_channel_db.empty() ? s.dbfs : per_channel_db[c];
                const double amp = db <= kSilence ? 0.0 : std::pow(10.0, db / 20.0);
                out.channels[c][n] = static_cast<float>(amp * phase);
            }
        }
    }
    return out;
}

class LoudnessEbu : public ::testing::TestWithParam<int> {};

TEST_P(LoudnessEbu, Tech3341Cases1And2SteadyTone) {
    const int fs = GetParam();
    for (double level : {-23.0, -33.0}) {
        const automix::LoudnessAnalysis a = automix::analyze_loudness(tone(fs, 2, {{level, 20.0}}));
        EXPECT_NEAR(a.stats.integrated_lufs, level, kLoudnessTolerance);
        EXPECT_NEAR(a.stats.momentary_max_lufs, level, kLoudnessTolerance);
        EXPECT_NEAR(a.stats.short_term_max_lufs, level, kLoudnessTolerance);
        ASSERT_FALSE(a.series.momentary_lufs.empty());
        EXPECT_NEAR(a.series.momentary_lufs.back(), level, kLoudnessTolerance);
        EXPECT_NEAR(a.series.short_term_lufs.back(), level, kLoudnessTolerance);
        // The reference evaluation's meter must agree within the same tolerance.
        EXPECT_NEAR(a.integrated_lufs_pyloudnorm, level, kLoudnessTolerance);
    }
}

TEST_P(LoudnessEbu, Tech3341Cases3To5Gating) {
    const int fs = GetParam();
    const std::vector<std::vector<Segment>> cases = {
        {{-36, 10}, {-23, 60}, {-36, 10}},
        {{-72, 10}, {-36, 10}, {-23, 60}, {-36, 10}, {-72, 10}},
        {{-26, 20}, {-20, 20.1}, {-26, 20}},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const automix::LoudnessStats s = automix::measure_loudness(tone(fs, 2, cases[i]));
        EXPECT_NEAR(s.integrated_lufs, -23.0, kLoudnessTolerance) << "case " << i + 3;
    }
}

TEST_P(LoudnessEbu, Tech3341Case6FiveChannels) {
    const int fs = GetParam();
    // L, R at -28, C at -24, Ls, Rs at -30 dBFS; surrounds weighted 1.41 (BS.1770-4).
    const AudioBuffer a = tone(fs, 5, {{0, 20.0}}, {-28, -28, -24, -30, -30});
    const automix::LoudnessStats s = automix::measure_loudness(a);
    EXPECT_NEAR(s.integrated_lufs, -23.0, kLoudnessTolerance);
    EXPECT_NEAR(s.momentary_max_lufs, -23.0, kLoudnessTolerance);
}

TEST_P(LoudnessEbu, Tech3341Case9ShortTermOfAlternatingTone) {
    const int fs = GetParam();
    std::vector<Segment> seq;
    for (int i = 0; i < 5; ++i) {
        seq.push_back({-20, 1.34});
        seq.push_back({-30, 1.66});
    }
    const automix::LoudnessAnalysis a = automix::analyze_loudness(tone(fs, 2, seq));
    ASSERT_GE(a.series.short_term_lufs.size(), 100u);
    for (double s : a.series.short_term_lufs) EXPECT_NEAR(s, -23.0, kLoudnessTolerance);
}

TEST_P(LoudnessEbu, Tech3341Cases10And11ShortTermMaximum) {
    const int fs = GetParam();
    for (int i = 0; i < 20; ++i) {
        // Case 10: the tone starts at 20 different offsets (not on the 100 ms grid).
        const double offset = 0.5 + 0.137 * i;
        auto s =
            automix::measure_loudness(tone(fs, 2, {{kSilence, offset}, {-23, 3}, {kSilence, 1}}));
        EXPECT_NEAR(s.short_term_max_lufs, -23.0, kLoudnessTolerance) << "case 10 variant " << i;
        // Case 11: 3 s tones at -38 + i dBFS.
        const double level = -38.0 + i;
        s = automix::measure_loudness(tone(fs, 2, {{kSilence, 1.0}, {level, 3}, {kSilence, 1}}));
        EXPECT_NEAR(s.short_term_max_lufs, level, kLoudnessTolerance) << "case 11 variant " << i;
    }
}

TEST_P(LoudnessEbu, Tech3341Case12MomentaryOfAlternatingTone) {
    const int fs = GetParam();
    std::vector<Segment> seq;
    for (int i = 0; i < 25; ++i) {
        seq.push_back({-20, 0.18});
        seq.push_back({-30, 0.22});
    }
    const automix::LoudnessAnalysis a = automix::analyze_loudness(tone(fs, 2, seq));
    ASSERT_GE(a.series.momentary_lufs.size(), 90u);
    for (double m : a.series.momentary_lufs) EXPECT_NEAR(m, -23.0, kLoudnessTolerance);
}

TEST_P(LoudnessEbu, Tech3341Cases13And14MomentaryMaximum) {
    const int fs = GetParam();
    for (int i = 0; i < 20; ++i) {
        const double offset = 1.0 + 0.02 * i + 0.0037;  // off the 10 ms grid on purpose
        auto s =
            automix::measure_loudness(tone(fs, 2, {{kSilence, offset}, {-23, 0.4}, {kSilence, 1}}));
        EXPECT_NEAR(s.momentary_max_lufs, -23.0, kLoudnessTolerance) << "case 13 variant " << i;
        const double level = -38.0 + i;
        s = automix::measure_loudness(tone(fs, 2, {{kSilence, 1.0}, {level, 0.4}, {kSilence, 1}}));
        EXPECT_NEAR(s.momentary_max_lufs, level, kLoudnessTolerance) << "case 14 variant " << i;
    }
}

// Cases 15-19: sines at fs/4, fs/6, fs/8 with phases that hide the peak between samples.
AudioBuffer true_peak_signal(int fs, double freq_fraction, double phase_deg, double peak) {
    const std::size_t n = static_cast<std::size_t>(2 * fs);
    const std::size_t fade = static_cast<std::size_t>(std::lround(0.01 * fs));
    AudioBuffer out(2, n, fs);
    for (std::size_t i = 0; i < n; ++i) {
        double g = 1.0;
        if (i < fade) g = static_cast<double>(i) / fade;
        if (n - 1 - i < fade) g = static_cast<double>(n - 1 - i) / fade;
        const double v = peak * g *
                         std::sin(2.0 * M_PI * freq_fraction * static_cast<double>(i) +
                                  phase_deg * M_PI / 180.0);
        out.channels[0][i] = out.channels[1][i] = static_cast<float>(v);
    }
    return out;
}

TEST_P(LoudnessEbu, Tech3341Cases15To19TruePeak) {
    const int fs = GetParam();
    struct Case {
        double fraction, phase, peak, expected_dbtp;
    };
    const std::vector<Case> cases = {{0.25, 0.0, 0.5, -6.0},
                                     {0.25, 45.0, 0.5, -6.0},
                                     {1.0 / 6.0, 60.0, 0.5, -6.0},
                                     {0.125, 67.5, 0.5, -6.0},
                                     {0.25, 45.0, 1.41, 3.0}};
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        const auto s = automix::measure_loudness(true_peak_signal(fs, c.fraction, c.phase, c.peak));
        EXPECT_GE(s.true_peak_dbtp, c.expected_dbtp - kTruePeakBelow) << "case " << 15 + i;
        EXPECT_LE(s.true_peak_dbtp, c.expected_dbtp + kTruePeakAbove) << "case " << 15 + i;
        // The sample peak can only under-read the true peak.
        EXPECT_LE(s.sample_peak_dbfs, s.true_peak_dbtp + 1e-6);
    }
}

TEST_P(LoudnessEbu, Tech3342Cases1To4LoudnessRange) {
    const int fs = GetParam();
    struct Case {
        std::vector<Segment> seq;
        double lra;
    };
    const std::vector<Case> cases = {
        {{{-20, 20}, {-30, 20}}, 10.0},
        {{{-20, 20}, {-15, 20}}, 5.0},
        {{{-40, 20}, {-20, 20}}, 20.0},
        {{{-50, 20}, {-35, 20}, {-20, 20}, {-35, 20}, {-50, 20}}, 15.0},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto s = automix::measure_loudness(tone(fs, 2, cases[i].seq));
        EXPECT_NEAR(s.loudness_range_lu, cases[i].lra, kLraTolerance) << "3342 case " << i + 1;
    }
}

INSTANTIATE_TEST_SUITE_P(LoudnessRates, LoudnessEbu, ::testing::Values(44100, 48000, 69313));

// Values computed with a NumPy re-implementation of pyloudnorm's meter
// (docs/reference.md#loudness-meter).
TEST(LoudnessPyloudnorm, MatchesReferenceMeterValues) {
    const int fs = 44100;
    AudioBuffer mono(1, 5 * fs, fs);
    for (std::size_t i = 0; i < mono.num_frames(); ++i) {
        mono.channels[0][i] = static_cast<float>(0.1 * std::sin(2 * M_PI * 1000.0 * i / fs));
    }
    EXPECT_NEAR(automix::pyloudnorm_integrated_lufs(mono), -23.0457, 2e-3);
    AudioBuffer stereo = mono;
    stereo.channels.push_back(mono.channels[0]);
    EXPECT_NEAR(automix::pyloudnorm_integrated_lufs(stereo), -20.0354, 2e-3);
}

TEST(LoudnessPyloudnorm, SilenceAndShortInputsAreMinusInfinity) {
    AudioBuffer silent(2, 44100, 44100);
    EXPECT_TRUE(std::isinf(automix::pyloudnorm_integrated_lufs(silent)));
    AudioBuffer short_input(2, 1000, 44100);
    short_input.channels[0].assign(1000, 0.5f);
    EXPECT_TRUE(std::isinf(automix::pyloudnorm_integrated_lufs(short_input)));
}

}  // namespace
