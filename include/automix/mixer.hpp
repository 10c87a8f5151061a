// Mixer engines: turn four FX-normalized stems into a stereo mix (sum, or the neural network).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "automix/audio_buffer.hpp"
#include "automix/model_info.hpp"
#include "automix/progress.hpp"
#include "automix/stem_set.hpp"

namespace automix {

/// A way of mixing the four stems into a stereo signal. Engines are not thread-safe: use one per
/// thread. They never print; failures are thrown as automix::Error.
class MixerEngine {
  public:
    virtual ~MixerEngine() = default;
    /// Short name of the implementation for logs: "sum" or "model".
    virtual std::string name() const = 0;
    /// Everything the report should record about this engine (for "model": file path, sha256 of
    /// the file, its metadata, threads, segment/overlap/context actually used).
    virtual nlohmann::json describe() const = 0;
    /// The metadata of the model file this engine runs, or nullptr for engines without one.
    virtual const ModelInfo* model_info() const { return nullptr; }
    /// The model file this engine runs, or "" for engines without one.
    virtual std::string model_path() const { return ""; }
    /// Tells the engine what FX normalization did to the stems it is about to mix (the report
    /// fx_normalize returned: an object with "stems"). Conditioned models read it (docs/model.md,
    /// "Conditioning"); other engines ignore it. Without a call, the stems count as unchanged.
    virtual void set_fx_normalization_account(const nlohmann::json& fxnorm_report) {
        (void)fxnorm_report;
    }
    /// The sample rate the stems must have, or 0 when any rate works.
    virtual int required_sample_rate() const = 0;
    /// Mixes stereo stems of equal length (at required_sample_rate() when non-zero) into a stereo
    /// buffer of exactly the input length; nothing is truncated, an empty input gives an empty mix.
    /// Reports progress under the stage name "mix". Throws Error(Processing) on failure.
    virtual AudioBuffer mix(const StemSet& stems, const ProgressCallback& progress) = 0;
    /// Whether mix_contributions() can tell the stems apart (false for format-1 model files).
    virtual bool has_contributions() const { return true; }
    /// Mixes like mix() but returns each stem's stereo contribution (input length and rate,
    /// `present` and `sources` copied from the input); their sum is the mix, up to float rounding
    /// for networks (docs/controls.md says what a contribution is per engine). Takes the stems by
    /// value so a caller that no longer needs them can move them in (the sum engine returns them
    /// as they are). Throws Error(Usage) when !has_contributions(), Error(Processing) on failure.
    virtual StemSet mix_contributions(StemSet stems, const ProgressCallback& progress) = 0;
};

/// The plain sum of the four stems, sample by sample (the baseline engine).
std::unique_ptr<MixerEngine> make_sum_engine();

/// How to load and run a TorchScript mixer model (see docs/model.md).
struct ModelEngineOptions {
    std::string model_path;  ///< TorchScript file written by models/export.py.
    /// Intra-op threads for LibTorch (at::set_num_threads, process-wide); 0 = all cores
    /// (std::thread::hardware_concurrency). One thread is faster when other work shares the CPU.
    int threads = 0;
    /// Network window length in seconds (rounded down to a multiple of 64 samples); 0 = the model's
    /// recommended value; +infinity (or anything longer than the song) = one single pass.
    double segment_seconds = 0.0;
    /// Crossfade length between consecutive windows in seconds (rounded to a multiple of 64
    /// samples); < 0 = the model's recommended value; 0 = hard cut.
    double overlap_seconds = -1.0;
    /// Windows run through the network in one call; 0 = the model's recommended_batch (1 for
    /// format-1 files). Larger batches are faster; memory grows with batch x segment.
    std::size_t batch = 0;
    /// Tune glibc malloc to keep freed memory mapped (measured 1.5-1.7x faster on this VM
    /// class). Process-wide and irreversible; the price is that RSS keeps its high-water mark.
    bool tune_allocator = true;
};

/// Loads and validates a TorchScript mixer: the file must exist, be TorchScript, carry compatible
/// automix.json metadata, and run on a short silent probe. Throws Error(Model) whose message starts
/// with the file path; throws Error(Usage) when the segment/overlap options are impossible.
/// The engine lives in the model module (libautomix_model.so, the only part of automix that
/// links LibTorch), opened on the first call: $AUTOMIX_MODEL_MODULE when set, else the module
/// next to the running executable, else the one in the install prefix's lib/automix/. A missing
/// or foreign module, or a build without LibTorch, is an Error(Model) naming the files tried.
std::unique_ptr<MixerEngine> load_model_engine(const ModelEngineOptions& options);

/// One row of the engine registry (src/mixer/engine_registry.cpp): a mixer the user can choose by
/// name. Adding an engine is one implementation file in src/mixer/ plus one row.
struct EngineSpec {
    std::string name;         ///< What the engine option accepts and the report records.
    std::string description;  ///< One line for --help.
    /// The stems are FX-normalized before this engine (unless the caller turns normalization off).
    bool needs_fx_normalization = false;
    /// Creates the engine; every engine receives the same settings and reads what it needs.
    std::unique_ptr<MixerEngine> (*make)(const ModelEngineOptions& settings) = nullptr;
    /// The engine runs the file ModelEngineOptions::model_path (and honours its window settings):
    /// they key the contribution cache, which is checked before the engine is made.
    bool runs_model_file = false;
};

/// Every engine, in the order help texts list them.
const std::vector<EngineSpec>& engine_registry();

/// The registry row called `name`, or nullptr.
const EngineSpec* find_engine(const std::string& name);

/// The registered names, in registry order.
std::vector<std::string> engine_names();

/// Creates the engine called `name`. Throws Error(Usage) for an unknown name, and whatever the
/// engine's factory throws (Error(Model) for an unusable model file).
std::unique_ptr<MixerEngine> make_engine(const std::string& name,
                                         const ModelEngineOptions& settings);

}  // namespace automix
