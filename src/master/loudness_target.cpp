// Loudness target and true-peak lookahead limiter (docs/master.md).
#include "automix/loudness_target.hpp"

#include <algorithm>
#include <cmath>

#include "automix/error.hpp"
#include "automix/loudness.hpp"
#include "automix/master.hpp"
#include "dsp/decibels.hpp"
#include "master/limiter_gain.hpp"
#include "master/true_peak_envelope.hpp"

namespace automix {
namespace {

// Gain reduction above which a sample counts as limited in the report.
constexpr double kAudibleReductionDb = 0.1;
// The largest loudness change the static gain may make beyond the first estimate: a target the
// limiter cannot reach (it would need more than that) stops there instead of crushing the mix.
constexpr double kMaxExtraGainDb = 20.0;
// Within this of the target counts as reached (the delivery tolerance).
constexpr double kReachedLu = 0.5;

// Pregain and limiter on a copy of `source`; `gain` receives the limiter's gain curve.
AudioBuffer gain_and_limit(const AudioBuffer& source, const std::vector<float>& env,
                           double pregain_db, double ceiling_dbtp, const LimiterSettings& s,
                           std::vector<float>& gain) {
    const double pregain = dsp::db_to_amplitude(pregain_db);
    const double threshold = dsp::db_to_amplitude(ceiling_dbtp - s.margin_db);
    const double rate = source.sample_rate;
    const auto lookahead = static_cast<std::size_t>(std::lround(s.lookahead_ms * 1e-3 * rate));
    gain = master::limiter_gain(env, pregain, threshold, lookahead, s.release_ms * 1e-3 * rate);
    AudioBuffer out = source;
    for (auto& ch : out.channels) {
        for (std::size_t i = 0; i < ch.size(); ++i) {
            ch[i] = static_cast<float>(ch[i] * pregain * gain[i]);
        }
    }
    return out;
}

// The report's gain-reduction figures of a gain curve.
void reduction_stats(const std::vector<float>& gain, LoudnessTargetResult& r) {
    double sum_db = 0.0, max_db = 0.0;
    std::size_t limited = 0;
    for (float g : gain) {
        if (g >= 1.0f) continue;
        const double reduction = -dsp::amplitude_to_db(g);
        sum_db += reduction;
        max_db = std::max(max_db, reduction);
        if (reduction > kAudibleReductionDb) ++limited;
    }
    const double frames = static_cast<double>(std::max<std::size_t>(1, gain.size()));
    r.gain_reduction_max_db = max_db;
    r.gain_reduction_mean_db = sum_db / frames;
    r.limited_fraction = limited / frames;
}

// The final guarantee: what the gain curve missed between samples is removed by a static trim.
void trim_to_ceiling(AudioBuffer& mix, double ceiling_dbtp, LoudnessTargetResult& r) {
    const CeilingResult c = apply_true_peak_ceiling(mix, ceiling_dbtp);
    r.trim_db = c.gain_db;
    r.output_true_peak_dbtp = c.true_peak_after_dbtp;
}

}  // namespace

LoudnessTargetResult apply_true_peak_limiter(AudioBuffer& mix, double ceiling_dbtp,
                                             const LimiterSettings& settings) {
    LoudnessTargetResult r;
    const double peak = true_peak_linear(mix);
    if (!std::isfinite(peak)) {
        throw processing_error(
            "the mix's true peak is not finite (a gain stage overflowed); nothing was written");
    }
    r.input_true_peak_dbtp = dsp::amplitude_to_db(peak);
    const std::vector<float> env = master::true_peak_envelope(mix);
    std::vector<float> gain;
    mix = gain_and_limit(mix, env, 0.0, ceiling_dbtp, settings, gain);
    reduction_stats(gain, r);
    trim_to_ceiling(mix, ceiling_dbtp, r);
    return r;
}

LoudnessTargetResult apply_loudness_target(AudioBuffer& mix, const LoudnessTargetOptions& options) {
    LoudnessTargetResult r;
    const LoudnessStats before = measure_loudness(mix);
    r.input_lufs = before.integrated_lufs;
    r.input_true_peak_dbtp = before.true_peak_dbtp;
    if (std::isnan(before.true_peak_dbtp) || before.true_peak_dbtp == INFINITY) {
        throw processing_error(
            "the mix's true peak is not finite (a gain stage overflowed); nothing was written");
    }
    if (!std::isfinite(before.integrated_lufs)) {  // silence or shorter than one block
        r.output_lufs = before.integrated_lufs;
        trim_to_ceiling(mix, options.ceiling_dbtp, r);
        return r;
    }
    const std::vector<float> env = master::true_peak_envelope(mix);
    const double first_gain = options.target_lufs - before.integrated_lufs;
    double gain_db = first_gain;
    double previous_gain = 0.0, previous_lufs = before.integrated_lufs;
    AudioBuffer best;
    std::vector<float> gain;
    for (int round = 1; round <= options.max_iterations; ++round) {
        AudioBuffer out =
            gain_and_limit(mix, env, gain_db, options.ceiling_dbtp, options.limiter, gain);
        // Only the integrated loudness: a full measurement adds a true-peak pass per round.
        const double lufs = integrated_loudness_lufs(out);
        r.gain_db = gain_db;
        r.output_lufs = lufs;
        r.iterations = round;
        best = std::move(out);
        const double error = options.target_lufs - lufs;
        if (std::fabs(error) <= options.tolerance_lu) break;
        // Secant step: limiting makes loudness grow by less than the gain, so the step is the
        // remaining error times the measured dB of gain per LU of loudness (at least 1).
        double slope = 1.0;
        if (std::fabs(lufs - previous_lufs) > 1e-3) {
            slope = std::clamp((gain_db - previous_gain) / (lufs - previous_lufs), 1.0, 10.0);
        }
        previous_gain = gain_db;
        previous_lufs = lufs;
        const double next = std::min(gain_db + error * slope, first_gain + kMaxExtraGainDb);
        if (std::fabs(next - gain_db) < 1e-4) break;  // the limiter cannot give more
        gain_db = next;
    }
    reduction_stats(gain, r);
    mix = std::move(best);
    trim_to_ceiling(mix, options.ceiling_dbtp, r);
    if (r.trim_db != 0.0) r.output_lufs = integrated_loudness_lufs(mix);
    r.reached = std::fabs(r.output_lufs - options.target_lufs) <= kReachedLu;
    return r;
}

}  // namespace automix
