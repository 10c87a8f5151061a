// The mix pipeline: the one place that chains the stages, from a folder of stems to a mix file
// and its report. Everything else in the library is a stage that takes and returns plain values.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "automix/audio_io.hpp"
#include "automix/fxnorm.hpp"
#include "automix/mixer.hpp"
#include "automix/progress.hpp"
#include "automix/stems.hpp"

namespace automix {

/// Which mixer produces the mix.
enum class EngineKind {
    Sum,         ///< Plain sum of the grouped stems (no FX normalization).
    Normalized,  ///< Sum of the FX-normalized stems (the paper's "Normalized" baseline).
    Model,       ///< The TorchScript network on the FX-normalized stems.
};

/// Parses "sum" | "normalized" | "model".
std::optional<EngineKind> parse_engine_kind(const std::string& name);
/// Name of an engine kind as accepted by parse_engine_kind.
std::string to_string(EngineKind kind);

/// The internal processing rate: the network's rate (fxnorm-spec §1.1).
inline constexpr int kProcessingSampleRate = 44100;

/// Everything a mix run needs. The CLI fills it from options; library users fill it directly.
struct MixOptions {
    std::string stems_dir;    ///< Folder with the stems.
    std::string output_path;  ///< Mix file, .wav or .flac.
    std::string report_path;  ///< JSON report; empty = output_path with extension .json.
    StemOverrides overrides;  ///< From --stem and --stem-map.
    EngineKind engine = EngineKind::Sum;  ///< Mixer engine.
    ModelEngineOptions model;             ///< Used when engine == Model.
    int threads = 0;                      ///< Worker threads for every stage; 0 = all cores.
    int output_sample_rate = kProcessingSampleRate;    ///< Rate of the written mix.
    SampleFormat sample_format = SampleFormat::Pcm24;  ///< Bit depth of the written mix.
    double true_peak_ceiling_dbtp = -1.0;  ///< Master safety ceiling (EBU R128 distribution limit).
    bool fx_normalize = true;              ///< FX-normalize before the Normalized/Model engines.
    FxNormMode fxnorm_mode = FxNormMode::Default;  ///< Default normalization or reference parity.
    std::string targets_path;         ///< Normalization targets JSON (required when normalizing).
    std::string save_normalized_dir;  ///< When set, write the normalized stems here.
    std::string reference_path;       ///< Reference mix to compare with (features + errors).
    bool compute_features = true;     ///< Objective features of every stem and of the mix.
    std::string stem_map_path;  ///< Where `overrides` came from, if a file (protected as an input).
    /// Accept the mix and report in the stems folder (the user asked); an existing stem is still
    /// never replaced, and the mix is recognised and skipped by later runs.
    bool allow_outputs_in_stems_dir = false;
    nlohmann::json invocation;  ///< Options as given, copied into the report.
};

/// What a run produced.
struct MixOutcome {
    nlohmann::ordered_json report;            ///< The report as written.
    std::vector<StemAssignment> assignments;  ///< How each file was grouped.
    std::vector<SkippedFile> skipped;         ///< Files discovery left out.
};

/// Runs the whole pipeline: checks that no output would overwrite an input or land in the stems
/// folder (Error(Usage)) and that the outputs can be written, loads the engine (model problems
/// surface before any decoding), discovers and groups the stems, decodes them at the processing
/// rate, FX-normalizes when the engine needs it, mixes, applies the true-peak ceiling, refuses a
/// non-finite or full-scale-DC mix, and writes the mix, its report and the normalized stems as one
/// batch (temporary files, renamed together at the end). Throws automix::Error; on error no
/// output file is left behind.
MixOutcome run_mix(const MixOptions& options, const ProgressCallback& progress);

}  // namespace automix
