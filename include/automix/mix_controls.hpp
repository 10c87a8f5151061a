// Per-stem controls the user applies on top of whatever the engine decided: gain, pan, width,
// mute and solo per stem type, from options or a JSON mix-settings file (docs/controls.md).
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>

#include "automix/stem_set.hpp"

namespace automix {

/// Allowed ranges (inclusive). A gain beyond +24 dB is a typo, not a mix decision; below -60 dB
/// a stem is inaudible under the others (use mute).
inline constexpr double kMinControlGainDb = -60.0;  ///< Lowest per-stem gain, dB.
inline constexpr double kMaxControlGainDb = 24.0;   ///< Highest per-stem gain, dB.
inline constexpr double kMaxControlWidth = 2.0;     ///< Widest stereo width (1 = unchanged).

/// What the user asked for one stem type. The defaults change nothing.
struct StemControl {
    double gain_db = 0.0;  ///< Level change, dB.
    double pan = 0.0;      ///< Balance, -1 (left) .. 1 (right); constant-power law, 0 = unchanged.
    double width = 1.0;    ///< Side level relative to mid, 0 (mono) .. 2; 1 = unchanged.
    bool mute = false;     ///< Silence this type.
    bool solo = false;     ///< Keep only the soloed types (mute wins over solo).
};

/// Controls for the four stem types (index = StemType).
struct MixControls {
    std::array<StemControl, kNumStemTypes> stems;  ///< Indexed by StemType.

    /// The control of a type.
    StemControl& operator[](StemType t) { return stems[static_cast<int>(t)]; }
    /// The control of a type.
    const StemControl& operator[](StemType t) const { return stems[static_cast<int>(t)]; }
    /// True when no control changes anything (the mix is the engine's, bit for bit).
    bool is_identity() const;
    /// Whether a type is heard: not muted, and soloed when any type is.
    bool audible(StemType t) const;
};

/// Which per-stem control a "TYPE=VALUE" or "TYPE" text sets.
enum class ControlKind { Gain, Pan, Width, Mute, Solo };

/// Sets one control from its text: "TYPE=dB" (gain, a leading '+' allowed), "TYPE=-1..1" (pan),
/// "TYPE=0..2" (width), "TYPE" (mute, solo). Throws Error(Usage) naming the text when the type is
/// unknown, the number does not parse or is not finite, or it is out of range.
void set_control(MixControls& controls, ControlKind kind, const std::string& text);

/// Reads a mix-settings file: a JSON object with any of "gain", "pan", "width" (objects
/// {"TYPE": number}) and "mute", "solo" (arrays of type names) — the same as the options.
/// Throws Error(Usage) naming the file and the bad key or value (malformed JSON, unknown key or
/// stem type, wrong type, out of range); Error(Input) when it cannot be read.
MixControls load_mix_settings(const std::string& path);

/// The controls as the settings-file JSON (only what differs from the defaults).
nlohmann::json mix_settings_json(const MixControls& controls);

/// Applies the controls to per-stem contributions in place, in the order width, pan, gain, then
/// mute/solo (a silenced type becomes zeros). Identity controls leave the samples untouched.
void apply_controls(StemSet& contributions, const MixControls& controls);

}  // namespace automix
