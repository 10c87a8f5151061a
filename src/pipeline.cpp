// The only place that chains the stages (docs/architecture.md). It collects typed results;
// report/ turns them into the JSON report.
#include "automix/pipeline.hpp"

#include <unistd.h>

#include <filesystem>

#include "automix/atomic_file.hpp"
#include "automix/contribution_cache.hpp"
#include "automix/error.hpp"
#include "automix/mixer_decisions.hpp"
#include "automix/stem_export.hpp"
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

// Everything that shapes the contributions (docs/controls.md, "--cache"): the stem files and
// their types, the engine and its settings, FX normalization, the version. It is known before the
// engine is made (the processing rate follows from the engine and its model file), so a re-mix
// from the cache never loads a model.
nlohmann::json contribution_identity(const MixOptions& o, const EngineSpec& spec,
                                     const std::vector<StemAssignment>& assignments,
                                     bool normalize) {
    nlohmann::json files = nlohmann::json::array();
    for (const StemAssignment& a : assignments) {
        if (a.type)
            files.push_back({{"type", to_string(*a.type)}, {"file", file_identity(a.path)}});
    }
    nlohmann::json id = {{"automix", AUTOMIX_VERSION},
                         {"engine", o.engine},
                         {"stems", files},
                         {"fx_normalization", normalize}};
    if (normalize) {
        id["fxnorm_mode"] = to_string(o.fxnorm_mode);
        id["fxnorm_version"] = fxnorm_descriptor(o.fxnorm_mode);
        id["targets"] = file_identity(o.targets_path);
    }
    if (spec.runs_model_file) {
        id["model"] = file_identity(o.model.model_path);
        id["segment_seconds"] = o.model.segment_seconds;
        id["overlap_seconds"] = o.model.overlap_seconds;
        id["batch"] = o.model.batch;
    }
    return id;
}

// The library's own check of the loudness target (a command line checks its texts first).
void check_loudness_option(const MixOptions& o) {
    if (o.loudness_lufs && !(*o.loudness_lufs >= kMinLoudnessLufs && *o.loudness_lufs <= 0.0)) {
        throw usage_error("loudness target " + std::to_string(*o.loudness_lufs) +
                          " LUFS is outside " + std::to_string(kMinLoudnessLufs) + " .. 0");
    }
}

// Per-stem settings need an engine that tells the stems apart.
void check_per_stem_options(const MixOptions& o, const MixerEngine& engine) {
    const bool per_stem =
        !o.controls.is_identity() || !o.export_stems_dir.empty() || !o.cache_dir.empty();
    if (per_stem && !engine.has_contributions()) {
        throw usage_error(engine.model_path() +
                          ": this model returns no per-stem contributions (format 1), so it "
                          "allows no per-stem controls, stem export or contribution cache; export "
                          "it again with python3 -m models.export");
    }
}

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
                              std::to_string(kProcessingSampleRate) + " Hz; turn normalization off",
                          "fx_normalize");
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

// The engine of one run: one made earlier (a batch), or made from the options on first use.
class EngineSource {
  public:
    explicit EngineSource(MixerEngine& given) : engine_(&given) {}
    EngineSource(const MixOptions& options, report::StageTimer& timer)
        : options_(&options), timer_(&timer) {}
    MixerEngine& get() {
        if (!engine_) {
            timer_->start("load_engine");
            owned_ = make_mix_engine(*options_);
            engine_ = owned_.get();
        }
        return *engine_;
    }

  private:
    MixerEngine* engine_ = nullptr;
    const MixOptions* options_ = nullptr;
    report::StageTimer* timer_ = nullptr;
    std::unique_ptr<MixerEngine> owned_;
};

MixOutcome mix_song(const MixOptions& options, EngineSource& source,
                    const ProgressCallback& progress, report::StageTimer& timer);

}  // namespace

