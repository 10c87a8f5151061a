// The only place that chains the stages (docs/architecture.md).
#include "automix/pipeline.hpp"

#include <unistd.h>

#include <filesystem>

#include "automix/atomic_file.hpp"
#include "automix/error.hpp"
#include "automix/eval.hpp"
#include "automix/features.hpp"
#include "automix/fxnorm.hpp"
#include "automix/loudness.hpp"
#include "automix/master.hpp"
#include "automix_version.hpp"
#include "io_guard/mix_outputs.hpp"
#include "report/report_json.hpp"
#include "report/stage_timer.hpp"
#include "report/system_info.hpp"

namespace automix {
namespace fs = std::filesystem;

std::optional<EngineKind> parse_engine_kind(const std::string& name) {
    if (name == "sum") return EngineKind::Sum;
    if (name == "normalized") return EngineKind::Normalized;
    if (name == "model") return EngineKind::Model;
    return std::nullopt;
}

std::string to_string(EngineKind kind) {
    switch (kind) {
        case EngineKind::Sum:
            return "sum";
        case EngineKind::Normalized:
            return "normalized";
        case EngineKind::Model:
            return "model";
    }
    return "sum";
}

namespace {

std::string default_report_path(const std::string& output) {
    return fs::path(output).replace_extension(".json").string();
}

// Fails fast, before minutes of processing, when a result could not be written anyway.
void check_writable_folder(const std::string& file) {
    const fs::path p(file);
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        throw output_error(file + ": output folder " + dir.string() + " does not exist");
    }
    if (access(dir.c_str(), W_OK) != 0) {
        throw output_error(file + ": output folder " + dir.string() + " is not writable");
    }
    if (fs::is_directory(p, ec)) throw output_error(file + ": is a folder, not a file name");
}

// Stages each present normalized stem as <dir>/<type>.wav, 32-bit float so nothing is clipped
// or requantized on its way to the user's editor; they appear with the mix, or not at all.
void save_normalized_stems(const StemSet& stems, const std::string& dir, StagedOutputs& staged) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw output_error(dir + ": cannot create folder for normalized stems: " + ec.message());
    for (StemType t : kAllStemTypes) {
        if (!stems.present[static_cast<int>(t)]) continue;
        const std::string path = (fs::path(dir) / (to_string(t) + ".wav")).string();
        staged.stage(path, [&](const std::string& temp) {
            encode_audio(temp, path, stems[t], WriteOptions{SampleFormat::Float32, ""});
        });
    }
}

// Loudness (and the objective features when asked) of one stereo buffer as report fields. The
// features already contain the loudness analysis, so the signal is measured once, not twice.
nlohmann::ordered_json measurements_json(const AudioBuffer& audio, bool with_features) {
    nlohmann::ordered_json j;
    if (!with_features) {
        j["loudness"] = report::loudness_json(measure_loudness(audio));
        return j;
    }
    const FeatureSet features = compute_features(audio);
    j["loudness"] = report::loudness_json(features.loudness.stats);
    j["features"] = features_to_json(features);
    return j;
}

AudioBuffer plain_sum(const StemSet& stems) { return make_sum_engine()->mix(stems, nullptr); }

std::unique_ptr<MixerEngine> make_engine(const MixOptions& o) {
    if (o.engine != EngineKind::Model) return make_sum_engine();
    ModelEngineOptions m = o.model;
    if (m.threads == 0) m.threads = o.threads;
    return load_model_engine(m);
}

}  // namespace

