#include "cli/mix_options.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>

#include "automix/error.hpp"
#include "automix_build_config.hpp"

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

// The report's key for an option: its long name without dashes, '-' as '_' ("sample_rate").
std::string invocation_key(const CLI::Option* option) {
    std::string key = option->get_lnames().empty() ? option->get_name() : option->get_lnames()[0];
    for (char& c : key) c = c == '-' ? '_' : c;
    return key;
}

std::string engine_help() {
    std::string help = "Mixer:";
    for (const EngineSpec& spec : engine_registry()) {
        help += "\n  " + spec.name + ": " + spec.description;
    }
    return help;
}

// --stem beats --stem-map (docs/stems.md): the map's entry for a file named in --stem is
// dropped, also when one names it with and the other without its extension.
StemOverrides merge_overrides(StemOverrides from_options, const StemOverrides& from_map) {
    for (const auto& [file, type] : from_map) {
        bool named_by_stem_option = false;
        for (const auto& [key, unused] : from_options) {
            named_by_stem_option |=
                key == file || fs::path(key).stem() == file || fs::path(file).stem() == key;
        }
        if (!named_by_stem_option) from_options[file] = type;
    }
    return from_options;
}

// --loudness: "off" or a number of LUFS between the absolute gate and 0.
std::optional<double> parse_loudness(const std::string& text) {
    if (text == "off") return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(v >= kMinLoudnessLufs && v <= 0)) {
        throw usage_error("--loudness '" + text + "': expected 'off' or LUFS between " +
                          std::to_string(static_cast<int>(kMinLoudnessLufs)) + " and 0");
    }
    return v;
}

}  // namespace

Error with_option_hint(const Error& error) {
    // The library names the setting; only the command line knows what its option is called.
    static const std::map<std::string, std::string> hints = {
        {"targets_path", "pass --targets PATH, or add --no-fxnorm"},
        {"fx_normalize", "add --no-fxnorm"},
        {"overrides", "see --stem and --stem-map"},
        {"sample_format", "see --bit-depth"},
        {"allow_outputs_in_stems_dir", "or pass --output-in-stems-dir"},
    };
    const auto hint = hints.find(error.setting());
    if (hint == hints.end()) return error;
    return Error(error.kind(), std::string(error.what()) + " (" + hint->second + ")",
                 error.setting());
}

std::string default_engine() { return AUTOMIX_WITH_TORCH ? "model" : "sum"; }

std::string default_model_path() {
    const fs::path relative = fs::path("models") / "automix.pt";
    const std::string found = find_data_file(relative);
    // Without a shipped model, name the source-tree path so the error says where one belongs.
    return found.empty() ? (fs::path(AUTOMIX_SOURCE_DIR) / relative).string() : found;
}

std::string default_targets_path() { return find_data_file(fs::path("configs") / "targets.json"); }

void MixOptionsCli::record(const CLI::Option* option, std::function<nlohmann::json()> value) {
    invocation_.emplace_back(invocation_key(option), std::move(value));
}

template <class T>
CLI::Option* MixOptionsCli::add(const std::string& names, T& field, const std::string& help) {
    CLI::Option* option = app_.add_option(names, field, help);
    record(option, [&field] { return nlohmann::json(field); });
    return option;
}

CLI::Option* MixOptionsCli::add_negated_flag(const std::string& name, bool& field,
                                             const std::string& help) {
    CLI::Option* option = app_.add_flag_callback(
        name, [&field] { field = false; }, help);
    record(option, [&field] { return nlohmann::json(!field); });
    return option;
}

