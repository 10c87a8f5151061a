// The record of a batch: one row per song, kept up to date on disk while the batch runs
// (OUT_DIR/batch.json and batch.csv, or batch-K-of-N.* for a shard), and merged across shards.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "automix/batch/songs.hpp"

namespace automix::batch {

/// The schema name of a summary file (its first field).
inline constexpr const char* kSummarySchemaName = "automix-batch-summary";

/// Where a song stands.
enum class SongStatus {
    Pending,  ///< Not processed yet (or the run was stopped before it).
    Ok,       ///< Mix and report complete.
    Failed,   ///< Processing failed; `error` says why.
};

/// "pending" | "ok" | "failed".
std::string to_string(SongStatus status);

/// One song's row.
struct SongRecord {
    std::string song;                         ///< Song name (relative path in the library).
    SongStatus status = SongStatus::Pending;  ///< Where it stands.
    bool done_before = false;                 ///< Complete when the batch started: not mixed again.
    int exit_code = 0;                        ///< What `automix STEMS_DIR` would have exited with.
    std::string error;                        ///< The error message of a failed song.
    std::optional<double> duration_seconds;   ///< Length of the mix.
    std::optional<double> loudness_lufs;      ///< Integrated loudness of the mix (null if silent).
    std::optional<double> true_peak_dbtp;     ///< True peak of the mix.
    std::optional<double> time_seconds;       ///< Wall time the mix took.
    std::string mix;     ///< Mix file, relative to the output folder ("" until ok).
    std::string report;  ///< Report file, relative to the output folder ("" until ok).
    /// Table-2 errors against the song's reference (`--reference-name`); null when not evaluated.
    nlohmann::json evaluation;
};

/// Song counts of a summary.
struct BatchCounts {
    std::size_t total = 0;        ///< Songs in the summary.
    std::size_t ok = 0;           ///< Status ok (including done_before).
    std::size_t failed = 0;       ///< Status failed.
    std::size_t pending = 0;      ///< Status pending.
    std::size_t done_before = 0;  ///< Ok songs that were complete when the batch started.
};

/// A whole batch, or one shard of it.
struct BatchSummary {
    std::string songs_dir;          ///< The library folder as given.
    std::string output_dir;         ///< The output folder as given.
    Shard shard;                    ///< The share this summary covers (1/1 = all songs).
    std::string started_utc;        ///< ISO 8601 time the batch started.
    std::string updated_utc;        ///< ISO 8601 time of the last update.
    bool finished = false;          ///< Every song was attempted (no song pending).
    nlohmann::json options;         ///< The mix options of the batch, as recorded in song reports.
    std::vector<SongRecord> songs;  ///< Sorted by song name.
    /// For a merged summary: the shard summaries merged, and the shard numbers with none.
    std::vector<std::string> merged_from;
    std::vector<int> missing_shards;  ///< Shards K of N without a summary (merge only).

    /// Counts by status.
    BatchCounts counts() const;
};

/// Exit code of a batch whose songs all succeeded (or that had nothing to do).
inline constexpr int kBatchExitAllOk = 0;
/// Exit code when some songs failed (or are still pending) and at least one succeeded.
inline constexpr int kBatchExitSomeFailed = 10;
/// Exit code when there were songs and none of them succeeded.
inline constexpr int kBatchExitNoneOk = 11;

/// The exit-code policy (docs/exit-codes.md): 0 when nothing failed or is pending, 11 when songs
/// exist and none is ok, 10 otherwise.
int batch_exit_code(const BatchCounts& counts);

/// The summary as JSON (schema "automix-batch-summary", version 1, with the counts).
nlohmann::ordered_json summary_to_json(const BatchSummary& summary);

/// Parses summary_to_json's output. Throws Error(Input) naming `source` when it is not one.
BatchSummary summary_from_json(const nlohmann::json& json, const std::string& source);

/// One row per song: song,status,exit_code,duration_s,loudness_lufs,true_peak_dbtp,time_s,error
/// (RFC 4180 quoting; empty cells for unknown values).
std::string summary_to_csv(const BatchSummary& summary);

/// The summary files of a batch or shard.
struct SummaryPaths {
    std::string json;  ///< OUT_DIR/batch.json, or OUT_DIR/batch-K-of-N.json for a shard.
    std::string csv;   ///< The same with .csv.
};

/// Summary paths for `shard` (1/1 gives batch.json and batch.csv).
SummaryPaths summary_paths(const std::string& output_dir, const Shard& shard);

/// Writes both files atomically and together (temporary files renamed at the end, see
/// StagedOutputs): a reader sees the previous or the new summary, never a partial one.
/// Throws Error(Output).
void write_summary(const BatchSummary& summary, const SummaryPaths& paths);

/// Reads a summary file. Throws Error(Input) naming the file when it is missing or not a summary.
BatchSummary read_summary(const std::string& path);

/// The shard summaries (batch-K-of-N.json) in `output_dir`, sorted by name.
std::vector<std::string> find_shard_summaries(const std::string& output_dir);

/// Merges shard summaries into one summary of the whole batch (shard 1/1): songs sorted by name,
/// missing shards listed. Throws Error(Input) when the summaries disagree on N, when two cover
/// the same shard, or when a song appears in two of them (the shards overlapped).
BatchSummary merge_summaries(const std::vector<BatchSummary>& shards,
                             const std::vector<std::string>& sources);

/// Current UTC time as ISO 8601 ("2026-12-03T12:41:41Z").
std::string utc_now_iso8601();

}  // namespace automix::batch
