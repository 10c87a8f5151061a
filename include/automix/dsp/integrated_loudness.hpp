// Integrated loudness (BS.1770-4 gating) of raw channel pointers through libebur128.
#pragma once

#include <cstddef>
#include <vector>

namespace automix::dsp {

/// Integrated loudness in LUFS of `length` samples per channel at `sample_rate` (mono or
/// stereo; L/R weights 1.0). Only the integrated mode of libebur128 is enabled, so it costs one
/// K-weighting pass. Returns -inf for silence (empty gate). Throws Error(Processing) on failure.
/// `pad` zeros are measured before and after the samples (the reference measures its padded
/// stems), without copying the audio.
double integrated_loudness(const std::vector<const float*>& channels, std::size_t length,
                           int sample_rate, std::size_t pad = 0);

}  // namespace automix::dsp
