#include "loudness/k_weighting.hpp"

#include <algorithm>
#include <cmath>

#include "dsp/decibels.hpp"

namespace automix::loudness {
namespace {

// libebur128 `ebur128_init_filter` constants: analogue prototype of the
// BS.1770 shelf and high-pass, mapped to any rate by the bilinear transform with prewarping.
constexpr double kShelfF0 = 1681.974450955533;
constexpr double kShelfGainDb = 3.999843853973347;
constexpr double kShelfQ = 0.7071752369554196;
constexpr double kShelfVbExponent = 0.4996667741545416;
constexpr double kHighpassF0 = 38.13547087602444;
constexpr double kHighpassQ = 0.5003270373238773;

// pyloudnorm defaults (docs/reference.md#loudness-meter): RBJ cookbook filters.
constexpr double kRbjShelfFc = 1500.0;
constexpr double kRbjShelfGainDb = 4.0;
constexpr double kRbjShelfQ = 0.7071067811865476;
constexpr double kRbjHighpassFc = 38.0;
constexpr double kRbjHighpassQ = 0.5;

// BS.1770-4 surround channel weight (libebur128 `channel_sum *= 1.41`).
constexpr double kSurroundWeight = 1.41;

}  // namespace

KWeightingDesign bs1770_k_weighting(double fs) {
    KWeightingDesign d;
    {
        const double k = std::tan(M_PI * kShelfF0 / fs);
        const double vh = dsp::db_to_amplitude(kShelfGainDb);
        const double vb = std::pow(vh, kShelfVbExponent);
        const double a0 = 1.0 + k / kShelfQ + k * k;
        d.shelf.b = {(vh + vb * k / kShelfQ + k * k) / a0, 2.0 * (k * k - vh) / a0,
                     (vh - vb * k / kShelfQ + k * k) / a0};
        d.shelf.a = {1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / kShelfQ + k * k) / a0};
    }
    {
        const double k = std::tan(M_PI * kHighpassF0 / fs);
        const double a0 = 1.0 + k / kHighpassQ + k * k;
        d.highpass.b = {1.0, -2.0, 1.0};
        d.highpass.a = {1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / kHighpassQ + k * k) / a0};
    }
    return d;
}

KWeightingDesign pyloudnorm_k_weighting(double fs) {
    KWeightingDesign d;
    {
        const double big_a = std::pow(10.0, kRbjShelfGainDb / 40.0);
        const double w0 = 2.0 * M_PI * kRbjShelfFc / fs;
        const double alpha = std::sin(w0) / (2.0 * kRbjShelfQ);
        const double c = std::cos(w0), s = 2.0 * std::sqrt(big_a) * alpha;
        const double a0 = (big_a + 1) - (big_a - 1) * c + s;
        d.shelf.b = {big_a * ((big_a + 1) + (big_a - 1) * c + s) / a0,
                     -2 * big_a * ((big_a - 1) + (big_a + 1) * c) / a0,
                     big_a * ((big_a + 1) + (big_a - 1) * c - s) / a0};
        d.shelf.a = {1.0, 2 * ((big_a - 1) - (big_a + 1) * c) / a0,
                     ((big_a + 1) - (big_a - 1) * c - s) / a0};
    }
    {
        const double w0 = 2.0 * M_PI * kRbjHighpassFc / fs;
        const double alpha = std::sin(w0) / (2.0 * kRbjHighpassQ);
        const double c = std::cos(w0);
        const double a0 = 1.0 + alpha;
        d.highpass.b = {(1 + c) / 2 / a0, -(1 + c) / a0, (1 + c) / 2 / a0};
        d.highpass.a = {1.0, -2 * c / a0, (1 - alpha) / a0};
    }
    return d;
}

std::vector<double> bs1770_channel_weights(int n) {
    std::vector<double> g(static_cast<std::size_t>(n), 1.0);
    if (n == 5) {
        g[3] = g[4] = kSurroundWeight;
    } else if (n == 6) {
        g[3] = 0.0;  // LFE is not measured
        g[4] = g[5] = kSurroundWeight;
    }
    return g;
}

namespace {

// One biquad in transposed direct form II, double precision like libebur128: the high-pass pole
// pair sits within 0.01 of z = 1, where single precision would distort the response.
struct Section {
    double b0 = 0.0, b1 = 0.0, b2 = 0.0, a1 = 0.0, a2 = 0.0;
    double s1 = 0.0, s2 = 0.0;

    Section() = default;
    explicit Section(const Biquad& q)
        : b0(q.b[0]), b1(q.b[1]), b2(q.b[2]), a1(q.a[1]), a2(q.a[2]) {}

