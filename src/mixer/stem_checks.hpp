// Shape checks shared by the mixer engines.
#pragma once

#include "automix/stem_set.hpp"

namespace automix {

/// Throws Error(Processing) unless every stem is stereo, all have the same length, and (when
/// `required_rate` is non-zero) all are at that sample rate.
void check_stems_for_mixing(const StemSet& stems, int required_rate);

}  // namespace automix
