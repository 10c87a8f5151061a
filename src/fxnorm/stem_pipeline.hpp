// The per-stem chain EQ -> dynamics -> panning -> loudness, and a parallel-for over jobs.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>

#include "automix/audio_buffer.hpp"
#include "automix/fxnorm.hpp"
#include "automix/stem_type.hpp"
#include "automix/targets.hpp"
#include "fxnorm/stages.hpp"

namespace automix::fxnorm {

/// Which stages to run and how (compute_targets runs prefixes of the chain).
struct ChainOptions {
    int stages = 4;              ///< Run the first `stages` of EQ, dynamics, panning, loudness.
    EqOptions eq;                ///< EQ-stage options.
    DynamicsOptions dynamics;    ///< Dynamics-stage options.
    PanningOptions panning;      ///< Panning-stage options.
    long long loudness_pad = 0;  ///< Zeros the loudness stage measures around the stem.
    /// When > 0, the chain runs on a copy of the stem with this many real zeros on both sides
    /// (and that much less virtual padding), so the tails that the EQ filter and the panning
    /// STFT leave outside the stem reach the next stage's measurements, as in the reference.
    long long tail = 0;
};

/// The stage options of a mode (the default mode's rules, or the reference's behaviour).
ChainOptions chain_options(FxNormMode mode);

/// Normalizes one stem in place. Quiet stems (all zero or peak <= -50 dBFS) are left untouched.
/// `on_stage` (may be empty) is called after each stage. Returns the stem's report. Throws
/// Error(Processing) naming the stem type and stage if a stage outputs a non-finite sample or a
/// peak above kMaxStagePeakDb (a bug guard: no input should get there).
nlohmann::json normalize_stem(AudioBuffer& stem, StemType type, const StemTargets& targets,
                              const ChainOptions& options, const std::function<void()>& on_stage);

/// Runs body(i) for i in [0, count) on up to `threads` threads (0 = hardware concurrency). The
/// first exception thrown by a body is rethrown after all threads have joined.
void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t)>& body);

}  // namespace automix::fxnorm
