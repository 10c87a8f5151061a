// The mix pipeline: the one place that chains the stages, from a folder of stems to a mix file
// and its report. Everything else in the library is a stage that takes and returns plain values.
#pragma once

#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "automix/audio_io.hpp"
#include "automix/eval.hpp"
#include "automix/features.hpp"
#include "automix/fxnorm.hpp"
#include "automix/loudness.hpp"
#include "automix/loudness_target.hpp"
#include "automix/master.hpp"
#include "automix/mix_controls.hpp"
#include "automix/mixer.hpp"
#include "automix/model_info.hpp"
#include "automix/processing_rate.hpp"
#include "automix/progress.hpp"
#include "automix/stems.hpp"

namespace automix {

/// The default loudness target: the level streaming services normalize to (docs/master.md).
inline constexpr double kDefaultLoudnessLufs = -14.0;
/// The quietest loudness target accepted: BS.1770's absolute gate (nothing below it is measured).
inline constexpr double kMinLoudnessLufs = -70.0;

/// Everything a mix run needs. The CLI binds its options to these fields (src/cli/mix_options.cpp);
/// library users fill them directly.
struct MixOptions {
    std::string stems_dir;    ///< Folder with the stems.
    std::string output_path;  ///< Mix file, .wav or .flac.
    std::string report_path;  ///< JSON report; empty = output_path with extension .json.
    /// File name (or name without extension) -> stem type or "skip"; wins over the stem map file.
    StemOverrides overrides;
    std::string stem_map_path;   ///< JSON file of more overrides (read by run_mix); "" = none.
    std::string engine = "sum";  ///< Mixer engine: a name from engine_registry().
    ModelEngineOptions model;    ///< Engine settings (the model file and its segmentation).
    int threads = 0;             ///< Worker threads for every stage; 0 = all cores.
    int output_sample_rate = kProcessingSampleRate;    ///< Rate of the written mix.
    SampleFormat sample_format = SampleFormat::Pcm24;  ///< Bit depth of the written mix.
    double true_peak_ceiling_dbtp = -1.0;  ///< Master safety ceiling (EBU R128 distribution limit).
    /// Integrated loudness the master brings the mix to, LUFS (with the true-peak lookahead
    /// limiter at the ceiling); nullopt = no target, only a static gain down to the ceiling.
    std::optional<double> loudness_lufs = kDefaultLoudnessLufs;
    /// Per-stem gain, pan, width, mute and solo applied to the engine's contributions.
    MixControls controls;
    std::string mix_settings_path;  ///< Where `controls` were read from, if a file (an input).
    /// Contribution cache folder ("" = none): a run with the same inputs and engine settings
    /// re-mixes from it without decoding, FX normalization or the network (docs/controls.md).
    std::string cache_dir;
    std::string export_stems_dir;  ///< When set, write the per-stem contributions here.
    bool fx_normalize = true;      ///< FX-normalize before the engines that ask for it (registry).
    FxNormMode fxnorm_mode = FxNormMode::Default;  ///< Default normalization or reference parity.
    std::string targets_path;         ///< Normalization targets JSON (required when normalizing).
    std::string save_normalized_dir;  ///< When set, write the normalized stems here.
    std::string reference_path;       ///< Reference mix to compare with (features + errors).
    bool compute_features = true;     ///< Objective features of every stem and of the mix.
    /// Accept the mix and report in the stems folder (the user asked); an existing stem is still
    /// never replaced, and the mix is recognised and skipped by later runs.
    bool allow_outputs_in_stems_dir = false;
    nlohmann::json invocation;  ///< Options as given, copied into the report's "options".
};

/// Loudness and, when asked, the objective features of one stereo signal.
struct Measurements {
    LoudnessStats loudness;              ///< BS.1770 loudness, range and peaks.
    std::optional<FeatureSet> features;  ///< Present when MixOptions::compute_features.
};

/// One of the four stem types as the run saw it, before FX normalization.
struct StemResult {
    bool present = false;                      ///< At least one file was grouped into it.
    std::vector<std::string> sources;          ///< The files summed into it.
    std::optional<Measurements> measurements;  ///< For present, non-empty stems.
};

/// What FX normalization did.
struct FxNormSummary {
    bool applied = false;  ///< False when the engine does not ask for it or it is off.
    FxNormMode mode = FxNormMode::Default;  ///< Chain used (when applied).
    std::string targets_path;               ///< Targets file used (when applied).
    nlohmann::json stages;  ///< Per stem and stage: what each stage measured and changed.
    std::string saved_to;   ///< Folder the normalized stems were written to, or "".
};

/// The mixer that ran.
struct EngineResult {
    std::string name;                ///< Registry name ("sum", "normalized", "model").
    nlohmann::json details;          ///< MixerEngine::describe() after the mix.
    std::string model_path;          ///< The model file, for engines that run one; else "".
    std::optional<ModelInfo> model;  ///< Its metadata (e.g. `trained`), for those engines.
};

/// The comparison with a reference mix (MixOptions::reference_path).
struct ReferenceComparison {
    std::string reference_path;   ///< The reference file.
    PairEvaluation mix;           ///< The mix against the reference.
    PairEvaluation baseline_sum;  ///< The plain sum of the input stems against the reference.
};

/// What the contribution cache did in a run.
struct CacheUse {
    bool enabled = false;  ///< MixOptions::cache_dir was set.
    bool hit = false;      ///< The contributions came from the cache.
    std::string path;      ///< The entry read or written.
    /// On a hit: the report sections of the run that made the entry (inputs, stems,
    /// fx_normalization, engine), reported as they were.
    nlohmann::ordered_json first_run;
};

/// What a run produced, as typed values (report/ turns them into the JSON report).
struct MixOutcome {
    nlohmann::ordered_json report;                ///< The report as written, plus "report_path".
    std::string output_path;                      ///< The mix file written.
    std::string report_path;                      ///< The report file written.
    std::vector<StemAssignment> assignments;      ///< How each file was grouped.
    std::vector<SkippedFile> skipped;             ///< Files discovery left out.
    std::vector<InputRecord> inputs;              ///< Header facts of every decoded file.
    std::array<StemResult, kNumStemTypes> stems;  ///< Per stem type, in kAllStemTypes order.
    FxNormSummary fx_normalization;               ///< What FX normalization did.
    EngineResult engine;                          ///< The mixer that ran.
    int processing_sample_rate = kProcessingSampleRate;  ///< Rate the stems were mixed at.
    /// The master's static gain and true peak before/after (the ceiling alone, or the loudness
    /// target's gain including its trim).
    CeilingResult ceiling;
    std::optional<double> loudness_target_lufs;  ///< The loudness target, when one was set.
    LoudnessTargetResult loudness;               ///< What the loudness master did (with a target).
    MixControls controls;                        ///< The per-stem controls applied.
    /// Per stem type, the change from the dry input to its contribution (mixer_decisions_json).
    std::optional<nlohmann::ordered_json> mixer_decisions;
    CacheUse cache;                ///< What the contribution cache did.
    std::string export_stems_dir;  ///< Where the contributions were exported, or "".
    double ceiling_dbtp = 0.0;     ///< The ceiling asked for.
    int output_sample_rate = 0;    ///< Rate of the written mix.
    SampleFormat sample_format = SampleFormat::Pcm24;  ///< Sample format of the written mix.
    double duration_seconds = 0.0;                     ///< Length of the written mix.
    Measurements output;                            ///< Loudness (and features) of the written mix.
    std::optional<ReferenceComparison> evaluation;  ///< When a reference was given.
    /// Wall-clock seconds per stage, in the order the stages ran.
    std::vector<std::pair<std::string, double>> timing_seconds;
};

/// Creates the engine `options.engine` with `options.model` (threads defaulting to
/// options.threads). Throws Error(Usage) for an unknown engine, Error(Model) for an unusable
/// model file. The engine can be passed to run_mix for any number of songs (one model load).
std::unique_ptr<MixerEngine> make_mix_engine(const MixOptions& options);

/// Runs the whole pipeline: checks that no output would overwrite an input or land in the stems
/// folder (Error(Usage)) and that the outputs can be written, loads the engine (model problems
/// surface before any decoding; with a cache, only when the contributions are not in it, so a
/// re-mix never loads a model), discovers and groups the stems, decodes them at the processing
/// rate, FX-normalizes when the engine needs it, mixes into per-stem contributions (or reads them
/// from the cache), applies the per-stem controls, sums, masters (loudness target and limiter, or
/// the ceiling alone), refuses a non-finite or full-scale-DC mix, and writes the mix, its report,
/// the normalized or exported stems and the cache entry as one batch (temporary files, renamed
/// together at the end). Throws automix::Error; on error no
/// output file is left behind.
MixOutcome run_mix(const MixOptions& options, const ProgressCallback& progress);

/// The same with an engine made earlier by make_mix_engine(options) for the same engine name:
/// a batch of songs loads the model once. The engine is not thread-safe; one run at a time.
MixOutcome run_mix(const MixOptions& options, MixerEngine& engine,
                   const ProgressCallback& progress);

/// The rate the stems are decoded and mixed at: the engine's required rate, or the processing
/// rate when it accepts any. Throws Error(Usage) when FX normalization is on and the engine needs
/// another rate than the one normalization works at.
int processing_sample_rate(const MixerEngine& engine, bool fx_normalize);

}  // namespace automix
