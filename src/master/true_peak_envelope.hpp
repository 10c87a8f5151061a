// The detector of the true-peak limiter: per sample, the largest absolute value the 4x
// oversampled signal takes around that sample, over all channels.
#pragma once

#include <vector>

#include "automix/audio_buffer.hpp"

namespace automix::master {

/// env[n] = max over channels of |x[n]| and of the interpolated values at n +- p/factor
/// (p = 1..factor-1), with the true-peak meter's BS.1770-4 Annex 2 interpolation filter (the
/// signal is silent outside the buffer). max(env) is the meter's true peak except for the filter's
/// ringing past the buffer's ends, which the limiter's final trim covers. A gain g[n]
/// that keeps g[n] env[n] under the ceiling keeps every oversampled value under it as long as g
/// changes little over the filter's few samples.
std::vector<float> true_peak_envelope(const AudioBuffer& audio);

}  // namespace automix::master
