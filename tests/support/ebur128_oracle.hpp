// libebur128, the independent meter the tests check the product against.
#pragma once

#include "automix/audio_buffer.hpp"

namespace automix::test {

/// What libebur128 measures on a whole buffer.
struct OracleLoudness {
    double integrated_lufs = 0.0;    ///< Gated integrated loudness (BS.1770-4).
    double loudness_range_lu = 0.0;  ///< EBU Tech 3342 loudness range.
    double true_peak_dbtp = 0.0;     ///< Maximum true peak over channels.
};

/// Measures `audio` (any channel count and rate) with libebur128.
OracleLoudness oracle_loudness(const AudioBuffer& audio);

}  // namespace automix::test
