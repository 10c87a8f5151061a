// Small helpers shared by the FX-normalization stages: peaks, gains, virtual zero padding.
#pragma once

#include <cstddef>

#include "automix/audio_buffer.hpp"
#include "automix/dsp/onset.hpp"

namespace automix::fxnorm {

/// Largest absolute sample over all channels.
float peak_abs(const AudioBuffer& audio);
/// Multiplies every sample by `gain`.
void apply_gain(AudioBuffer& audio, float gain);
/// True when the stem is all zeros or its peak is <= -50 dBFS
/// (docs/reference.md#fx-normalization-order-and-gate).
bool is_quiet(const AudioBuffer& audio);

/// Copies `count` samples of x (length n) starting at `start` into `out`, zeros outside [0, n):
/// this lets the stages measure the zero-padded signal of the reference without allocating it.
void read_zero_extended(const float* x, std::size_t n, long long start, std::size_t count,
                        float* out);

/// A reader over channel x scaled by `gain` (a scalar) and optionally by a per-sample gain
/// vector, seen through `pad` zeros on both sides (positions count from the padded start).
dsp::SampleReader padded_reader(const float* x, std::size_t n, long long pad, float gain,
                                const float* sample_gain = nullptr);

/// Integrated loudness (the automix BS.1770-4 meter, include/automix/loudness.hpp) of a stereo or
/// mono buffer, LUFS (-inf for silence), measured with `pad` zeros on both sides (the reference
/// measures its kPad-padded stems).
double loudness_lufs(const AudioBuffer& audio, long long pad = 0);

}  // namespace automix::fxnorm
