#include <cmath>
#include <cstdio>
#include <sstream>

#include "automix/eval_report.hpp"
#include "automix/metrics.hpp"
#include "report/csv.hpp"

namespace automix {
namespace {

using report::csv_field;

double value(const nlohmann::json& errors, const std::string& group, const std::string& key) {
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
double column_mean(const std::vector<SongErrors>& songs, const std::string& group,
                   const std::string& key) {
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

}  // namespace

std::string errors_table_csv(const std::vector<SongErrors>& songs) {
    std::ostringstream out;
    out << "song";
    for (FeatureGroup g : kFeatureGroups) out << "," << to_string(g);
    for (const MetricSpec& m : table2_metrics())
        out << "," << to_string(m.group) << "_" << m.error_key;
    out << "\n";
    auto row = [&](const std::string& name, auto get) {
        out << csv_field(name);
        for (FeatureGroup g : kFeatureGroups) out << "," << percent(get(to_string(g), "score"), 4);
        for (const MetricSpec& m : table2_metrics()) {
            out << "," << percent(get(to_string(m.group), m.error_key), 4);
        }
        out << "\n";
    };
    for (const SongErrors& s : songs) {
        row(s.song,
            [&](const std::string& g, const std::string& k) { return value(s.errors, g, k); });
    }
    row("mean",
        [&](const std::string& g, const std::string& k) { return column_mean(songs, g, k); });
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
        for (FeatureGroup g : kFeatureGroups) {
            out << " | " << percent(value(s.errors, to_string(g), "score"), 2);
        }
        out << " |\n";
    }
    out << "| **mean**";
    for (FeatureGroup g : kFeatureGroups) {
        out << " | **" << percent(column_mean(songs, to_string(g), "score"), 2) << "**";
    }
    out << " |\n";
    return out.str();
}

}  // namespace automix
