#include <cmath>

#include "dsp/decibels.hpp"
#include "fxnorm/signal_utils.hpp"
#include "fxnorm/stages.hpp"
#include "fxnorm/stem_features.hpp"
#include "report/json_number.hpp"

namespace automix::fxnorm {

nlohmann::json match_loudness(AudioBuffer& stem, const StemTargets& target, long long pad) {
    nlohmann::json report;
    double input_lufs = 0.0;
    const double gain = lufs_normalize_gain(stem, target.loudness_lufs, &input_lufs, pad);
    apply_gain(stem, static_cast<float>(gain));
    report["target_lufs"] = target.loudness_lufs;
    report["input_lufs"] = report::json_number(input_lufs);
    report["gain_db"] = dsp::amplitude_to_db(gain, dsp::kDbEpsilon);
    // The full gain would have been target - input; a smaller one means peak limiting kicked in.
    report["peak_limited"] =
        std::isfinite(input_lufs) &&
        dsp::amplitude_to_db(gain, dsp::kDbEpsilon) < target.loudness_lufs - input_lufs - 1e-6;
    return report;
}

}  // namespace automix::fxnorm
