// Delivery master: brings a mix to an integrated loudness target with a true-peak lookahead
// limiter, so the file is ready to listen to at the level of the delivery platform.
#pragma once

#include "automix/audio_buffer.hpp"

namespace automix {

/// Time constants of the true-peak lookahead limiter (docs/master.md says why these values).
struct LimiterSettings {
    /// Lookahead = attack, ms: the gain ramps down linearly over this time and reaches its value
    /// exactly at the peak, so nothing passes above the ceiling and no transient is clipped.
    double lookahead_ms = 5.0;
    /// Release time constant, ms (exponential return of the linear gain towards unity).
    double release_ms = 100.0;
    /// The limiter aims this far below the ceiling (dB), so the interpolated peaks between samples
    /// of a gain that changes within a few samples stay under it; a final static trim guarantees
    /// it.
    double margin_db = 0.1;
};

/// What the loudness master should do.
struct LoudnessTargetOptions {
    double target_lufs = -14.0;  ///< Integrated loudness to reach (BS.1770-4), LUFS.
    double ceiling_dbtp = -1.0;  ///< True-peak ceiling, dBTP.
    LimiterSettings limiter;     ///< Limiter time constants.
    double tolerance_lu = 0.02;  ///< Stop iterating once within this of the target.
    int max_iterations = 8;      ///< Gain/limit/measure rounds at most.
};

/// What the loudness master did and measured (product meter, BS.1770-4).
struct LoudnessTargetResult {
    double input_lufs = 0.0;              ///< Integrated loudness before (-inf for silence).
    double input_true_peak_dbtp = 0.0;    ///< True peak before.
    double gain_db = 0.0;                 ///< Static gain applied before the limiter.
    double output_lufs = 0.0;             ///< Integrated loudness after.
    double output_true_peak_dbtp = 0.0;   ///< True peak after (<= ceiling).
    double gain_reduction_max_db = 0.0;   ///< Largest limiter gain reduction, dB (>= 0).
    double gain_reduction_mean_db = 0.0;  ///< Limiter gain reduction averaged over the whole mix.
    double limited_fraction = 0.0;        ///< Share of the samples with more than 0.1 dB reduction.
    double trim_db = 0.0;                 ///< Final static safety trim (normally 0).
    int iterations = 0;                   ///< Gain/limit/measure rounds used.
    bool reached = false;                 ///< Output within 0.5 LU of the target.
};

/// Brings `mix` (stereo or mono, any rate) to `options.target_lufs` integrated loudness: one
/// static gain, then the true-peak lookahead limiter at the ceiling; because limiting lowers the
/// loudness, the gain is raised by the remaining difference and the round repeated until the
/// result is within `tolerance_lu` (a few rounds; each costs one limiter pass and one loudness
/// measurement). Digital silence, or a mix shorter than one 400 ms block, is left unchanged
/// (reached = false). Throws Error(Processing) when the mix holds non-finite samples.
LoudnessTargetResult apply_loudness_target(AudioBuffer& mix, const LoudnessTargetOptions& options);

/// The true-peak lookahead limiter alone: after it the mix's true peak is at or below
/// `ceiling_dbtp` (checked with the product meter; a static trim covers what the gain curve
/// misses between samples). Returns the result fields of the limiter (input/output peaks, gain
/// reduction, trim); loudness fields are left 0.
LoudnessTargetResult apply_true_peak_limiter(AudioBuffer& mix, double ceiling_dbtp,
                                             const LimiterSettings& settings = {});

}  // namespace automix
