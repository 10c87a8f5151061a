// Moving-average smoothing with mirrored edges (fxnorm-spec §1.5).
#pragma once

#include <vector>

namespace automix::dsp {

/// Centred moving average of odd width `width` with mirror extension at both ends (the edge sample
/// is not repeated: x[h] ... x[1] on the left, x[N-2] ... x[N-1-h] on the right, h = width / 2).
/// This equals scipy.signal.savgol_filter(x, width, 1, mode='mirror') (fxnorm-spec §1.5).
/// Requires an odd width smaller than 2 * x.size(); returns x unchanged for width <= 1.
std::vector<double> smooth_mirror(const std::vector<double>& x, int width);

}  // namespace automix::dsp
