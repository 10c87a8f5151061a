// The SVG of "what the mixer did": EQ change curves and level/dynamics/width bars per stem type.
#include <cmath>
#include <sstream>

#include "automix/mixer_decisions.hpp"
#include "features/svg_panel.hpp"

namespace automix {
namespace {

// One colour per stem type, in StemType order (vocals, bass, drums, other).
const char* const kStemColours[] = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
constexpr int kBarPanelHeight = 150;
constexpr int kBarWidth = 28;

double number(const nlohmann::json& j) { return j.is_number() ? j.get<double>() : NAN; }

// A bar chart of one change per stem (dB), zero line in the middle, value written on each bar.
void draw_bars(std::ostringstream& o, int top, const std::string& title, const char* key,
               const nlohmann::json& stems) {
    const int left = svg::kMarginLeft, height = kBarPanelHeight - 50;
    const int zero = top + 28 + height / 2;
    double largest = 1.0;
    for (const auto& [name, s] : stems.items()) {
        if (s.contains("change")) largest = std::max(largest, std::fabs(number(s["change"][key])));
    }
    o << "<text x=\"" << left << "\" y=\"" << top + 18 << "\" font-weight=\"bold\">"
      << svg::escape(title) << "</text>\n";
    o << "<line x1=\"" << left << "\" x2=\"" << svg::kWidth - 20 << "\" y1=\"" << zero << "\" y2=\""
      << zero << "\" stroke=\"#888\"/>\n";
    int k = 0;
    for (StemType t : kAllStemTypes) {
        const int x = left + 40 + k++ * (svg::kWidth - left - 60) / kNumStemTypes;
        const std::string name = to_string(t);
        o << "<text x=\"" << x + kBarWidth / 2 << "\" y=\"" << top + kBarPanelHeight - 8
          << "\" text-anchor=\"middle\">" << name << "</text>\n";
        if (!stems.contains(name) || !stems[name].contains("change")) continue;
        const double v = number(stems[name]["change"][key]);
        if (!std::isfinite(v)) continue;
        const double h = v / largest * (height / 2);
        o << "<rect x=\"" << x << "\" y=\"" << svg::num(h > 0 ? zero - h : zero) << "\" width=\""
          << kBarWidth << "\" height=\"" << svg::num(std::fabs(h)) << "\" fill=\""
          << kStemColours[static_cast<int>(t)] << "\"/>\n<text x=\"" << x + kBarWidth + 4
          << "\" y=\"" << svg::num(zero - h / 2 + 4) << "\">" << svg::num(v) << "</text>\n";
    }
}

}  // namespace

std::string mixer_decisions_svg(const std::string& title, const nlohmann::json& decisions) {
    const nlohmann::json& stems = decisions.at("stems");
    std::vector<double> bands = decisions.at("bands_hz").get<std::vector<double>>();
    svg::Panel eq;
    eq.top = svg::kHeader;
    eq.title = "EQ change, contribution vs dry stem (level change removed)";
    eq.x_label = "frequency (Hz)";
    eq.y_label = "dB";
    eq.log_x = true;
    for (StemType t : kAllStemTypes) {
        const std::string name = to_string(t);
        if (!stems.contains(name) || !stems[name].contains("change")) continue;
        svg::Curve c{bands, {}, kStemColours[static_cast<int>(t)]};
        for (const auto& v : stems[name]["change"]["eq_db"]) c.y.push_back(number(v));
        eq.curves.push_back(std::move(c));
    }
    const int bars_top = svg::kHeader + svg::kPanelHeight;
    const char* rows[][2] = {{"level_db", "Level change (dB)"},
                             {"crest_change_db", "Crest factor change (dB; negative = compressed)"},
                             {"width_change_db", "Width change: side-to-mid ratio (dB)"}};
    const int height = bars_top + 3 * kBarPanelHeight;
    std::ostringstream o;
    svg::begin_document(o, height, title);
    int x = svg::kWidth - 330;
    for (StemType t : kAllStemTypes) {
        o << "<text x=\"" << x << "\" y=\"22\" fill=\"" << kStemColours[static_cast<int>(t)]
          << "\">&#9644; " << to_string(t) << "</text>\n";
        x += 80;
    }
    svg::draw(o, eq);
    for (int r = 0; r < 3; ++r) {
        draw_bars(o, bars_top + r * kBarPanelHeight, rows[r][1], rows[r][0], stems);
    }
    o << "</svg>\n";
    return o.str();
}

}  // namespace automix
