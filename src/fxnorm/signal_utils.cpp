#include "fxnorm/signal_utils.hpp"

#include <algorithm>
#include <cmath>

#include "automix/loudness.hpp"
#include "dsp/decibels.hpp"
#include "dsp/simd_math.hpp"
#include "fxnorm/settings.hpp"

namespace automix::fxnorm {

float peak_abs(const AudioBuffer& audio) {
    float peak = 0.0f;
    for (const auto& c : audio.channels)
        peak = std::max(peak, dsp::simd::abs_max(c.data(), c.size()));
    return peak;
}

void apply_gain(AudioBuffer& audio, float gain) {
    for (auto& c : audio.channels) {
        for (float& v : c) v *= gain;
    }
}

bool is_quiet(const AudioBuffer& audio) {
    const float peak = peak_abs(audio);
    return peak == 0.0f || dsp::amplitude_to_db(peak, dsp::kDbEpsilon) <= kMinPeakDb;
}

void read_zero_extended(const float* x, std::size_t n, long long start, std::size_t count,
                        float* out) {
    const long long len = static_cast<long long>(n);
    const long long end = start + static_cast<long long>(count);
    if (start >= 0 && end <= len) {  // common case: entirely inside the signal
        std::copy(x + start, x + end, out);
        return;
    }
    for (std::size_t i = 0; i < count; ++i) {
        const long long idx = start + static_cast<long long>(i);
        out[i] = (idx >= 0 && idx < len) ? x[idx] : 0.0f;
    }
}

dsp::SampleReader padded_reader(const float* x, std::size_t n, long long pad, float gain,
                                const float* sample_gain) {
    return [=](long long start, std::size_t count, float* out) {
        const long long begin = start - pad;
        const long long len = static_cast<long long>(n);
        if (begin >= 0 && begin + static_cast<long long>(count) <= len) {
            // Inside the signal (almost every block): one fused pass, same products as below.
            const float* src = x + begin;
            if (sample_gain) {
                const float* g = sample_gain + begin;
                if (gain != 1.0f) {
                    for (std::size_t i = 0; i < count; ++i) out[i] = (src[i] * g[i]) * gain;
                } else {
                    for (std::size_t i = 0; i < count; ++i) out[i] = src[i] * g[i];
                }
            } else if (gain != 1.0f) {
                for (std::size_t i = 0; i < count; ++i) out[i] = src[i] * gain;
            } else {
                std::copy(src, src + count, out);
            }
            return;
        }
        read_zero_extended(x, n, begin, count, out);
        if (sample_gain) {
            const long long lo = std::max(begin, 0LL);
            const long long hi = std::min(begin + static_cast<long long>(count), len);
            for (long long idx = lo; idx < hi; ++idx) out[idx - begin] *= sample_gain[idx];
        }
        if (gain != 1.0f) {
            for (std::size_t i = 0; i < count; ++i) out[i] *= gain;
        }
    };
}

double loudness_lufs(const AudioBuffer& audio, long long pad) {
    return integrated_loudness_lufs(audio, static_cast<std::size_t>(std::max(0LL, pad)));
}

}  // namespace automix::fxnorm
