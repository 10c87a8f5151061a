#include "automix/eval.hpp"

namespace automix {

PairEvaluation evaluate_pair(const AudioBuffer& estimate, const AudioBuffer& reference,
                             const EvalOptions& options) {
    const AlignedPair pair = align_pair(estimate, reference, options.alignment);
    PairEvaluation out;
    out.alignment = pair.alignment;
    out.estimate = compute_features(pair.estimate, options.features);
    out.reference = compute_features(pair.reference, options.features);
    out.comparison = compare_features(out.estimate, out.reference, options.comparison);
    return out;
}

nlohmann::json evaluation_to_json(const PairEvaluation& e, bool include_features) {
    nlohmann::json j;
    j["schema"] = kFeaturesSchema;
    j["alignment"] = alignment_to_json(e.alignment);
    j["errors"] = e.comparison.errors;
    if (include_features) {
        j["estimate"] = features_to_json(e.estimate);
        j["reference"] = features_to_json(e.reference);
    }
    return j;
}

}  // namespace automix
