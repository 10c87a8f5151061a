// Summary files on disk: where they go, atomic writing, reading back, merging shards
// (include/automix/batch/summary.hpp).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "automix/atomic_file.hpp"
#include "automix/batch/summary.hpp"
#include "automix/error.hpp"
#include "automix/io_guard.hpp"

namespace automix::batch {
namespace fs = std::filesystem;

namespace {

void write_text(const std::string& temp, const std::string& path, const std::string& text) {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw output_error(path + ": cannot create file");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
    if (!out) throw output_error(path + ": write failed");
}

}  // namespace

SummaryPaths summary_paths(const std::string& output_dir, const Shard& shard) {
    const std::string stem = shard.count == 1 ? std::string("batch")
                                              : "batch-" + std::to_string(shard.index) + "-of-" +
                                                    std::to_string(shard.count);
    const fs::path base = fs::path(output_dir) / stem;
    return {base.string() + ".json", base.string() + ".csv"};
}

void write_summary(const BatchSummary& summary, const SummaryPaths& paths) {
    const std::string json = summary_to_json(summary).dump(2) + "\n";
    const std::string csv = summary_to_csv(summary);
    StagedOutputs staged;
    staged.stage(paths.csv, [&](const std::string& temp) { write_text(temp, paths.csv, csv); });
    staged.stage(paths.json, [&](const std::string& temp) { write_text(temp, paths.json, json); });
    staged.commit();
}

BatchSummary read_summary(const std::string& path) {
    require_regular_file(path, "batch summary");
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
    if (json.is_discarded()) throw input_error(path + ": batch summary is not valid JSON");
    return summary_from_json(json, path);
}

std::vector<std::string> find_shard_summaries(const std::string& output_dir) {
    static const std::regex shard_summary(R"(batch-[0-9]+-of-[0-9]+\.json)");
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(output_dir, ec)) {
        if (std::regex_match(entry.path().filename().string(), shard_summary)) {
            found.push_back(entry.path().string());
        }
    }
    if (ec) throw input_error(output_dir + ": cannot list folder: " + ec.message());
    std::sort(found.begin(), found.end());
    return found;
}

BatchSummary merge_summaries(const std::vector<BatchSummary>& shards,
                             const std::vector<std::string>& sources) {
    if (shards.empty()) throw input_error("no shard summary to merge");
    const int count = shards.front().shard.count;
    BatchSummary merged;
    merged.songs_dir = shards.front().songs_dir;
    merged.output_dir = shards.front().output_dir;
    merged.options = shards.front().options;
    merged.started_utc = shards.front().started_utc;
    merged.finished = true;
    std::map<int, std::string> source_of_shard;
    std::map<std::string, std::string> source_of_song;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        const BatchSummary& s = shards[i];
        const std::string& source = i < sources.size() ? sources[i] : to_string(s.shard);
        if (s.shard.count != count) {
            throw input_error(source + ": shard " + to_string(s.shard) + " of a batch split " +
                              std::to_string(s.shard.count) + " ways, the others " +
                              std::to_string(count) + " ways");
        }
        const auto [it, fresh] = source_of_shard.emplace(s.shard.index, source);
        if (!fresh) {
            throw input_error(source + ": shard " + to_string(s.shard) + " is also in " +
                              it->second);
        }
        for (const SongRecord& song : s.songs) {
            const auto [other, first] = source_of_song.emplace(song.song, source);
            if (!first) {
                throw input_error(source + ": song '" + song.song + "' is also in " +
                                  other->second + " (the shards overlap)");
            }
            merged.songs.push_back(song);
        }
        merged.started_utc = std::min(merged.started_utc, s.started_utc);
        merged.updated_utc = std::max(merged.updated_utc, s.updated_utc);
        merged.finished = merged.finished && s.finished;
        merged.merged_from.push_back(fs::path(source).filename().string());
    }
    for (int k = 1; k <= count; ++k) {
        if (!source_of_shard.count(k)) merged.missing_shards.push_back(k);
    }
    merged.finished = merged.finished && merged.missing_shards.empty();
    std::sort(merged.songs.begin(), merged.songs.end(),
              [](const SongRecord& a, const SongRecord& b) { return a.song < b.song; });
    return merged;
}

}  // namespace automix::batch
