#include "automix/dsp/smoothing.hpp"

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

}  // namespace automix::dsp
