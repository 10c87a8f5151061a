// The four FX-normalization stages. Each works in place on one stereo 44.1 kHz stem that is not
// quiet (checked by the caller), never changes its length, and returns a JSON account of what it
// did for the report.
#pragma once

#include <nlohmann/json.hpp>

#include "automix/audio_buffer.hpp"
#include "automix/targets.hpp"
#include "fxnorm/settings.hpp"

namespace automix::fxnorm {

/// EQ matching (fxnorm-spec §3.4, stereo-linked): normalize jointly to -30 LUFS, measure the
/// average spectrum, smooth it like the target, design a 1001-tap linear-phase FIR from
/// sqrt(target / measured) and apply it forward and backward (zero phase).
nlohmann::json match_eq(AudioBuffer& stem, const StemTargets& target, const StemSettings& settings);

/// Options of the dynamics stage.
struct DynamicsOptions {
    bool exhaustive_search = false;  ///< Scan the grid linearly in reference order.
};

/// Dynamics matching (fxnorm-spec §3.5.3, stereo-linked): peak-normalize to -10 dBFS, measure the
/// onset-peak descriptor and, when it is above the target band, search the ratio x threshold grid
/// for the first setting that brings it below the band's top. No onsets: stem left unchanged.
nlohmann::json match_dynamics(AudioBuffer& stem, const StemTargets& target,
                              const StemSettings& settings, const DynamicsOptions& options);

/// The 1025-bin phi reference of the 2048-point analysis: blocks of 32 bins averaged, Nyquist
/// appended, times PANNING_GAIN_K (fxnorm-spec §2.4).
std::vector<double> panning_reference(const std::vector<double>& similarity_curve);

/// Options of the panning stage.
struct PanningOptions {
    bool reference_frame_limit = false;  ///< Reproduce bug 1 (limit on the frame axis).
};

/// Panning matching (fxnorm-spec §3.6.2 with the limit on frequency bins): side detection, static
/// 0.3/0.7 offset toward the dominant side (none for a centred source), per-frame per-bin gains
/// toward the reference similarity below the stem's maximum frequency, original phase kept.
nlohmann::json match_panning(AudioBuffer& stem, const StemTargets& target,
                             const StemSettings& settings, const PanningOptions& options);

/// Loudness normalization (fxnorm-spec §3.7): gain to the target LUFS, lowered if the peak would
/// reach full scale.
nlohmann::json match_loudness(AudioBuffer& stem, const StemTargets& target);

}  // namespace automix::fxnorm
