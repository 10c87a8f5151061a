#include "report/mix_report.hpp"

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

nlohmann::ordered_json mix_report_json(const nlohmann::json& invocation, const MixOutcome& run) {
    nlohmann::ordered_json rep;
    rep["schema"] = {{"name", "automix-mix-report"}, {"version", kReportSchemaVersion}};
    rep["system"] = system_info();
    rep["options"] = invocation;
    rep["engine"] = {{"kind", run.engine.name}, {"details", run.engine.details}};
    rep["inputs"] = inputs_json(run.assignments, run.inputs, run.skipped);
    rep["stems"] = stems_json(run);
    rep["fx_normalization"] = fx_normalization_json(run.fx_normalization);
    rep["master"] = ceiling_json(run.ceiling, run.ceiling_dbtp);
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
