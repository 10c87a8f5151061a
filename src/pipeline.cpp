// The only place that chains the stages (docs/architecture.md). It collects typed results;
// report/ turns them into the JSON report.
#include "automix/pipeline.hpp"

#include <unistd.h>

#include <filesystem>

#include "automix/atomic_file.hpp"
#include "automix/error.hpp"
#include "automix_version.hpp"
#include "io_guard/mix_outputs.hpp"
#include "report/mix_report.hpp"
#include "report/stage_timer.hpp"

namespace automix {
namespace fs = std::filesystem;

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

// Loudness (and the objective features when asked) of one stereo buffer. The features already
// contain the loudness analysis, so the signal is measured once, not twice.
Measurements measure(const AudioBuffer& audio, bool with_features) {
    Measurements m;
    if (!with_features) {
        m.loudness = measure_loudness(audio);
        return m;
    }
    m.features = compute_features(audio);
    m.loudness = m.features->loudness.stats;
    return m;
}

AudioBuffer plain_sum(const StemSet& stems) { return make_sum_engine()->mix(stems, nullptr); }

const EngineSpec& engine_spec(const std::string& name) {
    const EngineSpec* spec = find_engine(name);
    if (!spec) throw usage_error("unknown mixer engine '" + name + "'");
    return *spec;
}

}  // namespace

std::unique_ptr<MixerEngine> make_mix_engine(const MixOptions& options) {
    ModelEngineOptions settings = options.model;
    if (settings.threads == 0) settings.threads = options.threads;
    return make_engine(options.engine, settings);
}

int processing_sample_rate(const MixerEngine& engine, bool fx_normalize) {
    const int required = engine.required_sample_rate();
    if (required == 0) return kProcessingSampleRate;
    if (fx_normalize && required != kProcessingSampleRate) {
        throw usage_error("the " + engine.name() + " engine mixes at " + std::to_string(required) +
                          " Hz, but FX normalization works at " +
                          std::to_string(kProcessingSampleRate) + " Hz; turn normalization off");
    }
    return required;
}

namespace {

std::string report_path_of(const MixOptions& options) {
    return options.report_path.empty() ? default_report_path(options.output_path)
                                       : options.report_path;
}

// Output problems surface before a model is loaded, model problems before any decoding.
void check_outputs(const MixOptions& options) {
    io_guard::check_mix_outputs(options, report_path_of(options));
    check_writable_folder(options.output_path);
    check_writable_folder(report_path_of(options));
}

MixOutcome mix_song(const MixOptions& options, MixerEngine& engine,
                    const ProgressCallback& progress, report::StageTimer& timer);

}  // namespace

MixOutcome run_mix(const MixOptions& options, const ProgressCallback& progress) {
    check_outputs(options);
    report::StageTimer timer;
    timer.start("load_engine");
    std::unique_ptr<MixerEngine> engine = make_mix_engine(options);
    return mix_song(options, *engine, progress, timer);
}

MixOutcome run_mix(const MixOptions& options, MixerEngine& engine,
                   const ProgressCallback& progress) {
    check_outputs(options);
    report::StageTimer timer;
    return mix_song(options, engine, progress, timer);
}

