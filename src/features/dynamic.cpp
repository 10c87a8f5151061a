#include <algorithm>
#include <cfloat>
#include <cmath>

#include "automix/error.hpp"
#include "automix/features_dynamic.hpp"
#include "dsp/decibels.hpp"

namespace automix::features {
namespace {

// The reference's level guard (docs/reference.md#conventions): 20 log10(x + 1e-30).
using dsp::kDbEpsilon;

// Sum of 20 log10(|x_i| + 1e-30) over a piece, through products of 8 values kept as a mantissa and
// a binary exponent: one frexp instead of eight log10 calls (the per-sample log was the dominant
// cost of the dynamic group). 8 values in [1e-30, 1e38] multiply to a normal double; chunks that
// do not (values above 1e38) fall back to the logs. The product's relative error grows by one
// rounding per value, the same order as the rounding of the logs it replaces.
double sum_of_db(const float* x, std::size_t n) {
    constexpr std::size_t kChunk = 8;
    double mantissa = 1.0, logs = 0.0;
    long exponent = 0;
    std::size_t i = 0;
    for (; i + kChunk <= n; i += kChunk) {
        double p = 1.0;
        for (std::size_t j = 0; j < kChunk; ++j) {
            p *= std::fabs(static_cast<double>(x[i + j])) + kDbEpsilon;
        }
        if (p >= DBL_MIN && p <= DBL_MAX) {
            int e = 0;
            mantissa = std::frexp(mantissa * p, &e);
            exponent += e;
        } else {
            for (std::size_t j = 0; j < kChunk; ++j)
                logs += dsp::amplitude_to_db(std::fabs(x[i + j]), kDbEpsilon);
        }
    }
    for (; i < n; ++i) logs += dsp::amplitude_to_db(std::fabs(x[i]), kDbEpsilon);
    return logs + 20.0 * (std::log10(mantissa) + static_cast<double>(exponent) * M_LN2 / M_LN10);
}

}  // namespace

std::vector<DynamicFrame> dynamic_frames(const float* x, std::size_t n, int frame, int hop) {
    if (frame <= 0 || hop <= 0 || frame % hop != 0) {
        throw processing_error("dynamic features: the frame length must be a multiple of the hop");
    }
    const std::size_t f = static_cast<std::size_t>(frame), h = static_cast<std::size_t>(hop);
    if (n < f) return {};
    const std::size_t frames = 1 + (n - f) / h;
    const std::size_t parts = frames - 1 + f / h;  // hop-sized pieces covered by some frame
    // Per-piece sums of x^2 and of the per-sample dB values, and per-piece maxima.
    std::vector<double> square(parts), log_db(parts), peak(parts);
    for (std::size_t p = 0; p < parts; ++p) {
        double s = 0.0, m = 0.0;
        for (std::size_t i = p * h; i < (p + 1) * h; ++i) {
            const double a = std::fabs(static_cast<double>(x[i]));
            s += a * a;
            m = std::max(m, a);
        }
        square[p] = s;
        log_db[p] = sum_of_db(x + p * h, h);
        peak[p] = m;
    }
    const std::size_t per_frame = f / h;
    std::vector<DynamicFrame> out(frames);
    for (std::size_t t = 0; t < frames; ++t) {
        double s = 0.0, l = 0.0, m = 0.0;
        for (std::size_t p = t; p < t + per_frame; ++p) {
            s += square[p];
            l += log_db[p];
            m = std::max(m, peak[p]);
        }
        DynamicFrame& d = out[t];
        d.rms_db = dsp::amplitude_to_db(std::sqrt(s / static_cast<double>(f)), kDbEpsilon);
        d.peak_db = dsp::amplitude_to_db(m, kDbEpsilon);
        d.spread_db = l / static_cast<double>(f) - d.rms_db;
    }
    return out;
}

}  // namespace automix::features
