// Comparing a mix with a reference: alignment of two files of any length and rate, features of
// both, and the Table-2 errors (docs/reference.md#evaluation-pipeline).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>

#include "automix/audio_buffer.hpp"
#include "automix/features.hpp"
#include "automix/processing_rate.hpp"

namespace automix {

/// How an estimate is aligned with its reference before the comparison.
struct AlignmentOptions {
    int analysis_rate = kProcessingSampleRate;  ///< Both signals are converted to this rate.
    bool estimate_lag = true;                   ///< Search the time offset by cross-correlation.
    double max_lag_seconds = 2.0;               ///< Largest offset searched, either direction.
    double search_seconds = 30.0;  ///< Length of the excerpt correlated (from the start).
    double min_correlation = 0.3;  ///< The lag is applied only above this normalised correlation.
    bool trim_silence = true;      ///< Trim the reference's leading/trailing silence (sox-like).
};

/// What align_pair did, for the report.
struct Alignment {
    int estimate_rate = 0;             ///< Rate of the estimate as given.
    int reference_rate = 0;            ///< Rate of the reference as given.
    int analysis_rate = 0;             ///< Common rate of the aligned pair.
    std::size_t estimate_frames = 0;   ///< Estimate length at the analysis rate.
    std::size_t reference_frames = 0;  ///< Reference length at the analysis rate.
    long long lag_samples = 0;         ///< Applied offset: > 0 when the estimate starts later.
    double correlation = 0.0;          ///< Normalised cross-correlation at the found lag.
    bool lag_applied = false;          ///< Whether the found lag passed min_correlation.
    std::size_t estimate_start = 0;    ///< First estimate frame compared (analysis rate).
    std::size_t reference_start = 0;   ///< First reference frame compared (analysis rate).
    std::size_t compared_frames = 0;   ///< Frames compared.
    std::size_t trimmed_leading = 0;   ///< Silent frames trimmed at the start.
    std::size_t trimmed_trailing = 0;  ///< Silent frames trimmed at the end.
};

/// Two buffers of the same rate, channel count (stereo) and length, and how they were obtained.
struct AlignedPair {
    AudioBuffer estimate;   ///< Aligned estimate.
    AudioBuffer reference;  ///< Aligned reference.
    Alignment alignment;    ///< The alignment applied.
};

/// Converts both to stereo at the analysis rate, finds the offset by FFT cross-correlation of the
/// mono downmixes, crops both to the overlap and trims the reference's leading and trailing
/// silence (sox `silence 1 0.1 0.1%`-like: 20 ms RMS windows over both channels, non-silent above
/// 0.1 % of full scale for at least 0.1 s) from both. Throws automix::Error (Input) for more than
/// two channels and (Processing) when nothing overlaps.
AlignedPair align_pair(const AudioBuffer& estimate, const AudioBuffer& reference,
                       const AlignmentOptions& options = {});

/// The alignment as JSON (frames and seconds).
nlohmann::json alignment_to_json(const Alignment& alignment);

/// Everything evaluate_pair needs.
struct EvalOptions {
    AlignmentOptions alignment;    ///< Alignment settings.
    FeatureOptions features;       ///< Feature settings.
    ComparisonOptions comparison;  ///< Error aggregation settings.
};

/// The result of comparing an estimate with a reference.
struct PairEvaluation {
    Alignment alignment;           ///< How the two were aligned.
    FeatureSet estimate;           ///< Features of the aligned estimate.
    FeatureSet reference;          ///< Features of the aligned reference.
    FeatureComparison comparison;  ///< Errors of the estimate against the reference.
};

/// Aligns, computes the features of both and compares them.
PairEvaluation evaluate_pair(const AudioBuffer& estimate, const AudioBuffer& reference,
                             const EvalOptions& options = {});

/// {"schema", "alignment", "errors", "estimate", "reference"} (features summaries when
/// `include_features`).
nlohmann::json evaluation_to_json(const PairEvaluation& evaluation, bool include_features = true);

}  // namespace automix
