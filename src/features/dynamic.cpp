#include <algorithm>
#include <cmath>

#include "automix/error.hpp"
#include "automix/features_dynamic.hpp"

namespace automix::features {
namespace {

// amp_to_db guard of the reference (fxnorm-spec §1.3): 20 log10(x + 1e-30).
constexpr double kDbEpsilon = 1e-30;

double amp_to_db(double x) { return 20.0 * std::log10(x + kDbEpsilon); }

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
        double s = 0.0, l = 0.0, m = 0.0;
        for (std::size_t i = p * h; i < (p + 1) * h; ++i) {
            const double a = std::fabs(static_cast<double>(x[i]));
            s += a * a;
            l += amp_to_db(a);
            m = std::max(m, a);
        }
        square[p] = s;
        log_db[p] = l;
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
        d.rms_db = amp_to_db(std::sqrt(s / static_cast<double>(f)));
        d.peak_db = amp_to_db(m);
        d.spread_db = l / static_cast<double>(f) - d.rms_db;
    }
    return out;
}

}  // namespace automix::features
