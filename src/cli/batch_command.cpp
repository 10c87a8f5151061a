// `automix batch SONGS_DIR -o OUT_DIR [mix options]`: every song of a library mixed by one process
// (src/batch/ does the work), and `automix batch --merge -o OUT_DIR`: shard summaries merged.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "automix/atomic_file.hpp"
#include "automix/batch/progress_line.hpp"
#include "automix/batch/runner.hpp"
#include "automix/batch/shared_engine.hpp"
#include "automix/error.hpp"
#include "automix/eval_report.hpp"
#include "automix/pipeline.hpp"
#include "cli/console.hpp"
#include "cli/mix_options.hpp"
#include "cli/subcommand.hpp"

namespace automix::cli {
namespace {

namespace fs = std::filesystem;
using namespace automix::batch;

// The batch's status on stderr: one line redrawn in place on a terminal, otherwise (a log file,
// a cluster job's output) one line per finished song.
class BatchConsole {
  public:
    explicit BatchConsole(bool quiet) : quiet_(quiet), terminal_(isatty(STDERR_FILENO) != 0) {}
    void on_event(const BatchEvent& e) {
        if (quiet_) return;
        const std::string line = format_progress_line(e.counts, e.processed, e.elapsed_seconds);
        if (terminal_) {
            if (e.finished && e.finished->status == SongStatus::Failed) {
                std::fprintf(stderr, "\r\033[Kfailed: %s: %s\n", e.finished->song.c_str(),
                             e.finished->error.c_str());
            }
            std::fprintf(stderr, "\r\033[K%s", line.c_str());
            drawn_ = true;
        } else if (e.finished) {
            const SongRecord& s = *e.finished;
            std::fprintf(stderr, "%s %s (%.1f s)%s%s | %s\n", to_string(s.status).c_str(),
                         s.song.c_str(), s.time_seconds.value_or(0.0), s.error.empty() ? "" : ": ",
                         s.error.c_str(), line.c_str());
        } else {
            std::fprintf(stderr, "%s\n", line.c_str());
        }
        std::fflush(stderr);
    }
    void finish() {
        if (drawn_) std::fprintf(stderr, "\n");
        drawn_ = false;
    }

  private:
    bool quiet_, terminal_, drawn_ = false;
};

// The Table-2 errors of every evaluated song (automix eval's batch layout): errors.csv and
// errors.md in OUT_DIR/evaluation/. Returns how many songs were evaluated.
std::size_t write_evaluation_tables(const BatchSummary& summary, const std::string& output_dir) {
    std::vector<SongErrors> rows;
    for (const SongRecord& s : summary.songs) {
        if (s.status == SongStatus::Ok && s.evaluation.is_object()) {
            rows.push_back({s.song, s.evaluation});
        }
    }
    if (rows.empty()) return 0;
    const fs::path dir = fs::path(output_dir) / "evaluation";
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw output_error(dir.string() + ": cannot create folder: " + ec.message());
    write_file_atomically((dir / "errors.csv").string(), errors_table_csv(rows));
    write_file_atomically((dir / "errors.md").string(), errors_table_markdown(rows));
    return rows.size();
}

// Threads for each song's stages when `jobs` songs run at once and the user left --threads at 0:
// the cores shared out, at least one each.
int threads_per_song(int jobs) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(1, cores / std::max(1, jobs));
}

class BatchCommand : public Subcommand {
  public:
    std::string name() const override { return "batch"; }
    std::string description() const override {
        return "Mix every song folder of a library (resumable, shardable); --merge joins shard "
               "summaries";
    }
    void add_options(CLI::App& app) override {
        app.add_option("songs_dir", songs_dir_, "The library: one folder of stems per song");
        app.add_option("-o,--output", output_dir_,
                       "Output folder: <song>.wav + <song>.json per song, batch.json, batch.csv");
        // Every mix option of `automix STEMS_DIR -o MIX`, applied to every song.
        mix_cli_ = std::make_unique<MixOptionsCli>(app, mix_, MixOptionsCli::SongPaths::Omit);
        app.add_flag("--recursive", recursive_,
                     "Songs are folders of stems at any depth below SONGS_DIR (default: its "
                     "direct sub-folders)");
        app.add_option("--jobs", jobs_, "Songs mixed at the same time")
            ->check(CLI::Range(1, 256))
            ->capture_default_str();
        app.add_option("--shard", shard_, "Take shard K of N (K/N) of the songs")
            ->capture_default_str();
        app.add_flag("--force", force_,
                     "Mix songs again even when their mix and report are "
                     "complete");
        app.add_option("--format", format_, "Mix file format: wav | flac")
            ->check(CLI::IsMember({"wav", "flac"}))
            ->capture_default_str();
        app.add_option("--reference-name", reference_name_,
                       "File name of a reference mix in each song folder: evaluate against it");
        app.add_flag("--merge", merge_,
                     "Merge the shard summaries in -o OUT_DIR into batch.json and batch.csv");
        app.footer(
            "Exit codes: 0 every song ok, 10 some songs failed, 11 no song ok; 2-6 before the "
            "first song as for one mix (docs/batch.md, docs/exit-codes.md)");
    }
    int run(const GlobalOptions& global) override {
        if (output_dir_.empty()) throw usage_error("batch: missing -o OUT_DIR");
        if (merge_) return run_merge(global);
        if (songs_dir_.empty()) throw usage_error("batch: missing SONGS_DIR");
        for (const auto& [given, option] :
             {std::pair{!mix_.save_normalized_dir.empty(), "--save-normalized"},
              std::pair{!mix_.export_stems_dir.empty(), "--export-stems"},
              std::pair{!mix_.reference_path.empty(), "--reference (use --reference-name)"},
              std::pair{mix_.allow_outputs_in_stems_dir, "--output-in-stems-dir"}}) {
            if (given) {
                throw usage_error(std::string("batch: ") + option +
                                  " names one song's files; the batch names them per song");
            }
        }
        mix_cli_->finish();
        return run_batch_command(global);
    }

