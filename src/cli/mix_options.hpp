// The options of the default command, `automix STEMS_DIR -o MIX`, and their translation into
// the library's MixOptions.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "automix/pipeline.hpp"

namespace automix::cli {

/// Raw option values as parsed; defaults here are the documented defaults (docs/cli.md).
struct MixCommandLine {
    std::string stems_dir;
    std::string output;
    std::string report;
    std::string engine = "sum";
    std::string model_path;
    int threads = 0;
    double segment_seconds = 0.0;
    double overlap_seconds = -1.0;
    std::size_t batch = 0;
    int sample_rate = kProcessingSampleRate;
    std::string bit_depth = "24";
    double true_peak_ceiling = -1.0;
    std::vector<std::string> stems;
    std::string stem_map;
    std::string targets;
    bool no_fxnorm = false;
    std::string fxnorm_mode = "default";  ///< --fxnorm-mode
    std::string save_normalized;
    std::string reference;
    bool no_features = false;
    bool output_in_stems_dir = false;
};

/// Declares the mix options on the top-level app.
void add_mix_options(CLI::App& app, MixCommandLine& cl);

/// The default model file: models/automix.pt next to the sources or under the install prefix.
std::string default_model_path();

/// The default targets file: configs/targets.json next to the sources or under the install
/// prefix; empty when neither exists.
std::string default_targets_path();

/// Validates and converts; throws automix::Error(Usage) for impossible combinations.
MixOptions to_mix_options(const MixCommandLine& cl);

}  // namespace automix::cli
