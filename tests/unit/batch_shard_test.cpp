// Sharding a library: K/N parsing, exact partition, balance within the binomial spread, stability
// when songs are added, and a hash frozen across versions.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "automix/batch/songs.hpp"
#include "automix/error.hpp"
#include "support/error_of.hpp"

using namespace automix;
using namespace automix::batch;

namespace {

std::vector<Song> synthetic_library(int n, const std::string& prefix = "artist ") {
    std::vector<Song> songs;
    for (int i = 0; i < n; ++i) {
        const std::string name = prefix + std::to_string(i % 97) + "/song " + std::to_string(i);
        songs.push_back({name, "/lib/" + name});
    }
    return songs;
}

}  // namespace

TEST(BatchShard, ParsesKOverN) {
    const Shard s = parse_shard("2/8");
    EXPECT_EQ(s.index, 2);
    EXPECT_EQ(s.count, 8);
    EXPECT_EQ(to_string(s), "2/8");
    EXPECT_EQ(parse_shard("1/1").count, 1);
    for (const char* bad :
         {"0/3", "4/3", "1/0", "a/b", "1/3/4", "", "3", "-1/3", "1 /3", "1/200000"}) {
        EXPECT_EQ(test::error_of([&] { parse_shard(bad); }).first, ErrorKind::Usage) << bad;
    }
}

// Every song is in exactly one of the shards 1/N ... N/N, for several N.
TEST(BatchShard, ShardsPartitionTheLibrary) {
    const std::vector<Song> songs = synthetic_library(3000);
    for (int n : {1, 2, 3, 7, 16}) {
        std::size_t covered = 0;
        for (const Song& s : songs) {
            int owners = 0;
            for (int k = 1; k <= n; ++k) owners += in_shard(s.name, Shard{k, n});
            EXPECT_EQ(owners, 1) << s.name << " in " << owners << " of " << n << " shards";
        }
        for (int k = 1; k <= n; ++k) covered += select_shard(songs, Shard{k, n}).size();
        EXPECT_EQ(covered, songs.size()) << n;
    }
}

// Each song lands in a shard with probability 1/N independently, so shard sizes are binomial:
// mean n/N, standard deviation sqrt(n/N (1 - 1/N)). Every shard must lie within 5 deviations
// (a chance of about 6e-7 per shard for a uniform hash), and the chi-square statistic of the
// counts below its 99.9 % quantile.
TEST(BatchShard, ShardSizesStayWithinTheBinomialSpread) {
    const int n = 10000;
    const std::vector<Song> songs = synthetic_library(n);
    for (int shards : {3, 10, 64}) {
        const double p = 1.0 / shards, mean = n * p, sd = std::sqrt(n * p * (1 - p));
        double chi2 = 0.0;
        for (int k = 1; k <= shards; ++k) {
            const double got = static_cast<double>(select_shard(songs, Shard{k, shards}).size());
            EXPECT_LE(std::fabs(got - mean), 5 * sd) << k << "/" << shards << ": " << got;
            chi2 += (got - mean) * (got - mean) / mean;
        }
        // 99.9 % quantiles of chi-square with shards - 1 degrees of freedom (2, 9, 63).
        const double limit = shards == 3 ? 13.82 : shards == 10 ? 27.88 : 103.4;
        EXPECT_LT(chi2, limit) << shards << " shards";
    }
}

// Adding songs never moves an existing song to another shard (sharding by position would).
TEST(BatchShard, AddingSongsMovesNoExistingSong) {
    const std::vector<Song> before = synthetic_library(500);
    std::vector<Song> after = before;
    for (const Song& s : synthetic_library(300, "new artist ")) after.push_back(s);
    // Insert in the middle too, where a positional split would shift every later song.
    after.insert(after.begin() + 10, Song{"aaa/first", "/lib/aaa/first"});
    for (int k = 1; k <= 4; ++k) {
        const std::vector<Song> old_share = select_shard(before, Shard{k, 4});
        const std::vector<Song> new_share = select_shard(after, Shard{k, 4});
        for (const Song& s : old_share) {
            bool still_there = false;
            for (const Song& t : new_share) still_there |= t.name == s.name;
            EXPECT_TRUE(still_there) << s.name << " left shard " << k << "/4";
        }
    }
}

// The hash decides which cluster task mixes which song, so it must never change between versions:
// these values were computed by an independent implementation (Python, 64-bit FNV-1a followed by
// the splitmix64 finalizer).
TEST(BatchShard, HashIsFrozen) {
    EXPECT_EQ(song_hash(""), 0xf52a15e9a9b5e89bull);
    EXPECT_EQ(song_hash("song"), 0x224af11ddac6ac5aull);
    EXPECT_EQ(song_hash("album/Song 01"), 0xd610f19677869441ull);
    EXPECT_EQ(song_hash("\xc3\x9c"
                        "n"
                        "\xc3\xaf"
                        "code"),
              0x8c4f751221769df7ull);
}
