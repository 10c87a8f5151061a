#include <gtest/gtest.h>

#include <cmath>
#include <complex>

#include "automix/dsp/stft.hpp"
#include "support/test_audio.hpp"

using namespace automix::dsp;

namespace {
std::vector<float> noise(std::size_t n, unsigned seed) {
    return automix::test::gaussian_noise(n, seed, 0.3f);
}
}  // namespace

// Oracle: the textbook DFT of the windowed frame, evaluated in double.
TEST(Stft, FramesMatchDirectDft) {
    const int n = 64, hop = 16;
    Stft stft(n, hop, sqrt_periodic_hann(n));
    std::vector<float> x = noise(200, 1);
    Spectrogram s = stft.analyze(x);
    ASSERT_EQ(s.frames, 1u + (200u - 64u) / 16u);  // no centring, remainder dropped
    ASSERT_EQ(s.bins, 33u);
    for (std::size_t t : {std::size_t{0}, s.frames - 1}) {
        for (int k = 0; k <= n / 2; ++k) {
            std::complex<double> acc = 0.0;
            for (int i = 0; i < n; ++i) {
                const double w = std::sqrt(0.5 - 0.5 * std::cos(2 * M_PI * i / n));
                acc += w * x[t * hop + i] * std::polar(1.0, -2 * M_PI * k * i / n);
            }
            EXPECT_NEAR(s.frame(t)[k].real(), acc.real(), 1e-4);
            EXPECT_NEAR(s.frame(t)[k].imag(), acc.imag(), 1e-4);
        }
    }
}

// With sqrt-Hann at 50 % overlap the squared window sums to one, so analysis followed by
// synthesis reconstructs the signal wherever two frames overlap (librosa istft, center=False).
TEST(Stft, SynthesisInvertsAnalysisAtHalfOverlap) {
    const int n = 2048, hop = 1024;
    Stft stft(n, hop, sqrt_periodic_hann(n));
    std::vector<float> x = noise(20000, 2);
    std::vector<float> y = stft.synthesize(stft.analyze(x));
    ASSERT_EQ(y.size(), static_cast<std::size_t>(n + hop * (stft.num_frames(x.size()) - 1)));
    for (std::size_t i = hop; i + hop < y.size(); ++i) ASSERT_NEAR(y[i], x[i], 1e-5) << i;
}

TEST(Stft, ShorterThanOneFrameGivesNoFrames) {
    Stft stft(1024, 256, sqrt_periodic_hann(1024));
    EXPECT_EQ(stft.num_frames(1023), 0u);
    EXPECT_EQ(stft.num_frames(1024), 1u);
    EXPECT_TRUE(stft.synthesize(stft.analyze(std::vector<float>(100))).empty());
}
