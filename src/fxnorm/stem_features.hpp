// The per-stem features FX normalization matches and `automix stats` averages
// (docs/reference.md#statistics-computation), not to be confused with src/features/, the
// objective-feature library of the report. Each one is measured on the stem zero-padded by kPad
// samples on both sides, like the reference.
#pragma once

#include <vector>

#include "automix/audio_buffer.hpp"
#include "automix/dsp/onset.hpp"
#include "fxnorm/settings.hpp"

namespace automix::fxnorm {

/// Gain that lufs_normalize would apply (docs/reference.md#loudness-meter): brings the integrated
/// loudness to `target_lufs`, then lowers it if the peak would reach full scale (peak <= 1 - 1e-6).
/// 1 for silence. Stores the measured loudness in `measured_lufs` when given. The loudness is
/// measured with `pad` zeros on both sides (the reference measures its kPad-padded stems).
double lufs_normalize_gain(const AudioBuffer& audio, double target_lufs,
                           double* measured_lufs = nullptr, long long pad = 0);

/// Mean over frames and channels of |STFT| (65536/16384, sqrt-Hann) of `gain` x the stem seen
/// through `pad` zeros on both sides: kTargetCurveBins values.
std::vector<double> average_spectrum(const AudioBuffer& stem, double gain, long long pad = kPad);

/// EQ feature: the average spectrum after normalizing the stereo stem jointly to -30 LUFS
/// (`padded`: loudness measured with the zero padding, as the reference's statistics pass).
std::vector<double> eq_feature(const AudioBuffer& stem, bool padded = false);

/// Onset-peak descriptor of a stereo stem: the per-channel statistics averaged over channels.
struct DynamicsFeature {
    bool valid = false;    ///< False when a channel has no onset (reference bug 7).
    double mean_db = 0.0;  ///< Mean over channels of the onset-peak mean, dB.
    double std_db = 0.0;   ///< Mean over channels of the onset-peak std, dB.
};

/// Descriptor of the stem seen through `pad` zeros on both sides, scaled by `gain`, optionally
/// times a per-sample gain vector.
DynamicsFeature onset_peak_feature(const AudioBuffer& stem, float gain,
                                   dsp::HfcOnsetDetector& detector,
                                   const float* sample_gain = nullptr, long long pad = kPad);

/// Dynamics feature: descriptor after peak-normalizing the stereo stem jointly to -10 dBFS.
DynamicsFeature dynamics_feature(const AudioBuffer& stem);

/// Panning feature: mean over frames of the stereo similarity phi = 2LR / (L^2 + R^2) per bin of
/// the 65536/16384 STFT (docs/reference.md#stereo-descriptors, with L = |X_L + 1e-20|).
/// kTargetCurveBins values.
std::vector<double> panning_feature(const AudioBuffer& stem);

/// features::stereo_similarity of two magnitudes, each offset by 1e-20 as in the reference.
double stereo_similarity(double left, double right);

}  // namespace automix::fxnorm
