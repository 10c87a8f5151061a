#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "automix/error.hpp"
#include "automix/features.hpp"
#include "automix/metrics.hpp"
#include "report/json_number.hpp"

namespace automix {
namespace {

// sklearn's MAPE guard against a zero reference: numpy float64 eps.
constexpr double kMapeEpsilon = 2.220446049250313e-16;

using Projection = std::function<double(double)>;

/// Which error is computed: the paper's MAPE (reference as denominator) or the symmetric bounded
/// error |r - e| / (|r| + |e|) in [0, 1] (docs/metrics.md, "Bounded error").
enum class Measure { Mape, Bounded };

double symmetric_error(double ref, double est) {
    const double scale = std::fabs(ref) + std::fabs(est);
    return scale > 0.0 ? std::fabs(ref - est) / scale : 0.0;
}

double plus_one(double v) { return v + 1.0; }
double identity(double v) { return v; }

std::vector<double> project(const std::vector<double>& x, const Projection& p) {
    std::vector<double> out(x.size());
    std::transform(x.begin(), x.end(), out.begin(), p);
    return out;
}

// MAPE: NaN (undefined, written as null with a reason) when a reference value is 0: sklearn's
// epsilon guard would turn it into errors like 1e18 %, which read as data but mean nothing. The
// bounded error is defined everywhere: a zero reference and a zero estimate agree (0), a zero
// reference and anything else disagree completely (1).
double error_of_running_means(const std::vector<double>& est, const std::vector<double>& ref, int n,
                              Measure measure) {
    const std::size_t common = std::min(est.size(), ref.size());
    const std::vector<double> e = running_mean({est.begin(), est.begin() + common}, n);
    const std::vector<double> r = running_mean({ref.begin(), ref.begin() + common}, n);
    if (measure == Measure::Bounded) {
        if (r.empty()) return std::numeric_limits<double>::quiet_NaN();
        double sum = 0.0;
        for (std::size_t i = 0; i < r.size(); ++i) sum += symmetric_error(r[i], e[i]);
        return sum / static_cast<double>(r.size());
    }
    for (double v : r) {
        if (std::fabs(v) < kMapeEpsilon) return std::numeric_limits<double>::quiet_NaN();
    }
    return mean_absolute_percentage_error(e, r);
}

// Every error that is null gets a reason under "undefined" ("group.key": sentence); a silent
// reference makes every error undefined, whatever arithmetic happened to give.
void explain_undefined(nlohmann::json& j, bool reference_silent) {
    nlohmann::json reasons = nlohmann::json::object();
    for (auto& [group, values] : j.items()) {
        if (!values.is_object()) continue;
        for (auto& [key, v] : values.items()) {
            if (reference_silent) v = nullptr;
            if (!v.is_null()) continue;
            reasons[group + "." + key] =
                reference_silent
                    ? "the reference is digital silence, so an error relative to it "
                      "is undefined"
                    : "the reference's value is 0 (or there is nothing to compare), so "
                      "a relative error is undefined";
        }
    }
    j["undefined"] = reasons;
}

// Spectral group: per channel, then averaged over the channels
// (docs/reference.md#metrics-spectral).
double per_channel_error(const FeatureSet& est, const FeatureSet& ref, const std::string& name,
                         const Projection& p, int n, Measure m) {
    const FeatureTrack& e = est.track(name);
    const FeatureTrack& r = ref.track(name);
    const std::size_t channels = std::min(e.channels.size(), r.channels.size());
    double sum = 0.0;
    for (std::size_t c = 0; c < channels; ++c) {
        sum += error_of_running_means(project(e.channels[c], p), project(r.channels[c], p), n, m);
    }
    return sum / static_cast<double>(channels);
}

// Dynamic group: averaged over the channels per frame first (docs/reference.md#metrics-dynamic).
double channel_mean_error(const FeatureSet& est, const FeatureSet& ref, const std::string& name,
                          const Projection& pe, const Projection& pr, int n,
                          Measure m = Measure::Mape) {
    return error_of_running_means(project(est.track(name).channel_mean(), pe),
                                  project(ref.track(name).channel_mean(), pr), n, m);
}

double relative_error(double est, double ref) { return std::fabs(ref - est) / std::fabs(ref); }

double scalar_error(double est, double ref, Measure m) {
    return m == Measure::Bounded ? symmetric_error(ref, est) : relative_error(est, ref);
}

double mean(const std::vector<double>& values) {
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

Projection projection_for(MetricProjection p, double normalization_gain_db) {
    switch (p) {
        case MetricProjection::Identity:
            return identity;
        case MetricProjection::PlusOne:
            return plus_one;
        case MetricProjection::NegatedPlusOne:
            return [](double v) { return -v + 1.0; };
        case MetricProjection::NormalizedNegatedPlusOne:
            return [normalization_gain_db](double v) { return -(v + normalization_gain_db) + 1.0; };
    }
    return identity;
}

double scalar_of(const FeatureSet& f, const std::string& name) {
    if (name == "integrated_lufs_pyloudnorm") return f.loudness.integrated_lufs_pyloudnorm;
    if (name == "sample_peak_dbfs") return f.loudness.stats.sample_peak_dbfs;
    throw processing_error("features: no scalar metric named '" + name + "'");
}

// Panning (docs/reference.md#metrics-panning): frames where the reference's total panning RMS is
// exactly 0 are dropped.
double panning_error(const FeatureSet& est, const FeatureSet& ref, const std::string& name, int n,
                     Measure m) {
    const auto& ref_total = ref.track("panning_rms_total").channels[0];
    const auto& e = est.track(name).channels[0];
    const auto& r = ref.track(name).channels[0];
    std::vector<double> ke, kr;
    for (std::size_t t = 0; t < std::min(e.size(), r.size()); ++t) {
        if (ref_total[t] == 0.0) continue;
        ke.push_back(e[t]);
        kr.push_back(r[t]);
    }
    return error_of_running_means(ke, kr, n, m);
}

// The error of one table row that compares a feature (every aggregation but MeanOfParts).
double metric_error(const FeatureSet& est, const FeatureSet& ref, const MetricSpec& spec, int n,
                    Measure m) {
    const Projection pe = projection_for(spec.projection, est.normalization_gain_db);
    const Projection pr = projection_for(spec.projection, ref.normalization_gain_db);
    switch (spec.aggregation) {
        case MetricAggregation::Scalar:
            return scalar_error(pe(scalar_of(est, spec.track)), pr(scalar_of(ref, spec.track)), m);
        case MetricAggregation::PerChannel:
            return per_channel_error(est, ref, spec.track, pe, n, m);
        case MetricAggregation::ChannelMean:
            return channel_mean_error(est, ref, spec.track, pe, pr, n, m);
        case MetricAggregation::Panning:
            return panning_error(est, ref, spec.track, n, m);
        case MetricAggregation::MeanOfParts:
            break;
    }
    throw processing_error(std::string("features: metric '") + spec.error_key +
                           "' compares no feature");
}

/// The four Table-2 groups (rows of table2_metrics(); docs/reference.md#metrics-loudness and the
/// sections after it) with one error measure: per-metric errors and each group's "score" (the mean
/// of its scored rows) into the returned object, the scores also into `scores`.
nlohmann::json group_errors(const FeatureSet& est, const FeatureSet& ref, int n, Measure m,
                            std::map<std::string, double>& scores) {
    using report::json_number;
    nlohmann::json j;
    for (FeatureGroup group : kFeatureGroups) {
        nlohmann::json g;
        std::vector<double> scored;
        std::map<std::string, std::vector<double>> parts;
        for (const MetricSpec& spec : table2_metrics()) {
            if (spec.group != group) continue;
            const double err = spec.aggregation == MetricAggregation::MeanOfParts
                                   ? mean(parts.at(spec.error_key))
                                   : metric_error(est, ref, spec, n, m);
            g[spec.error_key] = json_number(err);
            if (spec.part_of) parts[spec.part_of].push_back(err);
            if (spec.in_group_score) scored.push_back(err);
        }
        const double score = mean(scored);
        g["score"] = json_number(score);
        j[to_string(group)] = g;
        scores[to_string(group)] = score;
    }
    return j;
}

}  // namespace

std::vector<double> running_mean(const std::vector<double>& x, int frames) {
    const std::size_t n = std::min(x.size(), static_cast<std::size_t>(std::max(1, frames)));
    if (x.empty()) return {};
    // float64 cumulative sums, like the reference's np.cumsum formulation.
    std::vector<double> cumulative(x.size() + 1, 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) cumulative[i + 1] = cumulative[i] + x[i];
    std::vector<double> out(x.size() - n + 1);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] = (cumulative[i + n] - cumulative[i]) / static_cast<double>(n);
    }
    return out;
}

