// The one table of Table-2 metrics (docs/reference.md#metrics-loudness and the three sections
// after it; docs/metrics.md explains each).
#include "automix/metrics.hpp"

namespace automix {

const std::vector<MetricSpec>& table2_metrics() {
    using A = MetricAggregation;
    using P = MetricProjection;
    using G = FeatureGroup;
    static const std::vector<MetricSpec> metrics = {
        // Loudness: integrated loudness as pyloudnorm measures it, and the sample peak.
        {"lufs", G::Loudness, "integrated_lufs_pyloudnorm", "LUFS", P::Identity, A::Scalar, true,
         nullptr},
        {"peak", G::Loudness, "sample_peak_dbfs", "dBFS", P::Identity, A::Scalar, true, nullptr},
        // Spectral, per channel; contrast counts once, as the mean of its three bands.
        {"centroid", G::Spectral, "centroid_hz", "Hz", P::PlusOne, A::PerChannel, true, nullptr},
        {"bandwidth", G::Spectral, "bandwidth_hz", "Hz", P::PlusOne, A::PerChannel, true, nullptr},
        {"contrast_low", G::Spectral, "contrast_low_db", "dB", P::Identity, A::PerChannel, false,
         "contrast"},
        {"contrast_mid", G::Spectral, "contrast_mid_db", "dB", P::Identity, A::PerChannel, false,
         "contrast"},
        {"contrast_high", G::Spectral, "contrast_high_db", "dB", P::Identity, A::PerChannel, false,
         "contrast"},
        {"contrast", G::Spectral, "", "dB", P::Identity, A::MeanOfParts, true, nullptr},
        {"rolloff", G::Spectral, "rolloff_hz", "Hz", P::PlusOne, A::PerChannel, true, nullptr},
        // F = -20 log10(flatness) + 1, the reference's projection.
        {"flatness", G::Spectral, "flatness_20log10_ref", "dB", P::NegatedPlusOne, A::PerChannel,
         true, nullptr},
        // Panning: the stereo panning spectrum's RMS per band.
        {"total", G::Panning, "panning_rms_total", "ratio", P::Identity, A::Panning, true, nullptr},
        {"low", G::Panning, "panning_rms_low", "ratio", P::Identity, A::Panning, true, nullptr},
        {"mid", G::Panning, "panning_rms_mid", "ratio", P::Identity, A::Panning, true, nullptr},
        {"high", G::Panning, "panning_rms_high", "ratio", P::Identity, A::Panning, true, nullptr},
        // Dynamic, on the peak-normalised signal; "crest" is the reference's dB ratio.
        {"rms", G::Dynamic, "rms_dbfs", "dBFS", P::NormalizedNegatedPlusOne, A::ChannelMean, true,
         nullptr},
        {"dynamic_spread", G::Dynamic, "dynamic_spread_db", "dB", P::NegatedPlusOne, A::ChannelMean,
         true, nullptr},
        {"crest", G::Dynamic, "crest_ratio_ref", "ratio", P::Identity, A::ChannelMean, true,
         nullptr},
    };
    return metrics;
}

}  // namespace automix
