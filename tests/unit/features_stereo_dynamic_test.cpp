// Panning RMS of hard-panned sources and level/dynamics descriptors of signals with known answers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "automix/features.hpp"
#include "automix/features_dynamic.hpp"
#include "automix/features_stereo.hpp"

using namespace automix::features;

namespace {

std::vector<float> noise(std::size_t n, unsigned seed, float sd = 0.2f) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> d(0.0f, sd);
    std::vector<float> x(n);
    for (auto& v : x) v = d(rng);
    return x;
}

automix::AudioBuffer stereo(std::vector<float> l, std::vector<float> r, int fs = 44100) {
    automix::AudioBuffer a;
    a.sample_rate = fs;
    a.channels = {std::move(l), std::move(r)};
    return a;
}

double mean_of(const std::vector<double>& v) {
    double s = 0.0;
    for (double x : v) s += x;
    return s / v.size();
}

TEST(FeaturesPanning, BandBinsOfTheReference) {
    // docs/reference.md#metrics-panning at 44.1 kHz / 2048.
    EXPECT_EQ(panning_band_bins(PanningBand::Total, 44100, 2048),
              (std::array<std::size_t, 2>{0, 1024}));
    EXPECT_EQ(panning_band_bins(PanningBand::Low, 44100, 2048),
              (std::array<std::size_t, 2>{0, 11}));
    EXPECT_EQ(panning_band_bins(PanningBand::Mid, 44100, 2048),
              (std::array<std::size_t, 2>{11, 116}));
    EXPECT_EQ(panning_band_bins(PanningBand::High, 44100, 2048),
              (std::array<std::size_t, 2>{116, 1024}));
}

TEST(FeaturesPanning, SpsSignsAndMagnitudes) {
    EXPECT_NEAR(stereo_panning_spectrum({1, 0}, {0, 0}), -1.0, 1e-12);    // hard left
    EXPECT_NEAR(stereo_panning_spectrum({0, 0}, {0, 1}), 1.0, 1e-12);     // hard right
    EXPECT_EQ(stereo_panning_spectrum({0.3f, 0.1f}, {0.3f, 0.1f}), 0.0);  // centre
    EXPECT_EQ(stereo_panning_spectrum({0, 0}, {0, 0}), 0.0);              // silence
    // Right at half the left's level: phi = 2*0.5/(1+0.25) = 0.8 -> SPS = -(1 - 0.8).
    EXPECT_NEAR(stereo_panning_spectrum({1, 0}, {0.5f, 0}), -0.2, 1e-6);
}

TEST(FeaturesPanning, HardPannedAndCentredSources) {
    const std::vector<float> x = noise(44100 * 3, 1), silence(x.size(), 0.0f);
    struct Case {
        automix::AudioBuffer audio;
        double expected;
    };
    // Hard left or right: |SPS| = 1 in every bin -> panning RMS 1 in every band; centre: 0.
    const std::vector<Case> cases = {
        {stereo(x, silence), 1.0}, {stereo(silence, x), 1.0}, {stereo(x, x), 0.0}};
    for (const Case& c : cases) {
        const automix::FeatureSet f = automix::compute_features(c.audio);
        for (const char* band :
             {"panning_rms_total", "panning_rms_low", "panning_rms_mid", "panning_rms_high"}) {
            EXPECT_NEAR(mean_of(f.track(band).channels[0]), c.expected, 1e-6) << band;
        }
    }
}

TEST(FeaturesPanning, PartialPanMatchesTheClosedForm) {
    // Right = g * left in every bin: SPS = -(1 - 2g/(1+g^2)) everywhere.
    const double g = 0.5;
    const std::vector<float> x = noise(44100 * 2, 2);
    std::vector<float> r(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) r[i] = static_cast<float>(g * x[i]);
    const automix::FeatureSet f = automix::compute_features(stereo(x, r));
    const double expected = 1.0 - 2.0 * g / (1.0 + g * g);
    EXPECT_NEAR(mean_of(f.track("panning_rms_total").channels[0]), expected, 1e-4);
}

