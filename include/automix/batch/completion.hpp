// Whether a song of a batch is finished: its mix and report are complete and describe each other.
// This is what makes a batch resumable after any interruption, including SIGKILL.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace automix::batch {

/// Where one song's results go.
struct SongOutputs {
    std::string mix;     ///< OUT_DIR/<song><extension>.
    std::string report;  ///< OUT_DIR/<song>.json.
};

/// The output paths of a song: `output_dir`/`song_name` plus `mix_extension` (".wav" or ".flac")
/// and ".json". A song name with '/' (recursive batches) maps to sub-folders of `output_dir`.
SongOutputs song_outputs(const std::string& output_dir, const std::string& song_name,
                         const std::string& mix_extension);

/// The result of check_song_complete.
struct Completion {
    bool complete = false;  ///< Mix and report present, parsed and consistent.
    std::string
        reason;  ///< Why not, one phrase ("no report", "mix has 10 frames, ..."); "" if complete.
    nlohmann::json report;  ///< The parsed report when complete (null otherwise).
};

/// A song is complete when its report parses as an automix mix report whose output section names
/// the mix file, and the mix file's header agrees with it: automix's software tag, the reported
/// sample rate and sample format, two channels, and the frame count of the reported duration
/// (within one frame). A report alone, a mix alone, a report of another mix or a mix that was
/// replaced after its report are all incomplete. Never throws for missing or malformed files.
Completion check_song_complete(const SongOutputs& outputs);

/// Removes what an interrupted run of this song may have left, so a new attempt starts clean and
/// no temporary file outlives the batch: the hidden temporaries of the mix and the report
/// (".NAME.tmp-PID-N", see commit_atomically) and, when `remove_results`, the report if it is an
/// automix mix report and the mix if it carries automix's software tag (never a foreign file).
/// Returns the number of files removed. Never throws.
int clear_song_leftovers(const SongOutputs& outputs, bool remove_results);

/// Removes the hidden temporaries of `path` (".NAME.tmp-PID-N" in its folder). Returns how many.
int remove_temporaries_of(const std::string& path);

}  // namespace automix::batch
