// Linear-phase FIR design by frequency sampling and its zero-phase (forward-backward) form.
#pragma once

#include <vector>

namespace automix::dsp {

/// Frequency-sampling design with a symmetric Hamming window, the closed form of
/// scipy.signal.firwin2(num_taps, f, g, window='hamming') when `grid_gains` holds the desired
/// amplitude at M equally spaced frequencies from 0 to Nyquist
/// (docs/reference.md#fx-normalization-eq step 4):
///   h0[n] = 1/(2(M-1)) [G_0 + 2 sum_{j=1}^{M-2} G_j cos(pi j (n-c)/(M-1)) + G_{M-1} cos(pi
///   (n-c))], c = (num_taps - 1) / 2, then h[n] = h0[n] (0.54 - 0.46 cos(2 pi n / (num_taps - 1))).
/// `num_taps` must be odd (type I filter) and M >= 2.
std::vector<double> design_fir_frequency_sampling(const std::vector<double>& grid_gains,
                                                  int num_taps);

/// Full autocorrelation of `h` (length 2 * h.size() - 1, centred at index h.size() - 1).
/// Filtering forward and then backward with h equals one convolution with this kernel aligned on
/// its centre: it is the zero-phase filter whose magnitude response is |H|^2.
std::vector<double> autocorrelation(const std::vector<double>& h);

/// Magnitude response |H(f)| of an FIR at a normalized frequency f in [0, 0.5] cycles/sample.
double fir_magnitude(const std::vector<double>& h, double normalized_frequency);

}  // namespace automix::dsp
