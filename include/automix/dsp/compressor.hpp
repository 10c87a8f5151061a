// Feed-forward hard-knee compressor with log-domain attack/release smoothing
// (docs/reference.md#fx-normalization-compressor).
#pragma once

#include <cstddef>
#include <vector>

#include "automix/processing_rate.hpp"

namespace automix::dsp {

/// Settings of the compressor. Ratio > 1 compresses above the threshold; makeup gain is 0 dB.
struct CompressorParams {
    double threshold_db = -20.0;  ///< Static-curve knee, dBFS.
    double ratio = 4.0;           ///< Input dB above threshold per output dB above threshold.
    double attack_ms = 10.0;      ///< Time constant of rising gain reduction.
    double release_ms = 100.0;    ///< Time constant of falling gain reduction.
    int sample_rate = kProcessingSampleRate;  ///< Hz, turns the times into one-pole coefficients.
};

/// One-pole smoothing coefficient exp(-1 / (0.001 * rate * ms)), as the reference.
double smoothing_coefficient(double time_ms, int sample_rate);

/// Static gain reduction in dB (>= 0) for an input level in dBFS: hard knee, no makeup.
double static_gain_reduction_db(double level_db, double threshold_db, double ratio);

/// Detector level in dBFS per sample from the maximum absolute value over the given channels
/// (one channel gives the reference's per-channel detector; several give a stereo-linked one).
/// Levels below 1e-6 read -120 dB as in the reference. Computed once, reused for every trial.
std::vector<float> detector_level_db(const std::vector<const float*>& channels, std::size_t length);

/// Per-sample linear gain of the compressor driven by `level_db` (length samples). The gain
/// reduction yl is smoothed with the attack coefficient while it rises and the release
/// coefficient while it falls, from a zero state; gain = 10^(-yl/20). Double precision inside.
void compressor_gain(const float* level_db, std::size_t length, const CompressorParams& params,
                     float* gain);

/// Convenience: compresses one channel (own detector) into a new vector.
std::vector<float> compress_mono(const std::vector<float>& input, const CompressorParams& params);

}  // namespace automix::dsp
