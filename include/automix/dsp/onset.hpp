// High-frequency-content onset detection and the onset-peak descriptor
// (docs/reference.md#fx-normalization-onset-descriptor).
#pragma once

#include <complex>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace automix::dsp {

/// Reads `count` samples starting at `start` (which may lie outside the signal: zeros there) into
/// `out`. Lets the descriptor run on virtually padded or gain-modified signals without copies.
using SampleReader = std::function<void(long long start, std::size_t count, float* out)>;

/// Block-wise HFC onset detector equivalent to aubio 0.4.9 `onset('hfc', 1024, 1024, 44100)`:
/// periodic-Hann 1024-point spectrum, log(1 + |X|) compression, HFC sum (k+1) m_k, aubio's
/// 7-slot filtfilt/median peak picker (threshold 0.058), 50 ms minimum inter-onset interval,
/// 4.3-block delay compensation and a -70 dB silence gate. Not thread-safe: one per thread.
class HfcOnsetDetector {
  public:
    /// Creates a detector with zeroed state (FFT plan made once here).
    HfcOnsetDetector();
    ~HfcOnsetDetector();
    HfcOnsetDetector(const HfcOnsetDetector&) = delete;
    HfcOnsetDetector& operator=(const HfcOnsetDetector&) = delete;

    /// Clears all state, as for a new signal.
    void reset();
    /// Processes the next block of kBlock samples; returns the onset position in samples (counted
    /// from the first block since reset) when an onset is reported for this block.
    std::optional<long long> process(const float* block);

    /// Block and hop size in samples.
    static constexpr int kBlock = 1024;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Onset positions of a whole signal of `length` samples, fed as consecutive non-overlapping
/// blocks (the trailing partial block is dropped), positions relative to sample 0.
std::vector<long long> detect_onsets(HfcOnsetDetector& detector, const SampleReader& read,
                                     std::size_t length);

/// Onset-peak statistics of one channel.
struct OnsetPeakStats {
    std::size_t onsets = 0;  ///< Number of onsets found (0: the mean/std are meaningless).
    double mean_db = 0.0;    ///< Mean of the peak levels above the 75th percentile, dBFS.
    double std_db = 0.0;     ///< Population standard deviation of those levels, dB.
};

/// Per-channel descriptor: the peak after each onset (up to the
/// next onset, or to the end), in dB; keep the values strictly above their 75th percentile (all
/// of them if none is); mean and population std. `read` gives the samples, `length` the count.
OnsetPeakStats onset_peak_stats(HfcOnsetDetector& detector, const SampleReader& read,
                                std::size_t length);

/// numpy.percentile with linear interpolation (q in [0, 100]) of a non-empty vector.
double percentile_linear(std::vector<double> values, double q);

}  // namespace automix::dsp
