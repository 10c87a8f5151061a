#include "automix/loudness.hpp"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "automix/error.hpp"
#include "features/k_weighting.hpp"

namespace automix {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
// BS.1770-4 eq. 2: L = -0.691 + 10 log10(sum_c G_c z_c).
constexpr double kLoudnessOffset = -0.691;
// Sub-blocks per 100 ms: the momentary/short-term windows are evaluated every 10 ms.
constexpr int kSubBlocksPer100ms = 10;
// EBU R128 / Tech 3341: momentary window 400 ms, short-term window 3 s (in units of 100 ms).
constexpr int kMomentary100ms = 4;
constexpr int kShortTerm100ms = 30;
// pyloudnorm (fxnorm-spec §1.6): block 0.4 s, overlap 0.75, gates -70 LUFS / -10 LU.
constexpr double kPyBlockSeconds = 0.4;
constexpr double kPyOverlap = 0.75;
constexpr double kAbsoluteGateLufs = -70.0;
constexpr double kRelativeGateLu = -10.0;

struct StateDeleter {
    void operator()(ebur128_state* s) const { ebur128_destroy(&s); }
};
using StatePtr = std::unique_ptr<ebur128_state, StateDeleter>;

double to_db(double linear) { return linear > 0.0 ? 20.0 * std::log10(linear) : kNegInf; }

double energy_to_lufs(double mean_square) {
    return mean_square > 0.0 ? kLoudnessOffset + 10.0 * std::log10(mean_square) : kNegInf;
}

void check_buffer(const AudioBuffer& audio) {
    if (audio.num_channels() < 1 || audio.sample_rate <= 0) {
        throw processing_error("loudness: empty buffer or unset sample rate");
    }
}

// Feeds the whole buffer to a fresh libebur128 state in interleaved blocks of one second.
StatePtr analyse(const AudioBuffer& audio, int mode) {
    check_buffer(audio);
    const int channels = audio.num_channels();
    StatePtr state(ebur128_init(static_cast<unsigned>(channels),
                                static_cast<unsigned long>(audio.sample_rate), mode));
    if (!state) throw processing_error("loudness: libebur128 could not be initialised");
    const std::size_t frames = audio.num_frames();
    const std::size_t block = static_cast<std::size_t>(audio.sample_rate);
    std::vector<float> interleaved(block * static_cast<std::size_t>(channels));
    for (std::size_t start = 0; start < frames; start += block) {
        const std::size_t n = std::min(block, frames - start);
        for (std::size_t i = 0; i < n; ++i) {
            for (int c = 0; c < channels; ++c) {
                interleaved[i * channels + c] = audio.channels[c][start + i];
            }
        }
        if (ebur128_add_frames_float(state.get(), interleaved.data(), n) != EBUR128_SUCCESS) {
            throw processing_error("loudness: libebur128 rejected the audio");
        }
    }
    return state;
}

// Momentary/short-term loudness on a 10 ms grid. 100 ms is (fs + 5) / 10 samples as in
// libebur128, and sub-block k starts at floor(k * samples_in_100ms / 10), so 40 and 300 sub-blocks
// span exactly the 400 ms and 3 s windows libebur128 uses.
struct WindowedLoudness {
    std::vector<double> cumulative;  // prefix sums of sub-block energies, size K + 1
    double samples_in_100ms = 0.0;

    double window_lufs(std::size_t end_block, int length_100ms) const {
        const std::size_t span = static_cast<std::size_t>(length_100ms) * kSubBlocksPer100ms;
        const double e = cumulative[end_block] - cumulative[end_block - span];
        return energy_to_lufs(std::max(0.0, e) / (samples_in_100ms * length_100ms));
    }
    std::size_t num_edges() const { return cumulative.size(); }
};

WindowedLoudness windowed_loudness(const AudioBuffer& audio) {
    const std::size_t s100 = (static_cast<std::size_t>(audio.sample_rate) + 5) / 10;
    const std::size_t frames = audio.num_frames();
    std::vector<std::size_t> edges;
    for (std::size_t k = 0;; ++k) {
        const std::size_t e = k * s100 / kSubBlocksPer100ms;
        if (e > frames) break;
        edges.push_back(e);
    }
    WindowedLoudness w;
    w.samples_in_100ms = static_cast<double>(s100);
    const std::vector<double> energy = features::k_weighted_block_energy(
        audio, features::bs1770_k_weighting(audio.sample_rate), edges);
    w.cumulative.assign(energy.size() + 1, 0.0);
    for (std::size_t i = 0; i < energy.size(); ++i)
        w.cumulative[i + 1] = w.cumulative[i] + energy[i];
    return w;
}

double window_max(const WindowedLoudness& w, int length_100ms) {
    const std::size_t span = static_cast<std::size_t>(length_100ms) * kSubBlocksPer100ms;
    double best = kNegInf;
    for (std::size_t k = span; k < w.num_edges(); ++k)
        best = std::max(best, w.window_lufs(k, length_100ms));
    return best;
}

std::vector<double> window_series(const WindowedLoudness& w, int length_100ms) {
    std::vector<double> out;
    const std::size_t span = static_cast<std::size_t>(length_100ms) * kSubBlocksPer100ms;
    for (std::size_t k = span; k < w.num_edges(); k += kSubBlocksPer100ms) {
        out.push_back(w.window_lufs(k, length_100ms));
    }
    return out;
}

LoudnessStats libebur128_stats(const AudioBuffer& audio) {
    StatePtr st = analyse(audio, EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK |
                                     EBUR128_MODE_SAMPLE_PEAK);
    LoudnessStats out;
    double value = 0.0;
    out.integrated_lufs =
        ebur128_loudness_global(st.get(), &value) == EBUR128_SUCCESS ? value : kNegInf;
    out.loudness_range_lu =
        ebur128_loudness_range(st.get(), &value) == EBUR128_SUCCESS ? value : 0.0;
    double true_peak = 0.0, sample_peak = 0.0;
    for (int c = 0; c < audio.num_channels(); ++c) {
        double tp = 0.0, sp = 0.0;
        ebur128_true_peak(st.get(), static_cast<unsigned>(c), &tp);
        ebur128_sample_peak(st.get(), static_cast<unsigned>(c), &sp);
        true_peak = std::max(true_peak, tp);
        sample_peak = std::max(sample_peak, sp);
    }
    out.true_peak_dbtp = to_db(true_peak);
    out.sample_peak_dbfs = to_db(sample_peak);
    return out;
}

}  // namespace

