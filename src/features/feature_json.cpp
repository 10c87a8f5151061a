#include <cmath>

#include "automix/features.hpp"
#include "report/json_number.hpp"

namespace automix {
namespace {

using report::json_number;

// Running mean length written with the series (docs/reference.md#evaluation-common-tools).
constexpr int kSeriesRunningMean = 40;

// Mean and standard deviation (population) of the finite values; -inf frames of silent loudness
// windows are left out and counted.
nlohmann::json summary(const FeatureTrack& t) {
    const std::vector<double> v = t.channel_mean();
    double sum = 0.0, sq = 0.0;
    std::size_t n = 0;
    for (double x : v) {
        if (!std::isfinite(x)) continue;
        sum += x;
        ++n;
    }
    const double mean = n > 0 ? sum / n : std::nan("");
    for (double x : v) {
        if (std::isfinite(x)) sq += (x - mean) * (x - mean);
    }
    const double sd = n > 0 ? std::sqrt(sq / n) : std::nan("");
    return {{"mean", json_number(mean)},
            {"std", json_number(sd)},
            {"unit", t.unit},
            {"frames", v.size()},
            {"finite_frames", n}};
}

nlohmann::json series_values(const std::vector<double>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (double x : v) a.push_back(json_number(x));
    return a;
}

}  // namespace

nlohmann::json features_to_json(const FeatureSet& fs, bool include_series) {
    nlohmann::json j;
    j["schema"] = kFeaturesSchema;
    j["source"] = {{"sample_rate", fs.source_sample_rate},
                   {"channels", fs.source_channels},
                   {"duration_s", fs.duration_seconds}};
    j["analysis"] = {{"sample_rate", fs.analysis_rate},
                     {"peak_normalize_dbfs", fs.options.peak_normalize_dbfs},
                     {"normalization_gain_db", json_number(fs.normalization_gain_db)},
                     {"spectral_fft", fs.options.spectral_fft},
                     {"spectral_hop", fs.options.spectral_hop},
                     {"dynamic_frame", fs.options.dynamic_frame},
                     {"panning_fft", fs.options.panning_fft},
                     {"panning_hop", fs.options.panning_hop}};
    const LoudnessStats& s = fs.loudness.stats;
    j["loudness"] = {
        {"integrated_lufs", json_number(s.integrated_lufs)},
        {"integrated_lufs_pyloudnorm_ref", json_number(fs.loudness.integrated_lufs_pyloudnorm)},
        {"loudness_range_lu", json_number(s.loudness_range_lu)},
        {"momentary_max_lufs", json_number(s.momentary_max_lufs)},
        {"short_term_max_lufs", json_number(s.short_term_max_lufs)},
        {"sample_peak_dbfs", json_number(s.sample_peak_dbfs)},
        {"true_peak_dbtp", json_number(s.true_peak_dbtp)}};
    for (const FeatureTrack& t : fs.tracks) j[to_string(t.group)][t.name] = summary(t);
    if (include_series) {
        nlohmann::json series;
        for (const FeatureTrack& t : fs.tracks) {
            const std::vector<double> v = t.channel_mean();
            series[t.name] = {{"hop_s", t.hop_seconds},
                              {"values", series_values(v)},
                              {"running_mean", series_values(running_mean(v, kSeriesRunningMean))}};
        }
        j["series"] = series;
    }
    return j;
}

}  // namespace automix
