// The mix options, declared once and bound straight to the library's MixOptions. `automix
// STEMS_DIR -o MIX` uses them; another subcommand (e.g. a batch of songs) declares the same
// options on its own parser with one MixOptionsCli. A new mix option is one `add...` line in
// mix_options.cpp plus its MixOptions field.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "automix/error.hpp"
#include "automix/pipeline.hpp"

namespace automix::cli {

/// The mix options on one CLI11 (sub)command, bound to a MixOptions that must outlive this
/// object; both must live until finish() has run. Not copyable (the parser holds references).
class MixOptionsCli {
  public:
    /// Whether the song's own paths (STEMS_DIR, -o, --report) are declared too; a command that
    /// names its outputs itself (a batch) declares only the settings.
    enum class SongPaths { Declare, Omit };

    /// Declares every mix option on `app`; defaults are the documented ones (docs/cli.md).
    MixOptionsCli(CLI::App& app, MixOptions& options, SongPaths paths = SongPaths::Declare);
    MixOptionsCli(const MixOptionsCli&) = delete;
    MixOptionsCli& operator=(const MixOptionsCli&) = delete;

    /// After a successful parse: checks the song paths (when declared), records the options as
    /// given in options.invocation, applies the defaults that depend on the installation
    /// (targets file), merges --stem with --stem-map, parses --loudness and applies the per-stem
    /// options over --mix-settings. Throws automix::Error(Usage or Input) naming the bad value.
    void finish();

  private:
    // Declares an option bound to `field` and records it under the option's long name.
    template <class T>
    CLI::Option* add(const std::string& names, T& field, const std::string& help);
    // Declares a flag that sets `field` to false (--no-...).
    CLI::Option* add_negated_flag(const std::string& name, bool& field, const std::string& help);
    // Records an invocation entry read after the parse.
    void record(const CLI::Option* option, std::function<nlohmann::json()> value);

    CLI::App& app_;
    MixOptions& options_;
    SongPaths paths_;
    std::vector<std::string> stem_options_;  // --stem FILE=TYPE, parsed in finish()
    std::string loudness_ = "-14";           // --loudness LUFS|off, parsed in finish()
    // --gain/--pan/--width/--mute/--solo texts, applied over --mix-settings in finish()
    std::vector<std::pair<ControlKind, std::vector<std::string>>> control_options_;
    std::vector<std::pair<std::string, std::function<nlohmann::json()>>> invocation_;
};

/// `error` with the command-line hint for the MixOptions field it names (Error::setting()),
/// e.g. "pass --targets PATH, or add --no-fxnorm"; unchanged when there is none.
Error with_option_hint(const Error& error);

/// The command line's default engine: "model" (the shipped mixer, docs/model.md) when this build
/// has the model module, else "sum". The library's MixOptions default stays "sum", which needs
/// no model file.
std::string default_engine();

/// The default model file: models/automix.pt next to the sources or under the install prefix.
std::string default_model_path();

/// The default targets file: configs/targets.json next to the sources or under the install
/// prefix; empty when neither exists.
std::string default_targets_path();

}  // namespace automix::cli
