// "What the mixer did": for each stem type, the change from the dry input stem to its
// contribution in the mix — level, balance and width, a third-octave EQ difference curve and the
// change of dynamic range (docs/report.md, "mixer_decisions").
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "automix/audio_buffer.hpp"
#include "automix/stem_set.hpp"

namespace automix {

/// Centre frequencies of the third-octave bands analysed: 1000 * 2^(k/3) Hz for k = -16 .. 13
/// (the exact base-2 centres of the ISO 266 nominal bands 25 Hz .. 20 kHz; 30 bands).
const std::vector<double>& third_octave_centres();

/// A stem's level, stereo image, spectrum and dynamics (one pass of analysis).
struct StemProfile {
    bool silent = true;              ///< Digital silence (or shorter than one loudness block).
    double loudness_lufs = 0.0;      ///< Integrated loudness (BS.1770-4), LUFS.
    double rms_db = 0.0;             ///< RMS over both channels, dBFS.
    double true_peak_dbtp = 0.0;     ///< True peak, dBTP.
    double loudness_range_lu = 0.0;  ///< EBU Tech 3342 loudness range, LU.
    double balance = 0.0;  ///< (E_R - E_L) / (E_R + E_L): -1 hard left .. 0 centre .. 1 right.
    double side_to_mid_db = 0.0;  ///< Side energy over mid energy, dB (-inf: mono).
    std::vector<double> band_db;  ///< Power per third-octave band, dB (third_octave_centres()).

    /// Crest factor: true peak over RMS, dB; a compressor or limiter lowers it.
    double crest_db() const { return true_peak_dbtp - rms_db; }
};

/// Profiles a stereo (or mono) buffer.
StemProfile profile_stem(const AudioBuffer& audio);

/// Profiles every present stem of a set, up to `threads` at a time (0 = all cores); absent types
/// keep a default (silent) profile.
std::array<StemProfile, kNumStemTypes> profile_stems(const StemSet& stems, int threads);

/// The profile as JSON (non-finite values as null) and back, for the contribution cache.
nlohmann::json profile_json(const StemProfile& p);
/// Inverse of profile_json. Throws nlohmann::json::exception on a malformed object.
StemProfile profile_from_json(const nlohmann::json& j);

/// How a stem changed from `dry` to `contribution`.
struct StemChange {
    double level_db = 0.0;         ///< Loudness change, dB (LU).
    double balance_before = 0.0;   ///< Balance of the dry stem.
    double balance_after = 0.0;    ///< Balance of the contribution.
    double width_change_db = 0.0;  ///< Change of side-to-mid ratio, dB (+6: twice the side).
    /// Per third-octave band: contribution minus dry, minus level_db (the EQ shape alone); NaN
    /// where either side has no energy in the band.
    std::vector<double> eq_db;
    double tilt_db_per_octave = 0.0;        ///< Least-squares slope of eq_db over log2 frequency.
    double crest_change_db = 0.0;           ///< Crest factor change (negative: compressed).
    double loudness_range_change_lu = 0.0;  ///< Loudness range change (negative: compressed).
};

/// The change between two profiles of the same stem. Both must be non-silent.
StemChange compare_profiles(const StemProfile& dry, const StemProfile& contribution);

/// The report section: per present stem type, the dry and contribution profiles' key numbers and
/// their change; a silent side gives "silent" instead of numbers.
nlohmann::ordered_json mixer_decisions_json(const std::array<StemProfile, kNumStemTypes>& dry,
                                            const std::array<StemProfile, kNumStemTypes>& mixed,
                                            const std::array<bool, kNumStemTypes>& present);

/// A self-contained SVG of a report's "mixer_decisions" section: the EQ change curve of every
/// stem type over the third-octave bands, and each type's level, crest-factor and width changes as
/// bars. Types without a change (silent on either side) are left out.
std::string mixer_decisions_svg(const std::string& title, const nlohmann::json& decisions);

}  // namespace automix
