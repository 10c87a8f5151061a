// How a long song is cut into overlapping network windows and crossfaded back (docs/model.md).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace automix {

/// Segmentation sizes, all in samples. `segment`, `context` and `overlap` are multiples of
/// `multiple` so that every window starts on the network's pooling grid
/// (docs/reference.md#network-layers).
struct SegmentationParams {
    std::size_t segment = 0;    ///< Network window length; 0 = unlimited (one single pass).
    std::size_t context = 0;    ///< Samples at each inner window edge whose output is discarded.
    std::size_t overlap = 0;    ///< Crossfade length between consecutive windows' outputs.
    std::size_t multiple = 64;  ///< The network's length multiple.
};

/// One network call and where its output goes in the song.
struct Segment {
    std::size_t input_begin = 0;      ///< First song frame fed to the network.
    std::size_t input_frames = 0;     ///< Window length (a multiple); frames past the song are 0.
    std::size_t write_begin = 0;      ///< First song frame with a non-zero weight.
    std::size_t write_end = 0;        ///< One past the last song frame with a non-zero weight.
    std::size_t fade_in_begin = 0;    ///< Rising crossfade region [begin, begin + frames).
    std::size_t fade_in_frames = 0;   ///< 0 for the first segment.
    std::size_t fade_out_begin = 0;   ///< Falling crossfade region [begin, begin + frames).
    std::size_t fade_out_frames = 0;  ///< 0 for the last segment.
};

/// Empty when `params` is usable, otherwise why not (windows must advance by at least the
/// overlap and one multiple: segment >= 2 * context + 2 * overlap and > 2 * context + overlap).
std::string segmentation_problem(const SegmentationParams& params);

/// Plans the windows for a song of `total_frames` (see docs/model.md, "Segmentation"): window k
/// starts at k * hop (hop = segment - 2 context - overlap), the last one ends at the padded song
/// end; each window's output is trusted except `context` samples at inner edges, and consecutive
/// outputs are crossfaded over `overlap` samples at the end of the earlier window's trusted part. A
/// song that fits in one window is one window of its own length rounded up to `multiple`. Zero
/// frames give no segments. Precondition: segmentation_problem(params) is empty.
std::vector<Segment> plan_segments(std::size_t total_frames, const SegmentationParams& params);

/// Falling raised-cosine crossfade: weight of the earlier window at position i of n,
/// cos^2(pi/2 * (i + 0.5) / n); the later window gets 1 minus it, so the weights sum to one.
float crossfade_fall(std::size_t i, std::size_t n);

/// Weight of `segment`'s output at song frame `frame` (0 outside [write_begin, write_end)).
float segment_weight(const Segment& segment, std::size_t frame);

}  // namespace automix
