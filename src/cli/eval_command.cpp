// `automix eval MIX --reference REF`: errors of a mix against a reference (Table-2 metrics), and
// `automix eval SONGS/ -o OUT/`: the same for every song folder, with tables and plots.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "automix/atomic_file.hpp"
#include "automix/audio_io.hpp"
#include "automix/error.hpp"
#include "automix/eval.hpp"
#include "automix/eval_report.hpp"
#include "automix/io_guard.hpp"
#include "automix/metrics.hpp"
#include "cli/console.hpp"
#include "cli/subcommand.hpp"

namespace automix::cli {
namespace {

namespace fs = std::filesystem;

std::string pct(const nlohmann::json& v) {
    if (!v.is_number()) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%8.3f %%", 100.0 * v.get<double>());
    return buf;
}

void print_errors(const nlohmann::json& report, bool quiet) {
    const nlohmann::json& a = report.at("alignment");
    char line[256];
    std::snprintf(line, sizeof line,
                  "alignment: %.1f s compared at %d Hz, lag %.4f s (correlation %.3f%s), trimmed "
                  "%.2f s + %.2f s of silence",
                  a.at("compared_s").get<double>(), a.at("analysis_sample_rate").get<int>(),
                  a.at("lag_s").get<double>(), a.at("correlation").get<double>(),
                  a.at("lag_applied").get<bool>() ? "" : ", not applied",
                  a.at("trimmed_leading").get<double>() / a.at("analysis_sample_rate").get<int>(),
                  a.at("trimmed_trailing").get<double>() / a.at("analysis_sample_rate").get<int>());
    print_line(line, quiet);
    const nlohmann::json& e = report.at("errors");
    for (FeatureGroup g : kFeatureGroups) {
        const std::string group = to_string(g);
        print_line(group + std::string(10 - group.size(), ' ') + pct(e.at(group).at("score")),
                   quiet);
        for (const auto& [key, value] : e.at(group).items()) {
            if (key == "score") continue;
            print_line("    " + key + std::string(std::max<std::size_t>(1, 16 - key.size()), ' ') +
                           pct(value),
                       quiet);
        }
    }
    // Why an error is n/a: each distinct reason once.
    std::vector<std::string> reasons;
    const nlohmann::json undefined = e.value("undefined", nlohmann::json::object());
    for (const auto& [key, reason] : undefined.items()) {
        const std::string r = reason.get<std::string>();
        if (std::find(reasons.begin(), reasons.end(), r) == reasons.end()) reasons.push_back(r);
    }
    for (const std::string& r : reasons) print_line("n/a: " + r, quiet);
}

class EvalCommand : public Subcommand {
  public:
    std::string name() const override { return "eval"; }
    std::string description() const override {
        return "Compare a mix with a reference (Table-2 feature errors); a folder evaluates every "
               "song";
    }
    void add_options(CLI::App& app) override {
        app.add_option("input", input_, "Mix file, or a folder of song folders (batch mode)")
            ->required();
        app.add_option("-r,--reference", reference_, "Reference file (single-file mode)");
        app.add_option("-o,--output", output_,
                       "Single file: write the JSON report here. Batch: output folder (required)");
        app.add_flag("--json", json_, "Print the JSON report to stdout (single-file mode)");
        app.add_option("--plot", plot_, "Single file: write an SVG comparison plot here");
        app.add_option("--mix-name", mix_name_, "Batch: mix file name in each song folder")
            ->capture_default_str();
        app.add_option("--reference-name", reference_name_,
                       "Batch: reference file name in each song folder")
            ->capture_default_str();
        app.add_option("--running-mean", options_.comparison.running_mean_frames,
                       "Running-mean length in frames for the errors")
            ->capture_default_str()
            ->check(CLI::PositiveNumber);
        app.add_flag("--no-align", no_align_, "Do not search a time offset between the files");
        app.add_flag("--no-trim", no_trim_, "Do not trim the reference's leading/trailing silence");
    }
    int run(const GlobalOptions& global) override {
        options_.alignment.estimate_lag = !no_align_;
        options_.alignment.trim_silence = !no_trim_;
        if (fs::is_directory(input_)) return run_batch(global);
        if (reference_.empty())
            throw usage_error("eval: --reference is required for a single mix file");
        std::vector<PlannedOutput> outputs;
        if (!output_.empty()) outputs.push_back({output_, "-o"});
        if (!plot_.empty()) outputs.push_back({plot_, "--plot"});
        check_outputs_spare_inputs(outputs, RunInputs{{input_, reference_}, {}});
        const PairEvaluation e =
            evaluate_pair(read_audio(input_), read_audio(reference_), options_);
        nlohmann::json report = evaluation_to_json(e);
        report["estimate_path"] = input_;
        report["reference_path"] = reference_;
        if (!output_.empty()) write_file_atomically(output_, report.dump(2) + "\n");
        if (!plot_.empty()) {
            write_file_atomically(plot_, comparison_plot_svg(fs::path(input_).filename().string(),
                                                             e.estimate, e.reference));
        }
        if (json_) {
            std::printf("%s\n", report.dump(2).c_str());
        } else {
            print_errors(report, global.quiet);
        }
        return 0;
    }

