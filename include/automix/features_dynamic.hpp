// Frame-wise level and dynamics descriptors (docs/reference.md#metrics-dynamic).
#pragma once

#include <cstddef>
#include <vector>

namespace automix::features {

/// Level and dynamics of one frame of one channel.
struct DynamicFrame {
    double rms_db = 0.0;   ///< 20 log10(sqrt(sum x^2 / N) + 1e-30), dBFS.
    double peak_db = 0.0;  ///< 20 log10(max |x| + 1e-30), dBFS.
    double spread_db =
        0.0;  ///< "Dynamic spread" (Ma et al.): mean_n(20 log10(|x_n| + 1e-30)) - rms_db.
    /// Crest factor in its standard form, peak_db - rms_db (3.01 dB for a sine).
    double crest_factor_db() const { return peak_db - rms_db; }
    /// The reference's "crest": the *ratio* of two dB values, peak_db / rms_db (reference
    /// bug 10). Dimensionless; kept only to reproduce Table-2 numbers.
    double crest_ratio_ref() const { return peak_db / rms_db; }
};

/// Frames of `frame` samples every `hop` samples without padding (librosa.util.frame): frame t
/// covers [t hop, t hop + frame); 1 + (n - frame) / hop frames, or none. `frame` must be a multiple
/// of `hop` (per-hop partial sums make the cost independent of the overlap).
std::vector<DynamicFrame> dynamic_frames(const float* x, std::size_t n, int frame = 4096,
                                         int hop = 1024);

}  // namespace automix::features
