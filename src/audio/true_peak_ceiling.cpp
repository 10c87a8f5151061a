#include <cmath>

#include "automix/error.hpp"
#include "automix/loudness.hpp"
#include "automix/master.hpp"
#include "dsp/decibels.hpp"

namespace automix {

CeilingResult apply_true_peak_ceiling(AudioBuffer& audio, double ceiling_dbtp) {
    CeilingResult r;
    const double peak = true_peak_linear(audio);
    if (!std::isfinite(peak)) {
        throw processing_error(
            "the mix's true peak is not finite (a gain stage overflowed); nothing was written");
    }
    r.true_peak_before_dbtp = dsp::amplitude_to_db(peak);
    r.true_peak_after_dbtp = r.true_peak_before_dbtp;
    const double ceiling = dsp::db_to_amplitude(ceiling_dbtp);
    if (peak <= ceiling) return r;
    // A hair under the ceiling, so float rounding of the product cannot land above it.
    const double gain = ceiling / peak * (1.0 - 1e-6);
    for (auto& ch : audio.channels) {
        for (float& v : ch) v = static_cast<float>(v * gain);
    }
    r.gain_db = dsp::amplitude_to_db(gain);
    r.true_peak_after_dbtp = r.true_peak_before_dbtp + r.gain_db;
    return r;
}

}  // namespace automix
