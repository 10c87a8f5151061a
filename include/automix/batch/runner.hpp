// Running a batch: every song of a library (or of one shard of it) mixed into an output folder,
// resumable, with failures isolated and the summary kept up to date on disk.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "automix/batch/completion.hpp"
#include "automix/batch/songs.hpp"
#include "automix/batch/summary.hpp"

namespace automix::batch {

/// What run_batch needs besides the mixer.
struct BatchOptions {
    std::string songs_dir;   ///< The library.
    std::string output_dir;  ///< Where mixes, reports and the summary go (created if missing).
    bool recursive = false;  ///< Folders of stems at any depth (see discover_songs).
    Shard shard;             ///< The share of the songs this process takes.
    int jobs = 1;            ///< Songs mixed at the same time (>= 1).
    bool force = false;      ///< Mix complete songs again instead of skipping them.
    std::string mix_extension = ".wav";  ///< ".wav" or ".flac".
    /// File name of a reference mix inside each song folder; songs that have one are evaluated
    /// against it. Empty: no evaluation.
    std::string reference_name;
    nlohmann::json options;  ///< Mix options to record in the summary.
};

/// One song to mix.
struct SongTask {
    Song song;              ///< The song.
    SongOutputs outputs;    ///< Where its mix and report must go.
    std::string reference;  ///< Its reference mix, or "" when it has none (or none was asked).
};

/// Mixes one song into task.outputs and returns the report it wrote. Called from up to
/// BatchOptions::jobs threads at once. Throws automix::Error (or another exception) on failure;
/// whatever it throws fails that song only.
using SongMixer = std::function<nlohmann::json(const SongTask& task)>;

/// What the batch reports after each song (and once at the start).
struct BatchEvent {
    const SongRecord* finished = nullptr;  ///< The song just finished; null for the start event.
    BatchCounts counts;                    ///< Counts over the shard.
    std::size_t processed = 0;             ///< Songs mixed (or failed) by this run.
    double elapsed_seconds = 0.0;          ///< Since the songs started.
};

/// Called serially (never from two threads at once), after the summary on disk is up to date.
using BatchObserver = std::function<void(const BatchEvent& event)>;

/// Runs the batch: refuses (Error(Usage)) an output folder that is the library or a song folder,
/// or lies inside one; takes a lock so a second process cannot run the same shard into the same
/// folder (Error(Usage)); finds the songs and keeps the shard's; removes temporary files an
/// interrupted earlier run left; marks songs whose mix and report are complete as done (unless
/// `force`); then mixes the others, `jobs` at a time. Before a song is mixed, its stale results
/// from an interrupted run are removed, so a crash at any moment leaves each song either complete
/// or without results. A failed song is recorded with its exit code and message and the batch
/// goes on. The summary files are rewritten (atomically) at the start, at most once a second while
/// songs finish, and at the end. Returns the final summary.
BatchSummary run_batch(const BatchOptions& options, const SongMixer& mixer,
                       const BatchObserver& observer);

/// The summary row of a completed song, from its report: duration, loudness, true peak, the
/// processing time and the evaluation errors when the report has them.
void fill_from_report(SongRecord& record, const nlohmann::json& report);

}  // namespace automix::batch
