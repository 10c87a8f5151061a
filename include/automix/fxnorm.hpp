// FX normalization (Martinez-Ramirez et al., ISMIR 2022): bring each stem to the average EQ,
// dynamics, stereo image and loudness of its stem type before mixing. See docs/fxnorm.md.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "automix/progress.hpp"
#include "automix/stem_set.hpp"
#include "automix/targets.hpp"

namespace automix {

/// Version of the FX-normalization algorithm: bumped whenever a change alters the normalized
/// audio of either mode (not for speed-ups that keep results to float rounding). Models record
/// it with the mode name, because a mixer only works on stems normalized the way it was trained.
constexpr const char* kFxNormVersion = "2";

/// How closely to follow the reference system (docs/fxnorm.md, "Modes").
enum class FxNormMode {
    /// The project's normalization: stereo-linked stages, fractional-octave EQ measurement,
    /// no boost above the stem's bandwidth, near-centre stems kept centred (deviations D1-D19).
    Default,
    /// The reference system's deliberate behaviour, for reproducing the paper's preprocessing:
    /// per-channel EQ and compression, raw measured spectrum, panning correction limited to the
    /// first frames (bug 1), a mono source panned right (bug 5), loudness measured with the
    /// zero padding. Crashes and numerical blow-ups of the reference stay fixed.
    Reference,
};

/// "default" or "reference".
const char* to_string(FxNormMode mode);

/// Parses "default" / "reference"; throws Error(Usage) naming the accepted values otherwise.
FxNormMode parse_fxnorm_mode(const std::string& name);

/// "automix-fxnorm/<kFxNormVersion> <mode>": the string a model's metadata and the report record.
std::string fxnorm_descriptor(FxNormMode mode);

/// Options of fx_normalize.
struct FxNormOptions {
    int threads = 0;  ///< Worker threads over stems; 0 = hardware concurrency.
    FxNormMode mode = FxNormMode::Default;  ///< Default normalization or reference parity.
    /// Reference parity for the compressor search: scan the whole ratio x threshold grid in the
    /// reference order (up to 1037 trials per stem) instead of the equivalent bisection.
    bool exhaustive_dynamics_search = false;
    /// Reference parity for panning (docs/reference.md#reference-bugs, bug 1): apply the frequency
    /// limit to the frame axis, as the reference code does, instead of to the frequency bins
    /// (implied by FxNormMode::Reference; on its own it changes only this in the default mode).
    bool reference_panning_frame_limit = false;
};

/// Normalized stems and a per-stem account of what every stage did.
struct FxNormResult {
    StemSet stems;          ///< Same shapes and presence flags as the input.
    nlohmann::json report;  ///< {"stems": {"vocals": {...}, ...}, "targets": provenance}.
};

/// Runs EQ -> dynamics -> panning -> loudness matching on every present stem with the targets of
/// its type. Stems must be stereo at 44.1 kHz; lengths never change. Absent, silent or quiet
/// (peak <= -50 dBFS) stems pass through untouched. Throws Error(Processing) for a wrong format.
/// The input is copied first: use an overload below when the caller no longer needs it.
FxNormResult fx_normalize(const StemSet& stems, const Targets& targets,
                          const FxNormOptions& options, const ProgressCallback& progress);

/// fx_normalize on stems the caller gives up (`fx_normalize(std::move(stems), ...)`): the audio
/// is normalized where it is, so peak memory holds one copy of the stems instead of two.
FxNormResult fx_normalize(StemSet&& stems, const Targets& targets, const FxNormOptions& options,
                          const ProgressCallback& progress);

/// fx_normalize in place: `stems` becomes the normalized stems; returns the report. The checks
/// (targets present, stereo 44.1 kHz) run before any stem is touched; if a stage throws later,
/// some stems may already be normalized and the others are unchanged.
nlohmann::json fx_normalize_in_place(StemSet& stems, const Targets& targets,
                                     const FxNormOptions& options,
                                     const ProgressCallback& progress);

/// Options of compute_targets.
struct StatsOptions {
    int threads = 0;  ///< Worker threads over songs; 0 = hardware concurrency.
    /// Normalization used between the passes (and, in reference mode, loudness measured with the
    /// zero padding, as the reference's statistics pass does).
    FxNormMode mode = FxNormMode::Default;
};

/// Computes targets from a corpus of wet stems, one folder per song holding files named
/// vocals.*, bass.*, drums.*, other.* (any libsndfile format; mono is duplicated, other rates
/// resampled to 44.1 kHz; a missing file means the song lacks that stem). Follows
/// docs/reference.md#statistics-computation in its intended order: the feature of each stage is
/// measured on stems already normalized by the earlier stages with the targets computed so far;
/// silent/quiet stems are skipped. Throws Error(Input) when a folder is unreadable or a stem type
/// has no usable stem at all.
Targets compute_targets(const std::vector<std::string>& song_dirs, const StatsOptions& options,
                        const ProgressCallback& progress);

/// Loads song `index` of a corpus (stems stereo 44.1 kHz; absent stems flagged in `present`).
using SongLoader = std::function<StemSet(std::size_t index)>;

/// compute_targets over any source of songs (e.g. synthesized in memory by tests).
Targets compute_targets(std::size_t song_count, const SongLoader& load_song,
                        const StatsOptions& options, const ProgressCallback& progress);

}  // namespace automix
