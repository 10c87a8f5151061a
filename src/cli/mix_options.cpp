#include "cli/mix_options.hpp"

#include <filesystem>

#include "automix/error.hpp"

namespace automix::cli {
namespace fs = std::filesystem;

namespace {

// A data file shipped with automix: installed under the prefix, or in the source tree when the
// executable runs from its build folder. Empty when neither exists.
std::string find_data_file(const fs::path& relative) {
    for (const fs::path& base : {fs::path(AUTOMIX_INSTALL_DATADIR), fs::path(AUTOMIX_SOURCE_DIR)}) {
        std::error_code ec;
        if (fs::exists(base / relative, ec)) return (base / relative).string();
    }
    return "";
}

}  // namespace

std::string default_model_path() {
    const fs::path relative = fs::path("models") / "automix.pt";
    const std::string found = find_data_file(relative);
    // Without a shipped model, name the source-tree path so the error says where one belongs.
    return found.empty() ? (fs::path(AUTOMIX_SOURCE_DIR) / relative).string() : found;
}

std::string default_targets_path() { return find_data_file(fs::path("configs") / "targets.json"); }

void add_mix_options(CLI::App& app, MixCommandLine& cl) {
    app.add_option("stems_dir", cl.stems_dir,
                   "Folder holding the stems (one audio file per track)");
    app.add_option("-o,--output", cl.output, "Mix file to write (.wav or .flac)");
    app.add_option("--report", cl.report, "JSON report path (default: the mix path with .json)");
    app.add_option("--engine", cl.engine, "Mixer: sum | normalized | model (the learned mixer, models/automix.pt)")
        ->check(CLI::IsMember({"sum", "normalized", "model"}))
        ->capture_default_str();
    app.add_option("--model", cl.model_path, "TorchScript mixer model for --engine model")
        ->default_str(default_model_path());
    app.add_option("--threads", cl.threads, "Worker threads (0 = all cores)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--segment", cl.segment_seconds,
                   "Model window length in seconds (0 = the model's recommendation)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--overlap", cl.overlap_seconds,
                   "Crossfade between model windows in seconds (-1 = the model's recommendation)")
        ->capture_default_str();
    app.add_option("--batch", cl.batch,
                   "Model windows per network call (0 = the model's recommendation)")
        ->check(CLI::Range(0, 64))
        ->capture_default_str();
    app.add_option("--sample-rate", cl.sample_rate, "Sample rate of the written mix in Hz")
        ->check(CLI::Range(8000, 384000))
        ->capture_default_str();
    app.add_option("--bit-depth", cl.bit_depth, "Sample format of the mix: 16 | 24 | 32f")
        ->check(CLI::IsMember({"16", "24", "32f"}))
        ->capture_default_str();
    app.add_option("--true-peak-ceiling", cl.true_peak_ceiling,
                   "Scale the mix down so its true peak stays at or below this (dBTP)")
        ->check(CLI::Range(-20.0, 0.0))
        ->capture_default_str();
    app.add_option("--stem", cl.stems,
                   "Force a file's stem type: FILE=vocals|bass|drums|other|skip (repeatable)")
        ->allow_extra_args(false);
    app.add_option("--stem-map", cl.stem_map, "JSON file {\"file\": \"type\", ...} of stem types");
    app.add_option("--targets", cl.targets, "FX-normalization targets JSON (automix stats output)")
        ->default_str("configs/targets.json when present");
    app.add_flag("--no-fxnorm", cl.no_fxnorm, "Skip FX normalization before the mixer");
    app.add_option("--fxnorm-mode", cl.fxnorm_mode,
                   "FX normalization: default | reference (the paper's preprocessing)")
        ->check(CLI::IsMember({"default", "reference"}))
        ->capture_default_str();
    app.add_option("--save-normalized", cl.save_normalized,
                   "Write the FX-normalized stems to this folder");
    app.add_option("--reference", cl.reference,
                   "Reference mix to compare the result with in the report");
    app.add_flag("--no-features", cl.no_features,
                 "Skip the objective features in the report (faster)");
    app.add_flag("--output-in-stems-dir", cl.output_in_stems_dir,
                 "Allow the mix and report inside STEMS_DIR (later runs recognise and skip them)");
}

MixOptions to_mix_options(const MixCommandLine& cl) {
    if (cl.stems_dir.empty()) throw usage_error("missing STEMS_DIR (see automix --help)");
    if (cl.output.empty()) throw usage_error("missing -o/--output MIX (see automix --help)");
    MixOptions o;
    o.stems_dir = cl.stems_dir;
    o.output_path = cl.output;
    o.report_path = cl.report;
    o.engine = *parse_engine_kind(cl.engine);
    o.model.model_path = cl.model_path.empty() ? default_model_path() : cl.model_path;
    o.model.threads = cl.threads;
    o.model.segment_seconds = cl.segment_seconds;
    o.model.overlap_seconds = cl.overlap_seconds;
    o.model.batch = cl.batch;
    o.threads = cl.threads;
    o.output_sample_rate = cl.sample_rate;
    o.sample_format = *parse_sample_format(cl.bit_depth);
    o.true_peak_ceiling_dbtp = cl.true_peak_ceiling;
    StemOverrides map = cl.stem_map.empty() ? StemOverrides{} : load_stem_map(cl.stem_map);
    o.stem_map_path = cl.stem_map;
    o.overrides = parse_stem_options(cl.stems);
    // --stem beats --stem-map (docs/stems.md): the map's entry for a file named in --stem is
    // dropped, also when one names it with and the other without its extension.
    for (const auto& [file, type] : map) {
        bool named_by_stem_option = false;
        for (const auto& [key, unused] : o.overrides) {
            named_by_stem_option |=
                key == file || fs::path(key).stem() == file || fs::path(file).stem() == key;
        }
        if (!named_by_stem_option) o.overrides[file] = type;
    }
    o.allow_outputs_in_stems_dir = cl.output_in_stems_dir;
    o.fx_normalize = !cl.no_fxnorm;
    o.fxnorm_mode = parse_fxnorm_mode(cl.fxnorm_mode);
    o.targets_path = cl.targets.empty() ? default_targets_path() : cl.targets;
    o.compute_features = !cl.no_features;
    o.save_normalized_dir = cl.save_normalized;
    o.reference_path = cl.reference;
    o.invocation = {{"stems_dir", cl.stems_dir},
                    {"output", cl.output},
                    {"report", cl.report},
                    {"engine", cl.engine},
                    {"model", o.model.model_path},
                    {"threads", cl.threads},
                    {"segment", cl.segment_seconds},
                    {"overlap", cl.overlap_seconds},
                    {"batch", cl.batch},
                    {"sample_rate", cl.sample_rate},
                    {"bit_depth", cl.bit_depth},
                    {"true_peak_ceiling", cl.true_peak_ceiling},
                    {"stem", cl.stems},
                    {"stem_map", cl.stem_map},
                    {"targets", cl.targets},
                    {"no_fxnorm", cl.no_fxnorm},
                    {"fxnorm_mode", cl.fxnorm_mode},
                    {"save_normalized", cl.save_normalized},
                    {"reference", cl.reference},
                    {"no_features", cl.no_features},
                    {"output_in_stems_dir", cl.output_in_stems_dir}};
    return o;
}

}  // namespace automix::cli
