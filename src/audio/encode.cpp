#include <sndfile.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "automix/atomic_file.hpp"
#include "automix/audio_io.hpp"
#include "automix/error.hpp"

namespace automix {
namespace {

std::string lower_extension(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

int container_for(const std::string& path) {
    const std::string ext = lower_extension(path);
    if (ext == ".wav" || ext == ".wave") return SF_FORMAT_WAV;
    if (ext == ".flac") return SF_FORMAT_FLAC;
    throw usage_error(path + ": unsupported output extension '" + ext + "' (use .wav or .flac)");
}

int subtype_for(SampleFormat f) {
    switch (f) {
        case SampleFormat::Pcm16:
            return SF_FORMAT_PCM_16;
        case SampleFormat::Pcm24:
            return SF_FORMAT_PCM_24;
        case SampleFormat::Float32:
            return SF_FORMAT_FLOAT;
    }
    return SF_FORMAT_PCM_24;
}

}  // namespace

std::optional<SampleFormat> parse_sample_format(const std::string& text) {
    if (text == "16") return SampleFormat::Pcm16;
    if (text == "24") return SampleFormat::Pcm24;
    if (text == "32f" || text == "32F") return SampleFormat::Float32;
    return std::nullopt;
}

std::string to_string(SampleFormat format) {
    switch (format) {
        case SampleFormat::Pcm16:
            return "16";
        case SampleFormat::Pcm24:
            return "24";
        case SampleFormat::Float32:
            return "32f";
    }
    return "24";
}

void encode_audio(const std::string& file, const std::string& name, const AudioBuffer& audio,
                  const WriteOptions& options) {
    const int container = container_for(name);
    if (container == SF_FORMAT_FLAC && options.sample_format == SampleFormat::Float32) {
        throw usage_error(
            name + ": FLAC cannot store 32-bit float samples; choose 16 or 24 bits, or a .wav file",
            "sample_format");
    }
    if (audio.num_channels() < 1 || audio.sample_rate <= 0) {
        throw processing_error(name + ": nothing to write (empty buffer)");
    }
    SF_INFO sfi{};
    sfi.samplerate = audio.sample_rate;
    sfi.channels = audio.num_channels();
    sfi.format = container | subtype_for(options.sample_format);
    if (!sf_format_check(&sfi)) {
        throw usage_error(name + ": libsndfile cannot write this format/bit-depth combination");
    }
    SNDFILE* out = sf_open(file.c_str(), SFM_WRITE, &sfi);
    if (!out) {
        throw output_error(name + ": cannot create output file (" + sf_strerror(nullptr) + ")");
    }
    if (!options.software.empty()) sf_set_string(out, SF_STR_SOFTWARE, options.software.c_str());
    // Clip rather than wrap if a caller hands us overs; the pipeline keeps true peak below 0.
    sf_command(out, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    const std::size_t frames = audio.num_frames();
    const int channels = audio.num_channels();
    constexpr std::size_t kBlock = 65536;
    std::vector<float> interleaved(kBlock * static_cast<std::size_t>(channels));
    bool ok = true;
    for (std::size_t start = 0; start < frames && ok; start += kBlock) {
        const std::size_t n = std::min(kBlock, frames - start);
        for (std::size_t i = 0; i < n; ++i) {
            for (int c = 0; c < channels; ++c) {
                interleaved[i * channels + c] = audio.channels[c][start + i];
            }
        }
        ok = sf_writef_float(out, interleaved.data(), static_cast<sf_count_t>(n)) ==
             static_cast<sf_count_t>(n);
    }
    const std::string err = sf_strerror(out);
    const int close_status = sf_close(out);
    if (!ok || close_status != 0) {
        throw output_error(name + ": writing failed (" + err + ", disk full or file too large?)");
    }
}

void write_audio(const std::string& path, const AudioBuffer& audio, const WriteOptions& options) {
    container_for(path);  // a bad extension is a usage error before any temporary exists
    commit_atomically(path,
                      [&](const std::string& temp) { encode_audio(temp, path, audio, options); });
}

}  // namespace automix
