#include <atomic>
#include <mutex>
#include <utility>

#include "automix/error.hpp"
#include "automix/fxnorm.hpp"
#include "fxnorm/settings.hpp"
#include "fxnorm/stem_pipeline.hpp"

namespace automix {

nlohmann::json fx_normalize_in_place(StemSet& stems, const Targets& targets,
                                     const FxNormOptions& options,
                                     const ProgressCallback& progress) {
    if (targets[StemType::Vocals].eq_magnitude.empty()) {
        throw input_error(
            "FX normalization needs targets (a file written by `automix stats`, or the reference "
            "features_MUSDB18.json); none were given.",
            "targets_path");
    }
    validate_targets(targets, targets.provenance.empty() ? "targets" : targets.provenance);
    for (StemType type : kAllStemTypes) {
        const AudioBuffer& s = stems[type];
        if (s.num_frames() == 0) continue;
        if (s.num_channels() != 2 || s.sample_rate != fxnorm::kSampleRate) {
            throw processing_error("fxnorm: the " + to_string(type) + " stem must be stereo at " +
                                   std::to_string(fxnorm::kSampleRate) +
                                   " Hz before FX normalization");
        }
    }
    nlohmann::json report;
    fxnorm::ChainOptions chain = fxnorm::chain_options(options.mode);
    chain.dynamics.exhaustive_search = options.exhaustive_dynamics_search;
    chain.panning.reference_frame_limit |= options.reference_panning_frame_limit;

    std::array<nlohmann::json, kNumStemTypes> reports;
    std::atomic<int> stages_done{0};
    std::mutex progress_mutex;
    const int total_stages = 4 * kNumStemTypes;
    auto on_stage = [&] {
        const int done = ++stages_done;
        std::lock_guard<std::mutex> lock(progress_mutex);
        report_progress(progress, "fxnorm", static_cast<double>(done) / total_stages);
    };
    report_progress(progress, "fxnorm", 0.0);
    fxnorm::parallel_for(kNumStemTypes, options.threads, [&](std::size_t i) {
        const StemType type = kAllStemTypes[i];
        if (!stems.present[i]) {
            reports[i] = {{"skipped", "absent"}};
        } else {
            reports[i] =
                fxnorm::normalize_stem(stems.stems[i], type, targets[type], chain, on_stage);
        }
    });
    report_progress(progress, "fxnorm", 1.0);
    report["targets"] = {{"provenance", targets.provenance}, {"format", targets.source_format}};
    report["mode"] = to_string(options.mode);
    report["version"] = fxnorm_descriptor(options.mode);
    report["options"] = {{"exhaustive_dynamics_search", options.exhaustive_dynamics_search},
                         {"reference_panning_frame_limit", options.reference_panning_frame_limit}};
    for (StemType type : kAllStemTypes) {
        report["stems"][to_string(type)] = reports[static_cast<int>(type)];
    }
    return report;
}

FxNormResult fx_normalize(StemSet&& stems, const Targets& targets, const FxNormOptions& options,
                          const ProgressCallback& progress) {
    FxNormResult result;
    result.stems = std::move(stems);
    result.report = fx_normalize_in_place(result.stems, targets, options, progress);
    return result;
}

FxNormResult fx_normalize(const StemSet& stems, const Targets& targets,
                          const FxNormOptions& options, const ProgressCallback& progress) {
    return fx_normalize(StemSet(stems), targets, options, progress);
}

}  // namespace automix
