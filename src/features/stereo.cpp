#include <algorithm>
#include <cmath>

#include "automix/features_stereo.hpp"

namespace automix::features {
namespace {

// get_SPS adds 1e-20 to the complex STFT value before taking magnitudes
// (docs/reference.md#stereo-descriptors), so silent bins compare as equal (phi = 1, SPS = 0)
// instead of dividing by zero.
constexpr double kSpsEpsilon = 1e-20;
// Panning band edges in Hz (docs/reference.md#metrics-panning).
constexpr double kLowMidHz = 250.0;
constexpr double kMidHighHz = 2500.0;

std::size_t edge_bin(double hz, double sr, int n_fft) {
    return static_cast<std::size_t>(std::floor(hz * n_fft / sr));
}

}  // namespace

double stereo_panning_spectrum(std::complex<float> left, std::complex<float> right) {
    // sqrt of the squared norm instead of hypot: no overflow is possible at audio levels and it
    // is several times faster.
    const double lr = left.real() + kSpsEpsilon, li = left.imag();
    const double rr = right.real() + kSpsEpsilon, ri = right.imag();
    const double l = std::sqrt(lr * lr + li * li);
    const double r = std::sqrt(rr * rr + ri * ri);
    const double phi = stereo_similarity(l, r);
    const double side = r / l - l / r;
    const double sign = side > 0.0 ? 1.0 : (side < 0.0 ? -1.0 : 0.0);
    return (1.0 - phi) * sign;
}

std::array<std::size_t, 2> panning_band_bins(PanningBand band, double sr, int n_fft) {
    const std::size_t nyquist = edge_bin(sr / 2.0, sr, n_fft);
    switch (band) {
        case PanningBand::Total:
            return {0, nyquist};
        case PanningBand::Low:
            return {0, edge_bin(kLowMidHz, sr, n_fft)};
        case PanningBand::Mid:
            return {edge_bin(kLowMidHz, sr, n_fft), edge_bin(kMidHighHz, sr, n_fft)};
        case PanningBand::High:
            return {edge_bin(kMidHighHz, sr, n_fft), nyquist};
    }
    return {0, 0};
}

std::array<double, kNumPanningBands> panning_rms(const std::complex<float>* left,
                                                 const std::complex<float>* right, double sr,
                                                 int n_fft) {
    const std::size_t nyquist = edge_bin(sr / 2.0, sr, n_fft);
    const std::size_t low = std::min(edge_bin(kLowMidHz, sr, n_fft), nyquist);
    const std::size_t mid = std::min(edge_bin(kMidHighHz, sr, n_fft), nyquist);
    // Only SPS^2 is needed, and the sign drops out of it: with phi = 2LR / (L^2 + R^2),
    // (1 - phi)^2 = ((L - R)^2 / (L^2 + R^2))^2. One division per bin instead of three and no
    // branch, so the loop vectorises; the value is the same up to rounding (and exactly 0 for
    // L == R, as before).
    auto band_sum = [&](std::size_t first, std::size_t last) {
        double sum = 0.0;
        for (std::size_t k = first; k < last; ++k) {
            const double lr = left[k].real() + kSpsEpsilon, li = left[k].imag();
            const double rr = right[k].real() + kSpsEpsilon, ri = right[k].imag();
            const double l2 = lr * lr + li * li, r2 = rr * rr + ri * ri;
            const double d = std::sqrt(l2) - std::sqrt(r2);
            const double s = d * d / (l2 + r2);
            sum += s * s;
        }
        return sum;
    };
    const double sum_low = band_sum(0, low), sum_mid = band_sum(low, mid),
                 sum_high = band_sum(mid, nyquist);
    auto rms = [](double sum, std::size_t n) { return n > 0 ? std::sqrt(sum / n) : 0.0; };
    std::array<double, kNumPanningBands> out{};
    out[0] = rms(sum_low + sum_mid + sum_high, nyquist);
    out[1] = rms(sum_low, low);
    out[2] = rms(sum_mid, mid - low);
    out[3] = rms(sum_high, nyquist - mid);
    return out;
}

}  // namespace automix::features
