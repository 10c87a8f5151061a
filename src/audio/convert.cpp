#include <samplerate.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "automix/audio_io.hpp"
#include "automix/error.hpp"

namespace automix {

AudioBuffer resample(const AudioBuffer& input, int target_rate, ResampleQuality quality) {
    if (target_rate <= 0 || input.sample_rate <= 0) {
        throw processing_error("resample: invalid sample rate");
    }
    if (input.sample_rate == target_rate) return input;
    const bool analysis = quality == ResampleQuality::Analysis;
    const double ratio = static_cast<double>(target_rate) / input.sample_rate;
    const std::size_t in_frames = input.num_frames();
    const double exact_frames = static_cast<double>(in_frames) * ratio;
    const std::size_t out_frames = static_cast<std::size_t>(
        analysis ? std::floor(exact_frames) : static_cast<double>(std::llround(exact_frames)));
    AudioBuffer out(input.num_channels(), out_frames, target_rate);
    std::vector<std::size_t> produced(static_cast<std::size_t>(input.num_channels()), 0);
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
        const int err =
            src_simple(&data, analysis ? SRC_SINC_MEDIUM_QUALITY : SRC_SINC_BEST_QUALITY, 1);
        if (err != 0) {
            errors[c] = src_strerror(err);
            return;
        }
        produced[c] = std::min(out_frames, static_cast<std::size_t>(data.output_frames_gen));
        std::copy(buffer.begin(), buffer.begin() + produced[c], out.channels[c].begin());
    };
    std::vector<std::thread> workers;
    for (int c = 1; c < input.num_channels(); ++c) workers.emplace_back(convert_channel, c);
    convert_channel(0);
    for (auto& w : workers) w.join();
    for (const std::string& e : errors) {
        if (!e.empty()) throw processing_error("resample: libsamplerate failed: " + e);
    }
    if (analysis) {
        const std::size_t shortest = *std::min_element(produced.begin(), produced.end());
        for (auto& channel : out.channels) channel.resize(shortest);
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
