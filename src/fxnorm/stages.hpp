// The four FX-normalization stages. Each works in place on one stereo 44.1 kHz stem that is not
// quiet (checked by the caller), never changes its length, and returns a JSON account of what it
// did for the report.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "automix/audio_buffer.hpp"
#include "automix/targets.hpp"
#include "fxnorm/settings.hpp"

namespace automix::fxnorm {

/// How the EQ stage smooths the measured spectrum before the ratio target / measured.
enum class EqSmoothing {
    None,              ///< Raw measurement, as the reference.
    MovingAverage,     ///< The target's moving average (401/151 bins): version 1's D5.
    FractionalOctave,  ///< Constant-Q average over 1/EqOptions::octave_fraction octave.
};

/// Options of the EQ stage.
struct EqOptions {
    bool per_channel = false;  ///< Reference: each channel normalized, measured and filtered alone.
    EqSmoothing smoothing = EqSmoothing::FractionalOctave;  ///< Measured-spectrum smoothing.
    double octave_fraction = kEqOctaveFraction;             ///< N of the 1/N-octave smoothing.
    bool limit_to_bandwidth = true;  ///< No boost above the input's bandwidth.
    bool padded_loudness = false;    ///< Measure the -30 LUFS gain with the zero padding.
    long long pad = kPad;            ///< Zeros the measurements see on both sides of the stem.
    /// The fractional-octave window is at least this many bins wide (kEqMinSmoothingBins).
    int min_smoothing_bins = kEqMinSmoothingBins;
    double max_boost_db = kEqMaxBoostDb;  ///< |H|^2 clamp (D6); the reference has none.
    double max_cut_db = kEqMaxCutDb;      ///< |H|^2 clamp (D6); the reference has none.
};

/// Runs `stage` on every channel of `stem` alone, as a mono buffer, in place: the reference's
/// per-channel EQ and dynamics (docs/reference.md#reference-bugs, bug 6). A quiet channel is left
/// unchanged and reported as `quiet_report`. Returns {"channels": [left, right, ...]}.
nlohmann::json for_each_channel(AudioBuffer& stem, const nlohmann::json& quiet_report,
                                const std::function<nlohmann::json(AudioBuffer&)>& stage);

/// EQ matching (docs/reference.md#fx-normalization-eq): normalize to -30 LUFS, measure the average
/// spectrum, smooth it (options.smoothing), design a 1001-tap linear-phase FIR from sqrt(target /
/// measured) (no gain above 1 beyond the input's bandwidth when options.limit_to_bandwidth) and
/// apply it forward and backward (zero phase). Stereo-linked unless options.per_channel.
nlohmann::json match_eq(AudioBuffer& stem, const StemTargets& target, const StemSettings& settings,
                        const EqOptions& options = {});

/// Options of the dynamics stage.
struct DynamicsOptions {
    bool exhaustive_search = false;  ///< Scan the grid linearly in reference order.
    bool per_channel = false;  ///< Reference: each channel peak-normalized and searched alone.
    long long pad = kPad;      ///< Zeros the onset detector sees on both sides of the stem.
};

/// Dynamics matching (docs/reference.md#fx-normalization-dynamics, stereo-linked): peak-normalize
/// to -10 dBFS, measure the onset-peak descriptor and, when it is above the target band, search the
/// ratio x threshold grid for the first setting that brings it below the band's top. No onsets:
/// stem left unchanged.
nlohmann::json match_dynamics(AudioBuffer& stem, const StemTargets& target,
                              const StemSettings& settings, const DynamicsOptions& options);

/// The 1025-bin phi reference of the 2048-point analysis: blocks of 32 bins averaged, Nyquist
/// appended, times PANNING_GAIN_K (docs/reference.md#statistics-panning-reference).
std::vector<double> panning_reference(const std::vector<double>& similarity_curve);

/// Options of the panning stage.
struct PanningOptions {
    bool reference_frame_limit = false;  ///< Reproduce bug 1 (limit on the frame axis).
    bool mono_is_right = false;          ///< Reproduce bug 5 (an exactly mono source goes right).
    /// A stem whose L/R level balance over the side-detection band is within this many dB of
    /// centre is left as it is (no side, no gains); 0 follows the reference's side rule.
    double centre_balance_db = 0.0;
    /// No channel of a bin leaves louder than this times both channels' magnitudes together
    /// (D19); the reference's own behaviour reaches 370 on musdb7.
    double max_bin_gain = 1.0;
    long long pad = kPad;  ///< Zeros (besides the stage's own 2048) around the stem.
};

/// Panning matching (docs/reference.md#fx-normalization-panning with the limit on frequency bins):
/// side detection, static 0.3/0.7 offset toward the dominant side (none for a centred source),
/// per-frame per-bin gains toward the reference similarity below the stem's maximum frequency,
/// original phase kept.
nlohmann::json match_panning(AudioBuffer& stem, const StemTargets& target,
                             const StemSettings& settings, const PanningOptions& options);

/// Loudness normalization (docs/reference.md#fx-normalization-loudness): gain to the target LUFS,
/// lowered if the peak would reach full scale. The loudness is measured with `pad` zeros on both
/// sides (reference: kPad).
nlohmann::json match_loudness(AudioBuffer& stem, const StemTargets& target, long long pad = 0);

/// Highest bin of the input's bandwidth: the edge of a cliff in the average spectrum `spectrum`
/// (kTargetCurveBins magnitudes) above kBandwidthMinHz, where the level falls by at least
/// kBandwidthCliffDb from one 250 Hz band to everything above the next band (a codec's low-pass).
/// kTargetCurveBins when there is no such cliff (full bandwidth).
std::size_t bandwidth_bin(const std::vector<double>& spectrum);

}  // namespace automix::fxnorm
