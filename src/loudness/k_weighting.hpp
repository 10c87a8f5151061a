// K-weighting pre-filter of ITU-R BS.1770-4 as two cascaded biquads, designed for any sample rate.
// Internal to the meter (src/loudness/: the momentary/short-term series and the pyloudnorm-style
// integrated loudness), not part of the public interface.
#pragma once

#include <array>
#include <vector>

#include "automix/audio_buffer.hpp"

namespace automix::loudness {

/// Direct-form biquad coefficients with a0 normalised to 1.
struct Biquad {
    std::array<double, 3> b{};  ///< Feed-forward coefficients b0, b1, b2.
    std::array<double, 3> a{};  ///< Feedback coefficients 1, a1, a2.
};

/// The two stages of the K-weighting filter (high shelf, then high-pass).
struct KWeightingDesign {
    Biquad shelf;     ///< Stage 1: head-related high shelf (+4 dB).
    Biquad highpass;  ///< Stage 2: RLB high-pass (~38 Hz).
};

/// BS.1770 K-weighting for any rate through libebur128's analogue-prototype design
/// (see k_weighting.cpp); at 48 kHz it reproduces the BS.1770 table values.
KWeightingDesign bs1770_k_weighting(double sample_rate);

/// pyloudnorm's default K-weighting: RBJ cookbook shelf 1500 Hz/+4 dB/Q 1/sqrt 2 and high-pass
/// 38 Hz/Q 0.5 (docs/reference.md#loudness-meter), the filter behind the reference's loudness
/// numbers.
KWeightingDesign pyloudnorm_k_weighting(double sample_rate);

/// BS.1770 channel weights G_c for a channel count: 1.0 for L, R, C; 1.41 for surrounds; 0 for LFE
/// (layouts as libebur128's default map: 5 ch = L R C Ls Rs, 6 ch = L R C LFE Ls Rs).
std::vector<double> bs1770_channel_weights(int num_channels);

/// K-weighted, channel-weighted energy summed over the blocks of a partition: block i covers
/// samples [edges[i], edges[i+1]) and gets sum_n sum_c G_c z_c[n]^2 (filters start from rest at
/// sample 0 and run over the whole signal). `edges` must be non-decreasing; edges past the signal
/// length are clamped to it. Summing per block instead of per sample keeps memory independent of
/// the signal length.
std::vector<double> k_weighted_block_energy(const AudioBuffer& audio,
                                            const KWeightingDesign& design,
                                            const std::vector<std::size_t>& edges);

/// The same over the signal followed by `trailing_zeros` zero samples (edges may reach into them),
/// without copying: the filters ring on into the zeros as they would in a zero-padded copy.
std::vector<double> k_weighted_block_energy(const AudioBuffer& audio,
                                            const KWeightingDesign& design,
                                            const std::vector<std::size_t>& edges,
                                            std::size_t trailing_zeros);

/// Block energies of two filters over two partitions from a single pass over the signal (the
/// meter needs the BS.1770 energies on its 10 ms grid and the pyloudnorm energies on the
/// reference's block grid): the two independent filter recursions overlap in the CPU's pipeline,
/// so this costs little more than one filter. Returns {energies of a over edges_a, of b over
/// edges_b}, each exactly as k_weighted_block_energy would.
std::array<std::vector<double>, 2> k_weighted_block_energy_pair(
    const AudioBuffer& audio, const KWeightingDesign& design_a,
    const std::vector<std::size_t>& edges_a, const KWeightingDesign& design_b,
    const std::vector<std::size_t>& edges_b);

}  // namespace automix::loudness
