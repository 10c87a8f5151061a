// Each FX-normalization stage on synthesized signals with known answers.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "automix/dsp/smoothing.hpp"
#include "automix/targets.hpp"
#include "fxnorm/stem_features.hpp"
#include "fxnorm/signal_utils.hpp"
#include "fxnorm/stages.hpp"

namespace {

using automix::AudioBuffer;
using automix::StemTargets;
using automix::StemType;
namespace fx = automix::fxnorm;

constexpr int kRate = 44100;

AudioBuffer noise_stem(double seconds, float left_rms, float right_rms, bool correlated,
                       unsigned seed) {
    AudioBuffer b(2, static_cast<std::size_t>(seconds * kRate), kRate);
    std::mt19937 rng(seed);
    std::normal_distribution<float> n(0.0f, 1.0f);
    for (std::size_t i = 0; i < b.num_frames(); ++i) {
        const float a = n(rng);
        const float c = correlated ? a : n(rng);
        b.channels[0][i] = left_rms * a;
        b.channels[1][i] = right_rms * c;
    }
    return b;
}

// A flat target with everything the stages need.
StemTargets flat_targets() {
    StemTargets t;
    t.eq_magnitude.assign(automix::kTargetCurveBins, 1.0);
    t.panning_similarity.assign(automix::kTargetCurveBins, 0.9);
    t.dynamics_mean_db = -14.0;
    t.dynamics_std_db = 1.0;
    t.loudness_lufs = -30.0;
    return t;
}

double band_level_db(const std::vector<double>& curve, double lo_hz, double hi_hz) {
    double sum = 0.0;
    int n = 0;
    for (int k = 0; k < automix::kTargetCurveBins; ++k) {
        const double f = k * 44100.0 / 65536.0;
        if (f >= lo_hz && f < hi_hz) {
            sum += curve[k] * curve[k];
            ++n;
        }
    }
    return 10.0 * std::log10(sum / n);
}

TEST(FxEq, MatchesTargetSpectrumInThirdOctaveBands) {
    // Target: flat to 200 Hz, then -3 dB/octave, with a +6 dB bump around 2 kHz (smooth shapes the
    // 1001-tap FIR can follow). Input: white noise. The reference's EQ puts the output level at the
    // target curve's level, so absolute band levels are compared.
    StemTargets t = flat_targets();
    for (int k = 0; k < automix::kTargetCurveBins; ++k) {
        const double f = std::max(k * 44100.0 / 65536.0, 1.0);
        const double tilt_db = f > 200.0 ? -3.0 * std::log2(f / 200.0) : 0.0;
        const double bump_db = 6.0 * std::exp(-std::pow(std::log2(f / 2000.0), 2) / 0.5);
        t.eq_magnitude[k] = 2.0 * std::pow(10.0, (tilt_db + bump_db) / 20.0);
    }
    AudioBuffer stem = noise_stem(20.0, 0.1f, 0.1f, false, 1);
    fx::match_eq(stem, t, fx::stem_settings(StemType::Other));
    const std::vector<double> after = fx::average_spectrum(stem, 1.0);
    int bands = 0;
    for (int band = -13; band <= 12; ++band) {  // nominal 50 Hz ... 16 kHz
        const double fc = 1000.0 * std::pow(2.0, band / 3.0);
        const double lo = fc * std::pow(2.0, -1.0 / 6.0), hi = fc * std::pow(2.0, 1.0 / 6.0);
        EXPECT_NEAR(band_level_db(after, lo, hi), band_level_db(t.eq_magnitude, lo, hi), 1.0)
            << "band " << fc << " Hz";
        ++bands;
    }
    EXPECT_EQ(bands, 26);
}

TEST(FxEq, IsZeroPhase) {
    AudioBuffer stem(2, 100001, kRate);
    stem.channels[0][50000] = 0.5f;
    stem.channels[1][50000] = 0.5f;
    StemTargets t = flat_targets();
    for (int k = 0; k < automix::kTargetCurveBins; ++k)
        t.eq_magnitude[k] = 1.0 / (1.0 + k / 3000.0);
    fx::match_eq(stem, t, fx::stem_settings(StemType::Vocals));
    const std::vector<float>& y = stem.channels[0];
    std::size_t peak = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (std::fabs(y[i]) > std::fabs(y[peak])) peak = i;
    }
    EXPECT_EQ(peak, 50000u);
    double asym = 0.0, energy = 0.0;
    for (int d = 1; d < 2001; ++d) {
        asym += std::fabs(y[50000 - d] - y[50000 + d]);
        energy += std::fabs(y[50000 + d]);
    }
    EXPECT_LT(asym, 1e-4 * (energy + std::fabs(y[50000])));  // symmetric to float rounding
}

