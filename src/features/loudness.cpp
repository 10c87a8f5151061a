#include "automix/loudness.hpp"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "automix/error.hpp"

namespace automix {
namespace {

struct StateDeleter {
    void operator()(ebur128_state* s) const { ebur128_destroy(&s); }
};
using StatePtr = std::unique_ptr<ebur128_state, StateDeleter>;

double to_db(double linear) {
    return linear > 0.0 ? 20.0 * std::log10(linear) : -std::numeric_limits<double>::infinity();
}

// Feeds the whole buffer to a fresh libebur128 state in interleaved blocks of one second.
StatePtr analyse(const AudioBuffer& audio, int mode) {
    const int channels = audio.num_channels();
    if (channels < 1 || audio.sample_rate <= 0) {
        throw processing_error("loudness: empty buffer or unset sample rate");
    }
    StatePtr state(ebur128_init(static_cast<unsigned>(channels),
                                static_cast<unsigned long>(audio.sample_rate), mode));
    if (!state) throw processing_error("loudness: libebur128 could not be initialised");
    const std::size_t frames = audio.num_frames();
    const std::size_t block = static_cast<std::size_t>(audio.sample_rate);
    std::vector<float> interleaved(block * static_cast<std::size_t>(channels));
    for (std::size_t start = 0; start < frames; start += block) {
        const std::size_t n = std::min(block, frames - start);
        for (std::size_t i = 0; i < n; ++i) {
            for (int c = 0; c < channels; ++c) {
                interleaved[i * channels + c] = audio.channels[c][start + i];
            }
        }
        if (ebur128_add_frames_float(state.get(), interleaved.data(), n) != EBUR128_SUCCESS) {
            throw processing_error("loudness: libebur128 rejected the audio");
        }
    }
    return state;
}

}  // namespace

LoudnessStats measure_loudness(const AudioBuffer& audio) {
    StatePtr st = analyse(audio, EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK |
                                     EBUR128_MODE_SAMPLE_PEAK);
    LoudnessStats out;
    double value = 0.0;
    out.integrated_lufs = ebur128_loudness_global(st.get(), &value) == EBUR128_SUCCESS
                              ? value
                              : -std::numeric_limits<double>::infinity();
    out.loudness_range_lu =
        ebur128_loudness_range(st.get(), &value) == EBUR128_SUCCESS ? value : 0.0;
    double true_peak = 0.0, sample_peak = 0.0;
    for (int c = 0; c < audio.num_channels(); ++c) {
        double tp = 0.0, sp = 0.0;
        ebur128_true_peak(st.get(), static_cast<unsigned>(c), &tp);
        ebur128_sample_peak(st.get(), static_cast<unsigned>(c), &sp);
        true_peak = std::max(true_peak, tp);
        sample_peak = std::max(sample_peak, sp);
    }
    out.true_peak_dbtp = to_db(true_peak);
    out.sample_peak_dbfs = to_db(sample_peak);
    return out;
}

double true_peak_linear(const AudioBuffer& audio) {
    StatePtr st = analyse(audio, EBUR128_MODE_TRUE_PEAK);
    double peak = 0.0;
    for (int c = 0; c < audio.num_channels(); ++c) {
        double tp = 0.0;
        ebur128_true_peak(st.get(), static_cast<unsigned>(c), &tp);
        peak = std::max(peak, tp);
    }
    return peak;
}

}  // namespace automix
