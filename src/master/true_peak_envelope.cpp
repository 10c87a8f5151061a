#include "master/true_peak_envelope.hpp"

#include <algorithm>
#include <cmath>

#include "loudness/true_peak.hpp"

namespace automix::master {
namespace {

// Frames per block: the block's phases and its padded input stay in L1/L2.
constexpr std::size_t kBlock = 4096;

// Folds one channel into env: |x| and, per fractional phase p, the value between n and n + 1
// (which counts for both neighbours).
void fold_channel(const loudness::TruePeakMeter& meter, const std::vector<float>& x,
                  std::vector<float>& env) {
    const std::size_t n = x.size();
    for (std::size_t i = 0; i < n; ++i) env[i] = std::max(env[i], std::fabs(x[i]));
    const int factor = meter.factor();
    if (factor == 1 || n == 0) return;
    const std::size_t hw = static_cast<std::size_t>(meter.half_width());
    const std::size_t taps = 2 * hw;
    const std::vector<float>& coef = meter.phase_taps();
    // Interpolated value at t + p/f, t = -1 .. n-1 (the value between t and t + 1), uses inputs
    // t - hw + 1 .. t + hw; padded[j] = x[j - hw], zero outside.
    std::vector<float> padded(kBlock + taps + 1, 0.0f);
    std::vector<float> acc(kBlock);
    for (std::size_t b = 0; b < n + 1; b += kBlock) {  // b indexes t + 1
        const std::size_t count = std::min(kBlock, n + 1 - b);
        // Inputs needed: t - hw + 1 .. t + hw for t = b - 1 .. b + count - 2, i.e. x[b - hw ..].
        std::fill(padded.begin(), padded.end(), 0.0f);
        for (std::size_t j = 0; j < count + taps; ++j) {
            const long long src = static_cast<long long>(b + j) - static_cast<long long>(hw);
            if (src >= 0 && src < static_cast<long long>(n)) padded[j] = x[src];
        }
        for (int p = 1; p < factor; ++p) {
            const float* c = coef.data() + static_cast<std::size_t>(p - 1) * taps;
            std::fill(acc.begin(), acc.begin() + count, 0.0f);
            for (std::size_t k = 0; k < taps; ++k) {
                const float ck = c[k];
                const float* in = padded.data() + k;
                for (std::size_t j = 0; j < count; ++j) acc[j] += ck * in[j];
            }
            for (std::size_t j = 0; j < count; ++j) {
                const float v = std::fabs(acc[j]);
                const std::size_t t_plus_1 = b + j;  // value between t and t + 1
                if (t_plus_1 >= 1) env[t_plus_1 - 1] = std::max(env[t_plus_1 - 1], v);
                if (t_plus_1 < n) env[t_plus_1] = std::max(env[t_plus_1], v);
            }
        }
    }
}

}  // namespace

std::vector<float> true_peak_envelope(const AudioBuffer& audio) {
    std::vector<float> env(audio.num_frames(), 0.0f);
    if (audio.num_frames() == 0 || audio.sample_rate <= 0) return env;
    const loudness::TruePeakMeter meter(audio.sample_rate);
    for (const auto& ch : audio.channels) fold_channel(meter, ch, env);
    return env;
}

}  // namespace automix::master
