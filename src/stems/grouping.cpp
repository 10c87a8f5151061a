#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "automix/error.hpp"
#include "automix/stems.hpp"

namespace automix {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSkip = "skip";

void check_type(const std::string& type, const std::string& where) {
    if (type != kSkip && !parse_stem_type(type)) {
        throw usage_error(where + ": unknown stem type '" + type +
                          "' (use vocals, bass, drums, other or skip)");
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
            throw usage_error("--stem " + opt + ": expected FILE=TYPE");
        }
        std::string type = opt.substr(eq + 1);
        for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        check_type(type, "--stem " + opt);
        out[fs::path(opt.substr(0, eq)).filename().string()] = type;
    }
    return out;
}

StemOverrides load_stem_map(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw input_error(path + ": cannot open stem map");
    nlohmann::json j;
    try {
        in >> j;
    } catch (const nlohmann::json::exception& e) {
        throw input_error(path + ": stem map is not valid JSON (" + e.what() + ")");
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
                                         const StemOverrides& overrides) {
    std::set<std::string> used;
    std::vector<StemAssignment> out;
    for (const std::string& file : files) {
        const fs::path p(file);
        StemAssignment a;
        a.path = file;
        if (const std::string* type = find_override(overrides, p)) {
            used.insert(overrides.count(p.filename().string()) ? p.filename().string()
                                                               : p.stem().string());
            a.rule = "override";
            if (*type != kSkip) a.type = parse_stem_type(*type);
        } else if (looks_like_full_mix(p.filename().string())) {
            a.rule = "full mix (skipped; override with --stem " + p.filename().string() + "=TYPE)";
        } else {
            const NameMatch m = classify_file_name(p.filename().string());
            a.type = m.type;
            a.rule = m.keyword.empty() ? "default" : "keyword '" + m.keyword + "'";
        }
        out.push_back(a);
    }
    for (const auto& [key, type] : overrides) {
        if (!used.count(key)) {
            throw usage_error("--stem/--stem-map names '" + key +
                              "', which is not in the stems folder");
        }
    }
    return out;
}

}  // namespace automix
