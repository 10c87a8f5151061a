// The contribution cache behind `--cache DIR`: the per-stem contributions of a run (after FX
// normalization and the engine, before the user's controls and the master), stored so that a
// re-mix with new controls skips decoding, FX normalization and the network (docs/cache.md).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "automix/stem_set.hpp"

namespace automix {

/// One cache entry: the contributions and what the first run recorded about how it made them.
struct CachedMix {
    StemSet contributions;  ///< Stereo contribution per type; `present` and `sources` restored.
    nlohmann::ordered_json record;  ///< Report sections of the first run (inputs, stems, ...).
};

/// Identity of a file for a cache key: its canonical path, size and modification time (ns). A
/// changed, replaced or touched file gets a new identity. Throws Error(Input) when it cannot be
/// examined.
nlohmann::json file_identity(const std::string& path);

/// The entry's file name for an identity (every input and option that shapes the
/// contributions): "<sha256 of the identity's JSON>.contrib" inside `dir`.
std::string cache_entry_path(const std::string& dir, const nlohmann::json& identity);

/// Reads an entry. Returns nullopt when the file is absent, unreadable, truncated, of another
/// format version, or was made for a different identity (a stale or damaged entry is a miss, never
/// an error: the run recomputes it and writes a fresh one).
std::optional<CachedMix> read_cache_entry(const std::string& path, const nlohmann::json& identity);

/// Writes an entry to `file` (a temporary path; the caller renames it into place, see
/// StagedOutputs): a text header, the identity and record as JSON, then the contributions as raw
/// little-endian float32, planar. Throws Error(Output) naming `name` when writing fails.
void write_cache_entry(const std::string& file, const std::string& name,
                       const StemSet& contributions, const nlohmann::ordered_json& record,
                       const nlohmann::json& identity);

}  // namespace automix