MixOutcome run_mix(const MixOptions& options, const ProgressCallback& progress) {
    check_outputs(options);
    report::StageTimer timer;
    EngineSource engine(options, timer);
    return mix_song(options, engine, progress, timer);
}

MixOutcome run_mix(const MixOptions& options, MixerEngine& engine,
                   const ProgressCallback& progress) {
    check_outputs(options);
    report::StageTimer timer;
    EngineSource given(engine);
    return mix_song(options, given, progress, timer);
}

namespace {

MixOutcome mix_song(const MixOptions& options, EngineSource& source,
                    const ProgressCallback& progress, report::StageTimer& timer) {
    MixOutcome out;
    out.output_path = options.output_path;
    out.report_path = report_path_of(options);

    const EngineSpec& spec = engine_spec(options.engine);
    out.engine.name = spec.name;
    const bool normalize = spec.needs_fx_normalization && options.fx_normalize;
    check_loudness_option(options);
    // Engines that tell the stems apart mix into per-stem contributions, which the controls, the
    // stem export, the cache and "what the mixer did" work on (cached contributions always do).
    bool per_stem = true;
    // The engine and what follows from it. With a cache it is made only when the contributions
    // are not there, so a re-mix never loads a model (nor LibTorch); without one it is made
    // first, so that model problems surface before any work on the stems.
    MixerEngine* ready = nullptr;
    const auto ready_engine = [&]() -> MixerEngine& {
        if (!ready) {
            ready = &source.get();
            out.engine.model_path = ready->model_path();
            if (const ModelInfo* info = ready->model_info()) out.engine.model = *info;
            out.processing_sample_rate = processing_sample_rate(*ready, normalize);
            check_per_stem_options(options, *ready);
            per_stem = ready->has_contributions();
        }
        return *ready;
    };
    out.cache.enabled = !options.cache_dir.empty();
    if (!out.cache.enabled) ready_engine();
    Targets targets;
    if (normalize) {
        if (options.targets_path.empty()) {
            throw usage_error("the " + spec.name +
                                  " engine FX-normalizes the stems and needs a targets file "
                                  "(written by 'automix stats', or the paper's "
                                  "features_MUSDB18.json); none was given",
                              "targets_path");
        }
        targets = load_targets(options.targets_path);
    }
    AudioBuffer reference;
    if (!options.reference_path.empty()) reference = read_audio(options.reference_path);

    timer.start("discover");
    const Discovery found = discover_stem_files(options.stems_dir);
    out.assignments = assign_stems(found.audio_files, options.overrides, found.automix_mixes);
    out.skipped = found.skipped;

    nlohmann::json identity;
    std::optional<CachedMix> cached;
    if (out.cache.enabled) {
        timer.start("read_cache");
        identity = contribution_identity(options, spec, out.assignments, normalize);
        out.cache.path = cache_entry_path(options.cache_dir, identity);
        // A reference comparison needs the decoded stems: its baseline is their plain sum.
        if (options.reference_path.empty()) cached = read_cache_entry(out.cache.path, identity);
    }

    StagedOutputs staged;  // every output appears together with the mix and report, or none
    StemSet contributions;
    std::array<StemProfile, kNumStemTypes> dry{};
    AudioBuffer mix, baseline;
    out.fx_normalization.applied = normalize;
    if (cached) {
        try {
            for (int k = 0; k < kNumStemTypes; ++k) {
                dry[k] = profile_from_json(cached->record.at("dry_profiles").at(k));
            }
            out.cache.first_run = cached->record.at("report");
            // The engine that made the entry, as run_mix would have known it from the engine.
            const nlohmann::json details = out.cache.first_run.at("engine").at("details");
            if (spec.runs_model_file) {
                out.engine.model_path = options.model.model_path;
                out.engine.model =
                    parse_model_info(details.at("metadata"), options.model.model_path);
            }
        } catch (const nlohmann::json::exception&) {
            cached.reset();  // a record from another version: recompute and rewrite the entry
        } catch (const Error&) {
            cached.reset();
        }
    }
    if (cached) {
        out.cache.hit = true;
        contributions = std::move(cached->contributions);
        out.processing_sample_rate = contributions.sample_rate();
        cached.reset();
    } else {
        MixerEngine& engine = ready_engine();
        timer.start("decode");
        StemSet stems =
            load_stems(out.assignments, out.processing_sample_rate, &out.inputs, progress);

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
        if (per_stem) {
            timer.start("profile_stems");
            dry = profile_stems(stems, options.threads);
        }
        // The baseline of the paper's Table 2: the plain sum of the input stems.
        if (!options.reference_path.empty()) baseline = plain_sum(stems);

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
                stage_stem_files(stems, options.save_normalized_dir, staged);
                out.fx_normalization.saved_to = options.save_normalized_dir;
            }
        }