TEST(FxLoudness, HitsTargetWithinOneTenthLu) {
    for (double target : {-34.0, -30.0, -20.0}) {
        AudioBuffer stem = noise_stem(10.0, 0.05f, 0.02f, false, 2);
        StemTargets t = flat_targets();
        t.loudness_lufs = target;
        fx::match_loudness(stem, t);
        EXPECT_NEAR(fx::loudness_lufs(stem), target, 0.1);
    }
}

TEST(FxLoudness, NeverClips) {
    AudioBuffer stem = noise_stem(5.0, 0.1f, 0.1f, true, 3);
    stem.channels[0][1000] = 0.9f;  // a spike the loudness gain would push far above full scale
    StemTargets t = flat_targets();
    t.loudness_lufs = -5.0;
    const auto report = fx::match_loudness(stem, t);
    EXPECT_LT(fx::peak_abs(stem), 1.0f);
    EXPECT_TRUE(report["peak_limited"].get<bool>());
}

// Mean similarity over bins below 16 kHz of the panning feature.
double mean_similarity(const AudioBuffer& stem, const std::vector<double>& weights_ref) {
    const std::vector<double> phi = fx::panning_feature(stem);
    (void)weights_ref;
    double sum = 0.0;
    const int limit = static_cast<int>(16000.0 * 65536 / 44100);
    for (int k = 100; k < limit; ++k) sum += phi[k];
    return sum / (limit - 100);
}

TEST(FxPanning, MovesAnUnbalancedSourceTowardTheTarget) {
    // Left-heavy (right at -20 dB) correlated noise: phi ~ 0.2; target 0.9 x 0.9 = 0.81.
    AudioBuffer stem = noise_stem(10.0, 0.1f, 0.01f, true, 4);
    StemTargets t = flat_targets();
    const double target = 0.9 * 0.9;
    const double before = mean_similarity(stem, {});
    const auto report = fx::match_panning(stem, t, fx::stem_settings(StemType::Other), {});
    const double after = mean_similarity(stem, {});
    EXPECT_EQ(report["side"], "left");
    EXPECT_LT(std::fabs(after - target), 0.5 * std::fabs(before - target))
        << "before " << before << " after " << after;
    // The dominant side stays dominant.
    double el = 0, er = 0;
    for (std::size_t i = 0; i < stem.num_frames(); ++i) {
        el += stem.channels[0][i] * stem.channels[0][i];
        er += stem.channels[1][i] * stem.channels[1][i];
    }
    EXPECT_GT(el, er);
}

TEST(FxPanning, LeavesAMonoSourceCentredAndUnchanged) {
    AudioBuffer stem = noise_stem(5.0, 0.1f, 0.1f, true, 5);
    const AudioBuffer original = stem;
    const auto report =
        fx::match_panning(stem, flat_targets(), fx::stem_settings(StemType::Vocals), {});
    EXPECT_EQ(report["side"], "centre");
    double max_diff = 0.0, max_lr = 0.0;
    for (std::size_t i = 0; i < stem.num_frames(); ++i) {
        max_diff =
            std::max(max_diff, double(std::fabs(stem.channels[0][i] - original.channels[0][i])));
        max_lr = std::max(max_lr, double(std::fabs(stem.channels[0][i] - stem.channels[1][i])));
    }
    EXPECT_EQ(max_lr, 0.0);
    EXPECT_LT(max_diff, 1e-5);  // STFT -> iSTFT round trip in float
}

TEST(FxPanning, ReferenceCurveMapping) {
    std::vector<double> curve(automix::kTargetCurveBins);
    for (std::size_t k = 0; k < curve.size(); ++k) curve[k] = static_cast<double>(k);
    const std::vector<double> ref = fx::panning_reference(curve);
    ASSERT_EQ(ref.size(), 1025u);
    EXPECT_DOUBLE_EQ(ref[0], 0.9 * 15.5);  // mean of bins 0..31
    EXPECT_DOUBLE_EQ(ref[1023], 0.9 * (32736 + 15.5));
    EXPECT_DOUBLE_EQ(ref[1024], 0.9 * 32768);  // Nyquist appended
}

