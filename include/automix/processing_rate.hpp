// The one sample rate automix processes at: the learned mixer's rate, which FX normalization,
// its targets, the onset detector and the analyses share (docs/reference.md).
#pragma once

namespace automix {

/// The internal processing rate in Hz. Every other "44100" in the code base refers to this.
inline constexpr int kProcessingSampleRate = 44100;

}  // namespace automix
