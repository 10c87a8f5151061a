// The four grouped stems of a song, in the network's order, ready for normalization and mixing.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "automix/audio_buffer.hpp"
#include "automix/stem_type.hpp"

namespace automix {

/// One stem per type (index = static_cast<int>(StemType)). Every buffer is stereo, at the same
/// sample rate and of the same length; a type with no source file is silence and `present` false.
struct StemSet {
    std::array<AudioBuffer, kNumStemTypes> stems;  ///< Indexed by StemType.
    std::array<bool, kNumStemTypes> present{};     ///< Whether any input file fed this type.
    std::array<std::vector<std::string>, kNumStemTypes> sources;  ///< Files summed into each stem.

    /// The stem of a type.
    AudioBuffer& operator[](StemType t) { return stems[static_cast<int>(t)]; }
    /// The stem of a type.
    const AudioBuffer& operator[](StemType t) const { return stems[static_cast<int>(t)]; }
    /// Common sample rate (of the first stem).
    int sample_rate() const { return stems[0].sample_rate; }
    /// Common length in frames.
    std::size_t num_frames() const { return stems[0].num_frames(); }
};

}  // namespace automix
