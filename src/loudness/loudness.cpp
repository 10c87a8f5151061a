#include "automix/loudness.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "automix/error.hpp"
#include "dsp/decibels.hpp"
#include "loudness/k_weighting.hpp"
#include "loudness/true_peak.hpp"

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
// pyloudnorm's meter: block 0.4 s, overlap 0.75, gates -70 LUFS / -10 LU
// (docs/reference.md#loudness-meter).
constexpr double kPyBlockSeconds = 0.4;
constexpr double kPyOverlap = 0.75;
constexpr double kAbsoluteGateLufs = -70.0;
constexpr double kRelativeGateLu = -10.0;
// EBU Tech 3342 loudness range: relative gate -20 LU, the 10th and 95th percentiles.
constexpr double kLraRelativeGateLu = -20.0;
constexpr double kLraLowPercentile = 0.10;
constexpr double kLraHighPercentile = 0.95;

double energy_to_lufs(double mean_square) {
    return kLoudnessOffset + dsp::power_to_db(mean_square);
}

// Inverse of energy_to_lufs, for gates compared in the energy domain (no log per block).
double lufs_to_energy(double lufs) { return dsp::db_to_power(lufs - kLoudnessOffset); }

void check_buffer(const AudioBuffer& audio) {
    if (audio.num_channels() < 1 || audio.sample_rate <= 0) {
        throw processing_error("loudness: empty buffer or unset sample rate");
    }
}

// Momentary/short-term loudness on a 10 ms grid. 100 ms is (fs + 5) / 10 samples as in
// libebur128, and sub-block k starts at floor(k * samples_in_100ms / 10), so 40 and 300 sub-blocks
// span exactly the 400 ms and 3 s windows libebur128 uses. Every 10th window of 40 sub-blocks is a
// BS.1770 gating block (400 ms, 75 % overlap) and every 10th window of 300 sub-blocks a short-term
// value for the loudness range, so integrated loudness and LRA come from the same single pass.
struct WindowedLoudness {
    std::vector<double> cumulative;  // prefix sums of sub-block energies, size K + 1
    double samples_in_100ms = 0.0;

    // Mean square (channel-weighted) of the window of `length_100ms` ending at sub-block edge k.
    double window_energy(std::size_t end_block, int length_100ms) const {
        const std::size_t span = static_cast<std::size_t>(length_100ms) * kSubBlocksPer100ms;
        const double e = cumulative[end_block] - cumulative[end_block - span];
        return std::max(0.0, e) / (samples_in_100ms * length_100ms);
    }
    double window_lufs(std::size_t end_block, int length_100ms) const {
        return energy_to_lufs(window_energy(end_block, length_100ms));
    }
    std::size_t num_edges() const { return cumulative.size(); }
};

// Edges of the 10 ms grid over `frames` samples at `sample_rate`.
std::vector<std::size_t> grid_edges(int sample_rate, std::size_t frames,
                                    std::size_t* samples_in_100ms) {
    const std::size_t s100 = (static_cast<std::size_t>(sample_rate) + 5) / 10;
    std::vector<std::size_t> edges;
    edges.reserve(frames * kSubBlocksPer100ms / s100 + 2);
    for (std::size_t k = 0;; ++k) {
        const std::size_t e = k * s100 / kSubBlocksPer100ms;
        if (e > frames) break;
        edges.push_back(e);
    }
    *samples_in_100ms = s100;
    return edges;
}

std::vector<std::size_t> grid_edges(const AudioBuffer& audio, std::size_t* samples_in_100ms) {
    return grid_edges(audio.sample_rate, audio.num_frames(), samples_in_100ms);
}

WindowedLoudness windowed_loudness(const std::vector<double>& energy, std::size_t s100) {
    WindowedLoudness w;
    w.samples_in_100ms = static_cast<double>(s100);
    w.cumulative.assign(energy.size() + 1, 0.0);
    for (std::size_t i = 0; i < energy.size(); ++i)
        w.cumulative[i + 1] = w.cumulative[i] + energy[i];
    return w;
}

double window_max(const WindowedLoudness& w, int length_100ms) {
    const std::size_t span = static_cast<std::size_t>(length_100ms) * kSubBlocksPer100ms;
    double best = 0.0;
    for (std::size_t k = span; k < w.num_edges(); ++k)
        best = std::max(best, w.window_energy(k, length_100ms));
    return energy_to_lufs(best);  // the log is monotonic: one per call, not per window
}

// Energies of the windows of `length_100ms` ending every 100 ms (at (i + length) * 100 ms).
std::vector<double> window_energies(const WindowedLoudness& w, int length_100ms) {
    std::vector<double> out;
    const std::size_t span = static_cast<std::size_t>(length_100ms) * kSubBlocksPer100ms;
    for (std::size_t k = span; k < w.num_edges(); k += kSubBlocksPer100ms) {
        out.push_back(w.window_energy(k, length_100ms));
    }
    return out;
}

