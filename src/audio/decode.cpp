#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "automix/audio_io.hpp"
#include "automix/error.hpp"
#include "automix/io_guard.hpp"

namespace automix {
namespace {

struct SndfileCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

// Owns a descriptor: libsndfile is told not to close it, so it is closed exactly once, here,
// whether or not sf_open_fd succeeded.
struct FileDescriptor {
    int fd;
    explicit FileDescriptor(int f) : fd(f) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() { close(fd); }
};

// Rates a recording can plausibly have. Outside this range a header is corrupt or hostile: a
// 1 Hz "recording" would be resampled 44100-fold and exhaust memory.
constexpr int kMinSampleRate = 1000;
constexpr int kMaxSampleRate = 768000;

// Float files may legitimately exceed full scale (DAW exports), but not by 120 dB: beyond this the
// processing (squares, spectra, sums of stems in float) could overflow, so such a file is treated
// as corrupt rather than silently mixed into zeros or infinities.
constexpr float kMaxSampleMagnitude = 1e6f;

std::string format_name(int format) {
    SF_FORMAT_INFO fi{};
    fi.format = format & SF_FORMAT_TYPEMASK;
    if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &fi, sizeof(fi)) == 0 && fi.extension) {
        std::string ext = fi.extension;
        for (char& c : ext) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return ext == "OGA" ? "OGG" : ext;
    }
    return "unknown";
}

std::string encoding_name(int format) {
    switch (format & SF_FORMAT_SUBMASK) {
        case SF_FORMAT_PCM_S8:
            return "PCM_S8";
        case SF_FORMAT_PCM_U8:
            return "PCM_U8";
        case SF_FORMAT_PCM_16:
            return "PCM_16";
        case SF_FORMAT_PCM_24:
            return "PCM_24";
        case SF_FORMAT_PCM_32:
            return "PCM_32";
        case SF_FORMAT_FLOAT:
            return "FLOAT";
        case SF_FORMAT_DOUBLE:
            return "DOUBLE";
        case SF_FORMAT_VORBIS:
            return "VORBIS";
        case SF_FORMAT_OPUS:
            return "OPUS";
        case SF_FORMAT_ALAW:
            return "ALAW";
        case SF_FORMAT_ULAW:
            return "ULAW";
        case SF_FORMAT_MPEG_LAYER_I:
            return "MPEG_LAYER_I";
        case SF_FORMAT_MPEG_LAYER_II:
            return "MPEG_LAYER_II";
        case SF_FORMAT_MPEG_LAYER_III:
            return "MPEG_LAYER_III";
        default:
            return "other";
    }
}

AudioFileInfo make_info(const std::string& path, const SF_INFO& sfi, SNDFILE* file) {
    AudioFileInfo info;
    info.path = path;
    info.format = format_name(sfi.format);
    info.encoding = encoding_name(sfi.format);
    info.sample_rate = sfi.samplerate;
    info.channels = sfi.channels;
    info.frames = sfi.frames;
    if (file) {
        const char* software = sf_get_string(file, SF_STR_SOFTWARE);
        if (software) info.software = software;
    }
    return info;
}

// libsndfile opens a WAV/AIFF whose data chunk is cut short and silently shortens it, leaving
// only a note in its log. A user who hands us a truncated download deserves to hear about it.
bool log_reports_truncation(SNDFILE* file) {
    char log[4096] = {0};
    sf_command(file, SFC_GET_LOG_INFO, log, sizeof(log));
    const std::string text(log);
    return text.find("should be") != std::string::npos &&
           (text.find("data") != std::string::npos || text.find("SSND") != std::string::npos);
}

}  // namespace

std::optional<AudioFileInfo> probe_audio(const std::string& path) {
    int raw = -1;
    try {
        raw = open_regular_file(path);
    } catch (const Error&) {
        return std::nullopt;
    }
    const FileDescriptor fd(raw);
    SF_INFO sfi{};
    SndfilePtr file(sf_open_fd(fd.fd, SFM_READ, &sfi, SF_FALSE));
    if (!file) return std::nullopt;
    return make_info(path, sfi, file.get());
}

AudioBuffer read_audio(const std::string& path, AudioFileInfo* info_out) {
    const FileDescriptor fd(open_regular_file(path));
    if (lseek(fd.fd, 0, SEEK_END) == 0) throw input_error(path + ": file is empty (0 bytes)");
    lseek(fd.fd, 0, SEEK_SET);
    SF_INFO sfi{};
    SndfilePtr file(sf_open_fd(fd.fd, SFM_READ, &sfi, SF_FALSE));
    if (!file) {
        throw input_error(path + ": not a readable audio file (" + sf_strerror(nullptr) + ")");
    }
    if (sfi.channels < 1 || sfi.samplerate < 1) {
        throw input_error(path + ": invalid header (channels or sample rate is zero)");
    }
    if (sfi.samplerate < kMinSampleRate || sfi.samplerate > kMaxSampleRate) {
        throw input_error(path + ": implausible sample rate " + std::to_string(sfi.samplerate) +
                          " Hz (supported: " + std::to_string(kMinSampleRate) + " to " +
                          std::to_string(kMaxSampleRate) + " Hz)");
    }
    if (log_reports_truncation(file.get())) {
        throw input_error(
            path + ": file is truncated (the header promises more audio than the file holds)");
    }
    // Integer PCM is normalized by libsndfile to [-1, 1) by dividing by 2^(bits-1).
    sf_command(file.get(), SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);

    const int channels = sfi.channels;
    std::vector<float> interleaved;
    // MP3 and some streams report an estimated or unknown length, so read in blocks until EOF.
    // About 4 MB per block whatever the channel count (a hostile header may claim 1024).
    const sf_count_t kBlock = std::max<sf_count_t>(1, (sf_count_t{1} << 20) / channels);
    std::vector<float> block(static_cast<std::size_t>(kBlock * channels));
    for (;;) {
        const sf_count_t got = sf_readf_float(file.get(), block.data(), kBlock);
        if (got <= 0) break;
        interleaved.insert(interleaved.end(), block.begin(), block.begin() + got * channels);
    }
    if (sf_error(file.get()) != SF_ERR_NO_ERROR) {
        throw input_error(path + ": decoding failed (" + sf_strerror(file.get()) + ")");
    }
    const std::size_t frames = interleaved.size() / static_cast<std::size_t>(channels);
    if (frames == 0) throw input_error(path + ": file holds no audio frames");

    AudioBuffer audio(channels, frames, sfi.samplerate);
    for (std::size_t i = 0; i < frames; ++i) {
        for (int c = 0; c < channels; ++c) {
            const float v = interleaved[i * channels + c];
            if (!std::isfinite(v)) {
                throw input_error(path + ": contains NaN or infinite samples (first at " +
                                  std::to_string(static_cast<double>(i) / sfi.samplerate) + " s)");
            }
            if (std::fabs(v) > kMaxSampleMagnitude) {
                char value[32];
                std::snprintf(value, sizeof value, "%g", static_cast<double>(v));
                throw input_error(path + ": sample value " + value + " at " +
                                  std::to_string(static_cast<double>(i) / sfi.samplerate) +
                                  " s is more than 120 dB above full scale; the file is corrupt "
                                  "or not a recording");
            }
            audio.channels[c][i] = v;
        }
    }
    if (info_out) {
        *info_out = make_info(path, sfi, file.get());
        info_out->frames = static_cast<std::int64_t>(frames);
    }
    return audio;
}

}  // namespace automix
