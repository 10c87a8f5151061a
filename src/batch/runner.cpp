// Running a batch of songs (include/automix/batch/runner.hpp).
#include "automix/batch/runner.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <mutex>
#include <new>
#include <set>
#include <thread>

#include "automix/error.hpp"
#include "automix/io_guard.hpp"

namespace automix::batch {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// Exit code of a song that threw something other than automix::Error (main.cpp's mapping).
constexpr int kExitInternal = 1;
// Summary rewrites while songs finish are spaced at least this far apart: a library of 10,000
// songs would otherwise rewrite megabytes per song. A crash loses nothing: the next run rebuilds
// every row from the songs' own reports.
constexpr double kSummaryIntervalSeconds = 1.0;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::optional<double> number_at(const nlohmann::json& j, const nlohmann::json::json_pointer& p) {
    if (!j.contains(p) || !j.at(p).is_number()) return std::nullopt;
    return j.at(p).get<double>();
}

// Holds an exclusive advisory lock on a hidden file in the output folder for the lifetime of the
// batch; the kernel releases it when the process dies, even by SIGKILL, so it never goes stale.
class ShardLock {
  public:
    ShardLock(const std::string& output_dir, const Shard& shard) {
        const std::string name = shard.count == 1
                                     ? std::string(".batch.lock")
                                     : ".batch-" + std::to_string(shard.index) + "-of-" +
                                           std::to_string(shard.count) + ".lock";
        const std::string path = (fs::path(output_dir) / name).string();
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) throw output_error(path + ": cannot create the batch lock file");
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            throw usage_error(output_dir + ": another automix batch is running " +
                              (shard.count == 1 ? std::string("into this folder")
                                                : "shard " + to_string(shard) + " into it"));
        }
    }
    ~ShardLock() { ::close(fd_); }
    ShardLock(const ShardLock&) = delete;
    ShardLock& operator=(const ShardLock&) = delete;

  private:
    int fd_ = -1;
};

// The output folder may lie in the library (it is then not taken for a song) but must not be the
// library itself or lie in a song's folder, where the mixes would be read as stems.
void check_output_folder(const BatchOptions& o) {
    std::error_code ec;
    const fs::path out = fs::weakly_canonical(fs::absolute(o.output_dir), ec);
    const fs::path library = fs::weakly_canonical(fs::absolute(o.songs_dir), ec);
    if (out == library) {
        throw usage_error("-o " + o.output_dir + " is the songs folder itself; give a separate " +
                          "output folder (it may lie inside the songs folder)");
    }
    const auto [rest, unused] =
        std::mismatch(library.begin(), library.end(), out.begin(), out.end());
    if (rest != library.end()) return;  // not inside the library
    for (fs::path dir = out; dir != library && dir.has_relative_path(); dir = dir.parent_path()) {
        if (fs::is_directory(dir, ec) && holds_stems(dir.string())) {
            throw usage_error("-o " + o.output_dir + " lies in the song folder " + dir.string() +
                              ": mixes there would be read as stems");
        }
    }
}

// Removes hidden temporaries (".NAME.tmp-PID-N") of the files this shard writes, left by a run
// that was killed; one walk over the output folder, whatever the number of songs.
void remove_stale_temporaries(const std::string& output_dir, const std::set<std::string>& mine) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(output_dir, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const std::string name = it->path().filename().string();
        const std::size_t tmp = name.rfind(".tmp-");
        if (name.size() < 2 || name[0] != '.' || tmp == std::string::npos) continue;
        const fs::path target = it->path().parent_path() / name.substr(1, tmp - 1);
        if (mine.count(target.lexically_normal().string())) remove_temporaries_of(target.string());
    }
}

SongRecord failed_record(SongRecord r, int exit_code, const std::string& message) {
    r.status = SongStatus::Failed;
    r.exit_code = exit_code;
    r.error = message;
    return r;
}

std::string relative_to(const std::string& path, const std::string& dir) {
    return fs::path(path).lexically_relative(dir).generic_string();
}

}  // namespace

void fill_from_report(SongRecord& record, const nlohmann::json& report) {
    using P = nlohmann::json::json_pointer;
    record.duration_seconds = number_at(report, P("/output/duration_seconds"));
    record.loudness_lufs = number_at(report, P("/output/loudness/integrated_lufs"));
    record.true_peak_dbtp = number_at(report, P("/output/loudness/true_peak_dbtp"));
    if (!record.time_seconds) record.time_seconds = number_at(report, P("/timing_seconds/total"));
    const P errors("/evaluation/mix/errors");
    record.evaluation = report.contains(errors) ? report.at(errors) : nlohmann::json();
}

