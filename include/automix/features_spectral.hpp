// Per-frame spectral descriptors with librosa's definitions
// (docs/reference.md#metrics-spectral). They take one magnitude frame so they can be checked
// against librosa's own test fixtures at any sample rate and FFT size.
#pragma once

#include <cstddef>
#include <vector>

namespace automix::features {

/// Frequency of bin k of an n_fft-point real FFT: k * sample_rate / n_fft (numpy rfftfreq).
double bin_frequency(std::size_t k, double sample_rate, int n_fft);

/// Spectral centroid, Hz: sum_k f_k S_k / sum_k S_k; 0 for a frame whose L1 norm is below the
/// smallest normal float (librosa leaves such columns un-normalised, so silence gives 0 Hz).
double spectral_centroid(const float* magnitude, std::size_t bins, double sample_rate, int n_fft);

/// Spectral bandwidth, Hz: (sum_k S^_k |f_k - centroid|^p)^(1/p) with S^ the L1-normalised frame.
double spectral_bandwidth(const float* magnitude, std::size_t bins, double sample_rate, int n_fft,
                          double centroid, double p = 2.0);

/// Spectral roll-off, Hz: the smallest f_k with cumsum(S)_k >= fraction * sum(S).
double spectral_rolloff(const float* magnitude, std::size_t bins, double sample_rate, int n_fft,
                        double fraction = 0.85);

/// Spectral flatness as a ratio in [0, 1]: geometric over arithmetic mean of max(amin, S^power)
/// (librosa: amin 1e-10, power 2).
double spectral_flatness(const float* magnitude, std::size_t bins, double amin = 1e-10,
                         double power = 2.0);

/// One band of librosa's spectral contrast: the bins it sorts and how many it averages.
struct ContrastBand {
    std::size_t first_bin = 0;       ///< First bin of the sorted sub-band.
    std::size_t last_bin = 0;        ///< Last bin (inclusive) of the sorted sub-band.
    std::size_t quantile_count = 1;  ///< q = max(1, rint(quantile * bins counted by librosa)).
};

/// librosa's contrast bands for octave edges [0, fmin, 2 fmin, ..., fmin 2^n_bands]: every band
/// above the first gains one bin below its lower edge, every band but the last loses its top bin,
/// the last band extends to Nyquist (docs/reference.md#metrics-spectral lists the bins
/// for 44.1 kHz / 4096).
std::vector<ContrastBand> contrast_bands(double sample_rate, int n_fft, double fmin = 200.0,
                                         int n_bands = 6, double quantile = 0.02);

/// Per-band peak and valley magnitudes of one frame (means of the q largest / smallest bins).
struct PeakValley {
    std::vector<double> peak;    ///< One value per band.
    std::vector<double> valley;  ///< One value per band.
};

/// Peaks and valleys of one magnitude frame for the given bands.
PeakValley contrast_peak_valley(const float* magnitude, const std::vector<ContrastBand>& bands);

/// Spectral contrast in dB for a whole spectrogram, given its per-frame peaks and valleys
/// (frames x bands): power_to_db(peak) - power_to_db(valley), where power_to_db(v) =
/// 10 log10(max(1e-10, v)) floored at (maximum over the whole array) - 80 dB, the floor taken
/// separately for the peak and the valley arrays as librosa does. Returns frames x bands.
std::vector<std::vector<double>> spectral_contrast_db(const std::vector<PeakValley>& frames);

}  // namespace automix::features
