// The batch summary model and its JSON and CSV forms (include/automix/batch/summary.hpp).
#include "automix/batch/summary.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>

#include "automix/error.hpp"
#include "report/csv.hpp"
#include "report/json_number.hpp"

namespace automix::batch {

namespace {

using report::csv_field;

constexpr int kSummarySchemaVersion = 1;

std::optional<double> read_optional_number(const nlohmann::json& row, const char* key) {
    const auto it = row.find(key);
    if (it == row.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
}

SongStatus parse_status(const std::string& text, const std::string& source) {
    if (text == "pending") return SongStatus::Pending;
    if (text == "ok") return SongStatus::Ok;
    if (text == "failed") return SongStatus::Failed;
    throw input_error(source + ": unknown song status '" + text + "'");
}

nlohmann::ordered_json song_to_json(const SongRecord& s) {
    nlohmann::ordered_json j;
    j["song"] = s.song;
    j["status"] = to_string(s.status);
    j["done_before"] = s.done_before;
    j["exit_code"] = s.exit_code;
    j["error"] = s.error;
    j["duration_seconds"] = report::json_number(s.duration_seconds);
    j["loudness_lufs"] = report::json_number(s.loudness_lufs);
    j["true_peak_dbtp"] = report::json_number(s.true_peak_dbtp);
    j["time_seconds"] = report::json_number(s.time_seconds);
    j["mix"] = s.mix;
    j["report"] = s.report;
    j["evaluation"] = s.evaluation;
    return j;
}

SongRecord song_from_json(const nlohmann::json& j, const std::string& source) {
    SongRecord s;
    s.song = j.at("song").get<std::string>();
    s.status = parse_status(j.at("status").get<std::string>(), source);
    s.done_before = j.value("done_before", false);
    if (j.contains("exit_code")) {
        const auto code = report::json_integer<int>(j.at("exit_code"));
        if (!code) throw input_error(source + ": exit_code of " + s.song + " is not an integer");
        s.exit_code = *code;
    }
    s.error = j.value("error", std::string());
    s.duration_seconds = read_optional_number(j, "duration_seconds");
    s.loudness_lufs = read_optional_number(j, "loudness_lufs");
    s.true_peak_dbtp = read_optional_number(j, "true_peak_dbtp");
    s.time_seconds = read_optional_number(j, "time_seconds");
    s.mix = j.value("mix", std::string());
    s.report = j.value("report", std::string());
    s.evaluation = j.value("evaluation", nlohmann::json());
    return s;
}

std::string csv_number(const std::optional<double>& v, const char* format) {
    if (!v || !std::isfinite(*v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, format, *v);
    return buf;
}

}  // namespace

std::string to_string(SongStatus status) {
    switch (status) {
        case SongStatus::Pending:
            return "pending";
        case SongStatus::Ok:
            return "ok";
        case SongStatus::Failed:
            return "failed";
    }
    return "pending";
}

BatchCounts BatchSummary::counts() const {
    BatchCounts c;
    c.total = songs.size();
    for (const SongRecord& s : songs) {
        c.ok += s.status == SongStatus::Ok;
        c.failed += s.status == SongStatus::Failed;
        c.pending += s.status == SongStatus::Pending;
        c.done_before += s.status == SongStatus::Ok && s.done_before;
    }
    return c;
}

int batch_exit_code(const BatchCounts& counts) {
    if (counts.failed == 0 && counts.pending == 0) return kBatchExitAllOk;
    return counts.ok == 0 ? kBatchExitNoneOk : kBatchExitSomeFailed;
}

nlohmann::ordered_json summary_to_json(const BatchSummary& summary) {
    const BatchCounts c = summary.counts();
    nlohmann::ordered_json j;
    j["schema"] = {{"name", kSummarySchemaName}, {"version", kSummarySchemaVersion}};
    j["songs_dir"] = summary.songs_dir;
    j["output_dir"] = summary.output_dir;
    j["shard"] = to_string(summary.shard);
    j["started_utc"] = summary.started_utc;
    j["updated_utc"] = summary.updated_utc;
    j["finished"] = summary.finished;
    j["counts"] = {{"total", c.total},
                   {"ok", c.ok},
                   {"failed", c.failed},
                   {"pending", c.pending},
                   {"done_before", c.done_before}};
    j["exit_code"] = batch_exit_code(c);
    if (!summary.merged_from.empty() || !summary.missing_shards.empty()) {
        j["merged_from"] = summary.merged_from;
        j["missing_shards"] = summary.missing_shards;
    }
    j["options"] = summary.options;
    j["songs"] = nlohmann::ordered_json::array();
    for (const SongRecord& s : summary.songs) j["songs"].push_back(song_to_json(s));
    return j;
}

BatchSummary summary_from_json(const nlohmann::json& json, const std::string& source) {
    const auto schema = json.is_object() ? json.find("schema") : json.end();
    if (!json.is_object() || schema == json.end() || !schema->is_object() ||
        schema->value("name", nlohmann::json()) != kSummarySchemaName) {
        throw input_error(source + ": not an automix batch summary");
    }
    const auto version = schema->contains("version")
                             ? report::json_integer<int>(schema->at("version"))
                             : std::optional<int>();
    if (version != kSummarySchemaVersion) {
        throw input_error(source + ": batch summary version " +
                          schema->value("version", nlohmann::json()).dump() + ", expected " +
                          std::to_string(kSummarySchemaVersion));
    }
    try {
        BatchSummary s;
        s.songs_dir = json.at("songs_dir").get<std::string>();
        s.output_dir = json.at("output_dir").get<std::string>();
        s.shard = parse_shard(json.at("shard").get<std::string>());
        s.started_utc = json.value("started_utc", std::string());
        s.updated_utc = json.value("updated_utc", std::string());
        s.finished = json.value("finished", false);
        s.options = json.value("options", nlohmann::json());
        s.merged_from = json.value("merged_from", std::vector<std::string>());
        s.missing_shards = json.value("missing_shards", std::vector<int>());
        for (const nlohmann::json& row : json.at("songs")) {
            s.songs.push_back(song_from_json(row, source));
        }
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw input_error(source + ": malformed batch summary: " + e.what());
    } catch (const Error& e) {
        throw input_error(source + ": malformed batch summary: " + e.what());
    }
}

std::string summary_to_csv(const BatchSummary& summary) {
    std::string csv =
        "song,status,exit_code,duration_s,loudness_lufs,true_peak_dbtp,time_s,error\n";
    for (const SongRecord& s : summary.songs) {
        csv += csv_field(s.song) + "," + to_string(s.status) + "," + std::to_string(s.exit_code) +
               "," + csv_number(s.duration_seconds, "%.3f") + "," +
               csv_number(s.loudness_lufs, "%.2f") + "," + csv_number(s.true_peak_dbtp, "%.2f") +
               "," + csv_number(s.time_seconds, "%.2f") + "," + csv_field(s.error) + "\n";
    }
    return csv;
}

std::string utc_now_iso8601() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

}  // namespace automix::batch
