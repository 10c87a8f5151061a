#include "automix/dsp/smoothing.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "automix/error.hpp"

namespace automix::dsp {

std::vector<double> smooth_mirror(const std::vector<double>& x, int width) {
    if (width <= 1 || x.empty()) return x;
    const long long n = static_cast<long long>(x.size());
    const long long h = width / 2;
    if (width % 2 == 0 || h >= n) {
        throw processing_error("smoothing: the window must be odd and shorter than the curve");
    }
    // Mirror index about the first/last sample without repeating it (savgol mode='mirror').
    auto at = [&](long long i) {
        if (i < 0) i = -i;
        if (i >= n) i = 2 * (n - 1) - i;
        return x[static_cast<std::size_t>(i)];
    };
    std::vector<double> out(x.size());
    // Running sum: O(N) regardless of the width (widths of 401-501 on 32769 bins).
    double sum = 0.0;
    for (long long i = -h; i <= h; ++i) sum += at(i);
    for (long long i = 0; i < n; ++i) {
        out[static_cast<std::size_t>(i)] = sum / static_cast<double>(width);
        sum += at(i + h + 1) - at(i - h);
    }
    return out;
}

std::vector<double> smooth_fractional_octave(const std::vector<double>& x, double fraction,
                                             int min_width) {
    if (x.empty() || fraction <= 0.0) return x;
    // Prefix sums make every window O(1): the windows grow with frequency up to thousands of bins.
    std::vector<double> prefix(x.size() + 1, 0.0);
    for (std::size_t k = 0; k < x.size(); ++k) prefix[k + 1] = prefix[k] + x[k];
    const double half = std::exp2(0.5 / fraction);
    const long long last = static_cast<long long>(x.size()) - 1;
    std::vector<double> out(x.size());
    const long long min_half = std::max(0, min_width / 2);
    for (long long k = 0; k <= last; ++k) {
        const long long lo =
            std::max(0LL, std::min(k - min_half, std::llround(static_cast<double>(k) / half)));
        const long long hi =
            std::min(last, std::max(k + min_half, std::llround(static_cast<double>(k) * half)));
        out[static_cast<std::size_t>(k)] =
            (prefix[static_cast<std::size_t>(hi + 1)] - prefix[static_cast<std::size_t>(lo)]) /
            static_cast<double>(hi - lo + 1);
    }
    return out;
}

}  // namespace automix::dsp
