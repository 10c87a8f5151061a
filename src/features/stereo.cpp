#include <cmath>

#include "automix/features_stereo.hpp"

namespace automix::features {
namespace {

// get_SPS adds 1e-20 to the complex STFT value before taking magnitudes (fxnorm-spec §3.6.1),
// so silent bins compare as equal (phi = 1, SPS = 0) instead of dividing by zero.
constexpr double kSpsEpsilon = 1e-20;
// Panning band edges in Hz (fxnorm-spec §7.5).
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
    const double phi = 2.0 * l * r / (l * l + r * r);
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
    // Prefix sums of SPS^2 make the four (overlapping) bands one pass over the bins.
    std::array<double, kNumPanningBands> out{};
    double running = 0.0;
    const std::size_t low = edge_bin(kLowMidHz, sr, n_fft), mid = edge_bin(kMidHighHz, sr, n_fft);
    double at_low = 0.0, at_mid = 0.0;
    for (std::size_t k = 0; k < nyquist; ++k) {
        if (k == low) at_low = running;
        if (k == mid) at_mid = running;
        const double s = stereo_panning_spectrum(left[k], right[k]);
        running += s * s;
    }
    if (low >= nyquist) at_low = running;
    if (mid >= nyquist) at_mid = running;
    auto rms = [](double sum, std::size_t n) { return n > 0 ? std::sqrt(sum / n) : 0.0; };
    out[0] = rms(running, nyquist);
    out[1] = rms(at_low, low);
    out[2] = rms(at_mid - at_low, mid - low);
    out[3] = rms(running - at_mid, nyquist - mid);
    return out;
}

}  // namespace automix::features
