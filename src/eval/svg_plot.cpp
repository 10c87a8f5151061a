#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "automix/eval_report.hpp"
#include "features/svg_panel.hpp"

namespace automix {
namespace svg {
namespace {

constexpr int kMarginRight = 20, kMarginTop = 28, kMarginBottom = 34;
constexpr std::size_t kMaxPoints = 800;  // per polyline: enough for the eye, keeps files small

double tx(double v, bool log_x) { return log_x ? std::log10(v) : v; }

void nice_ticks(double lo, double hi, std::vector<double>& ticks) {
    const double span = hi - lo;
    if (!(span > 0)) return;
    const double raw = span / 5.0;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / mag < 2 ? 2 * mag : (raw / mag < 5 ? 5 * mag : 10 * mag);
    for (double t = std::ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push_back(t);
}

}  // namespace

std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

void draw(std::ostringstream& o, const Panel& p, double y_floor_range) {
    double x0 = HUGE_VAL, x1 = -HUGE_VAL, y0 = HUGE_VAL, y1 = -HUGE_VAL;
    for (const Curve& c : p.curves) {
        for (std::size_t i = 0; i < c.x.size(); ++i) {
            if (!std::isfinite(c.y[i]) || (p.log_x && c.x[i] <= 0)) continue;
            x0 = std::min(x0, tx(c.x[i], p.log_x));
            x1 = std::max(x1, tx(c.x[i], p.log_x));
            y0 = std::min(y0, c.y[i]);
            y1 = std::max(y1, c.y[i]);
        }
    }
    const int w = kWidth - kMarginLeft - kMarginRight;
    const int h = kPanelHeight - kMarginTop - kMarginBottom;
    const int left = kMarginLeft, top = p.top + kMarginTop;
    o << "<text x=\"" << left << "\" y=\"" << p.top + 18 << "\" font-weight=\"bold\">"
      << escape(p.title) << "</text>\n";
    o << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << w << "\" height=\"" << h
      << "\" fill=\"none\" stroke=\"#888\"/>\n";
    if (!(x1 > x0) || !std::isfinite(y0)) {
        o << "<text x=\"" << left + 10 << "\" y=\"" << top + h / 2 << "\">no data</text>\n";
        return;
    }
    if (y_floor_range > 0) y0 = std::max(y0, y1 - y_floor_range);
    if (y1 - y0 < 1.0) {
        y0 -= 0.5;
        y1 += 0.5;
    }
    const double pad = 0.05 * (y1 - y0);
    y0 -= pad;
    y1 += pad;
    auto px = [&](double x) { return left + (tx(x, p.log_x) - x0) / (x1 - x0) * w; };
    auto py = [&](double y) { return top + (y1 - std::clamp(y, y0, y1)) / (y1 - y0) * h; };
    std::vector<double> yt;
    nice_ticks(y0, y1, yt);
    for (double t : yt) {
        o << "<line x1=\"" << left << "\" x2=\"" << left + w << "\" y1=\"" << num(py(t))
          << "\" y2=\"" << num(py(t)) << "\" stroke=\"#eee\"/>\n<text x=\"" << left - 6 << "\" y=\""
          << num(py(t) + 4) << "\" text-anchor=\"end\">" << num(t) << "</text>\n";
    }
    std::vector<double> xt;
    if (p.log_x) {
        for (double d = 10; d <= 100000; d *= 10) {
            for (double m : {1.0, 2.0, 5.0}) {
                if (std::log10(d * m) >= x0 && std::log10(d * m) <= x1) xt.push_back(d * m);
            }
        }
    } else {
        nice_ticks(x0, x1, xt);
    }
    for (double t : xt) {
        o << "<text x=\"" << num(px(t)) << "\" y=\"" << top + h + 14 << "\" text-anchor=\"middle\">"
          << (p.log_x && t >= 1000 ? num(t / 1000) + "k" : num(t)) << "</text>\n";
    }
    o << "<text x=\"" << left + w / 2 << "\" y=\"" << top + h + 28 << "\" text-anchor=\"middle\">"
      << escape(p.x_label) << "</text>\n";
    o << "<text transform=\"translate(16," << top + h / 2
      << ") rotate(-90)\" text-anchor=\"middle\">" << escape(p.y_label) << "</text>\n";
    for (const Curve& c : p.curves) {
        o << "<polyline fill=\"none\" stroke-width=\"1.2\" stroke=\"" << c.colour << "\" points=\"";
        const std::size_t step = std::max<std::size_t>(1, c.x.size() / kMaxPoints);
        for (std::size_t i = 0; i < c.x.size(); i += step) {
            if (!std::isfinite(c.y[i]) || (p.log_x && c.x[i] <= 0)) continue;
            o << num(px(c.x[i])) << "," << num(py(c.y[i])) << " ";
        }
        o << "\"/>\n";
    }
}

void begin_document(std::ostringstream& o, int height, const std::string& title) {
    o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
         "width=\""
      << kWidth << "\" height=\"" << height << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
    o << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    o << "<text x=\"" << kMarginLeft << "\" y=\"22\" font-size=\"15\" font-weight=\"bold\">"
      << escape(title) << "</text>\n";
}

}  // namespace svg

namespace {

using svg::Curve;
using svg::kHeader;
using svg::kPanelHeight;
using svg::kWidth;
using svg::Panel;

constexpr int kSmoothingFrames = 40;        // the running mean of the errors (as Table 2)
constexpr double kSpectrumRangeDb = 100.0;  // dynamic range shown for the average spectra
constexpr double kSpectrumMinHz = 20.0;
const char* const kEstimateColour = "#d62728";
const char* const kReferenceColour = "#1f77b4";

Curve time_curve(const FeatureTrack* t, const char* colour, bool smooth) {
    Curve c{{}, {}, colour};
    if (!t) return c;
    std::vector<double> v = t->channel_mean();
    // Silent loudness windows are -inf; keep them out of the running mean and the plot.
    if (smooth) v = running_mean(v, kSmoothingFrames);
    const double offset =
        smooth ? 0.5 * (std::min<std::size_t>(kSmoothingFrames, t->num_frames()) - 1) : 0.0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        c.x.push_back((static_cast<double>(i) + offset) * t->hop_seconds);
        c.y.push_back(v[i]);
    }
    return c;
}

Curve spectrum_curve(const FeatureSet& f, const char* colour) {
    Curve c{{}, {}, colour};
    const std::size_t bins = f.average_spectrum_db.size();
    for (std::size_t k = 1; k < bins; ++k) {
        const double hz = static_cast<double>(k) * f.analysis_rate / f.options.spectral_fft;
        if (hz < kSpectrumMinHz) continue;
        c.x.push_back(hz);
        c.y.push_back(f.average_spectrum_db[k]);
    }
    return c;
}

}  // namespace

std::string comparison_plot_svg(const std::string& title, const FeatureSet& est,
                                const FeatureSet& ref, const std::string& est_label,
                                const std::string& ref_label) {
    std::vector<Panel> panels;
    auto add = [&](const std::string& t, const std::string& xl, const std::string& yl, bool log_x,
                   Curve a, Curve b) {
        Panel p;
        p.top = kHeader + static_cast<int>(panels.size()) * kPanelHeight;
        p.title = t;
        p.x_label = xl;
        p.y_label = yl;
        p.log_x = log_x;
        p.curves = {std::move(b), std::move(a)};  // reference below, estimate on top
        panels.push_back(std::move(p));
    };
    add("Short-term loudness (3 s window)", "time (s)", "LUFS", false,
        time_curve(est.find("short_term_lufs"), kEstimateColour, false),
        time_curve(ref.find("short_term_lufs"), kReferenceColour, false));
    const char* bands[][2] = {{"band_level_low_db", "Low band level (< 250 Hz)"},
                              {"band_level_mid_db", "Mid band level (250 Hz - 2.5 kHz)"},
                              {"band_level_high_db", "High band level (> 2.5 kHz)"}};
    for (const auto& b : bands) {
        add(std::string(b[1]) + ", running mean of 40 frames", "time (s)", "dB", false,
            time_curve(est.find(b[0]), kEstimateColour, true),
            time_curve(ref.find(b[0]), kReferenceColour, true));
    }
    add("Average spectrum", "frequency (Hz)", "dB", true, spectrum_curve(est, kEstimateColour),
        spectrum_curve(ref, kReferenceColour));
    const int height = kHeader + static_cast<int>(panels.size()) * kPanelHeight;
    std::ostringstream o;
    svg::begin_document(o, height, title);
    o << "<text x=\"" << kWidth - 260 << "\" y=\"22\" fill=\"" << kEstimateColour << "\">&#9644; "
      << svg::escape(est_label) << "</text>\n<text x=\"" << kWidth - 130 << "\" y=\"22\" fill=\""
      << kReferenceColour << "\">&#9644; " << svg::escape(ref_label) << "</text>\n";
    for (const Panel& p : panels) svg::draw(o, p, p.log_x ? kSpectrumRangeDb : 0.0);
    o << "</svg>\n";
    return o.str();
}

}  // namespace automix
