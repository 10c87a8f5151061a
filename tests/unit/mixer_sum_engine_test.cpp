// The sum engine against the sample-wise sum computed here.
#include <gtest/gtest.h>

#include "automix/error.hpp"
#include "automix/mixer.hpp"

using namespace automix;

namespace {

StemSet make_stems(std::size_t frames, int rate) {
    StemSet s;
    for (int k = 0; k < kNumStemTypes; ++k) {
        s.stems[k] = AudioBuffer(2, frames, rate);
        for (int c = 0; c < 2; ++c) {
            for (std::size_t t = 0; t < frames; ++t) {
                s.stems[k].channels[c][t] = 0.01f * static_cast<float>((k + 1) * (c + 2)) +
                                            1e-4f * static_cast<float>((t * (k + 3)) % 97);
            }
        }
    }
    return s;
}

}  // namespace

TEST(MixerSumEngine, EqualsSampleWiseSum) {
    const StemSet stems = make_stems(1001, 48000);
    auto engine = make_sum_engine();
    EXPECT_EQ(engine->name(), "sum");
    EXPECT_EQ(engine->required_sample_rate(), 0);
    double last = -1.0;
    const AudioBuffer mix = engine->mix(stems, [&](const std::string& stage, double f) {
        EXPECT_EQ(stage, "mix");
        EXPECT_GE(f, last);
        last = f;
    });
    EXPECT_EQ(last, 1.0);
    ASSERT_EQ(mix.num_channels(), 2);
    ASSERT_EQ(mix.num_frames(), 1001u);
    EXPECT_EQ(mix.sample_rate, 48000);
    for (int c = 0; c < 2; ++c) {
        for (std::size_t t = 0; t < 1001; ++t) {
            float expected = 0.0f;
            for (int k = 0; k < kNumStemTypes; ++k) expected += stems.stems[k].channels[c][t];
            ASSERT_NEAR(mix.channels[c][t], expected, 1e-6f) << "c=" << c << " t=" << t;
        }
    }
}

TEST(MixerSumEngine, EmptyInputGivesEmptyStereoMix) {
    const AudioBuffer mix = make_sum_engine()->mix(make_stems(0, 44100), nullptr);
    EXPECT_EQ(mix.num_channels(), 2);
    EXPECT_EQ(mix.num_frames(), 0u);
}

TEST(MixerSumEngine, RejectsStemsOfDifferentLengthOrChannels) {
    StemSet stems = make_stems(100, 44100);
    stems.stems[2].channels[1].resize(99);
    try {
        make_sum_engine()->mix(stems, nullptr);
        FAIL() << "expected an Error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Processing);
    }
    stems = make_stems(100, 44100);
    stems.stems[0].channels.resize(1);
    EXPECT_THROW(make_sum_engine()->mix(stems, nullptr), Error);
}

TEST(MixerSumEngine, ContributionsAreTheStemsAndSumToTheMix) {
    const StemSet stems = make_stems(777, 44100);
    auto engine = make_sum_engine();
    EXPECT_TRUE(engine->has_contributions());
    const StemSet c = engine->mix_contributions(stems, nullptr);
    for (int k = 0; k < kNumStemTypes; ++k) EXPECT_EQ(c.stems[k].channels, stems.stems[k].channels);
    // Summing the contributions with the engine gives its mix bit for bit.
    EXPECT_EQ(engine->mix(c, nullptr).channels, engine->mix(stems, nullptr).channels);
}
