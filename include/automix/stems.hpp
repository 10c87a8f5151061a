// From a folder of files to the four grouped stems: discovery, name-based grouping, overrides.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "automix/audio_io.hpp"
#include "automix/progress.hpp"
#include "automix/stem_set.hpp"
#include "automix/stem_type.hpp"

namespace automix {

/// A file that discovery or grouping left out, and why (recorded in the report).
struct SkippedFile {
    std::string path;    ///< The file.
    std::string reason;  ///< One sentence.
};

/// The audio files of a stems folder.
struct Discovery {
    std::vector<std::string> audio_files;  ///< Sorted by name; every one must decode.
    std::vector<SkippedFile> skipped;      ///< Non-audio files (by extension and header).
    /// Audio files automix wrote as a mix -> the evidence (its software tag, or a mix report in
    /// the folder naming it). Grouping skips them unless an override names them.
    std::map<std::string, std::string> automix_mixes;
};

/// Lists a folder (not recursively). A file with a known audio extension (wav, flac, ogg, aiff,
/// mp3, ...) is an audio file and must decode later; a file with another extension is used only if
/// libsndfile recognises its header, and skipped with a note otherwise. Hidden files are skipped.
/// Entries that are not regular files (FIFOs, sockets, devices, folders) are skipped with a note
/// and never opened, so a named pipe cannot hang the run. Throws Error(Input) if the folder does
/// not exist, is empty, or holds no audio file.
Discovery discover_stem_files(const std::string& folder);

/// The type a file name suggests, and the keyword that decided it (see docs/stems.md for the
/// table). Names that match nothing are Other with keyword "".
struct NameMatch {
    StemType type = StemType::Other;  ///< Suggested type.
    std::string keyword;              ///< The matching keyword, empty for the default.
};

/// Classifies a file name (extension ignored, case-insensitive) with the documented keyword table.
NameMatch classify_file_name(const std::string& file_name);

/// True for names that look like a full mix ("mix", "mixture", "master", ...): discovery keeps
/// them, but grouping skips them unless an override names them, so a MUSDB-style song folder
/// does not feed its own mixture back in as a stem.
bool looks_like_full_mix(const std::string& file_name);

/// User decisions that beat the name table: file name (as in the folder, or its base name without
/// extension) -> "vocals" | "bass" | "drums" | "other" | "skip".
using StemOverrides = std::map<std::string, std::string>;

/// Parses repeated `--stem FILE=TYPE` options. Throws Error(Usage) on malformed entries or types,
/// and when one FILE is given twice.
StemOverrides parse_stem_options(const std::vector<std::string>& options);

/// Reads a JSON object {"file name": "type", ...}. Throws Error(Input) naming the file when it is
/// unreadable or malformed, and Error(Usage) when a file name appears twice (JSON parsers would
/// silently keep the last).
StemOverrides load_stem_map(const std::string& path);

/// How one input file was grouped.
struct StemAssignment {
    std::string path;              ///< The file.
    std::optional<StemType> type;  ///< nullopt = skipped.
    std::string rule;              ///< "override", "keyword 'kick'", "default", "full mix", ...
};

/// Applies overrides first, then skips mixes automix wrote (`automix_mixes`, from Discovery) and
/// full mixes, then the name table. Throws Error(Usage) when an override names a file that is not
/// in `files`, so typos do not pass silently, and when two overrides name the same file (e.g.
/// "vocals" and "vocals.wav"), so the last one cannot silently win.
std::vector<StemAssignment> assign_stems(
    const std::vector<std::string>& files, const StemOverrides& overrides,
    const std::map<std::string, std::string>& automix_mixes = {});

/// What was read from one input file (for the report).
struct InputRecord {
    AudioFileInfo info;       ///< Header facts of the file.
    std::string stem;         ///< Stem type name it was summed into.
    double duration_seconds;  ///< Decoded duration.
};

/// Decodes every assigned file, makes it stereo, resamples it to `sample_rate`, and sums files of
/// one type. Stems are aligned at their start and zero-padded to the longest file; types with no
/// file are silence. Throws Error(Input) naming the file for any decoding problem, and when every
/// file was skipped.
StemSet load_stems(const std::vector<StemAssignment>& assignments, int sample_rate,
                   std::vector<InputRecord>* records, const ProgressCallback& progress);

}  // namespace automix
