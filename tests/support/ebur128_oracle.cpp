#include "support/ebur128_oracle.hpp"

#include <ebur128.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace automix::test {

OracleLoudness oracle_loudness(const AudioBuffer& a) {
    const int ch = a.num_channels();
    ebur128_state* st =
        ebur128_init(static_cast<unsigned>(ch), static_cast<unsigned long>(a.sample_rate),
                     EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK);
    std::vector<float> interleaved(a.num_frames() * static_cast<std::size_t>(ch));
    for (std::size_t i = 0; i < a.num_frames(); ++i) {
        for (int c = 0; c < ch; ++c) interleaved[i * ch + c] = a.channels[c][i];
    }
    ebur128_add_frames_float(st, interleaved.data(), a.num_frames());
    OracleLoudness r;
    ebur128_loudness_global(st, &r.integrated_lufs);
    ebur128_loudness_range(st, &r.loudness_range_lu);
    double peak = 0.0;
    for (int c = 0; c < ch; ++c) {
        double v = 0.0;
        ebur128_true_peak(st, static_cast<unsigned>(c), &v);
        peak = std::max(peak, v);
    }
    r.true_peak_dbtp = 20.0 * std::log10(peak);
    ebur128_destroy(&st);
    return r;
}

}  // namespace automix::test
