#include "cli/decisions_print.hpp"

#include <cmath>
#include <cstdio>

namespace automix::cli {
namespace {

// The EQ columns: the bands nearest these frequencies.
constexpr double kShownBandsHz[] = {63.0, 250.0, 1000.0, 4000.0, 16000.0};

// A report may be hand-edited or come from another version: a missing field reads as null (and
// prints "n/a"); operator[] on a const json with a missing key would be undefined behaviour.
nlohmann::json field(const nlohmann::json& j, const char* key) {
    return j.is_object() && j.contains(key) ? j[key] : nlohmann::json();
}

std::string fixed(const nlohmann::json& v, const char* format) {
    if (!v.is_number()) return "n/a";
    char buf[48];
    std::snprintf(buf, sizeof buf, format, v.get<double>());
    return buf;
}

std::string padded(const std::string& s, std::size_t width) {
    return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

std::string master_line(const nlohmann::json& m) {
    std::string line = "master: ";
    if (m.contains("loudness_target_lufs") && m["loudness_target_lufs"].is_number()) {
        line += "loudness target " + fixed(field(m, "loudness_target_lufs"), "%.1f") +
                " LUFS, reached " + fixed(field(m, "loudness_after_lufs"), "%.2f") +
                " LUFS (from " + fixed(field(m, "loudness_before_lufs"), "%.2f") + "), gain " +
                fixed(field(m, "gain_db"), "%+.2f") + " dB, limiter max " +
                fixed(field(field(m, "limiter"), "gain_reduction_max_db"), "%.2f") + " dB / mean " +
                fixed(field(field(m, "limiter"), "gain_reduction_mean_db"), "%.2f") + " dB, ";
    } else {
        line += "no loudness target, ceiling gain " + fixed(field(m, "gain_db"), "%+.2f") + " dB, ";
    }
    return line + "true peak " + fixed(field(m, "true_peak_after_dbtp"), "%.2f") +
           " dBTP (ceiling " + fixed(field(m, "true_peak_ceiling_dbtp"), "%.1f") + ")";
}

/// The settings a console model predicted (engine.details.predicted_settings: per stem, names
/// from the model file), one line per stem; nothing for engines without them.
std::vector<std::string> predicted_settings_lines(const nlohmann::json& report) {
    std::vector<std::string> lines;
    if (!report.contains("engine") || !report["engine"].contains("details")) return lines;
    const nlohmann::json& details = report["engine"]["details"];
    if (!details.contains("predicted_settings") || !details["predicted_settings"].is_object() ||
        details["predicted_settings"].empty()) {
        return lines;
    }
    const nlohmann::json& settings = details["predicted_settings"];
    lines.push_back("  the model's console settings (song average; EQ in dB per octave band):");
    std::string header = "  " + padded("stem", 8) + padded("gain", 10) + padded("comp GR", 10) +
                         padded("thresh", 10) + padded("ratio", 7) + padded("pan", 7) +
                         padded("width", 7);
    // The EQ bands in the model's own order (JSON objects list their keys alphabetically).
    std::vector<std::string> eq_names;
    bool has_reverb = false;  // consoles with a reverb send (a setting after the EQ bands)
    const nlohmann::json names = details.contains("metadata")
                                     ? details["metadata"].value("settings", nlohmann::json())
                                     : nlohmann::json();
    if (names.is_object() && names.contains("names") && names["names"].is_array()) {
        for (const auto& n : names["names"]) {
            if (!n.is_string()) continue;
            const std::string name = n.get<std::string>();
            if (name.rfind("eq_", 0) == 0) eq_names.push_back(name);
            if (name == "reverb_send_db") has_reverb = true;
        }
    }
    if (has_reverb) header += padded("reverb", 10);
    for (const std::string& name : eq_names) {
        header += " " + name.substr(3, name.size() - 8);  // eq_<f>hz_db -> <f>
    }
    lines.push_back(header);
    for (const auto& [stem, s] : settings.items()) {
        std::string line = "  " + padded(stem, 8) +
                           padded(fixed(field(s, "gain_db"), "%+.1f dB"), 10) +
                           padded(fixed(field(s, "gain_reduction_db"), "%+.1f dB"), 10) +
                           padded(fixed(field(s, "compressor_threshold_db"), "%+.1f dB"), 10) +
                           padded(fixed(field(s, "compressor_ratio"), "%.1f"), 7) +
                           padded(fixed(field(s, "pan"), "%+.2f"), 7) +
                           padded(fixed(field(s, "width"), "%.2f"), 7);
        if (has_reverb) line += padded(fixed(field(s, "reverb_send_db"), "%+.1f dB"), 10);
        for (const std::string& name : eq_names)
            line += " " + fixed(field(s, name.c_str()), "%+.1f");
        lines.push_back(line);
    }
    return lines;
}

}  // namespace

bool is_mix_report(const nlohmann::json& j) {
    return j.is_object() && j.contains("schema") && j["schema"].is_object() &&
           j["schema"].value("name", "") == "automix-mix-report";
}

std::vector<std::string> describe_mixer_decisions(const nlohmann::json& report) {
    std::vector<std::string> lines;
    const std::string engine =
        report.contains("engine") ? report["engine"].value("kind", std::string("?")) : "?";
    lines.push_back("what the mixer did (engine " + engine + ")");
    if (report.contains("master")) lines.push_back("  " + master_line(report["master"]));
    if (report.contains("controls") && !report["controls"].empty()) {
        lines.push_back("  controls: " + report["controls"].dump());
    }
    for (std::string& l : predicted_settings_lines(report)) lines.push_back(std::move(l));
    if (!report.contains("mixer_decisions")) {
        lines.push_back("  (this report has no mixer_decisions section)");
        return lines;
    }
    const nlohmann::json& d = report["mixer_decisions"];
    const std::vector<double> bands = d.at("bands_hz").get<std::vector<double>>();
    std::vector<std::size_t> shown;
    std::string header = "  " + padded("stem", 8) + padded("level", 9) + padded("balance", 15) +
                         padded("width", 9) + padded("crest", 9) + padded("LRA", 9) +
                         padded("tilt/oct", 10) + "EQ dB at";
    for (double hz : kShownBandsHz) {
        std::size_t best = 0;
        for (std::size_t b = 0; b < bands.size(); ++b) {
            if (std::fabs(std::log2(bands[b] / hz)) < std::fabs(std::log2(bands[best] / hz))) {
                best = b;
            }
        }
        shown.push_back(best);
        header += hz >= 1000 ? " " + fixed(hz / 1000, "%g") + "k" : " " + fixed(hz, "%g");
    }
    lines.push_back(header);
    for (const auto& [name, s] : d.at("stems").items()) {
        if (!s.contains("change")) {
            const bool silent = s.value("contribution", nlohmann::json()) == "silent";
            lines.push_back("  " + padded(name, 8) +
                            (silent ? "silent in the mix" : "silent input"));
            continue;
        }
        const nlohmann::json& c = s["change"];
        std::string line =
            "  " + padded(name, 8) + padded(fixed(field(c, "level_db"), "%+.1f dB"), 9) +
            padded(fixed(field(c, "balance_before"), "%+.2f") + " -> " +
                       fixed(field(c, "balance_after"), "%+.2f"),
                   15) +
            padded(fixed(field(c, "width_change_db"), "%+.1f dB"), 9) +
            padded(fixed(field(c, "crest_change_db"), "%+.1f dB"), 9) +
            padded(fixed(field(c, "loudness_range_change_lu"), "%+.1f LU"), 9) +
            padded(fixed(field(c, "tilt_db_per_octave"), "%+.2f dB"), 10) + "       ";
        for (std::size_t b : shown) line += " " + fixed(field(c, "eq_db")[b], "%+.1f");
        lines.push_back(line);
    }
    return lines;
}

}  // namespace automix::cli
