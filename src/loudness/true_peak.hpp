// True-peak meter of ITU-R BS.1770-4 Annex 2: oversampling by a polyphase interpolation filter and
// the maximum absolute value of the oversampled signal. Internal to the meter (src/loudness/); the
// public entry points are measure_loudness and true_peak_linear (automix/loudness.hpp).
#pragma once

#include <cstddef>
#include <vector>

namespace automix::loudness {

/// Peak values of one channel, linear (1.0 = full scale).
struct ChannelPeaks {
    float sample_peak = 0.0f;  ///< max |x[n]|.
    float true_peak = 0.0f;    ///< max |.| of the oversampled signal; never below sample_peak.
};

/// Polyphase interpolator of the true-peak meter for one sample rate. The design is libebur128's
/// documented one: a 49-tap Hann-windowed sinc with cut-off at the input
/// Nyquist frequency, oversampling x4 below 96 kHz and x2 below 192 kHz; at 192 kHz and above the
/// true peak is the sample peak (BS.1770-4 Annex 2 needs no oversampling there). Phase 0 of such
/// a filter is the input itself, so only the factor - 1 fractional phases are computed (12 taps
/// each at x4). Arithmetic is single precision: the taps are O(1), sums have 12-24 terms, and the
/// error (< 1e-6 relative) is far below the meter's -0.4/+0.2 dB tolerance.
class TruePeakMeter {
  public:
    /// Designs the filter for a sample rate (> 0).
    explicit TruePeakMeter(double sample_rate);

    /// Oversampling factor (4, 2 or 1).
    int factor() const { return factor_; }

    /// Peaks of a channel of `n` samples. The signal is taken as silent before its first and after
    /// its last sample, so the interpolation ringing at both ends counts (a file played back is
    /// surrounded by silence too).
    ChannelPeaks measure(const float* x, std::size_t n) const;

    /// Half the number of taps of one fractional phase.
    int half_width() const { return half_width_; }
    /// The fractional phases' taps, row-major as described below (empty when factor() is 1).
    const std::vector<float>& phase_taps() const { return taps_; }

  private:
    int factor_ = 1;
    int half_width_ = 0;  // taps of one fractional phase = 2 * half_width_
    // Fractional phases p = 1..factor-1, row-major: coefficient k multiplies x[n + k - hw + 1]
    // for the value at time n + p / factor.
    std::vector<float> taps_;
};

}  // namespace automix::loudness
