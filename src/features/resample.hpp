// Sample-rate conversion for the analysis (internal to the feature library).
#pragma once

#include "automix/audio_buffer.hpp"

namespace automix::features {

/// Converts every channel to `target_rate` with libsamplerate (SRC_SINC_MEDIUM_QUALITY: ~97 dB
/// SNR and -3 dB at 90 % of Nyquist is ample for descriptors averaged over 93 ms frames, at a
/// fraction of the best converter's cost). Returns the input unchanged when the rate matches.
/// Throws automix::Error (Processing) if libsamplerate fails.
AudioBuffer resample_for_analysis(const AudioBuffer& in, int target_rate);

}  // namespace automix::features
