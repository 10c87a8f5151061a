// Per-stem-type FX-normalization targets: what "average" EQ, dynamics, stereo image and loudness
// mean for each stem type (docs/fxnorm.md describes the JSON format).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "automix/processing_rate.hpp"
#include "automix/stem_type.hpp"

namespace automix {

/// Version of the targets JSON written by save_targets (field "version").
constexpr int kTargetsFormatVersion = 1;

/// Value of the "format" field of the targets JSON.
constexpr const char* kTargetsFormatName = "automix-fxnorm-targets";

/// Bins of the 65536-point analysis FFT at 44.1 kHz on which the curves are defined
/// (bin k <-> k * 44100 / 65536 Hz; docs/reference.md#statistics).
constexpr int kTargetCurveBins = 32769;

/// Targets of one stem type. Curves are stored exactly as the stages use them.
struct StemTargets {
    /// Average magnitude spectrum per FFT bin (kTargetCurveBins values) of stems of this type
    /// normalized to -30 LUFS, already smoothed.
    std::vector<double> eq_magnitude;
    double dynamics_mean_db = 0.0;  ///< Mean onset-peak level at -10 dBFS peak, dB.
    double dynamics_std_db = 0.0;   ///< Spread of the onset-peak level, dB (the match band).
    /// Average stereo similarity phi(f) in [0, 1] per FFT bin (kTargetCurveBins values), smoothed.
    std::vector<double> panning_similarity;
    double loudness_lufs = 0.0;  ///< Integrated loudness target (BS.1770), LUFS.
    int songs = 0;               ///< Songs that contributed (0 when unknown, e.g. reference file).
};

/// Targets for the four stem types plus where they came from.
struct Targets {
    std::array<StemTargets, kNumStemTypes> stems;  ///< Indexed by StemType.
    int sample_rate = kProcessingSampleRate;       ///< Rate the curves refer to.
    int fft_size = 65536;                          ///< Analysis FFT of the curves.
    /// Human-readable origin, e.g. "automix stats on 80 songs" or the reference file's path.
    std::string provenance;
    /// "automix" for our versioned format, "fxnorm-reference" for features_MUSDB18.json.
    std::string source_format = "automix";

    /// The targets of a stem type.
    StemTargets& operator[](StemType t) { return stems[static_cast<int>(t)]; }
    /// The targets of a stem type.
    const StemTargets& operator[](StemType t) const { return stems[static_cast<int>(t)]; }
};

/// Reads targets from our versioned JSON format or from the reference system's statistics
/// (features_MUSDB18.json: {"eq"|"compression"|"panning"|"loudness": {stem: {"values": [...]}}}).
/// Reference curves get the reference's load-time smoothing (a second pass,
/// docs/reference.md#statistics-load-time-smoothing), so
/// the stages see the curves the published system used. Throws Error(Input) naming `path` when the
/// file is missing, not JSON, of an unknown format or version, or has wrong sizes/values.
Targets load_targets(const std::string& path);

/// Writes targets in our format (version kTargetsFormatVersion), atomically. Throws Error(Output).
void save_targets(const std::string& path, const Targets& targets);

/// Checks sizes and plausible ranges (loudness -70..0 LUFS, onset level -60..0 dB and its spread
/// 0..30 dB, EQ magnitudes 0..1e4 and not all zero, panning similarity 0..1; NaN fails every
/// range); throws Error(Input) starting with `origin` and naming the field on the first problem.
void validate_targets(const Targets& targets, const std::string& origin);

}  // namespace automix