std::vector<double> to_lufs(const std::vector<double>& energies) {
    std::vector<double> out(energies.size());
    for (std::size_t i = 0; i < energies.size(); ++i) out[i] = energy_to_lufs(energies[i]);
    return out;
}

// Mean of the blocks whose energy lies strictly above `gate` (an energy), and their count.
std::pair<double, std::size_t> gated_mean(const std::vector<double>& blocks, double gate) {
    double sum = 0.0;
    std::size_t n = 0;
    for (double z : blocks) {
        if (z > gate) {
            sum += z;
            ++n;
        }
    }
    return {n > 0 ? sum / static_cast<double>(n) : 0.0, n};
}

// BS.1770-4 eq. 5-7: blocks above the absolute gate (-70 LUFS), then above the relative gate
// (10 LU under the loudness of the absolute-gated blocks); -inf when no block passes.
double gated_integrated_lufs(const std::vector<double>& blocks) {
    const double absolute = lufs_to_energy(kAbsoluteGateLufs);
    const auto [mean_abs, n_abs] = gated_mean(blocks, absolute);
    if (n_abs == 0) return kNegInf;
    const double relative = std::max(absolute, mean_abs * dsp::db_to_power(kRelativeGateLu));
    const auto [mean_rel, n_rel] = gated_mean(blocks, relative);
    return n_rel > 0 ? energy_to_lufs(mean_rel) : kNegInf;
}

// EBU Tech 3342: short-term values above the absolute gate (-70 LUFS) and above the relative gate
// (20 LU under their energy mean); LRA is the spread between their 10th and 95th percentiles,
// taken at the nearest rank of (n - 1) p as libebur128 does. 0 when no value passes.
double loudness_range_lu(const std::vector<double>& short_term) {
    const double absolute = lufs_to_energy(kAbsoluteGateLufs);
    const auto [mean_abs, n_abs] = gated_mean(short_term, absolute);
    if (n_abs == 0) return 0.0;
    const double relative = std::max(absolute, mean_abs * dsp::db_to_power(kLraRelativeGateLu));
    std::vector<double> kept;
    kept.reserve(n_abs);
    for (double z : short_term) {
        if (z > relative) kept.push_back(z);
    }
    if (kept.empty()) return 0.0;
    const double last = static_cast<double>(kept.size() - 1);
    const auto low = kept.begin() + static_cast<std::ptrdiff_t>(last * kLraLowPercentile + 0.5);
    const auto high = kept.begin() + static_cast<std::ptrdiff_t>(last * kLraHighPercentile + 0.5);
    std::nth_element(kept.begin(), high, kept.end());
    const double high_energy = *high;
    std::nth_element(kept.begin(), low, high + 1);  // low <= high, all below sit before `high`
    return energy_to_lufs(high_energy) - energy_to_lufs(*low);
}

// Integrated loudness, LRA and the maxima from the grid; peaks are added by add_peaks.
LoudnessStats grid_stats(const WindowedLoudness& w) {
    LoudnessStats out;
    out.integrated_lufs = gated_integrated_lufs(window_energies(w, kMomentary100ms));
    out.loudness_range_lu = loudness_range_lu(window_energies(w, kShortTerm100ms));
    out.momentary_max_lufs = window_max(w, kMomentary100ms);
    out.short_term_max_lufs = window_max(w, kShortTerm100ms);
    return out;
}

void add_peaks(LoudnessStats& stats, const AudioBuffer& audio) {
    const loudness::TruePeakMeter meter(audio.sample_rate);
    float true_peak = 0.0f, sample_peak = 0.0f;
    for (const auto& ch : audio.channels) {
        const loudness::ChannelPeaks p = meter.measure(ch.data(), ch.size());
        true_peak = std::max(true_peak, p.true_peak);
        sample_peak = std::max(sample_peak, p.sample_peak);
    }
    stats.true_peak_dbtp = dsp::amplitude_to_db(true_peak);
    stats.sample_peak_dbfs = dsp::amplitude_to_db(sample_peak);
}

// pyloudnorm's block partition (docs/reference.md#loudness-meter). Block j spans
// [int(0.4*(0.25*j)*fs), int(0.4*(0.25*j+1)*fs)); since 0.25*j+1 == 0.25*(j+4) exactly, block j
// is the union of partition cells j..j+3 of `edges`. No blocks when the signal is under 400 ms.
struct PyloudnormBlocks {
    long blocks = 0;
    std::vector<std::size_t> edges;  // cells + 1 edges, cells = blocks + 3
};

