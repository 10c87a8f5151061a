// Window planning and raised-cosine crossfade weights for the segmented model engine.
#include "mixer/segmentation.hpp"

#include <algorithm>
#include <cmath>

namespace automix {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::size_t round_up(std::size_t value, std::size_t multiple) {
    return (value + multiple - 1) / multiple * multiple;
}

}  // namespace

std::string segmentation_problem(const SegmentationParams& p) {
    if (p.multiple == 0) return "the length multiple must be positive";
    if (p.segment % p.multiple || p.context % p.multiple || p.overlap % p.multiple) {
        return "segment, context and overlap must be multiples of " + std::to_string(p.multiple) +
               " samples";
    }
    if (p.segment == 0) return "";  // unlimited: one single pass, nothing else matters
    // The hop must be >= overlap so that a window's fade-in ends before its fade-out begins.
    const std::size_t need = 2 * p.context + std::max(2 * p.overlap, p.overlap + p.multiple);
    if (p.segment < need) {
        return "a segment of " + std::to_string(p.segment) + " samples is too short for " +
               std::to_string(p.context) + " samples of context on each side and an overlap of " +
               std::to_string(p.overlap) + " samples (needs at least " + std::to_string(need) + ")";
    }
    return "";
}

std::vector<Segment> plan_segments(std::size_t total_frames, const SegmentationParams& p) {
    std::vector<Segment> plan;
    if (total_frames == 0) return plan;
    const std::size_t padded = round_up(total_frames, p.multiple);
    if (p.segment == 0 || padded <= p.segment) {
        Segment only;
        only.input_frames = padded;
        only.write_end = total_frames;
        plan.push_back(only);
        return plan;
    }
    const std::size_t hop = p.segment - 2 * p.context - p.overlap;
    const std::size_t count = 1 + (padded - p.segment + hop - 1) / hop;
    for (std::size_t k = 0; k < count; ++k) {
        Segment s;
        // The last window is pulled back to end at the padded song end rather than padding past
        // it: less zero input, and its start stays on the 64-sample grid.
        s.input_begin = (k + 1 == count) ? padded - p.segment : k * hop;
        s.input_frames = p.segment;
        plan.push_back(s);
    }
    for (std::size_t k = 0; k + 1 < count; ++k) {
        // Crossfade k -> k+1 sits at the end of window k's trusted part. Window k+1 trusts it too:
        // its start is at most one hop later, so its own context ends at or before the fade.
        const std::size_t fade_begin = plan[k].input_begin + p.segment - p.context - p.overlap;
        plan[k].fade_out_begin = fade_begin;
        plan[k].fade_out_frames = p.overlap;
        plan[k].write_end = fade_begin + p.overlap;
        plan[k + 1].fade_in_begin = fade_begin;
        plan[k + 1].fade_in_frames = p.overlap;
        plan[k + 1].write_begin = fade_begin;
    }
    plan.back().write_end = total_frames;
    return plan;
}

float crossfade_fall(std::size_t i, std::size_t n) {
    // Amplitude-complementary (w1 + w2 = 1): both windows estimate the same signal, so their
    // outputs are correlated and an equal-power fade would swell by up to +3 dB mid-fade. The
    // raised cosine has zero slope at both ends, so no kink where the fade starts or stops.
    const double c = std::cos(0.5 * kPi * (static_cast<double>(i) + 0.5) / static_cast<double>(n));
    return static_cast<float>(c * c);
}

float segment_weight(const Segment& s, std::size_t frame) {
    if (frame < s.write_begin || frame >= s.write_end) return 0.0f;
    if (s.fade_in_frames && frame < s.fade_in_begin + s.fade_in_frames) {
        return 1.0f - crossfade_fall(frame - s.fade_in_begin, s.fade_in_frames);
    }
    if (s.fade_out_frames && frame >= s.fade_out_begin) {
        return crossfade_fall(frame - s.fade_out_begin, s.fade_out_frames);
    }
    return 1.0f;
}

}  // namespace automix
