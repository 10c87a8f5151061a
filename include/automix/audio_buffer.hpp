// Planar floating-point audio: the value that flows between every pipeline stage.
#pragma once

#include <cstddef>
#include <vector>

namespace automix {

/// Planar float audio, channels x frames, at one sample rate.
/// Samples are nominally in [-1, 1]; nothing enforces that, stages may overshoot.
struct AudioBuffer {
    int sample_rate = 0;                       ///< Frames per second (Hz).
    std::vector<std::vector<float>> channels;  ///< One vector per channel, all of equal length.

    AudioBuffer() = default;
    /// Creates a silent buffer of the given shape.
    AudioBuffer(int num_channels, std::size_t num_frames, int rate)
        : sample_rate(rate),
          channels(static_cast<std::size_t>(num_channels), std::vector<float>(num_frames, 0.0f)) {}

    /// Number of channels.
    int num_channels() const { return static_cast<int>(channels.size()); }
    /// Number of frames (samples per channel); 0 for an empty buffer.
    std::size_t num_frames() const { return channels.empty() ? 0 : channels.front().size(); }
    /// Duration in seconds; 0 when the rate is unset.
    double duration_seconds() const {
        return sample_rate > 0 ? static_cast<double>(num_frames()) / sample_rate : 0.0;
    }
};

}  // namespace automix