  private:
    int run_batch_command(const GlobalOptions& global) {
        BatchOptions options;
        options.songs_dir = songs_dir_;
        options.output_dir = output_dir_;
        options.recursive = recursive_;
        options.shard = parse_shard(shard_);
        options.jobs = jobs_;
        options.force = force_;
        options.mix_extension = "." + format_;
        options.reference_name = reference_name_;
        if (mix_.threads == 0) mix_.threads = threads_per_song(jobs_);
        options.options = mix_.invocation;
        // One engine for every song: the model is loaded (and checked) once, before any song.
        const std::unique_ptr<MixerEngine> engine = make_mix_engine(mix_);
        SharedEngine shared(*engine);
        const SongMixer mixer = [&](const SongTask& task) { return mix_song(task, shared); };
        BatchConsole console(global.quiet);
        const BatchSummary summary =
            run_batch(options, mixer, [&](const BatchEvent& e) { console.on_event(e); });
        console.finish();
        return report_result(summary, global, options.shard.count == 1);
    }

    // One song with the batch's options: its own paths, its reference (never taken for a stem),
    // and the comparison plot when it was evaluated.
    nlohmann::json mix_song(const SongTask& task, MixerEngine& engine) const {
        MixOptions o = mix_;
        o.stems_dir = task.song.dir;
        o.output_path = task.outputs.mix;
        o.report_path = task.outputs.report;
        o.invocation["stems_dir"] = task.song.dir;
        o.invocation["output"] = task.outputs.mix;
        o.invocation["report"] = task.outputs.report;
        if (!task.reference.empty()) {
            o.reference_path = task.reference;
            o.invocation["reference"] = task.reference;
            o.overrides.emplace(reference_name_, "skip");  // unless the user said otherwise
        }
        const MixOutcome out = run_mix(o, engine, nullptr);
        if (out.evaluation) {
            const fs::path plot =
                fs::path(output_dir_) / "evaluation" / "plots" / (task.song.name + ".svg");
            std::error_code ec;
            fs::create_directories(plot.parent_path(), ec);
            write_file_atomically(plot.string(),
                                  comparison_plot_svg(task.song.name, out.evaluation->mix.estimate,
                                                      out.evaluation->mix.reference));
        }
        return nlohmann::json::parse(out.report.dump());
    }

    int run_merge(const GlobalOptions& global) {
        const std::vector<std::string> files = find_shard_summaries(output_dir_);
        if (files.empty()) {
            throw input_error(output_dir_ + ": no shard summary (batch-K-of-N.json) to merge");
        }
        std::vector<BatchSummary> shards;
        for (const std::string& f : files) shards.push_back(read_summary(f));
        const BatchSummary merged = merge_summaries(shards, files);
        write_summary(merged, summary_paths(output_dir_, Shard{}));
        for (int k : merged.missing_shards) {
            print_warning("merge: no summary of shard " + std::to_string(k) + "/" +
                              std::to_string(shards.front().shard.count) + " in " + output_dir_,
                          global.quiet);
        }
        return report_result(merged, global, true);
    }

    int report_result(const BatchSummary& summary, const GlobalOptions& global, bool write_tables) {
        const BatchCounts c = summary.counts();
        const SummaryPaths paths = summary_paths(summary.output_dir, summary.shard);
        if (write_tables) {
            const std::size_t evaluated = write_evaluation_tables(summary, summary.output_dir);
            if (evaluated > 0) {
                print_line("evaluated " + std::to_string(evaluated) + " song(s) against their " +
                               "reference: " + summary.output_dir + "/evaluation/errors.md",
                           global.quiet);
            }
        }
        if (c.total == 0) {
            print_warning(
                "shard " + to_string(summary.shard) + " holds no song of " + summary.songs_dir,
                global.quiet);
        }
        for (const SongRecord& s : summary.songs) {
            if (s.status == SongStatus::Failed) print_error(s.song + ": " + s.error);
        }
        print_line("batch: " + std::to_string(c.ok) + " ok (" + std::to_string(c.done_before) +
                       " done before), " + std::to_string(c.failed) + " failed, " +
                       std::to_string(c.pending) + " pending; summary " + paths.json,
                   global.quiet);
        return batch_exit_code(c);
    }

    std::string songs_dir_, output_dir_;
    MixOptions mix_;
    std::unique_ptr<MixOptionsCli> mix_cli_;
    bool recursive_ = false, force_ = false, merge_ = false;
    int jobs_ = 1;
    std::string shard_ = "1/1", format_ = "wav", reference_name_;
};

const bool registered = register_subcommand(std::make_unique<BatchCommand>());

}  // namespace
}  // namespace automix::cli
