#include <samplerate.h>

#include <cmath>
#include <string>

#include "automix/audio_io.hpp"
#include "automix/error.hpp"

namespace automix {

AudioBuffer resample(const AudioBuffer& input, int target_rate) {
    if (target_rate <= 0 || input.sample_rate <= 0) {
        throw processing_error("resample: invalid sample rate");
    }
    if (input.sample_rate == target_rate) return input;
    const double ratio = static_cast<double>(target_rate) / input.sample_rate;
    const std::size_t in_frames = input.num_frames();
    const std::size_t out_frames = static_cast<std::size_t>(std::llround(in_frames * ratio));
    AudioBuffer out(input.num_channels(), out_frames, target_rate);
    // Channels are converted one by one: planar data needs no interleaving, and memory stays at
    // one extra channel. src_simple flushes the filter tail, so the output is not shortened.
    for (int c = 0; c < input.num_channels(); ++c) {
        SRC_DATA data{};
        data.data_in = input.channels[c].data();
        data.input_frames = static_cast<long>(in_frames);
        // One spare frame: libsamplerate may produce round(n * ratio) + 1 frames.
        std::vector<float> buffer(out_frames + 1);
        data.data_out = buffer.data();
        data.output_frames = static_cast<long>(buffer.size());
        data.src_ratio = ratio;
        const int err = src_simple(&data, SRC_SINC_BEST_QUALITY, 1);
        if (err != 0) {
            throw processing_error(std::string("resample: libsamplerate failed: ") +
                                   src_strerror(err));
        }
        const std::size_t produced = static_cast<std::size_t>(data.output_frames_gen);
        for (std::size_t i = 0; i < out_frames && i < produced; ++i) out.channels[c][i] = buffer[i];
    }
    return out;
}

AudioBuffer to_stereo(const AudioBuffer& input) {
    if (input.num_channels() == 2) return input;
    if (input.num_channels() == 1) {
        AudioBuffer out = input;
        out.channels.push_back(input.channels[0]);
        return out;
    }
    throw input_error(
        "has " + std::to_string(input.num_channels()) +
        " channels; automix accepts mono or stereo stems (split or downmix it first)");
}

}  // namespace automix
