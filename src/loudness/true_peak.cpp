#include "loudness/true_peak.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "automix/error.hpp"

namespace automix::loudness {
namespace {

// libebur128's interpolator: 49 taps of a Hann-windowed sinc, x4 below
// 96 kHz, x2 below 192 kHz. The window spans (49 - 1) / factor input samples, so a fractional
// phase has 48 / factor non-zero taps (12 at x4, 24 at x2).
constexpr int kFilterTaps = 49;
constexpr double kFactor4Below = 96000.0;
constexpr double kFactor2Below = 192000.0;

// Outputs per block: the block's input (plus the filter's context) is copied into a zero-padded
// scratch buffer that stays in L1, so the signal's ends need no special cases in the kernel.
constexpr std::size_t kBlock = 2048;
// Outputs computed together; 8 floats = two SSE or one AVX register per phase.
constexpr std::size_t kLanes = 8;

// Windowed-sinc impulse response at time tau (input samples), window half-width `half`.
double interpolation_kernel(double tau, double half) {
    const double x = M_PI * tau;
    const double sinc = std::fabs(tau) < 1e-12 ? 1.0 : std::sin(x) / x;
    return sinc * 0.5 * (1.0 + std::cos(M_PI * tau / half));
}

// Four floats in one SSE/NEON register (GCC/Clang vector extension; the compiler lowers it to
// whatever the target has). Plain loops over lanes were vectorised along the taps instead, with
// in-order horizontal sums, which is several times slower.
typedef float Vec4 __attribute__((vector_size(16)));

inline Vec4 load4(const float* p) {
    Vec4 v;
    std::memcpy(&v, p, sizeof v);  // unaligned load
    return v;
}

inline Vec4 abs4(Vec4 v) { return v < 0 ? -v : v; }
inline Vec4 max4(Vec4 a, Vec4 b) { return a > b ? a : b; }

// Max |y| over `count` (a multiple of kLanes) outputs of kPhases fractional phases of kTaps taps;
// output j of phase p is sum_k taps[p * kTaps + k] * s[j + k]. Eight outputs of every phase are
// accumulated in registers, so each input vector is loaded once for all phases.
template <int kPhases, int kTaps>
float block_peak(const float* s, std::size_t count, const float* taps) {
    static_assert(kLanes == 8, "two Vec4 per phase");
    Vec4 peak = {0, 0, 0, 0};
    for (std::size_t j = 0; j < count; j += kLanes) {
        Vec4 lo[kPhases], hi[kPhases];
        for (int p = 0; p < kPhases; ++p) lo[p] = hi[p] = Vec4{0, 0, 0, 0};
        for (int k = 0; k < kTaps; ++k) {
            const Vec4 a = load4(s + j + k), b = load4(s + j + k + 4);
            for (int p = 0; p < kPhases; ++p) {
                const float c = taps[p * kTaps + k];
                lo[p] += c * a;
                hi[p] += c * b;
            }
        }
        for (int p = 0; p < kPhases; ++p) peak = max4(peak, max4(abs4(lo[p]), abs4(hi[p])));
    }
    return std::max(std::max(peak[0], peak[1]), std::max(peak[2], peak[3]));
}

float sample_peak(const float* x, std::size_t n) {
    float peak[kLanes] = {};
    std::size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
        for (std::size_t l = 0; l < kLanes; ++l) peak[l] = std::max(peak[l], std::fabs(x[i + l]));
    }
    float out = 0.0f;
    for (; i < n; ++i) out = std::max(out, std::fabs(x[i]));
    for (float v : peak) out = std::max(out, v);
    return out;
}

}  // namespace

TruePeakMeter::TruePeakMeter(double sample_rate) {
    if (!(sample_rate > 0.0)) throw processing_error("true peak: the sample rate must be positive");
    factor_ = sample_rate < kFactor4Below ? 4 : (sample_rate < kFactor2Below ? 2 : 1);
    if (factor_ == 1) return;
    half_width_ = (kFilterTaps - 1) / (2 * factor_);
    const int taps = 2 * half_width_;
    taps_.resize(static_cast<std::size_t>((factor_ - 1) * taps));
    for (int p = 1; p < factor_; ++p) {
        for (int k = 0; k < taps; ++k) {
            // Coefficient k weighs input n + i, i = k - hw + 1, for the value at n + p / factor.
            const double tau = static_cast<double>(p) / factor_ - (k - half_width_ + 1);
            taps_[static_cast<std::size_t>((p - 1) * taps + k)] =
                static_cast<float>(interpolation_kernel(tau, half_width_));
        }
    }
}

ChannelPeaks TruePeakMeter::measure(const float* x, std::size_t n) const {
    ChannelPeaks out;
    out.sample_peak = sample_peak(x, n);
    out.true_peak = out.sample_peak;
    if (factor_ == 1 || n == 0) return out;
    const std::size_t hw = static_cast<std::size_t>(half_width_);
    const std::size_t context = 2 * hw - 1;  // inputs per output beyond the first
    // Output positions -hw .. n + hw - 2 carry every value the zero-padded signal can produce:
    // outside them, all inputs under the window are zero. Output b of the run sits at b - hw and
    // needs inputs b - 2 hw + 1 .. b.
    const std::size_t outputs = n + 2 * hw - 1;
    std::vector<float> scratch(kBlock + context + kLanes, 0.0f);
    float peak = 0.0f;
    for (std::size_t b = 0; b < outputs; b += kBlock) {
        const std::size_t count = std::min(kBlock, outputs - b);
        const std::size_t padded = (count + kLanes - 1) / kLanes * kLanes;
        // scratch[j] = x[b + j - context], zero outside [0, n).
        const std::size_t span = padded + context;
        std::fill(scratch.begin(), scratch.begin() + span, 0.0f);
        const std::size_t first = b >= context ? b - context : 0;  // first input index used
        const std::size_t last = std::min(n, b + padded);          // one past the last one
        if (last > first) {
            std::memcpy(scratch.data() + (first + context - b), x + first,
                        (last - first) * sizeof(float));
        }
        const float block = factor_ == 4 ? block_peak<3, 12>(scratch.data(), padded, taps_.data())
                                         : block_peak<1, 24>(scratch.data(), padded, taps_.data());
        peak = std::max(peak, block);
    }
    out.true_peak = std::max(out.sample_peak, peak);
    return out;
}

}  // namespace automix::loudness
