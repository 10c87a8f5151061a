// The gain curve of the lookahead limiter, computed offline from the whole detector signal.
#pragma once

#include <cstddef>
#include <vector>

namespace automix::master {

/// Gain per sample (linear, in (0, 1]) such that gain[n] * pregain * env[n] <= threshold for
/// every n. Built in three steps: the needed gain min(1, threshold / (pregain env[n])); its
/// minimum over the next `lookahead` samples (a peak is seen that far ahead); an exponential
/// release of the linear gain with time constant `release_samples` (the gain only ever falls
/// faster than that minimum); and a moving average over lookahead + 1 samples, which turns each step down
/// into a linear ramp that ends exactly at the peak. Every term of the average is at most the
/// gain the peak needs, so the bound holds exactly, with no overshoot.
std::vector<float> limiter_gain(const std::vector<float>& env, double pregain, double threshold,
                                std::size_t lookahead, double release_samples);

}  // namespace automix::master
