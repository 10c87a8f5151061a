// Vectorized kernels (src/dsp/simd_math.hpp) against the scalar library functions they replace.
#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "dsp/simd_math.hpp"

namespace {

namespace simd = automix::dsp::simd;

// Distance in units in the last place between two finite floats of the same sign.
long ulp_distance(float a, float b) {
    std::int32_t ia, ib;
    std::memcpy(&ia, &a, sizeof ia);
    std::memcpy(&ib, &b, sizeof ib);
    return std::labs(static_cast<long>(ia) - static_cast<long>(ib));
}

TEST(DspSimd, LogOfOnePlusMagnitudeIsWithinOneUlpOfLogf) {
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> exponent(-15.0f, 15.0f);
    const std::size_t n = 20001;  // odd: exercises the scalar tail too
    std::vector<std::complex<float>> x(n);
    for (auto& v : x) v = {std::exp(exponent(rng)), -std::exp(exponent(rng))};
    std::vector<float> out(n);
    simd::log1p_magnitudes(reinterpret_cast<const float*>(x.data()), n, out.data());
    for (std::size_t k = 0; k < n; ++k) {
        const float re = x[k].real(), im = x[k].imag();
        const float m = 1.0f + std::sqrt(re * re + im * im);
        ASSERT_LE(ulp_distance(out[k], std::log(m)), 1) << k;
        ASSERT_EQ(out[k], simd::log_approx(m)) << k;  // vector and scalar paths agree
    }
}

TEST(DspSimd, ExpIsWithinOneUlpAndPathsAgree) {
    std::mt19937 rng(2);
    std::uniform_real_distribution<double> arg(0.0, 20.0);
    std::vector<double> x(20003);
    for (double& v : x) v = arg(rng);
    x[0] = 0.0;
    std::vector<float> out(x.size());
    simd::exp_neg_to_float(x.data(), x.size(), out.data());
    EXPECT_EQ(out[0], 1.0f);
    for (std::size_t i = 0; i < x.size(); ++i) {
        ASSERT_LE(ulp_distance(out[i], static_cast<float>(std::exp(-x[i]))), 1) << x[i];
        float one = 0.0f;
        simd::exp_neg_to_float(&x[i], 1, &one);
        ASSERT_EQ(one, out[i]);
    }
}

TEST(DspSimd, AbsMaxAndSumsAreExact) {
    std::vector<float> x(1003);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37f * i) * static_cast<float>(i);
    float peak = 0.0f;
    for (float v : x) peak = std::max(peak, std::fabs(v));
    EXPECT_EQ(simd::abs_max(x.data(), x.size()), peak);
    EXPECT_EQ(simd::abs_max(x.data(), 0), 0.0f);

    std::vector<std::complex<float>> c(1025);
    for (std::size_t k = 0; k < c.size(); ++k) c[k] = {0.5f * k, 1.0f - 0.25f * k};
    std::vector<double> sum(c.size(), 1.0);
    simd::accumulate_magnitudes(reinterpret_cast<const float*>(c.data()), c.size(), sum.data());
    for (std::size_t k = 0; k < c.size(); ++k) {
        const float re = c[k].real(), im = c[k].imag();
        ASSERT_EQ(sum[k], 1.0 + std::sqrt(re * re + im * im));
    }
    std::vector<float> g = {0.5f, 2.0f, 4.0f, 1.0f, 8.0f};
    EXPECT_NEAR(simd::sum_log(g.data(), g.size()), std::log(32.0), 1e-6);
}

}  // namespace