// Drum-like hits: decaying noise bursts every 250 ms with a given crest.
AudioBuffer hits(double seconds, unsigned seed) {
    AudioBuffer b(2, static_cast<std::size_t>(seconds * kRate), kRate);
    std::mt19937 rng(seed);
    std::normal_distribution<float> n(0.0f, 1.0f);
    for (std::size_t i = 0; i < b.num_frames(); ++i) {
        const double t = std::fmod(static_cast<double>(i) / kRate, 0.25);
        const float env = static_cast<float>(std::exp(-t / 0.02) + 0.05);
        b.channels[0][i] = 0.3f * env * n(rng);
        b.channels[1][i] = 0.3f * env * n(rng);
    }
    return b;
}

TEST(FxDynamics, CompressesPeaksIntoTheTargetBand) {
    AudioBuffer stem = hits(8.0, 6);
    StemTargets t = flat_targets();
    const fx::DynamicsFeature before = fx::dynamics_feature(stem);
    ASSERT_TRUE(before.valid);
    // Ask for onset peaks 3 dB lower than they are (at -10 dBFS peak normalization).
    t.dynamics_mean_db = before.mean_db - 3.0;
    t.dynamics_std_db = 0.5;
    const auto report = fx::match_dynamics(stem, t, fx::stem_settings(StemType::Drums), {});
    EXPECT_EQ(report["action"], "compressed");
    const double after = report["onset_peak_after_db"][0].get<double>();
    EXPECT_LT(after, t.dynamics_mean_db + t.dynamics_std_db);
    // The bisection stops where the reference's linear scan stops.
    AudioBuffer again = hits(8.0, 6);
    fx::DynamicsOptions exhaustive;
    exhaustive.exhaustive_search = true;
    const auto linear =
        fx::match_dynamics(again, t, fx::stem_settings(StemType::Drums), exhaustive);
    EXPECT_EQ(linear["ratio"], report["ratio"]);
    EXPECT_EQ(linear["threshold_db"], report["threshold_db"]);
    EXPECT_LT(report["trials"].get<int>(), linear["trials"].get<int>());
}

TEST(FxDynamics, InterpolatedSearchStopsWhereTheLinearScanStops) {
    // Targets from just below the stem's descriptor (a threshold near the top of the grid) to
    // far below it (near -40 dB), for two attack/release settings: the interpolating search must
    // land on the point the reference's linear scan stops at (docs/fxnorm.md D8).
    const fx::DynamicsFeature before = fx::dynamics_feature(hits(6.0, 7));
    ASSERT_TRUE(before.valid);
    for (StemType type : {StemType::Vocals, StemType::Drums}) {
        for (double below_db : {0.6, 1.5, 2.5}) {
            StemTargets t = flat_targets();
            t.dynamics_std_db = 0.5;
            t.dynamics_mean_db = before.mean_db - below_db - t.dynamics_std_db;
            AudioBuffer fast = hits(6.0, 7), slow = hits(6.0, 7);
            const auto report = fx::match_dynamics(fast, t, fx::stem_settings(type), {});
            fx::DynamicsOptions exhaustive;
            exhaustive.exhaustive_search = true;
            const auto linear = fx::match_dynamics(slow, t, fx::stem_settings(type), exhaustive);
            ASSERT_EQ(linear["action"], "compressed") << below_db;
            EXPECT_EQ(report["ratio"], linear["ratio"]) << below_db;
            EXPECT_EQ(report["threshold_db"], linear["threshold_db"]) << below_db;
            EXPECT_LE(report["trials"].get<int>(), 9) << below_db;
            EXPECT_EQ(fast.channels, slow.channels);
        }
    }
}

TEST(FxDynamics, StemWithoutOnsetsIsLeftUnchanged) {
    // A steady tone that starts before the analysis (no attack inside the signal): the padding
    // makes one start-of-sound onset at most per channel, so use a tone that never fires: DC-free
    // silence on one channel means that channel has no onsets.
    AudioBuffer stem(2, 5 * kRate, kRate);
    for (std::size_t i = 0; i < stem.num_frames(); ++i) {
        stem.channels[0][i] = 0.2f * std::sin(2 * M_PI * 440 * i / kRate);
    }
    const AudioBuffer original = stem;
    const auto report =
        fx::match_dynamics(stem, flat_targets(), fx::stem_settings(StemType::Bass), {});
    EXPECT_EQ(report["action"], "no_onsets");
    EXPECT_EQ(stem.channels, original.channels);
}

}  // namespace
