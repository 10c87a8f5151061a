// Shape checks shared by the mixer engines.
#include "mixer/stem_checks.hpp"

#include <string>

#include "automix/error.hpp"

namespace automix {

void check_stems_for_mixing(const StemSet& stems, int required_rate) {
    const std::size_t frames = stems.num_frames();
    for (StemType type : kAllStemTypes) {
        const AudioBuffer& b = stems[type];
        if (b.num_channels() != 2) {
            throw processing_error("mixer: the " + to_string(type) + " stem has " +
                                   std::to_string(b.num_channels()) + " channels, expected 2");
        }
        for (const auto& ch : b.channels) {
            if (ch.size() != frames) {
                throw processing_error("mixer: the " + to_string(type) +
                                       " stem's length differs from the vocals stem's");
            }
        }
        if (b.sample_rate != stems.sample_rate()) {
            throw processing_error("mixer: stems have different sample rates");
        }
    }
    if (required_rate != 0 && stems.sample_rate() != required_rate) {
        throw processing_error("mixer: stems are at " + std::to_string(stems.sample_rate()) +
                               " Hz, the model needs " + std::to_string(required_rate) + " Hz");
    }
}

}  // namespace automix