namespace {

MixOutcome mix_song(const MixOptions& options, MixerEngine& engine,
                    const ProgressCallback& progress, report::StageTimer& timer) {
    MixOutcome out;
    out.output_path = options.output_path;
    out.report_path = report_path_of(options);

    const EngineSpec& spec = engine_spec(options.engine);
    out.engine.name = spec.name;
    out.engine.model_path = engine.model_path();
    if (const ModelInfo* info = engine.model_info()) out.engine.model = *info;

    const bool normalize = spec.needs_fx_normalization && options.fx_normalize;
    out.processing_sample_rate = processing_sample_rate(engine, normalize);
    Targets targets;
    if (normalize) {
        if (options.targets_path.empty()) {
            throw usage_error("the " + spec.name +
                              " engine FX-normalizes the stems and needs a targets file (written "
                              "by 'automix stats', or the paper's features_MUSDB18.json); none "
                              "was given");
        }
        targets = load_targets(options.targets_path);
    }
    AudioBuffer reference;
    if (!options.reference_path.empty()) reference = read_audio(options.reference_path);

    timer.start("discover");
    const Discovery found = discover_stem_files(options.stems_dir);
    out.assignments = assign_stems(found.audio_files, options.overrides, found.automix_mixes);
    out.skipped = found.skipped;

    timer.start("decode");
    StemSet stems = load_stems(out.assignments, out.processing_sample_rate, &out.inputs, progress);

    timer.start("measure_stems");
    for (StemType t : kAllStemTypes) {
        const int i = static_cast<int>(t);
        StemResult& r = out.stems[i];
        r.present = stems.present[i];
        r.sources = stems.sources[i];
        if (r.present && stems.stems[i].num_frames() > 0) {
            r.measurements = measure(stems.stems[i], options.compute_features);
        }
    }
    // The baseline of the paper's Table 2: the plain sum of the input stems.
    AudioBuffer baseline;
    if (!options.reference_path.empty()) baseline = plain_sum(stems);

    out.fx_normalization.applied = normalize;
    StagedOutputs staged;  // mix, report and normalized stems appear together or not at all
    if (normalize) {
        timer.start("fx_normalization");
        FxNormOptions fx;
        fx.threads = options.threads;
        fx.mode = options.fxnorm_mode;
        out.fx_normalization.mode = options.fxnorm_mode;
        out.fx_normalization.targets_path = options.targets_path;
        // In place: one copy of the stems in memory, not two.
        out.fx_normalization.stages = fx_normalize_in_place(stems, targets, fx, progress);
        if (!options.save_normalized_dir.empty()) {
            timer.start("save_normalized");
            save_normalized_stems(stems, options.save_normalized_dir, staged);
            out.fx_normalization.saved_to = options.save_normalized_dir;
        }
    }

    timer.start("mix");
    AudioBuffer mix = engine.mix(stems, progress);
    out.engine.details = engine.describe();  // after the mix: what the run actually did
    stems = StemSet();  // release the stems before resampling/writing: bounded peak memory

    timer.start("master");
    if (options.output_sample_rate != mix.sample_rate) {
        mix = resample(mix, options.output_sample_rate);
    }
    out.ceiling_dbtp = options.true_peak_ceiling_dbtp;
    out.ceiling = apply_true_peak_ceiling(mix, options.true_peak_ceiling_dbtp);

    check_mix_is_sane(mix, options.output_path);

    timer.start("write");
    // The software tag lets a later run recognise this file if it sits among stems.
    const WriteOptions write{options.sample_format,
                             std::string(kMixSoftwareTag) + " " + AUTOMIX_VERSION};
    staged.stage(options.output_path, [&](const std::string& temp) {
        encode_audio(temp, options.output_path, mix, write);
    });
    out.output_sample_rate = mix.sample_rate;
    out.sample_format = options.sample_format;
    out.duration_seconds = mix.duration_seconds();
    timer.start("measure_mix");
    out.output = measure(mix, options.compute_features);
    if (!options.reference_path.empty()) {
        timer.start("evaluation");
        out.evaluation = ReferenceComparison{options.reference_path, evaluate_pair(mix, reference),
                                             evaluate_pair(baseline, reference)};
    }

    timer.stop();
    out.timing_seconds = timer.stages();
    out.report = report::mix_report_json(options.invocation, out);
    const std::string report_text = out.report.dump(2) + "\n";
    staged.stage(out.report_path,
                 [&](const std::string& temp) { write_file_atomically(temp, report_text); });
    staged.commit();
    out.report["report_path"] = out.report_path;
    return out;
}

}  // namespace
}  // namespace automix
