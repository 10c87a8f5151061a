// FIR design (firwin2 closed form) and zero-phase FFT convolution against values computed with
// scipy 1.10 (docs/reference.md#fx-normalization-eq).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "automix/dsp/fft_convolver.hpp"
#include "automix/dsp/fir.hpp"
#include "automix/dsp/smoothing.hpp"

namespace {

using automix::dsp::autocorrelation;
using automix::dsp::design_fir_frequency_sampling;
using automix::dsp::FftConvolver;
using automix::dsp::fir_magnitude;

// Test grid: g = sqrt(linspace(1, 0.25, 32769)), every 32nd value on the grid.
std::vector<double> spec_grid() {
    std::vector<double> grid(1025);
    for (int j = 0; j < 1025; ++j) {
        const double k = 32.0 * j;
        grid[j] = std::sqrt(1.0 + (0.25 - 1.0) * k / 32768.0);
    }
    return grid;
}

TEST(DspFir, MatchesSpecFirwin2Values) {
    const std::vector<double> h = design_fir_frequency_sampling(spec_grid(), 1001);
    ASSERT_EQ(h.size(), 1001u);
    double sum = 0.0;
    for (double v : h) sum += v;
    // Values computed with scipy 1.10 firwin2; float32 storage there -> 1e-7 rel.
    EXPECT_NEAR(sum, 0.9995973587, 1e-7);
    EXPECT_NEAR(h[500], 0.7777777480, 1e-7);
    EXPECT_NEAR(h[499], 0.0989015900, 1e-7);
    EXPECT_NEAR(h[0], -1.485e-08, 1e-10);
    for (int n = 0; n < 1001; ++n) EXPECT_NEAR(h[n], h[1000 - n], 1e-15);  // linear phase
}

TEST(DspFir, ForwardBackwardResponseIsSquaredMagnitude) {
    const std::vector<double> h = design_fir_frequency_sampling(spec_grid(), 1001);
    // |H|^2 at 0, fs/8, fs/4 = [0.99919, 0.81250, 0.62500] (computed).
    EXPECT_NEAR(std::pow(fir_magnitude(h, 0.0), 2), 0.99919, 1e-5);
    EXPECT_NEAR(std::pow(fir_magnitude(h, 0.125), 2), 0.81250, 1e-5);
    EXPECT_NEAR(std::pow(fir_magnitude(h, 0.25), 2), 0.62500, 1e-5);
    // The autocorrelation kernel has exactly that response with zero phase.
    const std::vector<double> c = autocorrelation(h);
    for (double f : {0.0, 0.05, 0.125, 0.25, 0.4}) {
        EXPECT_NEAR(fir_magnitude(c, f), std::pow(fir_magnitude(h, f), 2), 1e-9);
    }
}

TEST(DspFftConvolver, MatchesDirectConvolutionAndKeepsImpulseCentred) {
    const std::vector<double> h = design_fir_frequency_sampling(spec_grid(), 101);
    const std::vector<double> c = autocorrelation(h);
    const int centre = 100;
    std::mt19937 rng(3);
    std::normal_distribution<float> noise(0.0f, 0.3f);
    std::vector<float> x(50000);
    for (float& v : x) v = noise(rng);
    std::vector<float> y = x;
    FftConvolver conv(c, centre);
    conv.process_in_place(y.data(), y.size());
    double max_err = 0.0;
    for (std::size_t n = 0; n < x.size(); n += 97) {
        double acc = 0.0;
        for (std::size_t m = 0; m < c.size(); ++m) {
            const long long idx = static_cast<long long>(n) + centre - static_cast<long long>(m);
            if (idx >= 0 && idx < static_cast<long long>(x.size())) acc += c[m] * x[idx];
        }
        max_err = std::max(max_err, std::fabs(acc - y[n]));
    }
    EXPECT_LT(max_err, 1e-5);  // float FFT of a ~0.3-RMS signal: single-precision rounding

    std::vector<float> impulse(20001, 0.0f);
    impulse[10000] = 1.0f;
    conv.process_in_place(impulse.data(), impulse.size());
    std::size_t peak = 0;
    for (std::size_t i = 0; i < impulse.size(); ++i) {
        if (std::fabs(impulse[i]) > std::fabs(impulse[peak])) peak = i;
    }
    EXPECT_EQ(peak, 10000u);
    for (int d = 1; d < 200; ++d) EXPECT_NEAR(impulse[10000 - d], impulse[10000 + d], 1e-6);
}

TEST(DspSmoothing, IsACentredMovingAverageWithMirrorEdges) {
    std::vector<double> x(50);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.3 * i) + 0.01 * i * i;
    const std::vector<double> y = automix::dsp::smooth_mirror(x, 7);
    auto mirror = [&](long long i) {
        if (i < 0) i = -i;
        if (i >= 50) i = 98 - i;
        return x[i];
    };
    for (long long i = 0; i < 50; ++i) {
        double acc = 0.0;
        for (long long j = i - 3; j <= i + 3; ++j) acc += mirror(j);
        EXPECT_NEAR(y[i], acc / 7.0, 1e-12);
    }
}

}  // namespace
