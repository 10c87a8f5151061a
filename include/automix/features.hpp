// Objective mix features (loudness, spectral, panning, dynamic groups) and their comparison with a
// reference as in Table 2 of the FxNorm-Automix paper. Definitions: docs/metrics.md and
// docs/reference.md#evaluation-pipeline; the numbers reproduce the reference evaluation code,
// including its oddities, under names that say so (suffix `_ref`).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "automix/audio_buffer.hpp"
#include "automix/loudness.hpp"
#include "automix/processing_rate.hpp"

namespace automix {

/// Version of the JSON written by features_to_json / compare_features (docs/metrics.md).
inline constexpr const char* kFeaturesSchema = "automix.features/1";

/// The four feature groups of the paper's Table 2.
enum class FeatureGroup { Loudness, Spectral, Panning, Dynamic };

/// "loudness", "spectral", "panning" or "dynamic".
std::string to_string(FeatureGroup group);

/// Analysis settings; the defaults reproduce the reference evaluation
/// (docs/reference.md#evaluation-common-tools and the metric sections after it).
struct FeatureOptions {
    int analysis_rate = kProcessingSampleRate;  ///< Spectral/panning/dynamic features run here.
    double peak_normalize_dbfs = -1.0;          ///< Peak normalisation before those features.
    int spectral_fft = 4096;                    ///< STFT size of the spectral group.
    int spectral_hop = 1024;                    ///< Hop of the spectral and dynamic groups.
    int dynamic_frame = 4096;                   ///< Frame length of the dynamic group.
    int panning_fft = 2048;                     ///< STFT size of the panning group.
    int panning_hop = 1024;                     ///< Hop of the panning group.
};

/// One frame-wise feature.
struct FeatureTrack {
    std::string name;  ///< Stable key, e.g. "centroid_hz" (docs/metrics.md lists all).
    FeatureGroup group = FeatureGroup::Spectral;  ///< Group it belongs to.
    std::string unit;                             ///< "Hz", "dB", "dBFS", "ratio", ...
    double hop_seconds = 0.0;                     ///< Time between frames.
    /// Per-channel values (channels x frames); a single row for stereo quantities (panning).
    std::vector<std::vector<double>> channels;

    /// Number of frames.
    std::size_t num_frames() const { return channels.empty() ? 0 : channels.front().size(); }
    /// Per-frame mean over channels.
    std::vector<double> channel_mean() const;
};

/// Features of one signal.
struct FeatureSet {
    int source_sample_rate = 0;  ///< Rate of the analysed buffer.
    int source_channels = 0;  ///< Channels of the analysed buffer (mono is analysed as dual mono).
    double duration_seconds = 0.0;       ///< Length of the analysed buffer.
    int analysis_rate = 0;               ///< Rate of the spectral/panning/dynamic analysis.
    double normalization_gain_db = 0.0;  ///< Peak-normalisation gain applied before them.
    FeatureOptions options;              ///< Settings used.
    LoudnessAnalysis loudness;  ///< Loudness group, measured at the source rate, unnormalised.
    std::vector<FeatureTrack> tracks;  ///< Frame-wise features in a fixed order.
    /// Mean power spectrum over frames and channels, dB re a full-scale sine's bin power at the
    /// source level (for plots), with the spectral STFT's bins.
    std::vector<double> average_spectrum_db;

    /// The track with a name, or nullptr.
    const FeatureTrack* find(const std::string& name) const;
    /// The track with a name; throws automix::Error (Processing) when absent.
    const FeatureTrack& track(const std::string& name) const;
};

/// Computes every feature of a mono or stereo buffer at any rate (resampled internally to
/// options.analysis_rate for the frame-wise groups). Throws automix::Error (Processing) for an
/// empty buffer or more than two channels.
FeatureSet compute_features(const AudioBuffer& audio, const FeatureOptions& options = {});

/// Summaries (loudness values; mean and std of every track) with stable names. With
/// `include_series`, every track's per-frame values (channel mean) are added under "series".
nlohmann::json features_to_json(const FeatureSet& features, bool include_series = false);

/// How errors are aggregated over time.
struct ComparisonOptions {
    int running_mean_frames = 40;  ///< Valid-mode running mean length (reference: 40).
};

/// Errors of an estimate against a reference.
struct FeatureComparison {
    /// Per group: each feature's MAPE (a fraction, not %) and the group "score"; "standard" holds
    /// relative errors of standard loudness quantities that are not part of the paper's scores.
    nlohmann::json errors;
    /// Group scores by group name ("loudness", "spectral", "panning", "dynamic"): the paper's
    /// MAPE, kept for comparison with published tables.
    std::map<std::string, double> group_scores;
    /// The same groups with the symmetric bounded error |r - e| / (|r| + |e|) in [0, 1], which a
    /// near-zero reference cannot blow up (docs/metrics.md, "Bounded error").
    std::map<std::string, double> bounded_scores;
};

/// MAPE of running means per feature and per group, exactly as the reference evaluation
/// (docs/reference.md#evaluation-common-tools and after): loudness |L_ref - L_est| / |L_ref|;
/// spectral per channel then averaged; panning frames where the reference's total panning RMS is 0
/// are dropped. Frame series of different lengths are compared over the common prefix.
FeatureComparison compare_features(const FeatureSet& estimate, const FeatureSet& reference,
                                   const ComparisonOptions& options = {});

/// Valid-mode running mean (length n - N + 1; N is reduced to n when the series is shorter).
std::vector<double> running_mean(const std::vector<double>& x, int frames);

/// sklearn's mean_absolute_percentage_error: mean |t - e| / max(|t|, 2.22e-16), as a fraction.
/// Compares the common prefix; NaN when it is empty.
double mean_absolute_percentage_error(const std::vector<double>& estimate,
                                      const std::vector<double>& reference);

}  // namespace automix
