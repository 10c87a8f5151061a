// Stereo panning descriptors: the stereo panning spectrum (SPS) and its band RMS
// (docs/reference.md#stereo-descriptors and #metrics-panning).
#pragma once

#include <array>
#include <complex>
#include <cstddef>

namespace automix::features {

/// Stereo similarity of two channel magnitudes, phi = 2LR / (L^2 + R^2): 1 for equal channels,
/// towards 0 as one side dominates. Both must be positive (callers offset them by 1e-20 as the
/// reference does). Shared by the panning feature and FX normalization's panning stage.
inline double stereo_similarity(double left, double right) {
    return 2.0 * left * right / (left * left + right * right);
}

/// Stereo panning spectrum of one bin, in [-1, 1]: (1 - phi) * sign(R/L - L/R) with
/// phi = 2 L R / (L^2 + R^2), L = |X_L + 1e-20|, R = |X_R + 1e-20|. -1 = hard left, 0 = centre
/// (or equal levels), +1 = hard right.
double stereo_panning_spectrum(std::complex<float> left, std::complex<float> right);

/// Panning bands of the reference (docs/reference.md#metrics-panning): total, low, mid, high.
enum class PanningBand { Total = 0, Low = 1, Mid = 2, High = 3 };

/// Number of panning bands.
constexpr std::size_t kNumPanningBands = 4;

/// Half-open bin range [first, last) of a panning band: bins floor(f * n_fft / sample_rate) for
/// the band edges total [0, sr/2), low [0, 250), mid [250, 2500), high [2500, sr/2) Hz; the Nyquist
/// bin is excluded (44.1 kHz / 2048: [0,1024), [0,11), [11,116), [116,1024)).
std::array<std::size_t, 2> panning_band_bins(PanningBand band, double sample_rate, int n_fft);

/// Panning RMS of one frame for the four bands: sqrt(sum_{bins} SPS^2 / (last - first)).
/// `left`/`right` hold n_fft/2+1 bins.
std::array<double, kNumPanningBands> panning_rms(const std::complex<float>* left,
                                                 const std::complex<float>* right,
                                                 double sample_rate, int n_fft);

}  // namespace automix::features
