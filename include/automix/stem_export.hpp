// Per-stem files for a DAW: `--export-stems` (the contributions as they enter the mix) and
// `--save-normalized` (the FX-normalized inputs) write a folder of <type>.wav files.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "automix/atomic_file.hpp"
#include "automix/stem_set.hpp"

namespace automix {

/// Name of the description file of an exported-stems folder.
inline constexpr const char* kStemExportDescription = "stems.json";

/// The files a stem folder may receive: <dir>/<type>.wav for the four types (io_guard checks them
/// against the inputs before the run), plus <dir>/stems.json when `with_description`.
std::vector<std::string> stem_folder_files(const std::string& dir, bool with_description);

/// Creates `dir` if needed and stages <dir>/<type>.wav for every present type as 32-bit float
/// WAV: nothing is clipped or requantized (contributions may exceed full scale before the master
/// stage), so the files sum to the mix exactly as automix summed them. Throws Error(Output).
void stage_stem_files(const StemSet& stems, const std::string& dir, StagedOutputs& staged);

/// stage_stem_files plus <dir>/stems.json: what the files are (`description`, from the report)
/// and per file its type, sources and sample peak.
void stage_stem_export(const StemSet& contributions, const std::string& dir,
                       const nlohmann::ordered_json& description, StagedOutputs& staged);

}  // namespace automix