PyloudnormBlocks pyloudnorm_blocks(const AudioBuffer& audio) {
    PyloudnormBlocks out;
    const double fs = audio.sample_rate;
    const std::size_t frames = audio.num_frames();
    const double duration = static_cast<double>(frames) / fs;
    if (duration < kPyBlockSeconds) return out;
    const double step = 1.0 - kPyOverlap;
    // numpy round() is round-half-to-even; nearbyint does the same in the default mode.
    out.blocks =
        static_cast<long>(std::nearbyint((duration - kPyBlockSeconds) / (kPyBlockSeconds * step))) +
        1;
    const long cells = out.blocks + 3;
    out.edges.resize(static_cast<std::size_t>(cells) + 1);
    for (long j = 0; j <= cells; ++j) {
        const double e = kPyBlockSeconds * (step * static_cast<double>(j)) * fs;
        out.edges[j] = std::min(frames, static_cast<std::size_t>(e));
    }
    return out;
}

double pyloudnorm_from_cells(const PyloudnormBlocks& b, const std::vector<double>& cell,
                             double fs) {
    if (b.blocks == 0) return kNegInf;
    // pyloudnorm divides every block's sum by 0.4*fs, even the short last block.
    const double block_samples = kPyBlockSeconds * fs;
    std::vector<double> z(static_cast<std::size_t>(b.blocks));
    for (long j = 0; j < b.blocks; ++j) {
        z[j] = (cell[j] + cell[j + 1] + cell[j + 2] + cell[j + 3]) / block_samples;
    }
    // pyloudnorm's gates: >= -70 LUFS, then strictly above the relative gate and -70 LUFS (kept in
    // the loudness domain, as pyloudnorm compares loudness values).
    auto mean_where = [&](double threshold, bool strict) {
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
    const double absolute_mean = mean_where(kAbsoluteGateLufs, false);
    if (absolute_mean <= 0.0) return kNegInf;
    const double relative_gate = energy_to_lufs(absolute_mean) + kRelativeGateLu;
    return energy_to_lufs(mean_where(relative_gate, true));
}

}  // namespace

LoudnessStats measure_loudness(const AudioBuffer& audio) {
    check_buffer(audio);
    std::size_t s100 = 0;
    const std::vector<std::size_t> edges = grid_edges(audio, &s100);
    const WindowedLoudness w =
        windowed_loudness(loudness::k_weighted_block_energy(
                              audio, loudness::bs1770_k_weighting(audio.sample_rate), edges),
                          s100);
    LoudnessStats out = grid_stats(w);
    add_peaks(out, audio);
    return out;
}

LoudnessAnalysis analyze_loudness(const AudioBuffer& audio) {
    check_buffer(audio);
    const double fs = audio.sample_rate;
    std::size_t s100 = 0;
    const std::vector<std::size_t> edges = grid_edges(audio, &s100);
    const PyloudnormBlocks py = pyloudnorm_blocks(audio);
    // One pass for both K-weightings: the BS.1770 one on the 10 ms grid, pyloudnorm's on its cells.
    const auto energies =
        loudness::k_weighted_block_energy_pair(audio, loudness::bs1770_k_weighting(fs), edges,
                                               loudness::pyloudnorm_k_weighting(fs), py.edges);
    const WindowedLoudness w = windowed_loudness(energies[0], s100);
    LoudnessAnalysis out;
    out.stats = grid_stats(w);
    add_peaks(out.stats, audio);
    out.series.hop_seconds = 0.1;
    out.series.momentary_lufs = to_lufs(window_energies(w, kMomentary100ms));
    out.series.short_term_lufs = to_lufs(window_energies(w, kShortTerm100ms));
    out.integrated_lufs_pyloudnorm = pyloudnorm_from_cells(py, energies[1], fs);
    return out;
}

double integrated_loudness_lufs(const AudioBuffer& audio, std::size_t pad) {
    check_buffer(audio);
    std::size_t s100 = 0;
    // The grid of the padded signal, shifted onto the unpadded one: the leading zeros leave the
    // filters at rest (zero energy), the trailing ones are run through the filters.
    std::vector<std::size_t> edges =
        grid_edges(audio.sample_rate, audio.num_frames() + 2 * pad, &s100);
    for (std::size_t& e : edges) e = e > pad ? e - pad : 0;
    const std::vector<double> energy = loudness::k_weighted_block_energy(
        audio, loudness::bs1770_k_weighting(audio.sample_rate), edges, pad);
    return gated_integrated_lufs(window_energies(windowed_loudness(energy, s100), kMomentary100ms));
}

double pyloudnorm_integrated_lufs(const AudioBuffer& audio) {
    check_buffer(audio);
    const PyloudnormBlocks py = pyloudnorm_blocks(audio);
    if (py.blocks == 0) return kNegInf;
    const double fs = audio.sample_rate;
    return pyloudnorm_from_cells(
        py,
        loudness::k_weighted_block_energy(audio, loudness::pyloudnorm_k_weighting(fs), py.edges),
        fs);
}

double true_peak_linear(const AudioBuffer& audio) {
    check_buffer(audio);
    const loudness::TruePeakMeter meter(audio.sample_rate);
    float peak = 0.0f;
    for (const auto& ch : audio.channels) {
        peak = std::max(peak, meter.measure(ch.data(), ch.size()).true_peak);
    }
    return peak;
}

}  // namespace automix
