// Which folders of a library are songs, and which of them one shard of a distributed batch takes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace automix::batch {

/// One song of a library: a folder of stems.
struct Song {
    std::string name;  ///< Path relative to the library folder, '/'-separated ("album/song").
    std::string dir;   ///< The folder itself (library folder / name).
};

/// How discover_songs looks for songs.
struct SongSearch {
    bool recursive = false;  ///< Folders of stems at any depth instead of the direct sub-folders.
    std::string output_dir;  ///< The batch's output folder: never taken for a song, never searched.
};

/// The songs of `library`, sorted by name. One level: every direct, non-hidden sub-folder is a song
/// (one without stems then fails as a song, visibly, instead of vanishing). Recursive: every
/// non-hidden folder below `library` that holds at least one stem, i.e. an audio file that is not
/// a mix automix wrote (same rules as `automix STEMS_DIR`). In both modes the output folder, and
/// any folder holding an earlier batch summary (an earlier output folder), is skipped with
/// everything below it. Symbolic links to folders are followed only at the first level, so a link
/// loop cannot trap the recursive search. Throws Error(Input) when `library` is missing or not a
/// folder, and when it holds no song.
std::vector<Song> discover_songs(const std::string& library, const SongSearch& search);

/// True when `folder` holds stems by the rules of `automix STEMS_DIR`: at least one audio file
/// that is not a mix automix wrote. Never throws (an unreadable folder holds none).
bool holds_stems(const std::string& folder);

/// True when `folder` holds the summary of an earlier batch (batch.json or a shard's summary).
bool holds_batch_summary(const std::string& folder);

/// One share of a library split over `count` independent processes: 1 <= index <= count.
struct Shard {
    int index = 1;  ///< K of "K/N", 1-based.
    int count = 1;  ///< N of "K/N".
};

/// Parses "K/N" (1 <= K <= N <= 100000). Throws Error(Usage) naming the text otherwise.
Shard parse_shard(const std::string& text);

/// "K/N".
std::string to_string(const Shard& shard);

/// A 64-bit hash of a song name (FNV-1a over the bytes, then a bit mixer so that every bit, and
/// so the remainder modulo any shard count, depends on every byte). Fixed forever: shard
/// membership must not change between versions or machines.
std::uint64_t song_hash(const std::string& song_name);

/// Whether the song belongs to the shard: song_hash(name) mod count == index - 1. It depends on
/// the song's own name only, so adding or removing other songs never moves a song to another
/// shard, and the shards 1/N ... N/N partition any library exactly.
bool in_shard(const std::string& song_name, const Shard& shard);

/// The songs of `songs` that belong to `shard`, in their order.
std::vector<Song> select_shard(const std::vector<Song>& songs, const Shard& shard);

}  // namespace automix::batch
