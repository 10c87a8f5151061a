// The small SVG plotting kit of the report plots (svg_plot.cpp): panels of polylines with axes
// and ticks, stacked under a title. Internal to the library.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace automix::svg {

inline constexpr int kWidth = 960;        ///< Document width, px.
inline constexpr int kPanelHeight = 170;  ///< Height of one panel, px.
inline constexpr int kHeader = 40;        ///< Title band above the first panel, px.
inline constexpr int kMarginLeft = 70;    ///< Left edge of a panel's plot area, px.

/// One polyline; non-finite y values are left out.
struct Curve {
    std::vector<double> x, y;  ///< Points.
    const char* colour;        ///< SVG colour.
};

/// A panel with linear y and linear or log10 x, drawn at `top`.
struct Panel {
    int top = 0;                          ///< Vertical position, px.
    std::string title, x_label, y_label;  ///< Texts.
    bool log_x = false;                   ///< Logarithmic x axis.
    std::vector<Curve> curves;            ///< Drawn in order (the last on top).
};

/// Text with &, <, >, " escaped for XML.
std::string escape(const std::string& s);
/// A number with one decimal.
std::string num(double v);
/// Writes the panel; a positive `y_floor_range` limits the y range to that much below the top.
void draw(std::ostringstream& o, const Panel& p, double y_floor_range = 0.0);
/// Writes the XML header, the white background and the title of a document `height` px high.
void begin_document(std::ostringstream& o, int height, const std::string& title);

}  // namespace automix::svg
