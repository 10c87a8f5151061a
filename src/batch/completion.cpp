// Is a song of a batch finished? (include/automix/batch/completion.hpp)
#include "automix/batch/completion.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "automix/audio_io.hpp"
#include "automix/io_guard.hpp"

namespace automix::batch {
namespace fs = std::filesystem;

namespace {

constexpr const char* kReportSchemaName = "automix-mix-report";

// The parsed file, or null when it is missing, not a regular file or not JSON.
nlohmann::json read_json(const std::string& path) {
    if (!non_regular_file_reason(path).empty()) return nullptr;
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str(), nullptr, false);
}

bool is_mix_report(const nlohmann::json& report) {
    if (!report.is_object()) return false;
    const auto schema = report.find("schema");
    return schema != report.end() && schema->is_object() &&
           schema->value("name", nlohmann::json()) == kReportSchemaName;
}

// The sample encoding libsndfile names for a report's bit_depth.
std::string encoding_of_bit_depth(const std::string& bit_depth) {
    if (bit_depth == "16") return "PCM_16";
    if (bit_depth == "24") return "PCM_24";
    if (bit_depth == "32f") return "FLOAT";
    return "";
}

// "" when the mix file agrees with the report's output section, else why not.
std::string mismatch(const nlohmann::json& output, const std::string& mix_path) {
    const auto number = [&](const char* key) -> std::optional<double> {
        const auto it = output.find(key);
        if (it == output.end() || !it->is_number()) return std::nullopt;
        return it->get<double>();
    };
    const auto path = output.find("path");
    if (path == output.end() || !path->is_string() ||
        fs::path(path->get<std::string>()).filename() != fs::path(mix_path).filename()) {
        return "the report names another mix";
    }
    const std::optional<double> rate = number("sample_rate");
    const std::optional<double> duration = number("duration_seconds");
    const auto bit_depth = output.find("bit_depth");
    if (!rate || !duration || bit_depth == output.end() || !bit_depth->is_string()) {
        return "the report's output section is incomplete";
    }
    if (!non_regular_file_reason(mix_path).empty()) return "no mix";
    const std::optional<AudioFileInfo> info = probe_audio(mix_path);
    if (!info) return "the mix is not readable audio";
    if (info->software.rfind(kMixSoftwareTag, 0) != 0) return "the mix lacks automix's tag";
    if (info->channels != 2 || info->sample_rate != static_cast<int>(*rate)) {
        return "the mix's format differs from the report's";
    }
    if (info->encoding != encoding_of_bit_depth(bit_depth->get<std::string>())) {
        return "the mix's sample format differs from the report's";
    }
    const double expected_frames = *duration * *rate;
    if (std::fabs(static_cast<double>(info->frames) - expected_frames) > 1.0) {
        return "the mix has " + std::to_string(info->frames) + " frames, the report says " +
               std::to_string(std::llround(expected_frames));
    }
    return "";
}

void remove_quietly(const std::string& path, int& removed) {
    std::error_code ec;
    if (fs::remove(path, ec)) ++removed;
}

}  // namespace

SongOutputs song_outputs(const std::string& output_dir, const std::string& song_name,
                         const std::string& mix_extension) {
    const fs::path base = fs::path(output_dir) / fs::path(song_name);
    return {base.string() + mix_extension, base.string() + ".json"};
}

Completion check_song_complete(const SongOutputs& outputs) {
    Completion c;
    std::error_code ec;
    if (!fs::exists(outputs.report, ec)) {
        c.reason = fs::exists(outputs.mix, ec) ? "a mix without its report" : "not mixed yet";
        return c;
    }
    nlohmann::json report = read_json(outputs.report);
    if (!is_mix_report(report)) {
        c.reason = "the report is not a complete automix mix report";
        return c;
    }
    const auto output = report.find("output");
    if (output == report.end() || !output->is_object()) {
        c.reason = "the report has no output section";
        return c;
    }
    c.reason = mismatch(*output, outputs.mix);
    c.complete = c.reason.empty();
    if (c.complete) c.report = std::move(report);
    return c;
}

int remove_temporaries_of(const std::string& path) {
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    const std::string prefix = "." + target.filename().string() + ".tmp-";
    static const std::regex suffix(R"([0-9]+-[0-9]+)");
    int removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && std::regex_match(name.substr(prefix.size()), suffix)) {
            remove_quietly(entry.path().string(), removed);
        }
    }
    return removed;
}

int clear_song_leftovers(const SongOutputs& outputs, bool remove_results) {
    int removed = remove_temporaries_of(outputs.mix) + remove_temporaries_of(outputs.report);
    if (!remove_results) return removed;
    // Only what automix wrote: a foreign file under the same name is the user's.
    if (is_mix_report(read_json(outputs.report))) remove_quietly(outputs.report, removed);
    if (non_regular_file_reason(outputs.mix).empty()) {
        const std::optional<AudioFileInfo> info = probe_audio(outputs.mix);
        if (info && info->software.rfind(kMixSoftwareTag, 0) == 0) {
            remove_quietly(outputs.mix, removed);
        }
    }
    return removed;
}

}  // namespace automix::batch
