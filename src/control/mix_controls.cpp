// Per-stem controls: parsing and validation of "TYPE=VALUE" texts, and their effect on the
// contributions (docs/controls.md).
#include "automix/mix_controls.hpp"

#include <cmath>
#include <cstdlib>

#include "automix/error.hpp"
#include "dsp/decibels.hpp"

namespace automix {
namespace {

StemType parse_type(const std::string& name, const std::string& text) {
    const std::optional<StemType> t = parse_stem_type(name);
    if (!t) {
        throw usage_error("'" + text + "': unknown stem type '" + name +
                          "' (expected vocals, bass, drums or other)");
    }
    return *t;
}

double parse_number(const std::string& value, const std::string& text) {
    const char* begin = value.c_str();
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    if (value.empty() || end != begin + value.size() || !std::isfinite(v)) {
        throw usage_error("'" + text + "': '" + value + "' is not a number");
    }
    return v;
}

void check_range(double v, double lo, double hi, const char* what, const std::string& text) {
    if (v < lo || v > hi) {
        char range[64];
        std::snprintf(range, sizeof range, "%g .. %g", lo, hi);
        throw usage_error("'" + text + "': " + what + " must be within " + range);
    }
}

}  // namespace

bool MixControls::is_identity() const {
    for (const StemControl& c : stems) {
        if (c.gain_db != 0.0 || c.pan != 0.0 || c.width != 1.0 || c.mute || c.solo) return false;
    }
    return true;
}

bool MixControls::audible(StemType t) const {
    bool any_solo = false;
    for (const StemControl& c : stems) any_solo |= c.solo;
    const StemControl& c = (*this)[t];
    return !c.mute && (!any_solo || c.solo);
}

void set_control(MixControls& controls, ControlKind kind, const std::string& text) {
    const bool flag = kind == ControlKind::Mute || kind == ControlKind::Solo;
    const std::size_t eq = text.find('=');
    if (flag) {
        if (eq != std::string::npos) {
            throw usage_error("'" + text + "': mute and solo take a stem type only");
        }
        StemControl& c = controls[parse_type(text, text)];
        (kind == ControlKind::Mute ? c.mute : c.solo) = true;
        return;
    }
    if (eq == std::string::npos) throw usage_error("'" + text + "': expected TYPE=VALUE");
    StemControl& c = controls[parse_type(text.substr(0, eq), text)];
    const double v = parse_number(text.substr(eq + 1), text);
    switch (kind) {
        case ControlKind::Gain:
            check_range(v, kMinControlGainDb, kMaxControlGainDb, "gain (dB)", text);
            c.gain_db = v;
            break;
        case ControlKind::Pan:
            check_range(v, -1.0, 1.0, "pan", text);
            c.pan = v;
            break;
        case ControlKind::Width:
            check_range(v, 0.0, kMaxControlWidth, "width", text);
            c.width = v;
            break;
        default:
            break;
    }
}

void apply_controls(StemSet& contributions, const MixControls& controls) {
    for (StemType t : kAllStemTypes) {
        AudioBuffer& s = contributions[t];
        if (s.num_channels() != 2) continue;  // contributions are stereo; nothing else to steer
        const StemControl& c = controls[t];
        auto& left = s.channels[0];
        auto& right = s.channels[1];
        if (!controls.audible(t)) {
            std::fill(left.begin(), left.end(), 0.0f);
            std::fill(right.begin(), right.end(), 0.0f);
            continue;
        }
        if (c.gain_db == 0.0 && c.pan == 0.0 && c.width == 1.0) continue;
        // Width on mid/side, then the console's constant-power balance (sqrt 2 cos, sqrt 2 sin of
        // (pan + 1) pi / 4: unity at the centre), then the gain; folded into four coefficients.
        const double theta = (c.pan + 1.0) * M_PI / 4.0;
        const double g = dsp::db_to_amplitude(c.gain_db);
        const double gl = g * std::sqrt(2.0) * std::cos(theta);
        const double gr = g * std::sqrt(2.0) * std::sin(theta);
        const double direct = 0.5 * (1.0 + c.width), cross = 0.5 * (1.0 - c.width);
        for (std::size_t i = 0; i < left.size(); ++i) {
            const double l = left[i], r = right[i];
            left[i] = static_cast<float>(gl * (direct * l + cross * r));
            right[i] = static_cast<float>(gr * (cross * l + direct * r));
        }
    }
}

}  // namespace automix
