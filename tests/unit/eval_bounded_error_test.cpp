// The bounded error (docs/metrics.md): zero for identical signals, within [0, 1] always, and not
// blown up by a near-mono reference, where the paper's MAPE explodes.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "automix/features.hpp"

namespace {

using automix::AudioBuffer;

// 6 s of noise and a tone; `side` is the share of independent noise added to the right channel
// (0 = exactly mono, so the panning features of the reference are ~0).
AudioBuffer stereo_song(double side, double gain = 1.0) {
    const int fs = 44100;
    std::mt19937 rng(3);
    std::normal_distribution<float> d(0.0f, 1.0f);
    AudioBuffer a(2, 6 * fs, fs);
    for (std::size_t i = 0; i < a.num_frames(); ++i) {
        const double t = static_cast<double>(i) / fs;
        const double common = 0.2 * d(rng) * std::exp(-6.0 * std::fmod(t, 0.25)) +
                              0.2 * std::sin(2 * M_PI * 220.0 * t);
        a.channels[0][i] = static_cast<float>(gain * common);
        a.channels[1][i] = static_cast<float>(gain * (common + side * 0.2 * d(rng)));
    }
    return a;
}

}  // namespace

TEST(EvalBoundedError, ZeroForIdenticalSignals) {
    const automix::FeatureSet f = automix::compute_features(stereo_song(0.5));
    const automix::FeatureComparison c = automix::compare_features(f, f, {});
    for (const auto& [group, score] : c.bounded_scores) EXPECT_NEAR(score, 0.0, 1e-12) << group;
}

TEST(EvalBoundedError, NearMonoReferenceCannotBlowItUp) {
    const automix::FeatureSet ref = automix::compute_features(stereo_song(1e-4));
    const automix::FeatureSet est = automix::compute_features(stereo_song(1.0));
    const automix::FeatureComparison c = automix::compare_features(est, ref, {});
    // The paper's MAPE divides by the reference's ~0 panning: it explodes (here > 100 = 10,000 %).
    EXPECT_GT(c.group_scores.at("panning"), 100.0);
    // The bounded error says "almost completely different", and no more.
    EXPECT_GT(c.bounded_scores.at("panning"), 0.5);
    EXPECT_LE(c.bounded_scores.at("panning"), 1.0);
    for (const auto& [group, score] : c.bounded_scores) {
        EXPECT_GE(score, 0.0) << group;
        EXPECT_LE(score, 1.0) << group;
    }
    EXPECT_TRUE(c.errors.at("bounded").at("panning").contains("total"));
    EXPECT_EQ(c.errors.at("scores_mape_ref"), c.errors.at("scores"));
}

TEST(EvalBoundedError, SmallErrorsAreAboutHalfTheMape) {
    // A 1 dB level change: for small relative errors b = |r-e|/(|r|+|e|) ~ MAPE / 2.
    const automix::FeatureSet ref = automix::compute_features(stereo_song(0.5));
    const automix::FeatureSet est = automix::compute_features(stereo_song(0.5, 1.122));
    const automix::FeatureComparison c = automix::compare_features(est, ref, {});
    const double mape = c.errors.at("loudness").at("lufs").get<double>();
    const double bounded = c.errors.at("bounded").at("loudness").at("lufs").get<double>();
    ASSERT_GT(mape, 0.01);
    EXPECT_NEAR(bounded, mape / 2.0, 0.1 * mape);
}