        // Every song sets it (null without normalization): an engine shared by a batch must not
        // keep the previous song's account.
        engine.set_fx_normalization_account(out.fx_normalization.stages);
        timer.start("mix");
        // The stems are moved in and released by the engine: bounded peak memory.
        if (per_stem) {
            contributions = engine.mix_contributions(std::move(stems), progress);
        } else {
            mix = engine.mix(stems, progress);
        }
        stems = StemSet();
        out.engine.details = engine.describe();  // after the mix: what the run actually did
        if (out.cache.enabled) {
            timer.start("write_cache");
            nlohmann::ordered_json profiles = nlohmann::ordered_json::array();
            for (const StemProfile& p : dry)
                profiles.push_back(nlohmann::ordered_json(profile_json(p)));
            const nlohmann::ordered_json record = {{"report", report::first_run_sections(out)},
                                                   {"dry_profiles", profiles}};
            std::error_code ec;
            fs::create_directories(options.cache_dir, ec);
            if (ec) throw output_error(options.cache_dir + ": cannot create the cache folder");
            staged.stage(out.cache.path, [&](const std::string& temp) {
                write_cache_entry(temp, out.cache.path, contributions, record, identity);
            });
        }
    }  // contributions computed (not from the cache)

    out.controls = options.controls;
    if (per_stem) {
        timer.start("controls");
        apply_controls(contributions, options.controls);
        timer.start("mixer_decisions");
        out.mixer_decisions = mixer_decisions_json(
            dry, profile_stems(contributions, options.threads), contributions.present);
        timer.start("sum");
        mix = plain_sum(contributions);
        if (options.export_stems_dir.empty()) contributions = StemSet();
    }

    timer.start("master");
    if (options.output_sample_rate != mix.sample_rate) {
        mix = resample(mix, options.output_sample_rate);
    }
    out.ceiling_dbtp = options.true_peak_ceiling_dbtp;
    if (options.loudness_lufs) {
        LoudnessTargetOptions target;
        target.target_lufs = *options.loudness_lufs;
        target.ceiling_dbtp = options.true_peak_ceiling_dbtp;
        out.loudness_target_lufs = options.loudness_lufs;
        out.loudness = apply_loudness_target(mix, target);
        out.ceiling = {out.loudness.input_true_peak_dbtp,
                       out.loudness.gain_db + out.loudness.trim_db,
                       out.loudness.output_true_peak_dbtp};
    } else {
        out.ceiling = apply_true_peak_ceiling(mix, options.true_peak_ceiling_dbtp);
    }
    if (!options.export_stems_dir.empty()) {
        timer.start("export_stems");
        const nlohmann::ordered_json description = {
            {"schema", {{"name", "automix-stems"}, {"version", 1}}},
            {"engine", out.engine.name},
            {"controls", mix_settings_json(options.controls)},
            {"sum", "the files, summed, are the mix before the master stage"},
            {"master", report::master_json(out)}};
        stage_stem_export(contributions, options.export_stems_dir, description, staged);
        out.export_stems_dir = options.export_stems_dir;
        contributions = StemSet();
    }

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
