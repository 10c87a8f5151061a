// `automix analyze FILE...`: the objective features of single files (docs/metrics.md).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "automix/atomic_file.hpp"
#include "automix/audio_io.hpp"
#include "automix/error.hpp"
#include "automix/features.hpp"
#include "automix/io_guard.hpp"
#include "automix/metrics.hpp"
#include "automix/mixer_decisions.hpp"
#include "cli/console.hpp"
#include "cli/decisions_print.hpp"
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
    for (FeatureGroup g : kFeatureGroups) {
        if (g == FeatureGroup::Loudness) continue;  // scalars, printed above
        const std::string group = to_string(g);
        for (const auto& [key, value] : j.at(group).items()) {
            print_line("  " + group + "." + key + " = " + fmt(value.at("mean")) + " +- " +
                           fmt(value.at("std")) + " " + value.at("unit").get<std::string>(),
                       quiet);
        }
    }
}

// A mix report written by automix, or nullopt when `path` is not one (an audio file).
std::optional<nlohmann::json> read_mix_report(const std::string& path) {
    if (std::filesystem::path(path).extension() != ".json") return std::nullopt;
    require_regular_file(path, "report");
    std::ifstream in(path);
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (!is_mix_report(j)) throw input_error(path + ": not an automix mix report");
    return j;
}

class AnalyzeCommand : public Subcommand {
  public:
    std::string name() const override { return "analyze"; }
    std::string description() const override {
        return "Print the objective features (loudness, spectral, panning, dynamic) of audio "
               "files, or what the mixer did from a mix report (.json)";
    }
    void add_options(CLI::App& app) override {
        app.add_option("files", files_, "Audio files, or mix reports (.json)")->required();
        app.add_flag("--json", json_, "Print JSON to stdout");
        app.add_flag("--frames", frames_, "Include per-frame series and running means in the JSON");
        app.add_option("-o,--output", output_, "Write the JSON here");
        app.add_option("--plot", plot_,
                       "One mix report: write an SVG of the per-stem EQ, level, crest and width "
                       "changes here");
    }
    int run(const GlobalOptions& global) override {
        std::vector<PlannedOutput> outputs;
        if (!output_.empty()) outputs.push_back({output_, "-o"});
        if (!plot_.empty()) outputs.push_back({plot_, "--plot"});
        check_outputs_spare_inputs(outputs, RunInputs{files_, {}});
        if (!plot_.empty() && files_.size() != 1) {
            throw usage_error("--plot draws one mix report; " + std::to_string(files_.size()) +
                              " files were given");
        }
        nlohmann::json all = nlohmann::json::array();
        for (const std::string& f : files_) {
            if (const std::optional<nlohmann::json> report = read_mix_report(f)) {
                if (!json_) {
                    print_line(f, global.quiet);
                    for (const std::string& l : describe_mixer_decisions(*report)) {
                        print_line("  " + l, global.quiet);
                    }
                }
                all.push_back(report->value("mixer_decisions", nlohmann::json()));
                if (!plot_.empty()) {
                    if (!report->contains("mixer_decisions")) {
                        throw input_error(f + ": the report has no mixer_decisions to plot");
                    }
                    write_file_atomically(plot_,
                                          mixer_decisions_svg(f, (*report)["mixer_decisions"]));
                }
                continue;
            }
            if (!plot_.empty()) throw usage_error("--plot needs a mix report (.json), not " + f);
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
    std::string output_, plot_;
    bool json_ = false, frames_ = false;
};

const bool registered = register_subcommand(std::make_unique<AnalyzeCommand>());

}  // namespace
}  // namespace automix::cli