MixOptionsCli::MixOptionsCli(CLI::App& app, MixOptions& o, SongPaths paths)
    : app_(app), options_(o), paths_(paths) {
    if (paths_ == SongPaths::Declare) {
        add("stems_dir", o.stems_dir, "Folder holding the stems (one audio file per track)");
        add("-o,--output", o.output_path, "Mix file to write (.wav or .flac)");
        add("--report", o.report_path, "JSON report path (default: the mix path with .json)");
    }
    o.engine = default_engine();
    add("--engine", o.engine, engine_help())
        ->check(CLI::IsMember(engine_names()))
        ->capture_default_str();
    if (o.model.model_path.empty()) o.model.model_path = default_model_path();
    add("--model", o.model.model_path, "TorchScript mixer model for --engine model")
        ->capture_default_str();
    add("--threads", o.threads, "Worker threads (0 = all cores)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    add("--segment", o.model.segment_seconds,
        "Model window length in seconds (0 = the model's recommendation)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    add("--overlap", o.model.overlap_seconds,
        "Crossfade between model windows in seconds (-1 = the model's recommendation)")
        ->capture_default_str();
    add("--batch", o.model.batch, "Model windows per network call (0 = the model's recommendation)")
        ->check(CLI::Range(0, 64))
        ->capture_default_str();
    add("--sample-rate", o.output_sample_rate, "Sample rate of the written mix in Hz")
        ->check(CLI::Range(8000, 384000))
        ->capture_default_str();
    CLI::Option* bit_depth = app_.add_option_function<std::string>(
        "--bit-depth", [&o](const std::string& v) { o.sample_format = *parse_sample_format(v); },
        "Sample format of the mix: 16 | 24 | 32f");
    bit_depth->check(CLI::IsMember({"16", "24", "32f"}))->default_str(to_string(o.sample_format));
    record(bit_depth, [&o] { return nlohmann::json(to_string(o.sample_format)); });
    add("--true-peak-ceiling", o.true_peak_ceiling_dbtp,
        "True-peak ceiling of the mix (dBTP): the limiter's ceiling, or with --loudness off the "
        "one static gain down")
        ->check(CLI::Range(-20.0, 0.0))
        ->capture_default_str();
    add("--loudness", loudness_,
        "Integrated loudness of the mix in LUFS (true-peak lookahead limiter at the ceiling), or "
        "'off' for the ceiling alone")
        ->capture_default_str();
    control_options_ = {{ControlKind::Gain, {}},
                        {ControlKind::Pan, {}},
                        {ControlKind::Width, {}},
                        {ControlKind::Mute, {}},
                        {ControlKind::Solo, {}}};
    const char* control_help[][2] = {
        {"--gain", "Per-stem level: TYPE=dB, -60..+24 (repeatable)"},
        {"--pan", "Per-stem balance: TYPE=-1..1, constant power (repeatable)"},
        {"--width", "Per-stem stereo width: TYPE=0..2, 1 = unchanged (repeatable)"},
        {"--mute", "Silence a stem type (repeatable)"},
        {"--solo", "Keep only the soloed stem types (repeatable)"}};
    for (std::size_t i = 0; i < control_options_.size(); ++i) {
        add(control_help[i][0], control_options_[i].second, control_help[i][1])
            ->allow_extra_args(false);
    }
    add("--mix-settings", o.mix_settings_path,
        "JSON file of per-stem gain/pan/width/mute/solo (the options above win over it)");
    add("--cache", o.cache_dir,
        "Keep the per-stem contributions here; a re-mix with other per-stem settings skips "
        "decoding, FX normalization and the network");
    add("--export-stems", o.export_stems_dir,
        "Write each stem's contribution to the mix here (32-bit float WAV + stems.json)");
    add("--stem", stem_options_,
        "Force a file's stem type: FILE=vocals|bass|drums|other|skip (repeatable)")
        ->allow_extra_args(false);
    add("--stem-map", o.stem_map_path, "JSON file {\"file\": \"type\", ...} of stem types");
    add("--targets", o.targets_path, "FX-normalization targets JSON (automix stats output)")
        ->default_str("configs/targets.json when present");
    add_negated_flag("--no-fxnorm", o.fx_normalize, "Skip FX normalization before the mixer");
    CLI::Option* mode = app_.add_option_function<std::string>(
        "--fxnorm-mode", [&o](const std::string& v) { o.fxnorm_mode = parse_fxnorm_mode(v); },
        "FX normalization: default | reference (the paper's preprocessing)");
    mode->check(CLI::IsMember({"default", "reference"}))->default_str(to_string(o.fxnorm_mode));
    record(mode, [&o] { return nlohmann::json(to_string(o.fxnorm_mode)); });
    add("--save-normalized", o.save_normalized_dir, "Write the FX-normalized stems to this folder");
    add("--reference", o.reference_path, "Reference mix to compare the result with in the report");
    add_negated_flag("--no-features", o.compute_features,
                     "Skip the objective features in the report (faster)");
    CLI::Option* in_stems_dir =
        app_.add_flag("--output-in-stems-dir", o.allow_outputs_in_stems_dir,
                      "Allow the mix and report inside STEMS_DIR (later runs recognise and skip "
                      "them)");
    record(in_stems_dir, [&o] { return nlohmann::json(o.allow_outputs_in_stems_dir); });
}

void MixOptionsCli::finish() {
    if (paths_ == SongPaths::Declare) {
        if (options_.stems_dir.empty()) throw usage_error("missing STEMS_DIR (see automix --help)");
        if (options_.output_path.empty()) {
            throw usage_error("missing -o/--output MIX (see automix --help)");
        }
    }
    options_.invocation = nlohmann::json::object();
    for (const auto& [key, value] : invocation_) options_.invocation[key] = value();
    if (options_.model.model_path.empty()) options_.model.model_path = default_model_path();
    if (options_.targets_path.empty()) options_.targets_path = default_targets_path();
    const StemOverrides map =
        options_.stem_map_path.empty() ? StemOverrides{} : load_stem_map(options_.stem_map_path);
    options_.overrides = merge_overrides(parse_stem_options(stem_options_), map);
    options_.loudness_lufs = parse_loudness(loudness_);
    options_.controls = options_.mix_settings_path.empty()
                            ? MixControls{}
                            : load_mix_settings(options_.mix_settings_path);
    const char* names[] = {"--gain", "--pan", "--width", "--mute", "--solo"};
    for (std::size_t i = 0; i < control_options_.size(); ++i) {
        for (const std::string& text : control_options_[i].second) {
            try {
                set_control(options_.controls, control_options_[i].first, text);
            } catch (const Error& e) {
                throw usage_error(std::string(names[i]) + " " + e.what());
            }
        }
    }
}

}  // namespace automix::cli
