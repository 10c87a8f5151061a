// The metrics of the paper's Table 2, described once: which feature each one compares, how its
// error is taken and whether it counts in its group's score. compare_features, the error tables,
// the eval command and compute_features (the group and unit of every compared track) all read
// this table, so a new metric is one row (plus, for a new feature track, its computation in
// src/features/).
#pragma once

#include <array>
#include <vector>

#include "automix/features.hpp"

namespace automix {

/// The four groups in the order every table lists them.
inline constexpr std::array<FeatureGroup, 4> kFeatureGroups = {
    FeatureGroup::Loudness, FeatureGroup::Spectral, FeatureGroup::Panning, FeatureGroup::Dynamic};

/// How the frames (or the single value) of a feature become one error.
enum class MetricAggregation {
    Scalar,       ///< One value per signal (a LoudnessAnalysis field named by `track`).
    PerChannel,   ///< Error of each channel's running mean, averaged over channels.
    ChannelMean,  ///< Error of the running mean of the per-frame channel mean.
    Panning,      ///< One row; frames where the reference's total panning RMS is 0 dropped.
    MeanOfParts,  ///< No feature: the mean of the errors of the rows whose `part_of` is this key.
};

/// The transform applied to the values before the error (the reference's projections keep the
/// MAPE denominator away from 0).
enum class MetricProjection {
    Identity,        ///< v
    PlusOne,         ///< v + 1
    NegatedPlusOne,  ///< -v + 1
    /// -(v + g) + 1 with g the signal's peak-normalisation gain (dB): the value on the
    /// peak-normalised signal, negated, + 1.
    NormalizedNegatedPlusOne,
};

/// One metric of Table 2.
struct MetricSpec {
    const char* error_key;  ///< Key in FeatureComparison::errors[group] and the table columns.
    FeatureGroup group;     ///< Group it belongs to.
    /// FeatureTrack name, or for Scalar rows "integrated_lufs_pyloudnorm" / "sample_peak_dbfs".
    const char* track;
    const char* unit;               ///< Unit of the compared feature.
    MetricProjection projection;    ///< Transform before the error.
    MetricAggregation aggregation;  ///< How the error is taken.
    bool in_group_score;            ///< Counted in the group's score (mean of such rows).
    const char* part_of;            ///< Key of the MeanOfParts row it feeds, or nullptr.
};

/// Every Table-2 metric in column order (src/eval/metric_table.cpp).
const std::vector<MetricSpec>& table2_metrics();

}  // namespace automix
