#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

#include "automix/dsp/smoothing.hpp"
#include "automix/dsp/stft.hpp"
#include "dsp/decibels.hpp"
#include "dsp/simd_math.hpp"
#include "fxnorm/signal_utils.hpp"
#include "fxnorm/stages.hpp"
#include "fxnorm/stem_features.hpp"

namespace automix::fxnorm {
namespace {

// |z| without hypot's overflow care (the values are far from float limits): much faster.
inline float magnitude(std::complex<float> z) {
    return std::sqrt(z.real() * z.real() + z.imag() * z.imag());
}

// Extra zeros around the (already kPad-padded) stem before the 2048-point analysis.
constexpr long long kPanPad = kPanFft;
// Mean SPS values this close to zero count as "no side": an exactly mono source has SPS = 0 and
// must stay centred (the reference classifies it as right, bug 5).
constexpr double kCentreTolerance = 1e-6;

enum class Side { Left, Centre, Right };

const char* side_name(Side s) {
    return s == Side::Left ? "left" : (s == Side::Right ? "right" : "centre");
}

// Per-bin left/right amplitude shares (gL, gR) for a similarity phi on a given side
// (docs/reference.md#fx-normalization-panning step 4). The reference computes p = 1 - g and then
// gL = 1 - p: for a bin with one near-silent channel g is tiny and 1 - (1 - g) rounds to 0, so the
// gain gL_ref / (gL + 1e-20) reached 1e20 (issue 13). Returning g directly is the same value
// without the cancellation.
std::pair<double, double> shares(double phi, Side side) {
    const double g = std::clamp(phi + 1e-30, 0.0, 1.0) / 2.0;
    if (side == Side::Right) return {g, 1.0 - g};
    if (side == Side::Left) return {1.0 - g, g};
    return {0.5, 0.5};
}

// The 2048-point analysis of the stem seen through pad + kPanPad zeros on both sides.
struct PanAnalysis {
    const AudioBuffer& stem;
    dsp::Stft stft{kPanFft, kPanHop, dsp::sqrt_periodic_hann(kPanFft)};
    std::vector<float> buffer = std::vector<float>(kPanFft);
    long long offset;  // padded index of real sample 0
    std::size_t frames = 0;

