// Master safety: the mix never leaves automix clipped.
#pragma once

#include <string>

#include "automix/audio_buffer.hpp"

namespace automix {

/// What the true-peak ceiling did.
struct CeilingResult {
    double true_peak_before_dbtp = 0.0;  ///< Before the gain (-inf for silence).
    double gain_db = 0.0;                ///< Applied static gain, <= 0.
    double true_peak_after_dbtp = 0.0;   ///< After the gain.
};

/// If the true peak (BS.1770-4 Annex 2, 4x oversampled; automix meter cross-checked against
/// libebur128 in tests) exceeds `ceiling_dbtp`, scales the
/// whole buffer by one static gain so it equals the ceiling. A static gain keeps the mix's
/// dynamics and balance intact (no limiter colouring); the report records the gain.
/// Throws Error(Processing) when the true peak is not finite (a stage overflowed), instead of
/// scaling the mix by 0 into silence.
CeilingResult apply_true_peak_ceiling(AudioBuffer& audio, double ceiling_dbtp);

/// The last line of defence before a mix reaches someone's speakers: throws Error(Processing)
/// naming `path` when the mix holds a non-finite sample or is essentially a constant offset
/// (|mean| of a channel at least half of full scale: "full-scale DC"), whatever gain stage went
/// wrong upstream. Sums in double, so no input level can overflow the check itself.
void check_mix_is_sane(const AudioBuffer& mix, const std::string& path);

}  // namespace automix
