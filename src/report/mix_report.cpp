#include "report/mix_report.hpp"

#include <cmath>

#include "report/json_number.hpp"
#include "report/report_json.hpp"
#include "report/system_info.hpp"

namespace automix::report {
namespace {

// Adds the loudness and, when measured, the features of one signal to `j`.
void add_measurements(nlohmann::ordered_json& j, const Measurements& m) {
    j["loudness"] = loudness_json(m.loudness);
    if (m.features) j["features"] = features_to_json(*m.features);
}

// Per stem type: present, source files and, for present stems, their measurements.
nlohmann::ordered_json stems_json(const MixOutcome& run) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (StemType t : kAllStemTypes) {
        const StemResult& r = run.stems[static_cast<int>(t)];
        nlohmann::ordered_json s = {{"present", r.present}, {"sources", r.sources}};
        if (r.measurements) add_measurements(s, *r.measurements);
        out[to_string(t)] = s;
    }
    return out;
}

nlohmann::ordered_json fx_normalization_json(const FxNormSummary& fx) {
    nlohmann::ordered_json j = {{"applied", fx.applied}};
    if (!fx.applied) return j;
    // What a model trained on these stems must match (models record it in their metadata).
    j["mode"] = to_string(fx.mode);
    j["version"] = fxnorm_descriptor(fx.mode);
    j["targets"] = fx.targets_path;
    j["stages"] = fx.stages;
    if (!fx.saved_to.empty()) j["saved_to"] = fx.saved_to;
    return j;
}

nlohmann::ordered_json output_json(const MixOutcome& run) {
    nlohmann::ordered_json j = {{"path", run.output_path},
                                {"sample_rate", run.output_sample_rate},
                                {"bit_depth", to_string(run.sample_format)},
                                {"duration_seconds", run.duration_seconds}};
    add_measurements(j, run.output);
    return j;
}

nlohmann::ordered_json cache_json(const CacheUse& c) {
    nlohmann::ordered_json j = {{"enabled", c.enabled}};
    if (!c.enabled) return j;
    j["hit"] = c.hit;
    j["entry"] = c.path;
    return j;
}

nlohmann::ordered_json timing_json(const MixOutcome& run) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    double total = 0.0;
    for (const auto& [stage, seconds] : run.timing_seconds) {
        j[stage] = seconds;
        total += seconds;
    }
    j["total"] = total;
    return j;
}

}  // namespace

nlohmann::ordered_json first_run_sections(const MixOutcome& run) {
    return {{"engine", {{"kind", run.engine.name}, {"details", run.engine.details}}},
            {"inputs", inputs_json(run.assignments, run.inputs, run.skipped)},
            {"stems", stems_json(run)},
            {"fx_normalization", fx_normalization_json(run.fx_normalization)}};
}

nlohmann::ordered_json master_json(const MixOutcome& run) {
    nlohmann::ordered_json j = ceiling_json(run.ceiling, run.ceiling_dbtp);
    if (!run.loudness_target_lufs) {
        j["loudness_target_lufs"] = nullptr;
        return j;
    }
    const LoudnessTargetResult& r = run.loudness;
    const LimiterSettings limiter;
    j["loudness_target_lufs"] = *run.loudness_target_lufs;
    j["loudness_before_lufs"] = report::ordered_json_number(r.input_lufs);
    j["loudness_after_lufs"] = report::ordered_json_number(r.output_lufs);
    j["reached"] = r.reached;
    j["limiter"] = {{"lookahead_ms", limiter.lookahead_ms},
                    {"release_ms", limiter.release_ms},
                    {"gain_reduction_max_db", r.gain_reduction_max_db},
                    {"gain_reduction_mean_db", r.gain_reduction_mean_db},
                    {"limited_fraction", r.limited_fraction}};
    j["trim_db"] = r.trim_db;
    j["iterations"] = r.iterations;
    return j;
}

nlohmann::ordered_json mix_report_json(const nlohmann::json& invocation, const MixOutcome& run) {
    nlohmann::ordered_json rep;
    rep["schema"] = {{"name", "automix-mix-report"}, {"version", kReportSchemaVersion}};
    rep["system"] = system_info();
    rep["options"] = invocation;
    // A re-mix from the cache reports the decoding, normalization and engine of the run that
    // made the entry; they are what shaped the contributions.
    const nlohmann::ordered_json first_run =
        run.cache.hit ? run.cache.first_run : first_run_sections(run);
    for (const char* key : {"engine", "inputs", "stems", "fx_normalization"}) {
        rep[key] = first_run.at(key);
    }
    rep["cache"] = cache_json(run.cache);
    rep["controls"] = mix_settings_json(run.controls);
    if (run.mixer_decisions) rep["mixer_decisions"] = *run.mixer_decisions;
    rep["master"] = master_json(run);
    if (!run.export_stems_dir.empty()) rep["export_stems"] = run.export_stems_dir;
    rep["output"] = output_json(run);
    if (run.evaluation) {
        rep["evaluation"] = {
            {"reference", run.evaluation->reference_path},
            {"mix", evaluation_to_json(run.evaluation->mix, false)},
            {"baseline_sum", evaluation_to_json(run.evaluation->baseline_sum, false)}};
    }
    rep["timing_seconds"] = timing_json(run);
    return rep;
}

}  // namespace automix::report
