#include <cmath>
#include <cstdio>
#include <sstream>

#include "automix/eval_report.hpp"

namespace automix {
namespace {

const char* const kGroups[] = {"loudness", "spectral", "panning", "dynamic"};

// Per-feature columns of the CSV: group / key in FeatureComparison::errors.
const std::pair<const char*, const char*> kDetailColumns[] = {
    {"loudness", "lufs"},
    {"loudness", "peak"},
    {"spectral", "centroid"},
    {"spectral", "bandwidth"},
    {"spectral", "contrast_low"},
    {"spectral", "contrast_mid"},
    {"spectral", "contrast_high"},
    {"spectral", "contrast"},
    {"spectral", "rolloff"},
    {"spectral", "flatness"},
    {"panning", "total"},
    {"panning", "low"},
    {"panning", "mid"},
    {"panning", "high"},
    {"dynamic", "rms"},
    {"dynamic", "dynamic_spread"},
    {"dynamic", "crest"},
};

double value(const nlohmann::json& errors, const char* group, const char* key) {
    if (!errors.contains(group) || !errors[group].contains(key) ||
        !errors[group][key].is_number()) {
        return std::nan("");
    }
    return errors[group][key].get<double>();
}

std::string percent(double v, int decimals) {
    if (!std::isfinite(v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, 100.0 * v);
    return buf;
}

// Mean over the songs with a finite value.
double column_mean(const std::vector<SongErrors>& songs, const char* group, const char* key) {
    double sum = 0.0;
    int n = 0;
    for (const SongErrors& s : songs) {
        const double v = value(s.errors, group, key);
        if (std::isfinite(v)) {
            sum += v;
            ++n;
        }
    }
    return n > 0 ? sum / n : std::nan("");
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

std::string errors_table_csv(const std::vector<SongErrors>& songs) {
    std::ostringstream out;
    out << "song";
    for (const char* g : kGroups) out << "," << g;
    for (const auto& [g, k] : kDetailColumns) out << "," << g << "_" << k;
    out << "\n";
    auto row = [&](const std::string& name, auto get) {
        out << csv_field(name);
        for (const char* g : kGroups) out << "," << percent(get(g, "score"), 4);
        for (const auto& [g, k] : kDetailColumns) out << "," << percent(get(g, k), 4);
        out << "\n";
    };
    for (const SongErrors& s : songs) {
        row(s.song, [&](const char* g, const char* k) { return value(s.errors, g, k); });
    }
    row("mean", [&](const char* g, const char* k) { return column_mean(songs, g, k); });
    return out.str();
}

std::string errors_table_markdown(const std::vector<SongErrors>& songs) {
    std::ostringstream out;
    out << "| song | loudness (%) | spectral (%) | panning (%) | dynamic (%) |\n";
    out << "|---|---:|---:|---:|---:|\n";
    for (const SongErrors& s : songs) {
        std::string name = s.song;
        for (std::size_t p = 0; (p = name.find('|', p)) != std::string::npos; p += 2)
            name.replace(p, 1, "\\|");
        out << "| " << name;
        for (const char* g : kGroups) out << " | " << percent(value(s.errors, g, "score"), 2);
        out << " |\n";
    }
    out << "| **mean**";
    for (const char* g : kGroups)
        out << " | **" << percent(column_mean(songs, g, "score"), 2) << "**";
    out << " |\n";
    return out.str();
}

}  // namespace automix
