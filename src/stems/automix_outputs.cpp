#include "stems/automix_outputs.hpp"

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "automix/audio_io.hpp"
#include "automix/error.hpp"
#include "automix/io_guard.hpp"

namespace automix::stems {
namespace fs = std::filesystem;

namespace {

// Reports are a few MB at most; a bigger .json is not one, and is not worth reading.
constexpr std::uintmax_t kMaxReportBytes = 64u << 20;

// The file name of the mix an automix mix report describes, or "" when `path` is not one.
std::string mix_named_by_report(const std::string& path) {
    std::error_code ec;
    if (!non_regular_file_reason(path).empty() || fs::file_size(path, ec) > kMaxReportBytes || ec) {
        return "";
    }
    std::string text;
    try {
        const int fd = open_regular_file(path);
        char buf[65536];
        for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) text.append(buf, n);
        close(fd);
    } catch (const Error&) {
        return "";
    }
    const nlohmann::json report = nlohmann::json::parse(text, nullptr, false);
    if (!report.is_object()) return "";
    const auto schema = report.find("schema");
    const auto output = report.find("output");
    if (schema == report.end() || !schema->is_object() ||
        schema->value("name", nlohmann::json()) != "automix-mix-report" || output == report.end() ||
        !output->is_object()) {
        return "";
    }
    const auto mix = output->find("path");
    if (mix == output->end() || !mix->is_string()) return "";
    return fs::path(mix->get<std::string>()).filename().string();
}

bool has_automix_tag(const std::string& path) {
    const std::optional<AudioFileInfo> info = probe_audio(path);
    return info && info->software.rfind(kMixSoftwareTag, 0) == 0;
}

}  // namespace

std::map<std::string, std::string> find_automix_mixes(const std::vector<std::string>& files) {
    std::map<std::string, std::string> by_name;  // file name -> report that names it
    for (const std::string& f : files) {
        if (fs::path(f).extension() != ".json") continue;
        const std::string mix = mix_named_by_report(f);
        if (!mix.empty()) by_name[mix] = f;
    }
    std::map<std::string, std::string> found;
    for (const std::string& f : files) {
        const auto report = by_name.find(fs::path(f).filename().string());
        if (report != by_name.end()) {
            found[f] = "its report " + fs::path(report->second).filename().string() +
                       " says automix wrote it";
        } else if (has_automix_tag(f)) {
            found[f] = "its software tag says automix wrote it";
        }
    }
    return found;
}

}  // namespace automix::stems
