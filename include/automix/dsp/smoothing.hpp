// Moving-average smoothing with mirrored edges (docs/reference.md#smoothing).
#pragma once

#include <vector>

namespace automix::dsp {

/// Centred moving average of odd width `width` with mirror extension at both ends (the edge sample
/// is not repeated: x[h] ... x[1] on the left, x[N-2] ... x[N-1-h] on the right, h = width / 2).
/// This equals scipy.signal.savgol_filter(x, width, 1, mode='mirror').
/// Requires an odd width smaller than 2 * x.size(); returns x unchanged for width <= 1.
std::vector<double> smooth_mirror(const std::vector<double>& x, int width);

/// Constant-Q smoothing of a spectrum sampled on bins 0..N-1 (bin k at k times the bin spacing):
/// value k is the mean of the bins whose frequency lies within 1/`fraction` octave centred on bin
/// k (rounded to whole bins, at least `min_width` bins centred on k where that fits, truncated at
/// the ends). With min_width 1, bin 0 is kept.
std::vector<double> smooth_fractional_octave(const std::vector<double>& x, double fraction,
                                             int min_width = 1);

}  // namespace automix::dsp
