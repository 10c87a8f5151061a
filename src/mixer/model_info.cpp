// Validation of the automix.json metadata embedded in a mixer model file.
#include "automix/model_info.hpp"

#include <type_traits>

#include "automix/error.hpp"
#include "mixer/fx_account.hpp"
#include "report/json_number.hpp"

namespace automix {
namespace {

// docs/reference.md#network-input-and-output: stems in this order, L then R inside each stem.
const std::vector<std::string> kStemOrder = {"vocals", "bass", "drums", "other"};

/// Reads a required field of the expected JSON type or throws a Model error naming it. Integers
/// must be integral and fit `T` (a plain get<int>() of 1e300 is undefined behaviour).
template <typename T>
T required(const nlohmann::json& j, const char* key, const std::string& path) {
    if (!j.contains(key)) {
        throw model_error(path + ": model metadata lacks the field \"" + key + "\"");
    }
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
        if (const auto v = report::json_integer<T>(j.at(key))) return *v;
        throw model_error(path + ": model metadata field \"" + key +
                          "\" is not an integer in range");
    } else {
        try {
            return j.at(key).get<T>();
        } catch (const nlohmann::json::exception&) {
            throw model_error(path + ": model metadata field \"" + key + "\" has the wrong type");
        }
    }
}

/// An optional field: `fallback` when absent, a Model error naming it when of another type (a
/// bare json::value() would throw nlohmann's type_error out of the library; found by fuzzing).
template <typename T>
T optional(const nlohmann::json& j, const char* key, const T& fallback, const std::string& path) {
    return j.contains(key) ? required<T>(j, key, path) : fallback;
}

std::size_t non_negative_size(const nlohmann::json& j, const char* key, const std::string& path) {
    const long long v = required<long long>(j, key, path);
    if (v < 0) throw model_error(path + ": model metadata field \"" + key + "\" is negative");
    return static_cast<std::size_t>(v);
}

/// Format 3: the second input a conditioned model declares must be an account this build reads.
/// Returns its size and sets `version`.
std::size_t parse_conditioning(const nlohmann::json& metadata, const std::string& path,
                               int* version) {
    *version = 0;
    if (!metadata.contains("conditioning")) return 0;
    const nlohmann::json& c = metadata.at("conditioning");
    if (!c.is_object())
        throw model_error(path + ": model metadata \"conditioning\" is not an object");
    const auto input = required<std::string>(c, "input", path);
    const int declared = required<int>(c, "version", path);
    const std::size_t size = non_negative_size(c, "size", path);
    const std::size_t known = input == "fx_account" ? fx_account_size(declared) : 0;
    if (known == 0 || size != known) {
        throw model_error(path + ": the model is conditioned on \"" + input + "\" version " +
                          std::to_string(declared) + " (" + std::to_string(size) +
                          " per stem); this build provides fx_account versions 1 to " +
                          std::to_string(kFxAccountVersion) + " (" +
                          std::to_string(fx_account_size(1)) + " and " +
                          std::to_string(fx_account_size(kFxAccountVersion)) + " per stem)");
    }
    *version = declared;
    return size;
}

/// Format 3 consoles: the settings names when "mix_and_settings" returns them with the audio.
std::vector<std::string> parse_setting_names(const nlohmann::json& metadata,
                                             const std::string& path) {
    if (!metadata.contains("settings")) return {};
    const nlohmann::json& s = metadata.at("settings");
    if (!s.is_object()) throw model_error(path + ": model metadata \"settings\" is not an object");
    if (optional<std::string>(s, "method", "", path) != "mix_and_settings") return {};
    auto names = required<std::vector<std::string>>(s, "names", path);
    if (names.empty()) throw model_error(path + ": model metadata settings has no names");
    return names;
}

}  // namespace

ModelInfo parse_model_info(const nlohmann::json& metadata, const std::string& path) {
    if (!metadata.is_object()) throw model_error(path + ": model metadata is not a JSON object");
    ModelInfo info;
    const auto format = required<std::string>(metadata, "format", path);
    if (format != kModelFormatName) {
        throw model_error(path + ": model metadata format is \"" + format + "\", expected \"" +
                          kModelFormatName + "\"");
    }
    info.format_version = required<int>(metadata, "format_version", path);
    if (info.format_version < 1 || info.format_version > kModelFormatVersion) {
        throw model_error(path + ": model metadata format_version " +
                          std::to_string(info.format_version) +
                          " is not supported (this build reads 1 to " +
                          std::to_string(kModelFormatVersion) + ")");
    }
    info.architecture = required<std::string>(metadata, "architecture", path);
    info.preset = optional<std::string>(metadata, "preset", "", path);
    info.parameter_count = required<long long>(metadata, "parameter_count", path);
    info.sample_rate = required<int>(metadata, "sample_rate", path);
    if (info.sample_rate != kModelSampleRate) {
        throw model_error(path + ": model sample rate is " + std::to_string(info.sample_rate) +
                          " Hz, automix requires " + std::to_string(kModelSampleRate) + " Hz");
    }
    info.stem_order = required<std::vector<std::string>>(metadata, "stem_order", path);
    if (info.stem_order != kStemOrder) {
        throw model_error(path + ": model stem order must be vocals, bass, drums, other");
    }
    info.channels_per_stem = required<int>(metadata, "channels_per_stem", path);
    info.output_channels = optional<int>(metadata, "output_channels", 2, path);
    if (info.channels_per_stem != 2 || info.output_channels != 2) {
        throw model_error(path + ": model must take stereo stems and produce a stereo mix");
    }
    info.length_multiple = non_negative_size(metadata, "length_multiple", path);
    info.recommended_segment = non_negative_size(metadata, "recommended_segment_samples", path);
    info.recommended_overlap = non_negative_size(metadata, "recommended_overlap_samples", path);
    info.context = metadata.contains("context_samples")
                       ? non_negative_size(metadata, "context_samples", path)
                       : 0;
    if (info.length_multiple == 0 || info.recommended_segment == 0 ||
        info.recommended_segment % info.length_multiple != 0) {
        throw model_error(path +
                          ": model metadata needs a positive length_multiple that divides "
                          "recommended_segment_samples");
    }
    if (info.format_version >= 2) {
        info.contribution_channels = required<int>(metadata, "contribution_channels", path);
        if (info.contribution_channels != 0 &&
            info.contribution_channels != static_cast<int>(kStemOrder.size()) * 2) {
            throw model_error(path + ": model contribution_channels must be 0 or 8");
        }
        info.recommended_batch = metadata.contains("recommended_batch")
                                     ? non_negative_size(metadata, "recommended_batch", path)
                                     : 1;
        if (info.recommended_batch == 0) info.recommended_batch = 1;
    }
    if (info.format_version >= 3) {
        info.account_size = parse_conditioning(metadata, path, &info.account_version);
        info.setting_names = parse_setting_names(metadata, path);
    }
    info.family = optional<std::string>(metadata, "family", "waveform", path);
    info.trained = required<bool>(metadata, "trained", path);
    info.provenance = optional<std::string>(metadata, "provenance", "", path);
    info.raw = metadata;
    return info;
}

}  // namespace automix
