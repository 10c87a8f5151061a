// The one-line progress of a batch over songs, as the CLI shows it on a terminal.
#pragma once

#include <cstddef>
#include <string>

#include "automix/batch/summary.hpp"

namespace automix::batch {

/// A duration for humans: "45 s", "12 min", "3 h 05 min", "2 d 04 h".
std::string format_duration(double seconds);

/// "songs 12/40 done, 1 failed, 27 left | 85.3 songs/h | about 19 min left". The rate counts only
/// songs processed by this run (`processed`, over `elapsed_seconds`), not songs found complete at
/// the start, so a resumed batch does not promise an absurd speed; the rate and the time left are
/// left out until one song has been processed.
std::string format_progress_line(const BatchCounts& counts, std::size_t processed,
                                 double elapsed_seconds);

}  // namespace automix::batch
