// Splitting a library into shards by a hash of each song's name (include/automix/batch/songs.hpp).
//
// Why a hash of the name rather than every N-th song of the sorted list: the sorted list shifts
// when a song is added, so two cluster tasks started a minute apart could both take, or both
// miss, a song; a song's hash never changes. Balance: a good 64-bit hash puts each song in any
// shard with probability 1/N independently of the others, so a shard of a library of n songs gets
// n/N songs on average with a standard deviation of sqrt(n/N (1 - 1/N)) -- 1,000 +- 30 for
// 10,000 songs over 10 shards (tests/unit/batch_shard_test.cpp checks this on a synthetic library).
#include <cstdlib>
#include <regex>

#include "automix/batch/songs.hpp"
#include "automix/error.hpp"

namespace automix::batch {

namespace {
constexpr int kMaxShards = 100000;
}

Shard parse_shard(const std::string& text) {
    static const std::regex form(R"(([0-9]{1,6})/([0-9]{1,6}))");
    std::smatch m;
    if (std::regex_match(text, m, form)) {
        const int k = std::atoi(m[1].str().c_str());
        const int n = std::atoi(m[2].str().c_str());
        if (k >= 1 && n >= 1 && k <= n && n <= kMaxShards) return Shard{k, n};
    }
    throw usage_error("--shard " + text + ": expected K/N with 1 <= K <= N <= " +
                      std::to_string(kMaxShards) + " (e.g. 2/8)");
}

std::string to_string(const Shard& shard) {
    return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

std::uint64_t song_hash(const std::string& song_name) {
    // FNV-1a (64-bit offset basis and prime).
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : song_name) {
        h ^= c;
        h *= 1099511628211ull;
    }
    // FNV-1a's low bits depend weakly on the last bytes; the splitmix64 finalizer spreads every
    // input bit over the whole word before the remainder is taken.
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

bool in_shard(const std::string& song_name, const Shard& shard) {
    return song_hash(song_name) % static_cast<std::uint64_t>(shard.count) ==
           static_cast<std::uint64_t>(shard.index - 1);
}

std::vector<Song> select_shard(const std::vector<Song>& songs, const Shard& shard) {
    std::vector<Song> mine;
    for (const Song& s : songs) {
        if (in_shard(s.name, shard)) mine.push_back(s);
    }
    return mine;
}

}  // namespace automix::batch
