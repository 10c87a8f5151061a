// The FFT cross-correlation against the direct O(n max_lag) sum of its definition.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "automix/dsp/cross_correlation.hpp"
#include "support/test_audio.hpp"

namespace {

using automix::dsp::cross_correlation;

// c[l] = sum_n x[n + l] y[n], straight from the definition.
double direct(const std::vector<double>& x, const std::vector<double>& y, long long lag) {
    double sum = 0.0;
    for (long long n = 0; n < static_cast<long long>(y.size()); ++n) {
        const long long i = n + lag;
        if (i >= 0 && i < static_cast<long long>(x.size())) sum += x[i] * y[n];
    }
    return sum;
}

std::vector<double> noise(std::size_t n, unsigned seed) {
    return automix::test::gaussian_noise(n, seed, 1.0);
}

void expect_matches_direct(const std::vector<double>& x, const std::vector<double>& y,
                           long long max_lag) {
    const auto c = cross_correlation(x, y, max_lag);
    ASSERT_EQ(c.values.size(), static_cast<std::size_t>(2 * c.max_lag + 1));
    // Rounding of the FFT grows like eps log m times the signals' energy scale.
    double ex = 0, ey = 0;
    for (double v : x) ex += v * v;
    for (double v : y) ey += v * v;
    const double scale = std::sqrt(ex * ey);
    for (long long l = -c.max_lag; l <= c.max_lag; ++l) {
        EXPECT_NEAR(c.at(l), direct(x, y, l), 1e-12 * scale) << "lag " << l;
    }
}

TEST(DspCrossCorrelation, MatchesTheDirectSumForEveryLag) {
    expect_matches_direct(noise(1000, 1), noise(1000, 2), 300);
    expect_matches_direct(noise(777, 3), noise(1234, 4), 500);  // unequal lengths
    expect_matches_direct(noise(5, 5), noise(3, 6), 5);         // all lags of tiny signals
}

TEST(DspCrossCorrelation, FindsAKnownShift) {
    const std::vector<double> y = noise(4096, 7);
    std::vector<double> x(4096, 0.0);
    const long long shift = 137;  // x[n + shift] = y[n]
    for (std::size_t n = 0; n + shift < x.size(); ++n) x[n + shift] = y[n];
    const auto c = cross_correlation(x, y, 400);
    const auto peak = std::max_element(c.values.begin(), c.values.end()) - c.values.begin();
    EXPECT_EQ(peak - c.max_lag, shift);
}

TEST(DspCrossCorrelation, ClampsLagsBeyondTheSignals) {
    const auto c = cross_correlation(noise(10, 8), noise(6, 9), 1000);
    EXPECT_EQ(c.max_lag, 10);
    expect_matches_direct(noise(10, 8), noise(6, 9), 1000);
}

}  // namespace