    PanAnalysis(const AudioBuffer& s, long long pad) : stem(s), offset(pad + kPanPad) {
        frames = stft.num_frames(s.num_frames() + 2 * static_cast<std::size_t>(offset));
    }
    long long start(std::size_t t) const { return static_cast<long long>(t) * kPanHop - offset; }
    // Whether frame t holds any real sample (other frames are all zeros).
    bool active(std::size_t t) const {
        return start(t) + kPanFft > 0 && start(t) < static_cast<long long>(stem.num_frames());
    }
    void analyze(std::size_t t, int channel, std::complex<float>* out) {
        const float* x = stem.channels[channel].data();
        const long long s = start(t);
        if (s >= 0 && s + kPanFft <= static_cast<long long>(stem.num_frames())) {
            stft.forward_frame(x + s, out);  // inside the signal: no staging copy
            return;
        }
        read_zero_extended(x, stem.num_frames(), s, buffer.size(), buffer.data());
        stft.forward_frame(buffer.data(), out);
    }
};

}  // namespace

std::vector<double> panning_reference(const std::vector<double>& similarity_curve) {
    const std::size_t bins = kPanFft / 2 + 1;
    const std::size_t block = 2 * (similarity_curve.size() - 1) / kPanFft;  // 32
    std::vector<double> ref(bins);
    for (std::size_t k = 0; k + 1 < bins; ++k) {
        double sum = 0.0;
        for (std::size_t i = 0; i < block; ++i) sum += similarity_curve[k * block + i];
        ref[k] = kPanningGainK * sum / static_cast<double>(block);
    }
    ref[bins - 1] = kPanningGainK * similarity_curve.back();
    return ref;
}

nlohmann::json match_panning(AudioBuffer& stem, const StemTargets& target,
                             const StemSettings& settings, const PanningOptions& options) {
    PanAnalysis analysis(stem, options.pad);
    const std::size_t bins = analysis.stft.num_bins();
    std::vector<std::complex<float>> xl(bins), xr(bins);

    // Pass 1: side detection from the smoothed mean SPS over 50-2500 Hz (the reference's vote), and
    // the L/R level balance over the same band (our near-centre rule).
    const std::size_t side_lo = static_cast<std::size_t>(kSideLowHz * kPanFft / kSampleRate);
    const std::size_t side_hi = static_cast<std::size_t>(kSideHighHz * kPanFft / kSampleRate);
    std::vector<double> sps(bins, 0.0);
    double energy_l = 0.0, energy_r = 0.0;
    for (std::size_t t = 0; t < analysis.frames; ++t) {
        if (!analysis.active(t)) continue;  // silent frames have SPS 0
        analysis.analyze(t, 0, xl.data());
        analysis.analyze(t, 1, xr.data());
        for (std::size_t k = 0; k < bins; ++k) {
            const double l = magnitude(xl[k]) + 1e-20, r = magnitude(xr[k]) + 1e-20;
            const double phi = stereo_similarity(l, r);
            // sign(r/l - l/r) of the reference is sign(r - l) for positive l, r, without the
            // two divisions.
            sps[k] += (1.0 - phi) * ((r > l) - (r < l));
        }
        for (std::size_t k = side_lo; k < side_hi; ++k) {
            energy_l += std::norm(xl[k]);
            energy_r += std::norm(xr[k]);
        }
    }
    for (double& v : sps) v /= static_cast<double>(std::max<std::size_t>(analysis.frames, 1));
    sps = dsp::smooth_mirror(sps, kPanningSmoothing);
    double sign_sum = 0.0;
    for (std::size_t k = side_lo; k < side_hi; ++k) {
        if (options.mono_is_right) {
            sign_sum += (sps[k] + 1e-10 > 0) - (sps[k] + 1e-10 < 0);  // the reference's rule
        } else if (std::fabs(sps[k]) > kCentreTolerance) {
            sign_sum += sps[k] > 0 ? 1.0 : -1.0;
        }
    }
    Side side = sign_sum > 0 ? Side::Right : (sign_sum < 0 ? Side::Left : Side::Centre);
    const Side sps_side = side;  // the reference's rule, reported next to the balance
    const double balance_db = dsp::power_to_db((energy_r + 1e-30) / (energy_l + 1e-30));
    // Near-centre rule (D18): a stem whose side is not clear keeps its image. Both the level
    // balance and the SPS majority must name the same side, with at least centre_balance_db.
    const bool unclear = std::fabs(balance_db) < options.centre_balance_db ||
                         (side == Side::Right) != (balance_db > 0);
    if (options.centre_balance_db > 0.0 && unclear) side = Side::Centre;
    // Static offset toward the dominant side (0.3/0.7); none for a centred source, except
    // the reference's tie (NaN side), which gets the left offset with p = 0.5.
    const bool reference_tie = options.mono_is_right && side == Side::Centre;
    const double off_l = side == Side::Right
                             ? kPanOffsetQuiet
                             : (side == Side::Left || reference_tie ? kPanOffsetLoud : 1.0);
    const double off_r = side == Side::Right
                             ? kPanOffsetLoud
                             : (side == Side::Left || reference_tie ? kPanOffsetQuiet : 1.0);

    // Reference shares per bin.
    const std::vector<double> ref = panning_reference(target.panning_similarity);
    std::vector<std::pair<double, double>> ref_shares(bins);
    for (std::size_t k = 0; k < bins; ++k) ref_shares[k] = shares(ref[k], side);
    const std::size_t limit = static_cast<std::size_t>(settings.pan_max_hz * kPanFft / kSampleRate);

    // Pass 2: per-frame gains and streaming overlap-add, in place. After frame t, samples
    // [start(t), start(t) + hop) are final, and no later frame reads them.
    const std::size_t n = stem.num_frames();
    const long long len = static_cast<long long>(n);
    std::vector<std::vector<float>> pending(2, std::vector<float>(kPanHop, 0.0f));
    std::vector<float> frame_out(kPanFft);
    double phi_before = 0.0, phi_after = 0.0, gain_l_db = 0.0, gain_r_db = 0.0;
    std::size_t stat_count = 0;
    const float gate = static_cast<float>(dsp::db_to_amplitude(kPanGateDb));
    std::vector<float> stat_gain_l(bins), stat_gain_r(bins);
    constexpr double kDbPerNeper = 20.0 / M_LN10;  // 20 log10(x) = kDbPerNeper ln(x)
    for (std::size_t t = 0; t < analysis.frames; ++t) {
        if (!analysis.active(t)) continue;
        const long long s = analysis.start(t);
        analysis.analyze(t, 0, xl.data());
        analysis.analyze(t, 1, xr.data());
        float mono_peak = 0.0f;
        for (std::size_t k = 0; k < bins; ++k) {
            xl[k] *= static_cast<float>(off_l);
            xr[k] *= static_cast<float>(off_r);
            mono_peak = std::max(mono_peak, magnitude(xl[k] + xr[k]));
        }
        const bool gated = mono_peak < gate;
        const bool frame_in_limit = !options.reference_frame_limit || t < limit;
        std::size_t counted = 0;  // bins of this frame that enter the report's statistics
        for (std::size_t k = 0; k < bins; ++k) {
            const bool bin_in_limit = options.reference_frame_limit || k < limit;
            if (gated || !frame_in_limit || !bin_in_limit) continue;
            const double l = magnitude(xl[k]), r = magnitude(xr[k]);
            const double phi = stereo_similarity(l, r);
            const auto cur = shares(phi, side);
            // Guard (D19): no channel of a bin comes out louder than max_bin_gain times both
            // channels together. The share model assumes the side's channel is the louder one;
            // in a bin where the other channel dominates, this one's gain is ~ ref * (L^2 + R^2)
            // / (L R): unbounded as the other channel falls silent. Bins whose louder channel is
            // on the detected side stay below a bound of 1 for reference similarities >= 0.2
            // (targets: 0.7-0.85), so the default's bound of 1 only touches contradicting bins;
            // the reference mode's bound sits above what the reference itself does.
            const double cap_l = options.max_bin_gain * (l + r) / (l + 1e-30);
            const double cap_r = options.max_bin_gain * (l + r) / (r + 1e-30);
            const double gl = std::min(ref_shares[k].first / (cur.first + 1e-20), cap_l);
            const double gr = std::min(ref_shares[k].second / (cur.second + 1e-20), cap_r);
            xl[k] *= static_cast<float>(gl);
            xr[k] *= static_cast<float>(gr);
            if (k < limit) {
                phi_before += phi;
                phi_after += stereo_similarity(l * gl, r * gr);
                // Report-only: the logs of the gains are taken below, vectorized, in float.
                stat_gain_l[counted] = static_cast<float>(gl + 1e-30);
                stat_gain_r[counted] = static_cast<float>(gr + 1e-30);
                ++counted;
            }
        }
        if (counted > 0) {
            gain_l_db += kDbPerNeper * dsp::simd::sum_log(stat_gain_l.data(), counted);
            gain_r_db += kDbPerNeper * dsp::simd::sum_log(stat_gain_r.data(), counted);
            stat_count += counted;
        }
        // Overlap-add: first half completes the pending samples, second half becomes pending.
        for (int c = 0; c < 2; ++c) {
            analysis.stft.inverse_frame(c == 0 ? xl.data() : xr.data(), frame_out.data());
            std::vector<float>& channel = stem.channels[c];
            for (long long i = 0; i < kPanHop; ++i) {
                const long long idx = s + i;
                const float v = pending[c][i] + frame_out[i];
                if (idx >= 0 && idx < len) channel[idx] = v;
                pending[c][i] = frame_out[kPanHop + i];
            }
        }
    }
    nlohmann::json report;
    report["side"] = side_name(side);
    report["input_balance_db"] = balance_db;
    report["sps_side"] = side_name(sps_side);
    report["offset_gains"] = {off_l, off_r};
    report["max_frequency_hz"] = settings.pan_max_hz;
    if (stat_count > 0) {
        const double count = static_cast<double>(stat_count);
        report["mean_similarity_before"] = phi_before / count;
        report["mean_similarity_after"] = phi_after / count;
        report["mean_gain_db"] = {gain_l_db / count, gain_r_db / count};
    }
    double ref_mean = 0.0;
    for (std::size_t k = 0; k < std::min(limit, bins); ++k) ref_mean += ref[k];
    report["reference_similarity"] = ref_mean / static_cast<double>(std::min(limit, bins));
    return report;
}

}  // namespace automix::fxnorm