BatchSummary run_batch(const BatchOptions& options, const SongMixer& mixer,
                       const BatchObserver& observer) {
    const std::vector<Song> all =
        discover_songs(options.songs_dir, SongSearch{options.recursive, options.output_dir});
    check_output_folder(options);
    std::error_code ec;
    fs::create_directories(options.output_dir, ec);
    if (ec || !fs::is_directory(options.output_dir)) {
        throw output_error(options.output_dir + ": cannot create the output folder" +
                           (ec ? ": " + ec.message() : std::string()));
    }
    const ShardLock lock(options.output_dir, options.shard);
    const std::vector<Song> songs = select_shard(all, options.shard);
    const SummaryPaths paths = summary_paths(options.output_dir, options.shard);

    BatchSummary summary;
    summary.songs_dir = options.songs_dir;
    summary.output_dir = options.output_dir;
    summary.shard = options.shard;
    summary.options = options.options;
    summary.started_utc = summary.updated_utc = utc_now_iso8601();

    std::vector<SongTask> tasks(songs.size());
    std::set<std::string> my_files = {fs::path(paths.json).lexically_normal().string(),
                                      fs::path(paths.csv).lexically_normal().string()};
    std::vector<std::size_t> to_mix;
    for (std::size_t i = 0; i < songs.size(); ++i) {
        SongTask& t = tasks[i];
        t.song = songs[i];
        t.outputs = song_outputs(options.output_dir, songs[i].name, options.mix_extension);
        if (!options.reference_name.empty()) {
            const fs::path ref = fs::path(songs[i].dir) / options.reference_name;
            if (fs::exists(ref, ec)) t.reference = ref.string();
        }
        my_files.insert(fs::path(t.outputs.mix).lexically_normal().string());
        my_files.insert(fs::path(t.outputs.report).lexically_normal().string());
        SongRecord r;
        r.song = songs[i].name;
        const Completion done = options.force ? Completion{} : check_song_complete(t.outputs);
        if (done.complete) {
            r.status = SongStatus::Ok;
            r.done_before = true;
            r.mix = relative_to(t.outputs.mix, options.output_dir);
            r.report = relative_to(t.outputs.report, options.output_dir);
            fill_from_report(r, done.report);
        } else {
            to_mix.push_back(i);
        }
        summary.songs.push_back(std::move(r));
    }
    remove_stale_temporaries(options.output_dir, my_files);
    summary.finished = to_mix.empty();
    write_summary(summary, paths);

    std::mutex mutex;  // guards summary, the summary files, the counters and the observer
    std::size_t processed = 0;
    const Clock::time_point started = Clock::now();
    Clock::time_point last_write = started;
    if (observer) observer(BatchEvent{nullptr, summary.counts(), 0, 0.0});

    std::atomic<std::size_t> next{0};
    std::exception_ptr fatal;  // guarded by mutex
    const auto work = [&] {
        for (std::size_t n; (n = next++) < to_mix.size();) {
            const std::size_t i = to_mix[n];
            const SongTask& task = tasks[i];
            SongRecord r = summary.songs[i];  // copy: the row is read under the lock only
            // Results of an interrupted earlier attempt go first (report before mix), so that a
            // crash from here on leaves the song without results or with complete ones.
            clear_song_leftovers(task.outputs, true);
            if (fs::path(task.song.name).has_parent_path()) {
                std::error_code ignored;  // a missing folder fails the song with its own message
                fs::create_directories(fs::path(task.outputs.mix).parent_path(), ignored);
            }
            const Clock::time_point t0 = Clock::now();
            try {
                const nlohmann::json report = mixer(task);
                r.status = SongStatus::Ok;
                r.exit_code = 0;
                r.error.clear();
                r.time_seconds = seconds_since(t0);
                r.mix = relative_to(task.outputs.mix, options.output_dir);
                r.report = relative_to(task.outputs.report, options.output_dir);
                fill_from_report(r, report);
            } catch (const Error& e) {
                r = failed_record(r, exit_code_for(e.kind()), e.what());
            } catch (const std::bad_alloc&) {
                r = failed_record(r, exit_code_for(ErrorKind::Processing), "out of memory");
            } catch (const std::exception& e) {
                r = failed_record(r, kExitInternal, std::string("internal error: ") + e.what());
            }
            if (r.status == SongStatus::Failed) r.time_seconds = seconds_since(t0);
            const std::lock_guard<std::mutex> guard(mutex);
            if (fatal) return;
            summary.songs[i] = r;
            ++processed;
            const bool last = processed == to_mix.size();
            try {
                if (last || seconds_since(last_write) >= kSummaryIntervalSeconds) {
                    summary.finished = last;
                    summary.updated_utc = utc_now_iso8601();
                    write_summary(summary, paths);
                    last_write = Clock::now();
                }
                if (observer) {
                    observer(BatchEvent{&summary.songs[i], summary.counts(), processed,
                                        seconds_since(started)});
                }
            } catch (...) {
                // The summary cannot be written (disk full, folder gone): the batch cannot keep
                // its record, so it stops; the other workers finish their current song.
                fatal = std::current_exception();
                next = to_mix.size();
                return;
            }
        }
    };
    const std::size_t threads =
        std::min<std::size_t>(std::max(1, options.jobs), std::max<std::size_t>(1, to_mix.size()));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    if (fatal) std::rethrow_exception(fatal);
    summary.finished = true;
    return summary;
}

}  // namespace automix::batch
