// The contribution cache: an entry reads back bit for bit with its record; a different identity,
// a truncated or foreign file is a miss (never an error); a touched input changes the identity.
#include "automix/contribution_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "support/test_audio.hpp"

namespace {

namespace fs = std::filesystem;
using automix::CachedMix;

CachedMix sample_entry() {
    std::mt19937 rng(11);
    std::normal_distribution<float> n(0.0f, 0.3f);
    CachedMix e;
    for (int k = 0; k < automix::kNumStemTypes; ++k) {
        e.contributions.stems[k] = automix::AudioBuffer(2, 5000, 44100);
        for (auto& ch : e.contributions.stems[k].channels)
            for (float& v : ch) v = n(rng);
        e.contributions.present[k] = k != 1;
        e.contributions.sources[k] = {"song/track" + std::to_string(k) + ".wav"};
    }
    e.record = {{"inputs", {{"files", 4}}}, {"engine", "sum"}};
    return e;
}

TEST(ContributionCache, EntryReadsBackBitForBit) {
    automix::test::TempDir dir;
    const nlohmann::json id = {{"engine", "sum"}, {"inputs", {1, 2, 3}}};
    const std::string path = automix::cache_entry_path(dir.path().string(), id);
    const CachedMix e = sample_entry();
    automix::write_cache_entry(path, path, e.contributions, e.record, id);
    const std::optional<CachedMix> back = automix::read_cache_entry(path, id);
    ASSERT_TRUE(back.has_value());
    for (int k = 0; k < automix::kNumStemTypes; ++k) {
        EXPECT_EQ(back->contributions.stems[k].channels, e.contributions.stems[k].channels);
        EXPECT_EQ(back->contributions.stems[k].sample_rate, 44100);
        EXPECT_EQ(back->contributions.present[k], e.contributions.present[k]);
        EXPECT_EQ(back->contributions.sources[k], e.contributions.sources[k]);
    }
    EXPECT_EQ(back->record, e.record);
}

TEST(ContributionCache, StaleOrDamagedEntriesAreMisses) {
    automix::test::TempDir dir;
    const nlohmann::json id = {{"engine", "model"}};
    const std::string path = automix::cache_entry_path(dir.path().string(), id);
    EXPECT_FALSE(automix::read_cache_entry(path, id).has_value()) << "absent";
    const CachedMix e = sample_entry();
    automix::write_cache_entry(path, path, e.contributions, e.record, id);
    EXPECT_FALSE(automix::read_cache_entry(path, {{"engine", "sum"}}).has_value()) << "other id";
    EXPECT_NE(automix::cache_entry_path(dir.path().string(), {{"engine", "sum"}}), path);
    fs::resize_file(path, fs::file_size(path) - 4);
    EXPECT_FALSE(automix::read_cache_entry(path, id).has_value()) << "truncated";
    std::ofstream(path, std::ios::trunc) << "not a cache entry";
    EXPECT_FALSE(automix::read_cache_entry(path, id).has_value()) << "foreign";
}

TEST(ContributionCache, TouchingAnInputChangesItsIdentity) {
    automix::test::TempDir dir;
    const std::string f = dir.file("stem.wav");
    std::ofstream(f) << "abc";
    const nlohmann::json before = automix::file_identity(f);
    EXPECT_EQ(automix::file_identity(f), before);
    fs::last_write_time(f, fs::last_write_time(f) + std::chrono::seconds(1));
    EXPECT_NE(automix::file_identity(f), before);
    EXPECT_EQ(automix::file_identity(f)["path"], fs::canonical(f).string());
}

}  // namespace