TEST(FeaturesDynamic, SineRmsAndCrestFactor) {
    // 1 kHz sine at amplitude 0.5: RMS = 0.5/sqrt 2 (-9.03 dBFS), crest factor 3.01 dB.
    const int fs = 44100;
    std::vector<float> x(fs * 2);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.5f * std::sin(2 * M_PI * 1000.0 * i / fs);
    const auto frames = dynamic_frames(x.data(), x.size());
    ASSERT_EQ(frames.size(), 1 + (x.size() - 4096) / 1024);
    for (const DynamicFrame& f : frames) {
        EXPECT_NEAR(f.rms_db, 20 * std::log10(0.5 / std::sqrt(2.0)), 0.01);
        EXPECT_NEAR(f.crest_factor_db(), 10 * std::log10(2.0), 0.01);
        EXPECT_NEAR(f.crest_ratio_ref(), f.peak_db / f.rms_db, 1e-12);
    }
    // Through the feature set: RMS at the source level, the reference's crest ratio on the signal
    // peak-normalised to -1 dBFS: -1 / (-1 - 3.01).
    const automix::FeatureSet set = automix::compute_features(stereo(x, x));
    EXPECT_NEAR(mean_of(set.track("rms_dbfs").channel_mean()), -9.03, 0.01);
    EXPECT_NEAR(mean_of(set.track("crest_factor_db").channel_mean()), 3.01, 0.01);
    EXPECT_NEAR(mean_of(set.track("crest_ratio_ref").channel_mean()), -1.0 / (-1.0 - 3.0103), 1e-3);
}

TEST(FeaturesDynamic, SquareWaveHasNoSpreadOrCrest) {
    std::vector<float> x(44100);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = (i / 50) % 2 ? 0.25f : -0.25f;
    for (const DynamicFrame& f : dynamic_frames(x.data(), x.size())) {
        EXPECT_NEAR(f.rms_db, 20 * std::log10(0.25), 1e-4);
        EXPECT_NEAR(f.spread_db, 0.0, 1e-4);
        EXPECT_NEAR(f.crest_factor_db(), 0.0, 1e-4);
    }
}

TEST(FeaturesDynamic, SpreadMatchesDirectFormula) {
    const std::vector<float> x = noise(20000, 3);
    const auto frames = dynamic_frames(x.data(), x.size());
    for (std::size_t t : {std::size_t{0}, frames.size() - 1}) {
        double sq = 0, lg = 0, mx = 0;
        for (std::size_t i = t * 1024; i < t * 1024 + 4096; ++i) {
            const double a = std::fabs(static_cast<double>(x[i]));
            sq += a * a;
            lg += 20 * std::log10(a + 1e-30);
            mx = std::max(mx, a);
        }
        const double rms = 20 * std::log10(std::sqrt(sq / 4096) + 1e-30);
        EXPECT_NEAR(frames[t].rms_db, rms, 1e-9);
        EXPECT_NEAR(frames[t].spread_db, lg / 4096 - rms, 1e-9);
        EXPECT_NEAR(frames[t].peak_db, 20 * std::log10(mx + 1e-30), 1e-9);
    }
}

TEST(FeaturesDynamic, SpreadOfSilenceAndHugeValuesMatchesDirectFormula) {
    // Digital silence (every value at the 1e-30 guard) and values beyond 1e38 take the edge paths
    // of the product-of-values log sum; the direct formula is the oracle.
    std::vector<float> x = noise(8192, 4);
    std::fill(x.begin(), x.begin() + 3000, 0.0f);
    x[5000] = 3e38f;
    x[5001] = -2e38f;
    const auto frames = dynamic_frames(x.data(), x.size());
    for (std::size_t t = 0; t < frames.size(); ++t) {
        double sq = 0, lg = 0;
        for (std::size_t i = t * 1024; i < t * 1024 + 4096; ++i) {
            const double a = std::fabs(static_cast<double>(x[i]));
            sq += a * a;
            lg += 20 * std::log10(a + 1e-30);
        }
        const double rms = 20 * std::log10(std::sqrt(sq / 4096) + 1e-30);
        EXPECT_NEAR(frames[t].spread_db, lg / 4096 - rms, 1e-9) << t;
    }
}

}  // namespace
