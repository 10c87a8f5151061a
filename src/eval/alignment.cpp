#include <algorithm>
#include <cmath>

#include "automix/audio_io.hpp"
#include "automix/dsp/cross_correlation.hpp"
#include "automix/error.hpp"
#include "automix/eval.hpp"

namespace automix {
namespace {

// sox `silence 1 0.1 0.1%` as used by the reference (docs/reference.md#evaluation-pipeline):
// RMS over 20 ms windows pooled over channels, non-silent above 0.1 % of full scale, for at least
// 0.1 s.
constexpr double kSilenceWindowSeconds = 0.02;
constexpr double kSilenceThreshold = 0.001;
constexpr double kSilenceMinRunSeconds = 0.1;

std::vector<double> mono_excerpt(const AudioBuffer& a, std::size_t start, std::size_t length) {
    std::vector<double> out(length, 0.0);
    for (const auto& ch : a.channels) {
        for (std::size_t i = 0; i < length; ++i) out[i] += ch[start + i];
    }
    return out;
}

struct LagResult {
    long long lag = 0;
    double correlation = 0.0;
};

// The lag of the largest cross-correlation c[l] = sum_n e[n + l] r[n] over |l| <= max_lag, and
// that value normalized by the excerpts' energies.
LagResult find_lag(const std::vector<double>& e, const std::vector<double>& r, long long max_lag) {
    const dsp::CrossCorrelation c = dsp::cross_correlation(e, r, max_lag);
    LagResult best;
    double best_value = -HUGE_VAL;
    for (long long l = -c.max_lag; l <= c.max_lag; ++l) {
        if (c.at(l) > best_value) {
            best_value = c.at(l);
            best.lag = l;
        }
    }
    double ee = 0, rr = 0;
    for (double v : e) ee += v * v;
    for (double v : r) rr += v * v;
    const double norm = std::sqrt(ee * rr);
    best.correlation = norm > 0 ? best_value / norm : 0.0;
    return best;
}

// Index of the first frame of the first run of >= min_run non-silent frames, scanning forward
// (or backward when `reverse`; then the count of frames after the run's last frame). A frame is
// non-silent when the RMS of the window of `window` frames starting (ending) there is above the
// threshold. Returns the signal length when it is silent throughout.
std::size_t leading_silence(const AudioBuffer& a, bool reverse, int rate) {
    const std::size_t n = a.num_frames();
    const std::size_t window = std::max<std::size_t>(1, std::lround(kSilenceWindowSeconds * rate));
    const std::size_t min_run = std::max<std::size_t>(1, std::lround(kSilenceMinRunSeconds * rate));
    const double channels = static_cast<double>(a.num_channels());
    auto sample_power = [&](std::size_t i) {
        const std::size_t idx = reverse ? n - 1 - i : i;
        double p = 0.0;
        for (const auto& ch : a.channels) p += static_cast<double>(ch[idx]) * ch[idx];
        return p / channels;
    };
    const double threshold = kSilenceThreshold * kSilenceThreshold * static_cast<double>(window);
    double sum = 0.0;
    std::size_t run = 0;
    for (std::size_t i = 0; i < std::min(window, n); ++i) sum += sample_power(i);
    for (std::size_t i = 0; i + window <= n; ++i) {
        if (i > 0) sum += sample_power(i + window - 1) - sample_power(i - 1);
        run = sum > threshold ? run + 1 : 0;
        // The window ending at frame i + window - 1 speaks for that frame (a trailing window).
        if (run >= min_run) return i + window - run;
    }
    return n;
}

AudioBuffer crop(const AudioBuffer& a, std::size_t start, std::size_t length) {
    AudioBuffer out(a.num_channels(), length, a.sample_rate);
    for (int c = 0; c < a.num_channels(); ++c) {
        std::copy(a.channels[c].begin() + start, a.channels[c].begin() + start + length,
                  out.channels[c].begin());
    }
    return out;
}

}  // namespace

AlignedPair align_pair(const AudioBuffer& estimate, const AudioBuffer& reference,
                       const AlignmentOptions& o) {
    if (estimate.num_frames() == 0 || reference.num_frames() == 0) {
        throw processing_error("eval: cannot compare an empty signal");
    }
    AlignedPair out;
    Alignment& al = out.alignment;
    al.estimate_rate = estimate.sample_rate;
    al.reference_rate = reference.sample_rate;
    al.analysis_rate = o.analysis_rate;
    const AudioBuffer e = resample(to_stereo(estimate), o.analysis_rate, ResampleQuality::Analysis);
    const AudioBuffer r =
        resample(to_stereo(reference), o.analysis_rate, ResampleQuality::Analysis);
    al.estimate_frames = e.num_frames();
    al.reference_frames = r.num_frames();
    if (o.estimate_lag) {
        const std::size_t excerpt = static_cast<std::size_t>(o.search_seconds * o.analysis_rate);
        const auto me = mono_excerpt(e, 0, std::min(excerpt, e.num_frames()));
        const auto mr = mono_excerpt(r, 0, std::min(excerpt, r.num_frames()));
        const LagResult lag =
            find_lag(me, mr, static_cast<long long>(o.max_lag_seconds * o.analysis_rate));
        al.correlation = lag.correlation;
        al.lag_applied = lag.correlation >= o.min_correlation;
        al.lag_samples = al.lag_applied ? lag.lag : 0;
    }
    al.estimate_start = al.lag_samples > 0 ? static_cast<std::size_t>(al.lag_samples) : 0;
    al.reference_start = al.lag_samples < 0 ? static_cast<std::size_t>(-al.lag_samples) : 0;
    if (al.estimate_start >= e.num_frames() || al.reference_start >= r.num_frames()) {
        throw processing_error("eval: the estimate and the reference do not overlap");
    }
    std::size_t length =
        std::min(e.num_frames() - al.estimate_start, r.num_frames() - al.reference_start);
    if (o.trim_silence) {
        const AudioBuffer rc = crop(r, al.reference_start, length);
        const std::size_t lead = leading_silence(rc, false, o.analysis_rate);
        if (lead < length) {
            const std::size_t trail = leading_silence(rc, true, o.analysis_rate);
            al.trimmed_leading = lead;
            al.trimmed_trailing = std::min(trail, length - lead);
            al.estimate_start += lead;
            al.reference_start += lead;
            length -= lead + al.trimmed_trailing;
        }
    }
    al.compared_frames = length;
    out.estimate = crop(e, al.estimate_start, length);
    out.reference = crop(r, al.reference_start, length);
    return out;
}

nlohmann::json alignment_to_json(const Alignment& a) {
    const double rate = a.analysis_rate;
    return {{"estimate_sample_rate", a.estimate_rate},
            {"reference_sample_rate", a.reference_rate},
            {"analysis_sample_rate", a.analysis_rate},
            {"estimate_frames", a.estimate_frames},
            {"reference_frames", a.reference_frames},
            {"lag_samples", a.lag_samples},
            {"lag_s", a.lag_samples / rate},
            {"correlation", a.correlation},
            {"lag_applied", a.lag_applied},
            {"estimate_start", a.estimate_start},
            {"reference_start", a.reference_start},
            {"compared_frames", a.compared_frames},
            {"compared_s", a.compared_frames / rate},
            {"trimmed_leading", a.trimmed_leading},
            {"trimmed_trailing", a.trimmed_trailing}};
}

}  // namespace automix
