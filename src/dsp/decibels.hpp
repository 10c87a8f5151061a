// Conversions between linear values and decibels, written once for the whole project.
//
// Three floor conventions are in use, and every caller keeps the one its numbers are defined by:
//  * exact: 20 log10(a) or 10 log10(p), -infinity for zero (silence; report writers turn it into
//    null);
//  * additive epsilon: 20 log10(a + epsilon), finite for silence; the reference's guard is
//    kDbEpsilon (docs/reference.md#conventions), so silence reads -600 dB;
//  * power floor: 10 log10(max(amin, p)), librosa's power_to_db `amin`.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace automix::dsp {

/// The reference's additive guard against log10(0): amplitude_to_db(0, kDbEpsilon) = -600 dB.
inline constexpr double kDbEpsilon = 1e-30;

/// 20 log10(amplitude); -infinity when amplitude <= 0 (or NaN).
inline double amplitude_to_db(double amplitude) {
    return amplitude > 0.0 ? 20.0 * std::log10(amplitude)
                           : -std::numeric_limits<double>::infinity();
}

/// 20 log10(amplitude + epsilon): finite for silence when epsilon > 0.
inline double amplitude_to_db(double amplitude, double epsilon) {
    return 20.0 * std::log10(amplitude + epsilon);
}

/// 10 log10(power); -infinity when power <= 0 (or NaN).
inline double power_to_db(double power) {
    return power > 0.0 ? 10.0 * std::log10(power) : -std::numeric_limits<double>::infinity();
}

/// 10 log10(power + epsilon): finite for silence when epsilon > 0.
inline double power_to_db(double power, double epsilon) {
    return 10.0 * std::log10(power + epsilon);
}

/// 10 log10(max(amin, power)): powers below `amin` read as `amin` (librosa's power_to_db).
inline double floored_power_to_db(double power, double amin) {
    return 10.0 * std::log10(std::max(amin, power));
}

/// 10^(db / 20): the amplitude ratio of a level in dB.
inline double db_to_amplitude(double db) { return std::pow(10.0, db / 20.0); }

/// 10^(db / 10): the power ratio of a level in dB.
inline double db_to_power(double db) { return std::pow(10.0, db / 10.0); }

}  // namespace automix::dsp
