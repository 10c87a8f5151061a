#include "features/k_weighting.hpp"

#include <algorithm>
#include <cmath>

namespace automix::features {
namespace {

// libebur128 `ebur128_init_filter` constants (measurement-anchors C1): analogue prototype of the
// BS.1770 shelf and high-pass, mapped to any rate by the bilinear transform with prewarping.
constexpr double kShelfF0 = 1681.974450955533;
constexpr double kShelfGainDb = 3.999843853973347;
constexpr double kShelfQ = 0.7071752369554196;
constexpr double kShelfVbExponent = 0.4996667741545416;
constexpr double kHighpassF0 = 38.13547087602444;
constexpr double kHighpassQ = 0.5003270373238773;

// pyloudnorm defaults (fxnorm-spec §1.6): RBJ cookbook filters.
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
        const double vh = std::pow(10.0, kShelfGainDb / 20.0);
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

std::vector<double> k_weighted_block_energy(const AudioBuffer& audio, const KWeightingDesign& d,
                                            const std::vector<std::size_t>& edges) {
    const std::size_t blocks = edges.empty() ? 0 : edges.size() - 1;
    const std::vector<double> weights = bs1770_channel_weights(audio.num_channels());
    std::vector<double> energy(blocks, 0.0);
    if (blocks == 0) return energy;
    const std::size_t end = std::min(edges.back(), audio.num_frames());
    for (int c = 0; c < audio.num_channels(); ++c) {
        if (weights[c] == 0.0) continue;
        const float* x = audio.channels[c].data();
        // Transposed direct form II, one state pair per stage, double precision like libebur128.
        double s1 = 0, s2 = 0, t1 = 0, t2 = 0;
        const Biquad& p = d.shelf;
        const Biquad& q = d.highpass;
        std::size_t block = 0;
        double acc = 0.0;
        for (std::size_t n = edges.front(); n < end; ++n) {
            while (block + 1 < blocks && n >= edges[block + 1]) {
                energy[block] += weights[c] * acc;
                acc = 0.0;
                ++block;
            }
            const double in = x[n];
            const double y = p.b[0] * in + s1;
            s1 = p.b[1] * in - p.a[1] * y + s2;
            s2 = p.b[2] * in - p.a[2] * y;
            const double z = q.b[0] * y + t1;
            t1 = q.b[1] * y - q.a[1] * z + t2;
            t2 = q.b[2] * y - q.a[2] * z;
            acc += z * z;
        }
        energy[block] += weights[c] * acc;
    }
    return energy;
}

}  // namespace automix::features
