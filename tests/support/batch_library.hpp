// Small synthetic song libraries for the batch tests, and a real mixer for them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "automix/batch/runner.hpp"

namespace automix::test {

/// Writes a song folder `dir` (created) with two short stems: a bass sine and a vocal sine, each
/// `seconds` long at 44.1 kHz, 16-bit WAV.
void write_song(const std::string& dir, double seconds = 0.5);

/// Mixes a batch task with the real pipeline (default engine, no features): what `automix batch`
/// does for each song, without the command line. Returns the written report.
nlohmann::json mix_with_pipeline(const batch::SongTask& task);

}  // namespace automix::test