double mean_absolute_percentage_error(const std::vector<double>& est,
                                      const std::vector<double>& ref) {
    const std::size_t n = std::min(est.size(), ref.size());
    if (n == 0) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        sum += std::fabs(ref[i] - est[i]) / std::max(std::fabs(ref[i]), kMapeEpsilon);
    }
    return sum / static_cast<double>(n);
}

FeatureComparison compare_features(const FeatureSet& est, const FeatureSet& ref,
                                   const ComparisonOptions& options) {
    using report::json_number;
    const int n = options.running_mean_frames;
    nlohmann::json j;
    j["schema"] = kFeaturesSchema;
    j["running_mean_frames"] = n;
    FeatureComparison out;

    std::map<std::string, double> bounded_scores;
    const nlohmann::json bounded = group_errors(est, ref, n, Measure::Bounded, bounded_scores);
    const nlohmann::json paper = group_errors(est, ref, n, Measure::Mape, out.group_scores);
    for (const auto& [group, values] : paper.items()) j[group] = values;
    // Standard quantities (not in the paper's scores): relative errors of the BS.1770/R128 values
    // and the MAPE of the standard crest factor.
    {
        const LoudnessStats& e = est.loudness.stats;
        const LoudnessStats& r = ref.loudness.stats;
        j["standard"] = {
            {"integrated_lufs", json_number(relative_error(e.integrated_lufs, r.integrated_lufs))},
            {"loudness_range_lu",
             json_number(relative_error(e.loudness_range_lu, r.loudness_range_lu))},
            {"true_peak_dbtp", json_number(relative_error(e.true_peak_dbtp, r.true_peak_dbtp))},
            {"short_term_max_lufs",
             json_number(relative_error(e.short_term_max_lufs, r.short_term_max_lufs))},
            {"crest_factor_db",
             json_number(channel_mean_error(est, ref, "crest_factor_db", identity, identity, n))}};
    }
    auto scores_json = [](const std::map<std::string, double>& scores) {
        nlohmann::json k;
        for (FeatureGroup g : kFeatureGroups)
            k[to_string(g)] = json_number(scores.at(to_string(g)));
        return k;
    };
    const bool reference_silent = !std::isfinite(ref.loudness.stats.sample_peak_dbfs);
    if (reference_silent) {
        for (auto& [group, score] : out.group_scores) score = std::nan("");
        for (auto& [group, score] : bounded_scores) score = std::nan("");
    }
    // The paper's MAPE under its historical keys ("scores" and the group objects) and under a
    // name that says so; the bounded error, which one near-zero reference cannot blow up, under
    // "bounded" (docs/metrics.md).
    j["scores"] = scores_json(out.group_scores);
    j["scores_mape_ref"] = j["scores"];
    j["bounded"] = bounded;
    j["bounded"]["scores"] = scores_json(bounded_scores);
    out.bounded_scores = bounded_scores;
    explain_undefined(j, reference_silent);
    out.errors = std::move(j);
    return out;
}

}  // namespace automix
