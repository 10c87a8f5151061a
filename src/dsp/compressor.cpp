#include "automix/dsp/compressor.hpp"

#include <algorithm>
#include <cmath>

#include "dsp/simd_math.hpp"

namespace automix::dsp {
namespace {
// Levels under 1e-6 read as -120 dB, avoiding the log of zero
// (docs/reference.md#fx-normalization-compressor).
constexpr double kSilenceAmplitude = 1e-6;
constexpr double kSilenceLevelDb = -120.0;
}  // namespace

double smoothing_coefficient(double time_ms, int sample_rate) {
    return std::exp(-1.0 / (0.001 * sample_rate * time_ms));
}

double static_gain_reduction_db(double level_db, double threshold_db, double ratio) {
    if (level_db < threshold_db) return 0.0;
    const double out_db = threshold_db + (level_db - threshold_db) / ratio;
    return level_db - out_db;
}

std::vector<float> detector_level_db(const std::vector<const float*>& channels,
                                     std::size_t length) {
    std::vector<float> level(length);
    for (std::size_t i = 0; i < length; ++i) {
        float peak = 0.0f;
        for (const float* c : channels) peak = std::max(peak, std::fabs(c[i]));
        level[i] = peak < kSilenceAmplitude ? static_cast<float>(kSilenceLevelDb)
                                            : static_cast<float>(20.0 * std::log10(peak));
    }
    return level;
}

void compressor_gain(const float* level_db, std::size_t length, const CompressorParams& params,
                     float* gain) {
    const double attack = smoothing_coefficient(params.attack_ms, params.sample_rate);
    const double release = smoothing_coefficient(params.release_ms, params.sample_rate);
    const double threshold = params.threshold_db;
    const double slope = 1.0 - 1.0 / params.ratio;   // gain reduction per dB above threshold
    constexpr double kDbToNeperish = M_LN10 / 20.0;  // 10^(-y/20) = exp(-y ln10 / 20)
    // The recursion is serial; the exponentials are not. Run the recursion over a chunk (keeping
    // yl in double), then evaluate the chunk's gains in one vectorized pass.
    constexpr std::size_t kChunk = 2048;
    double exponent[kChunk];
    double yl = 0.0;
    for (std::size_t start = 0; start < length; start += kChunk) {
        const std::size_t count = std::min(kChunk, length - start);
        const float* level = level_db + start;
        for (std::size_t i = 0; i < count; ++i) {
            const double xg = level[i];
            const double xl = xg >= threshold ? (xg - threshold) * slope : 0.0;
            yl = xl > yl ? attack * yl + (1.0 - attack) * xl : release * yl + (1.0 - release) * xl;
            exponent[i] = yl * kDbToNeperish;
        }
        simd::exp_neg_to_float(exponent, count, gain + start);
    }
}

std::vector<float> compress_mono(const std::vector<float>& input, const CompressorParams& params) {
    const std::vector<float> level = detector_level_db({input.data()}, input.size());
    std::vector<float> out(input.size());
    compressor_gain(level.data(), input.size(), params, out.data());
    for (std::size_t i = 0; i < input.size(); ++i) out[i] *= input[i];
    return out;
}

}  // namespace automix::dsp
