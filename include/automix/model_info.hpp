// The metadata stored inside a mixer model file (extra file "automix.json"; schema in
// docs/model.md).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "automix/processing_rate.hpp"

namespace automix {

/// Name of the metadata entry inside the TorchScript archive.
inline constexpr const char* kModelMetadataFile = "automix.json";
/// Value of the "format" field.
inline constexpr const char* kModelFormatName = "automix-mixer";
/// Newest metadata schema version this build understands (models/export.py FORMAT_VERSION).
/// Version 2 adds the per-stem contributions to the network output; version 3 the console's
/// settings from the same pass ("mix_and_settings") and the FX-normalization account as a second
/// input of conditioned models. Versions 1 and 2 still load.
inline constexpr int kModelFormatVersion = 3;
/// The only sample rate a model file may declare: the processing rate its training stems had.
inline constexpr int kModelSampleRate = kProcessingSampleRate;

/// Parsed and validated model metadata.
struct ModelInfo {
    int format_version = 0;               ///< Schema version of the metadata.
    std::string architecture;             ///< e.g. "fxnorm-tcn-blstm".
    std::string preset;                   ///< Size preset name, e.g. "n32_small".
    long long parameter_count = 0;        ///< Number of network parameters.
    int sample_rate = 0;                  ///< Always kModelSampleRate once validated.
    std::vector<std::string> stem_order;  ///< vocals, bass, drums, other.
    int channels_per_stem = 0;            ///< 2 (stereo).
    int output_channels = 0;              ///< 2 (stereo).
    std::size_t length_multiple = 0;      ///< Input length must be a multiple of this (64).
    std::size_t recommended_segment = 0;  ///< Recommended window length in samples.
    std::size_t recommended_overlap = 0;  ///< Recommended crossfade length in samples.
    std::size_t context = 0;              ///< Samples discarded at each inner window edge.
    /// Channels after the stereo mix in the network output: 8 (each stem's L/R contribution, in
    /// stem_order, summing to the mix) from format 2 on, 0 for format 1.
    int contribution_channels = 0;
    std::size_t recommended_batch = 1;  ///< Windows per network call (format 2; 1 before).
    std::string family;                 ///< "waveform" or "console" (format 2; "waveform" before).
    /// Format 3 conditioned models: numbers per stem of the FX-normalization account they take as
    /// a second input (src/mixer/fx_account.hpp); 0 for models with the stems as only input.
    std::size_t account_size = 0;
    /// Version of that account (src/mixer/fx_account.hpp); 0 when there is none.
    int account_version = 0;
    /// Format 3 console models: the names of the per-stem settings "mix_and_settings" returns
    /// with the audio (gain, compressor, pan, width, EQ bands); empty for other models.
    std::vector<std::string> setting_names;
    bool trained = false;    ///< False for random weights (tests/benchmarks only).
    std::string provenance;  ///< Free text: data, training run, commit.
    nlohmann::json raw;      ///< The complete metadata as stored.
};

/// Validates `metadata` (read from `path`, used only in messages) and returns it parsed. Throws
/// Error(Model) with a message starting with `path` when a field is missing, mistyped or
/// incompatible (newer format, other sample rate, other stem order or channel layout).
ModelInfo parse_model_info(const nlohmann::json& metadata, const std::string& path);

}  // namespace automix
