#include "automix/dsp/integrated_loudness.hpp"

#include <ebur128.h>

#include <algorithm>
#include <limits>
#include <memory>

#include "automix/error.hpp"

namespace automix::dsp {

double integrated_loudness(const std::vector<const float*>& channels, std::size_t length,
                           int sample_rate, std::size_t pad) {
    const std::size_t nch = channels.size();
    if (nch < 1 || nch > 2 || sample_rate <= 0) {
        throw processing_error("loudness: need one or two channels and a sample rate");
    }
    struct Deleter {
        void operator()(ebur128_state* s) const { ebur128_destroy(&s); }
    };
    std::unique_ptr<ebur128_state, Deleter> state(ebur128_init(
        static_cast<unsigned>(nch), static_cast<unsigned long>(sample_rate), EBUR128_MODE_I));
    if (!state) throw processing_error("loudness: libebur128 could not be initialised");
    constexpr std::size_t kBlock = 16384;
    std::vector<float> interleaved(kBlock * nch);
    auto add = [&](std::size_t n) {
        if (ebur128_add_frames_float(state.get(), interleaved.data(), n) != EBUR128_SUCCESS) {
            throw processing_error("loudness: libebur128 rejected the audio");
        }
    };
    auto add_zeros = [&] {
        std::fill(interleaved.begin(), interleaved.end(), 0.0f);
        for (std::size_t done = 0; done < pad; done += kBlock) add(std::min(kBlock, pad - done));
    };
    add_zeros();
    for (std::size_t start = 0; start < length; start += kBlock) {
        const std::size_t n = std::min(kBlock, length - start);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t c = 0; c < nch; ++c) interleaved[i * nch + c] = channels[c][start + i];
        }
        add(n);
    }
    add_zeros();
    double value = 0.0;
    if (ebur128_loudness_global(state.get(), &value) != EBUR128_SUCCESS) {
        return -std::numeric_limits<double>::infinity();
    }
    return value;
}

}  // namespace automix::dsp
