// The batch summary: JSON round trip, CSV quoting, the exit-code policy, atomic files and merging
// shard summaries.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "automix/batch/summary.hpp"
#include "automix/error.hpp"
#include "support/error_of.hpp"
#include "support/test_audio.hpp"

using namespace automix;
using namespace automix::batch;
namespace fs = std::filesystem;

namespace {

SongRecord row(const std::string& song, SongStatus status) {
    SongRecord r;
    r.song = song;
    r.status = status;
    if (status == SongStatus::Ok) {
        r.duration_seconds = 12.5;
        r.loudness_lufs = -14.25;
        r.true_peak_dbtp = -1.5;
        r.time_seconds = 3.0;
        r.mix = song + ".wav";
        r.report = song + ".json";
    } else if (status == SongStatus::Failed) {
        r.exit_code = 3;
        r.error = song + ": no audio files found";
    }
    return r;
}

BatchSummary shard_summary(int k, int n, const std::vector<std::string>& songs) {
    BatchSummary s;
    s.songs_dir = "/lib";
    s.output_dir = "/out";
    s.shard = Shard{k, n};
    s.started_utc = "2026-12-03T10:0" + std::to_string(k) + ":00Z";
    s.updated_utc = "2026-12-03T11:0" + std::to_string(k) + ":00Z";
    s.finished = true;
    for (const std::string& song : songs) s.songs.push_back(row(song, SongStatus::Ok));
    return s;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST(BatchSummary, ExitCodeSaysAllOkSomeFailedOrNoneOk) {
    EXPECT_EQ(batch_exit_code({3, 3, 0, 0, 1}), kBatchExitAllOk);
    EXPECT_EQ(batch_exit_code({0, 0, 0, 0, 0}), kBatchExitAllOk);  // an empty shard did its job
    EXPECT_EQ(batch_exit_code({3, 2, 1, 0, 0}), kBatchExitSomeFailed);
    EXPECT_EQ(batch_exit_code({3, 2, 0, 1, 0}), kBatchExitSomeFailed);  // stopped early
    EXPECT_EQ(batch_exit_code({3, 0, 3, 0, 0}), kBatchExitNoneOk);
    EXPECT_EQ(batch_exit_code({3, 0, 1, 2, 0}), kBatchExitNoneOk);
    // Distinct from every single-mix exit code (0-6) and from the signal codes (128 + n).
    for (int code : {kBatchExitSomeFailed, kBatchExitNoneOk}) {
        EXPECT_GT(code, 6);
        EXPECT_LT(code, 128);
    }
}

TEST(BatchSummary, JsonRoundTripKeepsEveryField) {
    BatchSummary s = shard_summary(2, 3, {"a", "b"});
    s.songs.push_back(row("c", SongStatus::Failed));
    s.songs.push_back(row("d", SongStatus::Pending));
    s.songs[0].done_before = true;
    s.songs[1].loudness_lufs.reset();  // silent mix: loudness undefined
    s.songs[1].evaluation = {{"loudness", {{"score", 0.1}}}};
    s.options = {{"engine", "sum"}};
    const nlohmann::ordered_json j = summary_to_json(s);
    EXPECT_EQ(j.at("counts").at("ok"), 2);
    EXPECT_EQ(j.at("counts").at("failed"), 1);
    EXPECT_EQ(j.at("counts").at("pending"), 1);
    EXPECT_EQ(j.at("counts").at("done_before"), 1);
    EXPECT_EQ(j.at("exit_code"), kBatchExitSomeFailed);
    EXPECT_EQ(j.begin().key(), "schema");  // first, so a folder scan can recognise it cheaply

    const BatchSummary back = summary_from_json(nlohmann::json::parse(j.dump()), "test");
    EXPECT_EQ(summary_to_json(back).dump(), j.dump());
}

TEST(BatchSummary, ForeignJsonIsAnInputError) {
    for (const char* text : {"[]", "{}", R"({"schema": {"name": "automix-mix-report"}})",
                             R"({"schema": {"name": "automix-batch-summary", "version": 99}})",
                             R"({"schema": {"name": "automix-batch-summary", "version": 1}})",
                             // A version that is no integer: refused, not cast or thrown raw.
                             R"({"schema": {"name": "automix-batch-summary", "version": 1e300}})",
                             R"({"schema": {"name": "automix-batch-summary", "version": "2"}})"}) {
        EXPECT_EQ(
            test::error_of([&] { summary_from_json(nlohmann::json::parse(text), "x.json"); }).first,
            ErrorKind::Input)
            << text;
    }
}

TEST(BatchSummary, SongExitCodeMustBeAnInteger) {
    nlohmann::json j = nlohmann::json::parse(summary_to_json(shard_summary(1, 1, {"a"})).dump());
    for (const nlohmann::json& code : {nlohmann::json(1e300), nlohmann::json(2.5),
                                       nlohmann::json("3"), nlohmann::json(4294967299LL)}) {
        j["songs"][0]["exit_code"] = code;
        EXPECT_EQ(test::error_of([&] { summary_from_json(j, "x.json"); }).first, ErrorKind::Input)
            << code.dump();
    }
}

TEST(BatchSummary, CsvQuotesOnlyWhatNeedsIt) {
    BatchSummary s;
    s.songs.push_back(row("plain", SongStatus::Ok));
    SongRecord odd = row("Song, \"live\"", SongStatus::Failed);
    odd.error = "line one\nline two";
    s.songs.push_back(odd);
    const std::string csv = summary_to_csv(s);
    std::istringstream lines(csv);
    std::string header, first;
    std::getline(lines, header);
    std::getline(lines, first);
    EXPECT_EQ(header, "song,status,exit_code,duration_s,loudness_lufs,true_peak_dbtp,time_s,error");
    EXPECT_EQ(first, "plain,ok,0,12.500,-14.25,-1.50,3.00,");
    EXPECT_NE(csv.find("\"Song, \"\"live\"\"\",failed,3,,,,,\"line one\nline two\""),
              std::string::npos)
        << csv;
}

TEST(BatchSummary, FilesAreWrittenTogetherAndReadBack) {
    test::TempDir dir;
    const BatchSummary s = shard_summary(1, 1, {"x", "y"});
    const SummaryPaths p = summary_paths(dir.path().string(), s.shard);
    EXPECT_EQ(fs::path(p.json).filename(), "batch.json");
    EXPECT_EQ(fs::path(summary_paths("/o", Shard{2, 5}).csv).filename(), "batch-2-of-5.csv");
    write_summary(s, p);
    write_summary(s, p);  // rewriting replaces, leaves no temporary
    EXPECT_EQ(summary_to_json(read_summary(p.json)).dump(), summary_to_json(s).dump());
    EXPECT_EQ(read_text(p.csv), summary_to_csv(s));
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) {
        ++files;
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
    }
    EXPECT_EQ(files, 2u);
    EXPECT_EQ(test::error_of([&] { read_summary(dir.file("none.json")); }).first, ErrorKind::Input);
}

TEST(BatchSummary, MergeJoinsShardsAndListsMissingOnes) {
    test::TempDir dir;
    const std::vector<BatchSummary> shards = {shard_summary(3, 4, {"d", "a"}),
                                              shard_summary(1, 4, {"c"}),
                                              shard_summary(2, 4, {"b", "e"})};
    for (const BatchSummary& s : shards)
        write_summary(s, summary_paths(dir.path().string(), s.shard));
    write_summary(shard_summary(1, 1, {}), summary_paths(dir.path().string(), Shard{}));
    const std::vector<std::string> found = find_shard_summaries(dir.path().string());
    ASSERT_EQ(found.size(), 3u);  // batch.json is not a shard summary
    std::vector<BatchSummary> read;
    for (const std::string& f : found) read.push_back(read_summary(f));

    const BatchSummary m = merge_summaries(read, found);
    EXPECT_EQ(m.shard.count, 1);
    ASSERT_EQ(m.songs.size(), 5u);
    for (std::size_t i = 0; i < m.songs.size(); ++i) {
        EXPECT_EQ(m.songs[i].song, std::string(1, static_cast<char>('a' + i)));
    }
    EXPECT_EQ(m.missing_shards, std::vector<int>{4});
    EXPECT_FALSE(m.finished);  // a shard never reported
    EXPECT_EQ(m.started_utc, "2026-12-03T10:01:00Z");
    EXPECT_EQ(m.updated_utc, "2026-12-03T11:03:00Z");
    EXPECT_EQ(m.merged_from.size(), 3u);
}

TEST(BatchSummary, MergeRefusesInconsistentShards) {
    const auto kind = [](const std::vector<BatchSummary>& s) {
        return test::error_of([&] { merge_summaries(s, {}); }).first;
    };
    EXPECT_EQ(kind({}), ErrorKind::Input);
    EXPECT_EQ(kind({shard_summary(1, 2, {"a"}), shard_summary(2, 3, {"b"})}), ErrorKind::Input);
    EXPECT_EQ(kind({shard_summary(1, 2, {"a"}), shard_summary(1, 2, {"b"})}), ErrorKind::Input);
    EXPECT_EQ(kind({shard_summary(1, 2, {"a"}), shard_summary(2, 2, {"a"})}), ErrorKind::Input);
}