    double tick(double x) {
        const double y = b0 * x + s1;
        s1 = b1 * x - a1 * y + s2;
        s2 = b2 * x - a2 * y;
        return y;
    }
};

// N filters over N partitions in one pass per channel. The signal is cut into segments at every
// partition's edges; inside a segment the loop carries no bookkeeping, only N independent filter
// recursions (each is latency-bound, so running several side by side is almost free).
// Samples past the signal (up to `trailing_zeros` of them) are zeros.
template <std::size_t N>
std::array<std::vector<double>, N> block_energies(
    const AudioBuffer& audio, const std::array<const KWeightingDesign*, N>& designs,
    const std::array<const std::vector<std::size_t>*, N>& partitions,
    std::size_t trailing_zeros = 0) {
    const std::size_t signal_frames = audio.num_frames();
    const std::size_t frames = signal_frames + trailing_zeros;
    const std::vector<double> weights = bs1770_channel_weights(audio.num_channels());
    std::array<std::vector<double>, N> energy;
    std::array<std::size_t, N> blocks{};
    std::size_t end = 0;  // last sample any partition needs
    for (std::size_t i = 0; i < N; ++i) {
        const std::vector<std::size_t>& e = *partitions[i];
        blocks[i] = e.empty() ? 0 : e.size() - 1;
        energy[i].assign(blocks[i], 0.0);
        if (blocks[i] > 0) end = std::max(end, std::min(e.back(), frames));
    }
    // Edge k of partition i, clamped to the signal.
    auto edge = [&](std::size_t i, std::size_t k) { return std::min((*partitions[i])[k], frames); };
    for (int c = 0; c < audio.num_channels(); ++c) {
        if (weights[c] == 0.0) continue;
        const float* x = audio.channels[c].data();
        std::array<Section, N> shelf, highpass;
        for (std::size_t i = 0; i < N; ++i) {
            shelf[i] = Section(designs[i]->shelf);
            highpass[i] = Section(designs[i]->highpass);
        }
        std::array<std::size_t, N> block{};  // current block of each partition
        std::array<double, N> acc{};
        std::size_t pos = 0;
        while (pos < end) {
            // Skip empty blocks, then find where the next segment ends.
            std::size_t next = end;
            std::array<bool, N> active{};
            for (std::size_t i = 0; i < N; ++i) {
                while (block[i] < blocks[i] && edge(i, block[i] + 1) <= pos) ++block[i];
                if (block[i] >= blocks[i]) continue;
                const std::size_t first = edge(i, 0);
                active[i] = pos >= first;
                next = std::min(next, active[i] ? edge(i, block[i] + 1) : first);
            }
            const std::size_t signal_end = std::min(next, signal_frames);
            for (std::size_t n = pos; n < signal_end; ++n) {
                const double in = x[n];
                for (std::size_t i = 0; i < N; ++i) {
                    const double z = highpass[i].tick(shelf[i].tick(in));
                    acc[i] += z * z;
                }
            }
            for (std::size_t n = std::max(pos, signal_end); n < next; ++n) {  // the filters ring on
                for (std::size_t i = 0; i < N; ++i) {
                    const double z = highpass[i].tick(shelf[i].tick(0.0));
                    acc[i] += z * z;
                }
            }
            for (std::size_t i = 0; i < N; ++i) {
                if (!active[i]) {
                    acc[i] = 0.0;  // before the partition's first edge or after its last
                } else if (next == edge(i, block[i] + 1)) {
                    energy[i][block[i]] += weights[c] * acc[i];
                    acc[i] = 0.0;
                    ++block[i];
                }
            }
            pos = next;
        }
    }
    return energy;
}

}  // namespace

std::vector<double> k_weighted_block_energy(const AudioBuffer& audio, const KWeightingDesign& d,
                                            const std::vector<std::size_t>& edges) {
    return std::move(block_energies<1>(audio, {&d}, {&edges})[0]);
}

std::vector<double> k_weighted_block_energy(const AudioBuffer& audio, const KWeightingDesign& d,
                                            const std::vector<std::size_t>& edges,
                                            std::size_t trailing_zeros) {
    return std::move(block_energies<1>(audio, {&d}, {&edges}, trailing_zeros)[0]);
}

std::array<std::vector<double>, 2> k_weighted_block_energy_pair(
    const AudioBuffer& audio, const KWeightingDesign& design_a,
    const std::vector<std::size_t>& edges_a, const KWeightingDesign& design_b,
    const std::vector<std::size_t>& edges_b) {
    return block_energies<2>(audio, {&design_a, &design_b}, {&edges_a, &edges_b});
}

}  // namespace automix::loudness
