// `automix stats CORPUS_DIR -o targets.json`: FX-normalization targets from a corpus of wet stems
// (docs/fxnorm.md, "Producing targets").
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "automix/error.hpp"
#include "automix/fxnorm.hpp"
#include "automix/io_guard.hpp"
#include "automix/stem_type.hpp"
#include "automix/targets.hpp"
#include "cli/console.hpp"
#include "cli/subcommand.hpp"

namespace automix::cli {
namespace {

namespace fs = std::filesystem;

// A song folder holds at least one file named after a stem type (vocals.wav, bass.flac, ...).
bool is_song_dir(const fs::path& dir) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && parse_stem_type(entry.path().stem().string())) return true;
    }
    return false;
}

std::vector<std::string> find_songs(const std::string& corpus, const std::string& list_file) {
    std::error_code ec;
    if (!fs::is_directory(corpus, ec)) {
        throw input_error("The corpus folder " + corpus + " does not exist or is not a folder.");
    }
    std::vector<std::string> songs;
    if (!list_file.empty()) {
        std::ifstream in(list_file);
        if (!in) throw input_error("Cannot read the song list " + list_file + ".");
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            const fs::path dir = fs::path(corpus) / line;
            if (!is_song_dir(dir)) {
                throw input_error("The song list " + list_file + " names " + dir.string() +
                                  ", which holds no vocals/bass/drums/other file.");
            }
            songs.push_back(dir.string());
        }
    } else if (is_song_dir(corpus)) {
        songs.push_back(corpus);
    } else {
        for (const auto& entry : fs::directory_iterator(corpus, ec)) {
            if (entry.is_directory() && is_song_dir(entry.path()))
                songs.push_back(entry.path().string());
        }
        std::sort(songs.begin(), songs.end());
    }
    if (songs.empty()) {
        throw input_error("The corpus folder " + corpus +
                          " holds no song folder with vocals/bass/drums/other files.");
    }
    return songs;
}

class StatsCommand : public Subcommand {
  public:
    std::string name() const override { return "stats"; }
    std::string description() const override {
        return "Compute FX-normalization targets (per-stem-type averages) from a corpus of wet "
               "stems";
    }
    void add_options(CLI::App& app) override {
        app.add_option("corpus", corpus_,
                       "Folder with one sub-folder per song (vocals/bass/drums/other files)")
            ->required();
        app.add_option("-o,--output", output_, "Targets JSON to write")->required();
        app.add_option("--list", list_, "Text file naming the song folders to use, one per line");
        app.add_option("--threads", threads_, "Worker threads (0 = all cores)")
            ->check(CLI::NonNegativeNumber);
        app.add_option("--fxnorm-mode", mode_,
                       "Normalization between the passes: default | reference (the paper's)")
            ->check(CLI::IsMember({"default", "reference"}))
            ->capture_default_str();
    }
    int run(const GlobalOptions& global) override {
        const std::vector<std::string> songs = find_songs(corpus_, list_);
        RunInputs inputs{{}, songs};
        if (!list_.empty()) inputs.files.push_back(list_);
        check_outputs_spare_inputs({{output_, "-o"}}, inputs);
        print_line("stats: " + std::to_string(songs.size()) + " songs in " + corpus_, global.quiet);
        ProgressBar bar(!global.quiet);
        StatsOptions options;
        options.threads = threads_;
        options.mode = parse_fxnorm_mode(mode_);
        Targets targets = compute_targets(
            songs, options, [&](const std::string& stage, double f) { bar.update(stage, f); });
        bar.finish();
        targets.provenance = "automix stats on " + std::to_string(songs.size()) + " songs of " +
                             corpus_ + (list_.empty() ? "" : " listed in " + list_) +
                             (options.mode == FxNormMode::Reference ? " (reference mode)" : "");
        save_targets(output_, targets);
        for (StemType t : kAllStemTypes) {
            const StemTargets& s = targets[t];
            print_line("  " + to_string(t) + ": " + std::to_string(s.songs) + " songs, loudness " +
                           std::to_string(s.loudness_lufs) + " LUFS, onset peak " +
                           std::to_string(s.dynamics_mean_db) + " +- " +
                           std::to_string(s.dynamics_std_db) + " dB",
                       global.quiet);
        }
        print_line("wrote " + output_, global.quiet);
        return 0;
    }

  private:
    std::string corpus_, output_, list_, mode_ = "default";
    int threads_ = 0;
};

const bool registered = register_subcommand(std::make_unique<StatsCommand>());

}  // namespace
}  // namespace automix::cli
