// Standard loudness measurements (ITU-R BS.1770-4 / EBU R128) through libebur128.
#pragma once

#include "automix/audio_buffer.hpp"

namespace automix {

/// Loudness summary of a whole signal. Values are -inf for digital silence.
struct LoudnessStats {
    double integrated_lufs = 0.0;    ///< Gated integrated loudness, LUFS (BS.1770-4).
    double loudness_range_lu = 0.0;  ///< Loudness range, LU (EBU Tech 3342).
    double true_peak_dbtp = 0.0;     ///< Maximum true peak over channels, dBTP (4x oversampled).
    double sample_peak_dbfs = 0.0;   ///< Maximum absolute sample value over channels, dBFS.
};

/// Measures a mono or stereo buffer. Mono is measured as a single channel (BS.1770
/// weights: L, R, C = 1.0). Throws automix::Error (Processing) if libebur128 fails.
LoudnessStats measure_loudness(const AudioBuffer& audio);

/// Maximum true peak over channels as a linear amplitude (1.0 = 0 dBTP).
double true_peak_linear(const AudioBuffer& audio);

}  // namespace automix
