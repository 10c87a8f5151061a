// Human-facing outputs of a batch evaluation: the paper's Table-2 layout as CSV and Markdown, and
// an SVG picture per song. SVG is written directly (no plotting dependency): it is text, so it is
// deterministic and diffable, it opens in any browser, and Debian's plotting stacks (gnuplot,
// matplotlib) would add a runtime dependency for what is a handful of polylines.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "automix/features.hpp"

namespace automix {

/// The errors of one song (FeatureComparison::errors).
struct SongErrors {
    std::string song;       ///< Song name (folder name in batch mode).
    nlohmann::json errors;  ///< As produced by compare_features.
};

/// One row per song plus a final "mean" row; columns: song, the four group scores and every
/// per-feature error, in percent (MAPE x 100) with 4 decimals; empty cells for null.
std::string errors_table_csv(const std::vector<SongErrors>& songs);

/// The Table-2 layout in Markdown: song | loudness | spectral | panning | dynamic (percent, two
/// decimals), then a bold mean row.
std::string errors_table_markdown(const std::vector<SongErrors>& songs);

/// A self-contained SVG comparing an estimate with a reference: short-term loudness over time,
/// the low/mid/high band levels over time (smoothed by the 40-frame running mean), and the
/// average spectra on a logarithmic frequency axis.
std::string comparison_plot_svg(const std::string& title, const FeatureSet& estimate,
                                const FeatureSet& reference,
                                const std::string& estimate_label = "mix",
                                const std::string& reference_label = "reference");

}  // namespace automix
