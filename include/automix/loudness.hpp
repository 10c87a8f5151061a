// Standard loudness measurements (ITU-R BS.1770-4 / EBU R128, Tech 3341/3342) from one pass of the
// K-weighting filter (libebur128's any-rate design) summed on a 10 ms grid: momentary and
// short-term loudness (maxima found to within 5 ms of the true window position, as EBU Tech 3341
// cases 10-14 require), gated integrated loudness (BS.1770-4: 400 ms blocks every 100 ms) and
// loudness range (Tech 3342: short-term values every 100 ms). True peak: BS.1770-4 Annex 2 4x
// polyphase interpolation with libebur128's filter design, in single precision. This is the one
// meter of the product (report, ceiling, features, FX normalization); libebur128 is linked by the
// tests only, as the oracle it is checked against.
#pragma once

#include <cstddef>
#include <vector>

#include "automix/audio_buffer.hpp"

namespace automix {

/// Loudness summary of a whole signal. Loudness values are -inf for digital silence or when the
/// signal is shorter than the measurement window.
struct LoudnessStats {
    double integrated_lufs = 0.0;      ///< Gated integrated loudness, LUFS (BS.1770-4).
    double loudness_range_lu = 0.0;    ///< Loudness range, LU (EBU Tech 3342).
    double true_peak_dbtp = 0.0;       ///< Maximum true peak over channels, dBTP (4x oversampled).
    double sample_peak_dbfs = 0.0;     ///< Maximum absolute sample value over channels, dBFS.
    double momentary_max_lufs = 0.0;   ///< Maximum momentary loudness (400 ms window), LUFS.
    double short_term_max_lufs = 0.0;  ///< Maximum short-term loudness (3 s window), LUFS.
};

/// Momentary and short-term loudness every 100 ms (the EBU R128 minimum refresh rate).
struct LoudnessSeries {
    double hop_seconds = 0.1;             ///< Time between values.
    std::vector<double> momentary_lufs;   ///< Value i: 400 ms window ending at (i + 4) * hop.
    std::vector<double> short_term_lufs;  ///< Value i: 3 s window ending at (i + 30) * hop.
};

/// Everything the loudness group of the feature library reports.
struct LoudnessAnalysis {
    LoudnessStats stats;                      ///< Standard summary values.
    LoudnessSeries series;                    ///< Loudness over time.
    double integrated_lufs_pyloudnorm = 0.0;  ///< Integrated loudness as the reference evaluation
                                              ///< computes it (docs/reference.md#loudness-meter).
};

/// Measures a mono or stereo (or 5.0/5.1) buffer. Mono is measured as a single channel (BS.1770
/// weights: L, R, C = 1.0). Throws automix::Error (Processing) for a buffer without channels or
/// sample rate.
LoudnessStats measure_loudness(const AudioBuffer& audio);

/// The gated integrated loudness alone (BS.1770-4), LUFS, -inf for silence: one K-weighting pass,
/// no peaks. `pad` zero samples are measured before and after the signal, without copying it
/// (FX normalization measures its stems padded, as the reference does).
double integrated_loudness_lufs(const AudioBuffer& audio, std::size_t pad = 0);

/// measure_loudness plus the loudness series and the pyloudnorm-style integrated loudness.
LoudnessAnalysis analyze_loudness(const AudioBuffer& audio);

/// Integrated loudness exactly as pyloudnorm's default meter (docs/reference.md#loudness-meter):
/// RBJ K-weighting, 400 ms blocks every 100 ms with pyloudnorm's block boundaries, gates -70 LUFS
/// and -10 LU. Differs from BS.1770 proper by about -0.04 LU (docs/reference.md#loudness-meter).
/// -inf when the signal is silent or shorter than 400 ms (where pyloudnorm raises an error).
double pyloudnorm_integrated_lufs(const AudioBuffer& audio);

/// Maximum true peak over channels as a linear amplitude (1.0 = 0 dBTP): 4x oversampled below
/// 96 kHz, 2x below 192 kHz, the sample peak above; the signal is taken as silent outside the
/// buffer, so the interpolation overshoot at its ends counts. About 10 ns per sample.
double true_peak_linear(const AudioBuffer& audio);

}  // namespace automix