  private:
    int run_batch(const GlobalOptions& global) {
        if (output_.empty()) throw usage_error("eval: batch mode needs an output folder (-o DIR)");
        std::vector<fs::path> songs;
        for (const auto& entry : fs::directory_iterator(input_)) {
            if (entry.is_directory()) songs.push_back(entry.path());
        }
        std::sort(songs.begin(), songs.end());
        RunInputs inputs{{}, {input_}};
        for (const fs::path& dir : songs) inputs.folders.push_back(dir.string());
        check_outputs_spare_inputs({{output_, "-o", true}}, inputs);
        std::error_code ec;
        fs::create_directories(fs::path(output_) / "plots", ec);
        if (ec)
            throw output_error("eval: cannot create the output folder " + output_ + ": " +
                               ec.message());
        std::vector<SongErrors> rows;
        for (const fs::path& dir : songs) {
            const fs::path mix = dir / mix_name_, ref = dir / reference_name_;
            if (!fs::exists(mix) || !fs::exists(ref)) {
                print_warning(
                    "skipping " + dir.string() + ": no " + mix_name_ + " or " + reference_name_,
                    global.quiet);
                continue;
            }
            const std::string song = dir.filename().string();
            print_line("evaluating " + song, global.quiet);
            const PairEvaluation e =
                evaluate_pair(read_audio(mix.string()), read_audio(ref.string()), options_);
            nlohmann::json report = evaluation_to_json(e);
            report["song"] = song;
            report["estimate_path"] = mix.string();
            report["reference_path"] = ref.string();
            write_file_atomically((fs::path(output_) / (song + ".json")).string(),
                                  report.dump(2) + "\n");
            write_file_atomically((fs::path(output_) / "plots" / (song + ".svg")).string(),
                                  comparison_plot_svg(song, e.estimate, e.reference));
            rows.push_back({song, e.comparison.errors});
        }
        if (rows.empty()) {
            throw input_error("eval: no song folder in " + input_ + " holds both " + mix_name_ +
                              " and " + reference_name_);
        }
        write_file_atomically((fs::path(output_) / "errors.csv").string(), errors_table_csv(rows));
        const std::string md = errors_table_markdown(rows);
        write_file_atomically((fs::path(output_) / "errors.md").string(), md);
        print_line(md, global.quiet);
        print_line("wrote " + std::to_string(rows.size()) +
                       " song reports, errors.csv, errors.md and plots/ to " + output_,
                   global.quiet);
        return 0;
    }

    std::string input_, reference_, output_, plot_;
    std::string mix_name_ = "mix.wav", reference_name_ = "reference.wav";
    bool json_ = false, no_align_ = false, no_trim_ = false;
    EvalOptions options_;
};

const bool registered = register_subcommand(std::make_unique<EvalCommand>());

}  // namespace
}  // namespace automix::cli
