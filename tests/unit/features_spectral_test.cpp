// Spectral descriptors against librosa's own test fixtures and signals with closed-form answers.
#include "automix/features_spectral.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "automix/features.hpp"

using namespace automix::features;

namespace {

constexpr double kSr = 22050.0;  // librosa test_features.py defaults
constexpr int kFft = 2048;       // 1025 bins

TEST(FeaturesSpectral, SingleBinCentroidAndZeroBandwidth) {
    std::vector<float> s(513, 0.0f);
    s[5] = 1.0f;
    const double c = spectral_centroid(s.data(), s.size(), kSr, 1024);
    EXPECT_DOUBLE_EQ(c, bin_frequency(5, kSr, 1024));
    EXPECT_NEAR(spectral_bandwidth(s.data(), s.size(), kSr, 1024, c), 0.0, 1e-9);
}

TEST(FeaturesSpectral, SilentFrameHasZeroCentroid) {
    std::vector<float> s(513, 0.0f);
    EXPECT_EQ(spectral_centroid(s.data(), s.size(), kSr, 1024), 0.0);
}

TEST(FeaturesSpectral, FlatSpectrumBandwidthMatchesLibrosa) {
    std::vector<float> s(1025, 1.0f);
    const double c = spectral_centroid(s.data(), s.size(), kSr, kFft);
    EXPECT_NEAR(spectral_bandwidth(s.data(), s.size(), kSr, kFft, c, 1.0), 2758.93902439, 1e-6);
    EXPECT_NEAR(spectral_bandwidth(s.data(), s.size(), kSr, kFft, c, 2.0), 3185.74989294, 1e-6);
}

TEST(FeaturesSpectral, FlatSpectrumRolloffIsTheFloorBin) {
    std::vector<float> s(1025, 1.0f);
    for (double pct : {0.1, 0.5, 0.85, 0.95}) {
        const auto k = static_cast<std::size_t>(std::floor(pct * 1025));
        EXPECT_DOUBLE_EQ(spectral_rolloff(s.data(), s.size(), kSr, kFft, pct),
                         bin_frequency(k, kSr, kFft))
            << pct;
    }
}

TEST(FeaturesSpectral, FlatnessMatchesLibrosaFixture) {
    // S = [[1,3],[2,1],[1,2]]: frame 0 = (1,2,1), frame 1 = (3,1,2).
    const std::vector<float> f0 = {1, 2, 1}, f1 = {3, 1, 2};
    EXPECT_NEAR(spectral_flatness(f0.data(), 3), 0.7937005259, 1e-9);
    EXPECT_NEAR(spectral_flatness(f1.data(), 3), 0.7075558390, 1e-9);
    const std::vector<float> ones(100, 1.0f), zeros(100, 0.0f);
    EXPECT_NEAR(spectral_flatness(ones.data(), 100), 1.0, 1e-12);
    EXPECT_NEAR(spectral_flatness(zeros.data(), 100), 1.0, 1e-12);
}

TEST(FeaturesSpectral, ContrastOfSingleBinMatchesLibrosaFixture) {
    // librosa: zeros with S[512] = 1, quantile 0.001, fmin 200, 6 bands -> [20,20,20,20,20,100,20].
    std::vector<float> s(1025, 0.0f);
    s[512] = 1.0f;
    const auto bands = contrast_bands(kSr, kFft, 200.0, 6, 0.001);
    ASSERT_EQ(bands.size(), 7u);
    const auto db = spectral_contrast_db({contrast_peak_valley(s.data(), bands)});
    const std::vector<double> expected = {20, 20, 20, 20, 20, 100, 20};
    for (std::size_t k = 0; k < 7; ++k) EXPECT_NEAR(db[0][k], expected[k], 1e-9) << k;
    // Flat spectrum: zero contrast everywhere.
    const std::vector<float> flat(1025, 1.0f);
    const auto flat_db = spectral_contrast_db({contrast_peak_valley(flat.data(), bands)});
    for (double v : flat_db[0]) EXPECT_NEAR(v, 0.0, 1e-12);
}

// Oracles for the histogram selection and the product-of-values logs: a full sort and std::log
// on random spectra with ties, zeros, a wide dynamic range and huge values (the fallback path).
TEST(FeaturesSpectral, ContrastAndFlatnessMatchSortAndLogOracles) {
    std::mt19937 rng(17);
    std::uniform_real_distribution<double> level_db(-140.0, 20.0);
    const auto bands = contrast_bands(44100, 4096, 250.0, 4, 0.02);
    for (int trial = 0; trial < 40; ++trial) {
        std::vector<float> s(2049);
        for (auto& v : s) v = static_cast<float>(std::pow(10.0, level_db(rng) / 20.0));
        if (trial % 4 == 1) std::fill(s.begin() + 300, s.begin() + 900, 0.25f);  // ties
        if (trial % 4 == 2) std::fill(s.begin(), s.begin() + 1500, 0.0f);        // zeros
        if (trial % 4 == 3) s[1000] = s[1001] = 1e30f;                           // huge
        const PeakValley pv = contrast_peak_valley(s.data(), bands);
        for (std::size_t b = 0; b < bands.size(); ++b) {
            std::vector<float> sorted(s.begin() + bands[b].first_bin,
                                      s.begin() + bands[b].last_bin + 1);
            std::sort(sorted.begin(), sorted.end());
            const std::size_t q = std::min(bands[b].quantile_count, sorted.size());
            double low = 0, high = 0;
            for (std::size_t i = 0; i < q; ++i) {
                low += sorted[i];
                high += sorted[sorted.size() - 1 - i];
            }
            EXPECT_NEAR(pv.valley[b], low / q, 1e-12 * std::max(1.0, low / q)) << trial << " " << b;
            EXPECT_NEAR(pv.peak[b], high / q, 1e-12 * std::max(1.0, high / q)) << trial << " " << b;
        }
        double log_sum = 0, sum = 0;
        for (float v : s) {
            const double x = std::max(1e-10, static_cast<double>(v) * v);
            log_sum += std::log(x);
            sum += x;
        }
        const double expected = std::exp(log_sum / s.size()) / (sum / s.size());
        EXPECT_NEAR(spectral_flatness(s.data(), s.size()), expected, 1e-12 * expected) << trial;
    }
}

TEST(FeaturesSpectral, ContrastBandTableOfTheReference) {
    // docs/reference.md#metrics-spectral: 44.1 kHz, 4096, fmin 250, 4 bands, quantile 0.02.
    const auto b = contrast_bands(44100.0, 4096, 250.0, 4, 0.02);
    ASSERT_EQ(b.size(), 5u);
    const std::size_t first[] = {0, 23, 46, 92, 185}, last[] = {22, 45, 91, 184, 2048},
                      q[] = {1, 1, 1, 2, 37};
    for (std::size_t k = 0; k < 5; ++k) {
        EXPECT_EQ(b[k].first_bin, first[k]) << k;
        EXPECT_EQ(b[k].last_bin, last[k]) << k;
        EXPECT_EQ(b[k].quantile_count, q[k]) << k;
    }
}

automix::AudioBuffer stereo(std::vector<float> l, std::vector<float> r, int fs = 44100) {
    automix::AudioBuffer a;
    a.sample_rate = fs;
    a.channels = {std::move(l), std::move(r)};
    return a;
}

double track_mean(const automix::FeatureSet& f, const char* name) {
    const auto v = f.track(name).channel_mean();
    double s = 0.0;
    for (double x : v) s += x;
    return s / v.size();
}

TEST(FeaturesSpectral, SineCentroidAndRolloffAtItsFrequency) {
    // A bin-centred sine: the centroid sits at its frequency up to the small asymmetry of the
    // sqrt-Hann leakage (whose side lobes decay slowly, so the bandwidth is ~100 Hz, not ~1 bin).
    const int fs = 44100;
    const double f = 100 * 44100.0 / 4096;  // bin 100, ~1076.7 Hz
    std::vector<float> x(fs * 3);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.5f * std::sin(2 * M_PI * f * i / fs);
    const automix::FeatureSet fset = automix::compute_features(stereo(x, x));
    EXPECT_NEAR(track_mean(fset, "centroid_hz"), f, 0.005 * f);
    EXPECT_NEAR(track_mean(fset, "rolloff_hz"), f, 44100.0 / 4096 + 1e-9);
    EXPECT_LT(track_mean(fset, "bandwidth_hz"), 200.0);
    // A pure tone is the least flat spectrum there is.
    EXPECT_LT(track_mean(fset, "flatness_db"), -60.0);
}

// Oracle: the textbook DFT (double precision) of the first sqrt-Hann frame of the peak-normalised
// signal, fed through the formulas of docs/reference.md#metrics-spectral written out directly.
TEST(FeaturesSpectral, PipelineMatchesDirectDftOfFirstFrame) {
    const int fs = 44100, n = 4096;
    std::mt19937 rng(11);
    std::normal_distribution<float> d(0.0f, 0.1f);
    std::vector<float> x(n + 3 * 1024);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = d(rng) + 0.3f * std::sin(0.05f * i);
    const automix::FeatureSet fset = automix::compute_features(stereo(x, x));
    float peak = 0;
    for (float v : x) peak = std::max(peak, std::fabs(v));
    const double gain = std::pow(10.0, -1.0 / 20.0) / peak;
    std::vector<double> mag(n / 2 + 1);
    for (int k = 0; k <= n / 2; ++k) {
        double re = 0, im = 0;
        for (int i = 0; i < n; ++i) {
            const double w = std::sqrt(0.5 - 0.5 * std::cos(2 * M_PI * i / n));
            re += w * gain * x[i] * std::cos(2 * M_PI * k * i / n);
            im -= w * gain * x[i] * std::sin(2 * M_PI * k * i / n);
        }
        mag[k] = std::hypot(re, im);
    }
    double total = 0, weighted = 0;
    for (int k = 0; k <= n / 2; ++k) {
        total += mag[k];
        weighted += mag[k] * k * fs / n;
    }
    const double centroid = weighted / total;
    double spread = 0, cumulative = 0, rolloff = -1, log_sum = 0, power_sum = 0;
    for (int k = 0; k <= n / 2; ++k) {
        const double fk = static_cast<double>(k) * fs / n;
        spread += mag[k] / total * (fk - centroid) * (fk - centroid);
        cumulative += mag[k];
        if (rolloff < 0 && cumulative >= 0.85 * total) rolloff = fk;
        const double p = std::max(1e-10, mag[k] * mag[k]);
        log_sum += std::log(p);
        power_sum += p;
    }
    const double flatness = std::exp(log_sum / (n / 2 + 1)) / (power_sum / (n / 2 + 1));
    EXPECT_NEAR(fset.track("centroid_hz").channels[0][0], centroid, 1e-3 * centroid);
    EXPECT_NEAR(fset.track("bandwidth_hz").channels[0][0], std::sqrt(spread),
                1e-3 * std::sqrt(spread));
    EXPECT_NEAR(fset.track("rolloff_hz").channels[0][0], rolloff, 44100.0 / 4096 + 1e-9);
    EXPECT_NEAR(fset.track("flatness_db").channels[0][0], 10 * std::log10(flatness), 0.01);
}

TEST(FeaturesSpectral, WhiteNoiseIsFlatAndCentred) {
    const int fs = 44100;
    std::mt19937 rng(7);
    std::normal_distribution<float> d(0.0f, 0.1f);
    std::vector<float> l(fs * 4), r(fs * 4);
    for (auto& v : l) v = d(rng);
    for (auto& v : r) v = d(rng);
    const automix::FeatureSet fset = automix::compute_features(stereo(l, r));
    // Expected values for a flat magnitude spectrum (the noise's expected spectrum).
    EXPECT_NEAR(track_mean(fset, "centroid_hz"), fs / 4.0, 150.0);
    EXPECT_NEAR(track_mean(fset, "rolloff_hz"), 0.85 * fs / 2, 150.0);
    // Flat bandwidth at p=2 scales with the band: 3185.75 * 44100 / 22050.
    EXPECT_NEAR(track_mean(fset, "bandwidth_hz"), 3185.74989294 * 2, 150.0);
    // Gaussian noise power per bin is exponential: E[ln] - ln E = -gamma -> flatness
    // exp(-0.5772) = 0.5615 -> -2.51 dB.
    EXPECT_NEAR(track_mean(fset, "flatness_db"), 10 * std::log10(std::exp(-0.5772156649)), 0.2);
}

}  // namespace
