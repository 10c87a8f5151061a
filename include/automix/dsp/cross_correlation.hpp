// Cross-correlation of two real signals through the FFT.
#pragma once

#include <cstddef>
#include <vector>

namespace automix::dsp {

/// Cross-correlation values for the lags -max_lag..max_lag.
struct CrossCorrelation {
    long long max_lag = 0;       ///< Largest |lag| computed.
    std::vector<double> values;  ///< 2 max_lag + 1 values; the one of lag l is values[l + max_lag].

    /// The value at `lag` (|lag| <= max_lag).
    double at(long long lag) const { return values[static_cast<std::size_t>(lag + max_lag)]; }
};

/// c[l] = sum_n x[n + l] y[n], the signals counting as zero outside their samples, for
/// |l| <= max_lag. Lags beyond the longer signal have no overlap, so max_lag is clamped to
/// max(|x|, |y|). Computed in double precision through one FFT pair, O(m log m) instead of the
/// O(n max_lag) direct sum: the circular correlation of the zero-padded signals is free of
/// wrap-around for |l| <= max_lag once m >= max(|x|, |y|) + max_lag + 1, about half the transform
/// the full linear correlation (m >= |x| + |y|) would need.
CrossCorrelation cross_correlation(const std::vector<double>& x, const std::vector<double>& y,
                                   long long max_lag);

}  // namespace automix::dsp
