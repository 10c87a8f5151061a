// Reading, converting and writing audio files (libsndfile, libsamplerate).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "automix/audio_buffer.hpp"

namespace automix {

/// What a file holds, as reported by its header.
struct AudioFileInfo {
    std::string path;         ///< The path as given.
    std::string format;       ///< Container, e.g. "WAV", "FLAC", "OGG", "AIFF", "MPEG".
    std::string encoding;     ///< Sample encoding, e.g. "PCM_16", "PCM_24", "FLOAT", "VORBIS".
    int sample_rate = 0;      ///< Hz.
    int channels = 0;         ///< Channel count.
    std::int64_t frames = 0;  ///< Frames per channel.
    std::string software;     ///< The "software" tag of the file (empty when absent).
};

/// Prefix of the "software" tag automix writes into its mixes (kMixSoftwareTag + version):
/// discovery recognises such a file in a stems folder and does not take it for a stem.
inline constexpr const char* kMixSoftwareTag = "automix mix";

/// Reads the header of an audio file without decoding it; nullopt if libsndfile cannot open it or
/// it is not a regular file (a FIFO is never opened for reading, so it cannot block).
std::optional<AudioFileInfo> probe_audio(const std::string& path);

/// Decodes a whole file to float in [-1, 1] (integer PCM is divided by 2^(bits-1)).
/// Throws Error(Input) naming the file when it is missing, a dangling symbolic link or a link loop,
/// not a regular file (FIFO, device, folder), empty, not audio, truncated, has no frames, has a
/// sample rate outside 1 to 768 kHz, or contains NaN/Inf samples or samples more than 120 dB
/// above full scale. Fills `info` when given.
AudioBuffer read_audio(const std::string& path, AudioFileInfo* info = nullptr);

/// What resample() is for: it sets the converter and the output length.
enum class ResampleQuality {
    /// Audio that is listened to (stems, the mix): libsamplerate's best sinc converter
    /// (SRC_SINC_BEST_QUALITY); round(frames * ratio) frames, zero-padded should the converter
    /// produce fewer.
    Best,
    /// Measurements (features, eval alignment): SRC_SINC_MEDIUM_QUALITY (~97 dB SNR, -3 dB at
    /// 90 % of Nyquist, ample for descriptors averaged over 93 ms frames) at a fraction of the
    /// cost; floor(frames * ratio) frames, cut to what the converter produced, so no padding
    /// reaches a measurement.
    Analysis,
};

/// Converts every channel to `target_rate` with libsamplerate (channels in parallel). Returns a
/// copy when the rate already matches. Throws Error(Processing) on an invalid rate or when
/// libsamplerate fails.
AudioBuffer resample(const AudioBuffer& input, int target_rate,
                     ResampleQuality quality = ResampleQuality::Best);

/// Mono is duplicated to both channels; stereo is returned unchanged. More than two channels
/// throws Error(Input): automix does not guess a downmix for surround or multi-mic files.
AudioBuffer to_stereo(const AudioBuffer& input);

/// Sample format of a written file.
enum class SampleFormat { Pcm16, Pcm24, Float32 };

/// Parses "16", "24" or "32f"; nullopt otherwise.
std::optional<SampleFormat> parse_sample_format(const std::string& text);

/// Name of a sample format as accepted by parse_sample_format.
std::string to_string(SampleFormat format);

/// Options of write_audio.
struct WriteOptions {
    SampleFormat sample_format = SampleFormat::Pcm24;  ///< 24-bit PCM by default.
    std::string software{};  ///< "software" tag written into the file; empty = none.
};

/// Writes a WAV or FLAC file (chosen by the extension, case-insensitive) atomically: the data go to
/// a temporary file in the same folder, which is renamed over `path` only when complete. On any
/// failure nothing is left behind and Error(Output) names the path. FLAC cannot hold 32-bit float
/// (Error(Usage)). Samples outside [-1, 1] are clipped by libsndfile, never wrapped.
void write_audio(const std::string& path, const AudioBuffer& audio, const WriteOptions& options);

/// Encodes `audio` straight into `file` (no temporary, no rename), choosing the container by the
/// extension of `name`, the path the file will finally have (also the one named in errors). For
/// callers that stage several files and move them into place together (StagedOutputs).
void encode_audio(const std::string& file, const std::string& name, const AudioBuffer& audio,
                  const WriteOptions& options);

}  // namespace automix
