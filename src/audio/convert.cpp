#include <samplerate.h>

#include <cmath>
#include <string>
#include <thread>
#include <vector>

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
    // Channels are independent: convert each on its own thread (the best sinc converter costs
    // seconds per minute of audio, and stems are mostly stereo). src_simple flushes the filter
    // tail, so the output is not shortened.
    std::vector<std::string> errors(static_cast<std::size_t>(input.num_channels()));
    auto convert_channel = [&](int c) {
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
            errors[c] = src_strerror(err);
            return;
        }
        const std::size_t produced = static_cast<std::size_t>(data.output_frames_gen);
        for (std::size_t i = 0; i < out_frames && i < produced; ++i) out.channels[c][i] = buffer[i];
    };
    std::vector<std::thread> workers;
    for (int c = 1; c < input.num_channels(); ++c) workers.emplace_back(convert_channel, c);
    convert_channel(0);
    for (auto& w : workers) w.join();
    for (const std::string& e : errors) {
        if (!e.empty()) throw processing_error("resample: libsamplerate failed: " + e);
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
