// A final guard: a broken gain stage must produce an error, never a file of full-scale DC.
#include <cmath>
#include <cstdio>

#include "automix/error.hpp"
#include "automix/master.hpp"

namespace automix {

namespace {

// No music has a DC offset of half full scale; a mix that does is a constant, not a song.
constexpr double kMaxAbsoluteMean = 0.5;

}  // namespace

void check_mix_is_sane(const AudioBuffer& mix, const std::string& path) {
    for (std::size_t c = 0; c < mix.channels.size(); ++c) {
        const auto& ch = mix.channels[c];
        double sum = 0.0;
        for (std::size_t i = 0; i < ch.size(); ++i) {
            if (!std::isfinite(ch[i])) {
                throw processing_error("refusing to write " + path +
                                       ": the mix holds a non-finite sample (channel " +
                                       std::to_string(c + 1) + ", frame " + std::to_string(i) +
                                       "); a gain stage went wrong (check the targets)");
            }
            sum += ch[i];
        }
        const double mean = ch.empty() ? 0.0 : sum / static_cast<double>(ch.size());
        if (std::fabs(mean) >= kMaxAbsoluteMean) {
            char value[32];
            std::snprintf(value, sizeof value, "%.3f", mean);
            throw processing_error("refusing to write " + path + ": channel " +
                                   std::to_string(c + 1) + " is a constant offset of " + value +
                                   " (full-scale DC, harmful to speakers); a gain stage went "
                                   "wrong (check the targets)");
        }
    }
}

}  // namespace automix