LoudnessStats measure_loudness(const AudioBuffer& audio) {
    LoudnessStats out = libebur128_stats(audio);
    const WindowedLoudness w = windowed_loudness(audio);
    out.momentary_max_lufs = window_max(w, kMomentary100ms);
    out.short_term_max_lufs = window_max(w, kShortTerm100ms);
    return out;
}

LoudnessAnalysis analyze_loudness(const AudioBuffer& audio) {
    LoudnessAnalysis out;
    out.stats = libebur128_stats(audio);
    const WindowedLoudness w = windowed_loudness(audio);
    out.stats.momentary_max_lufs = window_max(w, kMomentary100ms);
    out.stats.short_term_max_lufs = window_max(w, kShortTerm100ms);
    out.series.hop_seconds = 0.1;
    out.series.momentary_lufs = window_series(w, kMomentary100ms);
    out.series.short_term_lufs = window_series(w, kShortTerm100ms);
    out.integrated_lufs_pyloudnorm = pyloudnorm_integrated_lufs(audio);
    return out;
}

double pyloudnorm_integrated_lufs(const AudioBuffer& audio) {
    check_buffer(audio);
    const double fs = audio.sample_rate;
    const std::size_t frames = audio.num_frames();
    const double duration = static_cast<double>(frames) / fs;
    if (duration < kPyBlockSeconds) return kNegInf;
    const double step = 1.0 - kPyOverlap;
    // numpy round() is round-half-to-even; nearbyint does the same in the default mode.
    const long blocks =
        static_cast<long>(std::nearbyint((duration - kPyBlockSeconds) / (kPyBlockSeconds * step))) +
        1;
    // Block j spans [int(0.4*(0.25*j)*fs), int(0.4*(0.25*j+1)*fs)); since 0.25*j+1 == 0.25*(j+4)
    // exactly, block j is the union of partition cells j..j+3 of the edges below.
    const long cells = blocks + 3;
    std::vector<std::size_t> edges(static_cast<std::size_t>(cells) + 1);
    for (long j = 0; j <= cells; ++j) {
        const double e = kPyBlockSeconds * (step * static_cast<double>(j)) * fs;
        edges[j] = std::min(frames, static_cast<std::size_t>(e));
    }
    const std::vector<double> cell =
        features::k_weighted_block_energy(audio, features::pyloudnorm_k_weighting(fs), edges);
    // pyloudnorm divides every block's sum by 0.4*fs, even the short last block.
    const double block_samples = kPyBlockSeconds * fs;
    std::vector<double> z(static_cast<std::size_t>(blocks));
    for (long j = 0; j < blocks; ++j) {
        z[j] = (cell[j] + cell[j + 1] + cell[j + 2] + cell[j + 3]) / block_samples;
    }
    auto gated_mean = [&](double threshold, bool strict) {
        double sum = 0.0;
        std::size_t n = 0;
        for (double v : z) {
            const double l = energy_to_lufs(v);
            const bool pass =
                strict ? (l > threshold && l > kAbsoluteGateLufs) : (l >= kAbsoluteGateLufs);
            if (pass) {
                sum += v;
                ++n;
            }
        }
        return n > 0 ? sum / static_cast<double>(n) : 0.0;
    };
    const double absolute_mean = gated_mean(kAbsoluteGateLufs, false);
    if (absolute_mean <= 0.0) return kNegInf;
    const double relative_gate = energy_to_lufs(absolute_mean) + kRelativeGateLu;
    return energy_to_lufs(gated_mean(relative_gate, true));
}

double true_peak_linear(const AudioBuffer& audio) {
    StatePtr st = analyse(audio, EBUR128_MODE_TRUE_PEAK);
    double peak = 0.0;
    for (int c = 0; c < audio.num_channels(); ++c) {
        double tp = 0.0;
        ebur128_true_peak(st.get(), static_cast<unsigned>(c), &tp);
        peak = std::max(peak, tp);
    }
    return peak;
}

}  // namespace automix
