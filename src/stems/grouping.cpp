#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "automix/error.hpp"
#include "automix/io_guard.hpp"
#include "automix/stems.hpp"

namespace automix {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSkip = "skip";

void check_type(const std::string& type, const std::string& where) {
    if (type != kSkip && !parse_stem_type(type)) {
        throw usage_error(
            where + ": unknown stem type '" + type + "' (use vocals, bass, drums, other or skip)",
            "overrides");
    }
}

// An override key matches a file by its name in the folder or by its name without extension.
const std::string* find_override(const StemOverrides& overrides, const fs::path& file) {
    for (const std::string& key : {file.filename().string(), file.stem().string()}) {
        auto it = overrides.find(key);
        if (it != overrides.end()) return &it->second;
    }
    return nullptr;
}

}  // namespace

StemOverrides parse_stem_options(const std::vector<std::string>& options) {
    StemOverrides out;
    for (const std::string& opt : options) {
        const auto eq = opt.rfind('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == opt.size()) {
            throw usage_error("stem override '" + opt + "': expected FILE=TYPE", "overrides");
        }
        std::string type = opt.substr(eq + 1);
        for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        check_type(type, "stem override '" + opt + "'");
        const std::string file = fs::path(opt.substr(0, eq)).filename().string();
        if (!out.emplace(file, type).second) {
            throw usage_error(
                "stem override '" + opt + "': " + file + " is named twice; give each file one type",
                "overrides");
        }
    }
    return out;
}

StemOverrides load_stem_map(const std::string& path) {
    require_regular_file(path, "stem map");  // a FIFO would block the read forever
    std::ifstream in(path);
    if (!in) throw input_error(path + ": cannot open stem map");
    // nlohmann::json keeps the last of two equal keys; the parser callback sees every key, so a
    // file named twice is caught instead of silently losing one of the user's decisions.
    std::set<std::string> top_level_keys;
    std::string duplicate;
    const nlohmann::json::parser_callback_t watch_keys =
        [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
            if (event == nlohmann::json::parse_event_t::key && depth == 1 && parsed.is_string() &&
                !top_level_keys.insert(fs::path(parsed.get<std::string>()).filename().string())
                     .second &&
                duplicate.empty()) {
                duplicate = parsed.get<std::string>();
            }
            return true;
        };
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in, watch_keys);
    } catch (const nlohmann::json::exception& e) {
        throw input_error(path + ": stem map is not valid JSON (" + e.what() + ")");
    }
    if (!duplicate.empty()) {
        throw usage_error(path + ": the stem map names '" + duplicate +
                          "' twice; give each file one type");
    }
    if (!j.is_object())
        throw input_error(path + ": stem map must be a JSON object {\"file\": \"type\"}");
    StemOverrides out;
    for (const auto& [file, type] : j.items()) {
        if (!type.is_string())
            throw input_error(path + ": value for '" + file + "' is not a string");
        std::string t = type.get<std::string>();
        for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        try {
            check_type(t, path);
        } catch (const Error& e) {
            throw input_error(e.what());
        }
        out[fs::path(file).filename().string()] = t;
    }
    return out;
}

std::vector<StemAssignment> assign_stems(const std::vector<std::string>& files,
                                         const StemOverrides& overrides,
                                         const std::map<std::string, std::string>& automix_mixes) {
    std::set<std::string> used;
    std::vector<StemAssignment> out;
    std::map<std::string, int> files_per_base;  // "vocals" names vocals.wav only if it is alone
    for (const std::string& file : files) ++files_per_base[fs::path(file).stem().string()];
    for (const std::string& file : files) {
        const fs::path p(file);
        StemAssignment a;
        a.path = file;
        const std::string name = p.filename().string(), base = p.stem().string();
        if (name != base && overrides.count(name) && overrides.count(base) &&
            files_per_base[base] == 1) {
            throw usage_error("the stem overrides name " + name + " twice ('" + base + "' and '" +
                                  name + "'); give each file one type",
                              "overrides");
        }
        const auto mix = automix_mixes.find(file);
        if (const std::string* type = find_override(overrides, p)) {
            used.insert(overrides.count(p.filename().string()) ? p.filename().string()
                                                               : p.stem().string());
            a.rule = "override";
            if (*type != kSkip) a.type = parse_stem_type(*type);
        } else if (mix != automix_mixes.end()) {
            a.rule = "automix mix (skipped: " + mix->second + "; an override for " + name +
                     " includes it)";
        } else if (looks_like_full_mix(p.filename().string())) {
            a.rule =
                "full mix (skipped; an override for " + p.filename().string() + " includes it)";
        } else {
            const NameMatch m = classify_file_name(p.filename().string());
            a.type = m.type;
            a.rule = m.keyword.empty() ? "default" : "keyword '" + m.keyword + "'";
        }
        out.push_back(a);
    }
    for (const auto& [key, type] : overrides) {
        if (!used.count(key)) {
            throw usage_error(
                "the stem overrides name '" + key + "', which is not in the stems folder",
                "overrides");
        }
    }
    return out;
}

}  // namespace automix
