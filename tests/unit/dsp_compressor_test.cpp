// Compressor against a vector computed with the reference's formula
// (docs/reference.md#fx-normalization-compressor) and closed-form static/time behaviour.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "automix/dsp/compressor.hpp"

namespace {

using automix::dsp::compress_mono;
using automix::dsp::CompressorParams;

TEST(DspCompressor, ReproducesSpecVector) {
    CompressorParams p;
    p.threshold_db = -20.0;
    p.ratio = 4.0;
    p.attack_ms = 7.5;
    p.release_ms = 400.0;
    std::vector<float> x(2000, 0.5f);
    x.insert(x.end(), 2000, 0.05f);
    x.insert(x.end(), 10, 1e-7f);
    const std::vector<float> y = compress_mono(x, p);
    const std::vector<int> at = {0, 1, 10, 100, 1000, 1999, 2000, 2001, 2100, 3999, 4000, 4009};
    const std::vector<double> expected = {0.9963626237, 0.9927493989, 0.9612848654, 0.727865627,
                                          0.3170960491, 0.2999248403, 0.2999453152, 0.2999657905,
                                          0.3019939969, 0.3412480394, 0.3412688383, 0.3414560321};
    for (std::size_t i = 0; i < at.size(); ++i) {
        // The gain is stored as float: 2^-24 relative, so 1e-6 absolute on gains <= 1.
        EXPECT_NEAR(y[at[i]] / x[at[i]], expected[i], 1e-6) << "n = " << at[i];
    }
}

TEST(DspCompressor, SteadyStateFollowsStaticCurve) {
    for (double ratio : {2.0, 4.0, 10.0}) {
        for (double level_db : {-30.0, -15.0, -6.0}) {
            CompressorParams p;
            p.threshold_db = -20.0;
            p.ratio = ratio;
            p.attack_ms = 1.0;
            p.release_ms = 50.0;
            const float amp = static_cast<float>(std::pow(10.0, level_db / 20.0));
            const std::vector<float> y = compress_mono(std::vector<float>(44100, amp), p);
            const double gain_db = 20.0 * std::log10(y.back() / amp);
            // Closed form: above T the output is T + (x - T)/R, below it is unchanged.
            const double expected =
                level_db > -20.0 ? -(level_db + 20.0) * (1.0 - 1.0 / ratio) : 0.0;
            EXPECT_NEAR(gain_db, expected, 1e-4) << "ratio " << ratio << " level " << level_db;
        }
    }
}

TEST(DspCompressor, AttackAndReleaseAreOnePoleTimeConstants) {
    CompressorParams p;
    p.threshold_db = -20.0;
    p.ratio = 4.0;
    p.attack_ms = 10.0;
    p.release_ms = 100.0;
    // 0 dBFS input: target reduction 15 dB. After one attack time constant (441 samples) the
    // reduction reaches 1 - 1/e of it (within one sample of discretization).
    std::vector<float> x(44100, 1.0f);
    x.insert(x.end(), 44100, 0.01f);  // -40 dB: below threshold, reduction decays to 0
    const std::vector<float> y = compress_mono(x, p);
    const double target = 15.0;
    const double after_attack = -20.0 * std::log10(y[440] / x[440]);
    EXPECT_NEAR(after_attack / target, 1.0 - std::exp(-1.0), 2e-3);
    const double start_release = -20.0 * std::log10(y[44099] / x[44099]);
    const double after_release = -20.0 * std::log10(y[44099 + 4410] / x[44099 + 4410]);
    EXPECT_NEAR(after_release / start_release, std::exp(-1.0), 2e-3);
}

}  // namespace
