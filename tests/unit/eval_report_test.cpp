// Table-2 layout (CSV, Markdown) and the SVG comparison plot.
#include "automix/eval_report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "automix/eval.hpp"
#include "automix/metrics.hpp"

namespace {

nlohmann::json errors(double l, double s, double p, double d) {
    return {{"loudness", {{"score", l}, {"lufs", l}, {"peak", l}}},
            {"spectral", {{"score", s}}},
            {"panning", {{"score", p}}},
            {"dynamic", {{"score", d}, {"crest", nullptr}}}};
}

TEST(EvalReport, MarkdownHasOneRowPerSongAndTheMean) {
    const std::vector<automix::SongErrors> rows = {{"a", errors(0.1, 0.2, 0.3, 0.4)},
                                                   {"b|c", errors(0.3, 0.4, 0.5, 0.6)}};
    const std::string md = automix::errors_table_markdown(rows);
    EXPECT_NE(md.find("| a | 10.00 | 20.00 | 30.00 | 40.00 |"), std::string::npos) << md;
    EXPECT_NE(md.find("| b\\|c | 30.00 |"), std::string::npos) << md;
    EXPECT_NE(md.find("| **mean** | **20.00** | **30.00** | **40.00** | **50.00** |"),
              std::string::npos)
        << md;
}

TEST(EvalReport, CsvHasHeaderRowsAndEmptyCellsForNull) {
    const std::vector<automix::SongErrors> rows = {{"x,y", errors(0.1, 0.2, 0.3, 0.4)}};
    const std::string csv = automix::errors_table_csv(rows);
    std::istringstream in(csv);
    std::string header, row, mean;
    std::getline(in, header);
    std::getline(in, row);
    std::getline(in, mean);
    EXPECT_EQ(header.rfind("song,loudness,spectral,panning,dynamic,loudness_lufs", 0), 0u)
        << header;
    EXPECT_EQ(row.rfind("\"x,y\",10.0000,20.0000,30.0000,40.0000,10.0000", 0), 0u) << row;
    EXPECT_EQ(mean.rfind("mean,10.0000", 0), 0u) << mean;
    // As many cells in every line.
    auto cells = [](const std::string& s) { return std::count(s.begin(), s.end(), ','); };
    EXPECT_EQ(cells(header) + 1, cells(row));  // the quoted song name adds one comma
    EXPECT_EQ(cells(header), cells(mean));
}

TEST(EvalReport, SvgIsWellFormedAndHasBothCurvesPerPanel) {
    automix::AudioBuffer a(2, 44100 * 5, 44100);
    for (std::size_t i = 0; i < a.num_frames(); ++i) {
        a.channels[0][i] = a.channels[1][i] =
            0.3f * std::sin(0.05f * i) * (1.0f + std::sin(1e-4f * i));
    }
    const automix::FeatureSet f = automix::compute_features(a);
    const std::string svg = automix::comparison_plot_svg("song <1> & co", f, f);
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    EXPECT_NE(svg.find("song &lt;1&gt; &amp; co"), std::string::npos);
    std::size_t polylines = 0;
    for (std::size_t p = 0; (p = svg.find("<polyline", p)) != std::string::npos; ++p) ++polylines;
    EXPECT_EQ(polylines, 10u);  // 5 panels x (estimate, reference)
    EXPECT_EQ(svg.find("nan"), std::string::npos);
    EXPECT_EQ(svg.find("inf"), std::string::npos);
}

}  // namespace

namespace {

// The metric table and the features agree: every row that compares a track names one the
// feature library computes, with the same group and unit, and every group has a scored row.
TEST(MetricTable, RowsNameComputedTracksWithTheirUnits) {
    automix::AudioBuffer noise(2, 44100, 44100);
    unsigned state = 1;
    for (auto& ch : noise.channels) {
        for (float& v : ch) {
            state = state * 1664525u + 1013904223u;
            v = static_cast<float>(state >> 8) / 16777216.0f - 0.5f;
        }
    }
    const automix::FeatureSet features = automix::compute_features(noise);
    for (automix::FeatureGroup g : automix::kFeatureGroups) {
        int scored = 0;
        for (const automix::MetricSpec& m : automix::table2_metrics()) {
            scored += m.group == g && m.in_group_score;
        }
        EXPECT_GT(scored, 0) << automix::to_string(g);
    }
    for (const automix::MetricSpec& m : automix::table2_metrics()) {
        using A = automix::MetricAggregation;
        if (m.aggregation == A::Scalar || m.aggregation == A::MeanOfParts) continue;
        const automix::FeatureTrack* t = features.find(m.track);
        ASSERT_NE(t, nullptr) << m.error_key;
        EXPECT_EQ(t->group, m.group) << m.error_key;
        EXPECT_EQ(t->unit, m.unit) << m.error_key;
    }
}

}  // namespace