MixOutcome run_mix(const MixOptions& options, const ProgressCallback& progress) {
    report::StageTimer timer;
    MixOutcome outcome;
    nlohmann::ordered_json& rep = outcome.report;
    rep["schema"] = {{"name", "automix-mix-report"}, {"version", report::kReportSchemaVersion}};
    rep["system"] = report::system_info();
    rep["options"] = options.invocation;

    const std::string report_path = options.report_path.empty()
                                        ? default_report_path(options.output_path)
                                        : options.report_path;
    io_guard::check_mix_outputs(options, report_path);
    check_writable_folder(options.output_path);
    check_writable_folder(report_path);

    timer.start("load_engine");
    std::unique_ptr<MixerEngine> engine = make_engine(options);
    rep["engine"] = {{"kind", to_string(options.engine)}, {"details", engine->describe()}};

    const bool normalize = options.engine != EngineKind::Sum && options.fx_normalize;
    Targets targets;
    if (normalize) {
        if (options.targets_path.empty()) {
            throw usage_error(
                "--engine " + to_string(options.engine) +
                " FX-normalizes the stems and needs targets: pass --targets PATH (from "
                "'automix stats', or the paper's features_MUSDB18.json), or add --no-fxnorm");
        }
        targets = load_targets(options.targets_path);
    }
    AudioBuffer reference;
    if (!options.reference_path.empty()) reference = read_audio(options.reference_path);

    timer.start("discover");
    const Discovery found = discover_stem_files(options.stems_dir);
    outcome.assignments = assign_stems(found.audio_files, options.overrides, found.automix_mixes);
    outcome.skipped = found.skipped;

    timer.start("decode");
    std::vector<InputRecord> records;
    StemSet stems = load_stems(outcome.assignments, kProcessingSampleRate, &records, progress);
    rep["inputs"] = report::inputs_json(outcome.assignments, records, found.skipped);

    timer.start("measure_stems");
    const report::MeasureFn measure = [&](const AudioBuffer& audio) {
        return measurements_json(audio, options.compute_features);
    };
    rep["stems"] = report::stems_json(stems, measure);
    // The baseline of the paper's Table 2: the plain sum of the input stems.
    AudioBuffer baseline;
    if (!options.reference_path.empty()) baseline = plain_sum(stems);

    rep["fx_normalization"] = {{"applied", normalize}};
    StagedOutputs staged;  // mix, report and normalized stems appear together or not at all
    if (normalize) {
        timer.start("fx_normalization");
        FxNormOptions fx;
        fx.threads = options.threads;
        fx.mode = options.fxnorm_mode;
        // What a model trained on these stems must match (models record it in their metadata).
        rep["fx_normalization"]["mode"] = to_string(options.fxnorm_mode);
        rep["fx_normalization"]["version"] = fxnorm_descriptor(options.fxnorm_mode);
        // In place: one copy of the stems in memory, not two.
        rep["fx_normalization"]["targets"] = options.targets_path;
        rep["fx_normalization"]["stages"] = fx_normalize_in_place(stems, targets, fx, progress);
        if (!options.save_normalized_dir.empty()) {
            timer.start("save_normalized");
            save_normalized_stems(stems, options.save_normalized_dir, staged);
            rep["fx_normalization"]["saved_to"] = options.save_normalized_dir;
        }
    }

    timer.start("mix");
    AudioBuffer mix = engine->mix(stems, progress);
    rep["engine"]["details"] = engine->describe();  // now with what the run actually did
    stems = StemSet();  // release the stems before resampling/writing: bounded peak memory

    timer.start("master");
    if (options.output_sample_rate != mix.sample_rate) {
        mix = resample(mix, options.output_sample_rate);
    }
    const CeilingResult ceiling = apply_true_peak_ceiling(mix, options.true_peak_ceiling_dbtp);
    rep["master"] = report::ceiling_json(ceiling, options.true_peak_ceiling_dbtp);

    check_mix_is_sane(mix, options.output_path);

    timer.start("write");
    // The software tag lets a later run recognise this file if it sits among stems.
    const WriteOptions write{options.sample_format,
                             std::string(kMixSoftwareTag) + " " + AUTOMIX_VERSION};
    staged.stage(options.output_path, [&](const std::string& temp) {
        encode_audio(temp, options.output_path, mix, write);
    });
    rep["output"] = {{"path", options.output_path},
                     {"sample_rate", mix.sample_rate},
                     {"bit_depth", to_string(options.sample_format)},
                     {"duration_seconds", mix.duration_seconds()}};
    timer.start("measure_mix");
    const nlohmann::ordered_json mix_measurements = measure(mix);  // named: items() needs it alive
    for (auto& [key, value] : mix_measurements.items()) rep["output"][key] = value;
    if (!options.reference_path.empty()) {
        timer.start("evaluation");
        rep["evaluation"] = {
            {"reference", options.reference_path},
            {"mix", evaluation_to_json(evaluate_pair(mix, reference), false)},
            {"baseline_sum", evaluation_to_json(evaluate_pair(baseline, reference), false)}};
    }

    timer.stop();
    rep["timing_seconds"] = timer.json();
    const std::string report_text = rep.dump(2) + "\n";
    staged.stage(report_path,
                 [&](const std::string& temp) { write_file_atomically(temp, report_text); });
    staged.commit();
    rep["report_path"] = report_path;
    return outcome;
}

}  // namespace automix
