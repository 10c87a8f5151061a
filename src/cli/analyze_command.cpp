// `automix analyze FILE...`: the objective features of single files (docs/metrics.md).
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "automix/atomic_file.hpp"
#include "automix/audio_io.hpp"
#include "automix/features.hpp"
#include "automix/io_guard.hpp"
#include "cli/console.hpp"
#include "cli/subcommand.hpp"

namespace automix::cli {
namespace {

std::string fmt(const nlohmann::json& v) {
    if (!v.is_number()) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v.get<double>());
    return buf;
}

void print_summary(const std::string& path, const nlohmann::json& j, bool quiet) {
    print_line(path, quiet);
    for (const auto& [key, value] : j.at("loudness").items()) {
        print_line("  loudness." + key + " = " + fmt(value), quiet);
    }
    for (const char* group : {"spectral", "panning", "dynamic"}) {
        for (const auto& [key, value] : j.at(group).items()) {
            print_line(std::string("  ") + group + "." + key + " = " + fmt(value.at("mean")) +
                           " +- " + fmt(value.at("std")) + " " +
                           value.at("unit").get<std::string>(),
                       quiet);
        }
    }
}

class AnalyzeCommand : public Subcommand {
  public:
    std::string name() const override { return "analyze"; }
    std::string description() const override {
        return "Print the objective features (loudness, spectral, panning, dynamic) of audio files";
    }
    void add_options(CLI::App& app) override {
        app.add_option("files", files_, "Audio files")->required();
        app.add_flag("--json", json_, "Print JSON to stdout");
        app.add_flag("--frames", frames_, "Include per-frame series and running means in the JSON");
        app.add_option("-o,--output", output_, "Write the JSON here");
    }
    int run(const GlobalOptions& global) override {
        if (!output_.empty()) check_outputs_spare_inputs({{output_, "-o"}}, RunInputs{files_, {}});
        nlohmann::json all = nlohmann::json::array();
        for (const std::string& f : files_) {
            nlohmann::json j = features_to_json(compute_features(read_audio(f)), frames_);
            j["path"] = f;
            if (!json_) print_summary(f, j, global.quiet);
            all.push_back(std::move(j));
        }
        const nlohmann::json out = all.size() == 1 ? all[0] : all;
        if (!output_.empty()) write_file_atomically(output_, out.dump(2) + "\n");
        if (json_) std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }

  private:
    std::vector<std::string> files_;
    std::string output_;
    bool json_ = false, frames_ = false;
};

const bool registered = register_subcommand(std::make_unique<AnalyzeCommand>());

}  // namespace
}  // namespace automix::cli
