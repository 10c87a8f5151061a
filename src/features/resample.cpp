#include "features/resample.hpp"

#include <samplerate.h>

#include <cmath>
#include <string>

#include "automix/error.hpp"

namespace automix::features {

AudioBuffer resample_for_analysis(const AudioBuffer& in, int target_rate) {
    if (in.sample_rate == target_rate) return in;
    const double ratio = static_cast<double>(target_rate) / in.sample_rate;
    const std::size_t out_frames =
        static_cast<std::size_t>(std::floor(static_cast<double>(in.num_frames()) * ratio));
    AudioBuffer out(in.num_channels(), out_frames, target_rate);
    for (int c = 0; c < in.num_channels(); ++c) {
        SRC_DATA data{};
        data.data_in = in.channels[c].data();
        data.input_frames = static_cast<long>(in.num_frames());
        data.data_out = out.channels[c].data();
        data.output_frames = static_cast<long>(out_frames);
        data.src_ratio = ratio;
        const int err = src_simple(&data, SRC_SINC_MEDIUM_QUALITY, 1);
        if (err != 0) {
            throw processing_error(std::string("features: resampling failed: ") +
                                   src_strerror(err));
        }
        // The converter may emit a few frames less than requested at the very end.
        out.channels[c].resize(static_cast<std::size_t>(data.output_frames_gen));
    }
    std::size_t shortest = out_frames;
    for (const auto& ch : out.channels) shortest = std::min(shortest, ch.size());
    for (auto& ch : out.channels) ch.resize(shortest);
    return out;
}

}  // namespace automix::features
