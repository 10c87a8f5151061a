// Window planning and crossfade weights of the segmented model engine (no LibTorch needed).
#include <gtest/gtest.h>

#include <cmath>

#include "mixer/segmentation.hpp"

using namespace automix;

namespace {

/// Checks the invariants every plan must satisfy; see plan_segments().
void check_plan(std::size_t frames, const SegmentationParams& p) {
    SCOPED_TRACE("frames=" + std::to_string(frames) + " segment=" + std::to_string(p.segment) +
                 " context=" + std::to_string(p.context) + " overlap=" + std::to_string(p.overlap));
    const auto plan = plan_segments(frames, p);
    if (frames == 0) {
        EXPECT_TRUE(plan.empty());
        return;
    }
    ASSERT_FALSE(plan.empty());
    const std::size_t padded = (frames + p.multiple - 1) / p.multiple * p.multiple;
    for (std::size_t k = 0; k < plan.size(); ++k) {
        const Segment& s = plan[k];
        EXPECT_EQ(s.input_begin % p.multiple, 0u);  // on the pooling grid
        EXPECT_EQ(s.input_frames % p.multiple, 0u);
        EXPECT_GT(s.input_frames, 0u);
        EXPECT_LE(s.input_begin + s.input_frames, padded);
        if (p.segment) {
            EXPECT_LE(s.input_frames, p.segment);  // bounded memory
        }
        // Nothing written from outside the window, nor from its inner context.
        const std::size_t lo = k == 0 ? 0 : s.input_begin + p.context;
        const std::size_t hi =
            k + 1 == plan.size() ? frames : s.input_begin + s.input_frames - p.context;
        EXPECT_GE(s.write_begin, lo);
        EXPECT_LE(s.write_end, hi);
    }
    EXPECT_EQ(plan.front().write_begin, 0u);
    EXPECT_EQ(plan.back().write_end, frames);
    // The weights of all windows sum to one at every frame; at most two windows overlap.
    for (std::size_t t = 0; t < frames; ++t) {
        double sum = 0.0;
        int active = 0;
        for (const Segment& s : plan) {
            const float w = segment_weight(s, t);
            ASSERT_GE(w, 0.0f);
            ASSERT_LE(w, 1.0f);
            sum += w;
            active += w > 0.0f;
        }
        ASSERT_NEAR(sum, 1.0, 1e-6) << "t=" << t;
        ASSERT_LE(active, 2) << "t=" << t;
    }
}

}  // namespace

TEST(MixerSegmentation, CrossfadeIsRaisedCosineAndComplementary) {
    const std::size_t n = 1000;
    for (std::size_t i = 0; i < n; ++i) {
        const float fall = crossfade_fall(i, n);
        // Closed form cos^2(pi/2 (i + 1/2) / n); symmetric: fall(i) + fall(n-1-i) = 1.
        EXPECT_NEAR(fall, std::pow(std::cos(M_PI / 2 * (i + 0.5) / n), 2), 1e-6);
        EXPECT_NEAR(fall + crossfade_fall(n - 1 - i, n), 1.0f, 1e-6f);
        if (i) {
            EXPECT_LT(fall, crossfade_fall(i - 1, n));
        }
    }
}

TEST(MixerSegmentation, WeightsSumToOneForAllLengths) {
    SegmentationParams p;
    p.segment = 64 * 40;
    p.context = 64 * 5;
    p.overlap = 64 * 8;
    const std::size_t s = p.segment;
    for (std::size_t frames :
         {std::size_t(0), std::size_t(1), std::size_t(63), std::size_t(64), s - 1, s, s + 1, s + 64,
          s + 65, 2 * s - 100, 3 * s + 17, 10 * s + 1000, std::size_t(64 * 1000 + 7)}) {
        check_plan(frames, p);
    }
}

TEST(MixerSegmentation, EdgeConfigurations) {
    SegmentationParams p;
    p.segment = 64 * 20;
    for (std::size_t context : {0, 64, 64 * 3}) {
        for (std::size_t overlap : {0, 64, 64 * 4}) {
            p.context = context;
            p.overlap = overlap;
            ASSERT_EQ(segmentation_problem(p), "");
            for (std::size_t frames : {64 * 20 + 1, 64 * 57 + 3, 64 * 200}) check_plan(frames, p);
        }
    }
    // The smallest legal segment: hop equal to the overlap.
    p.context = 64 * 2;
    p.overlap = 64 * 3;
    p.segment = 2 * p.context + 2 * p.overlap;
    ASSERT_EQ(segmentation_problem(p), "");
    check_plan(64 * 123 + 5, p);
}

TEST(MixerSegmentation, SongShorterThanSegmentIsOneWindowOfItsOwnPaddedLength) {
    SegmentationParams p;
    p.segment = 64 * 100;
    p.context = 64;
    p.overlap = 128;
    const auto plan = plan_segments(1000, p);
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_EQ(plan[0].input_frames, 1024u);
    EXPECT_EQ(plan[0].write_end, 1000u);
    // Unlimited segment: one window whatever the length.
    p.segment = 0;
    EXPECT_EQ(plan_segments(64 * 100000 + 1, p).size(), 1u);
}

TEST(MixerSegmentation, WindowCountFollowsHop) {
    SegmentationParams p;
    p.segment = 6400;
    p.context = 640;
    p.overlap = 1280;  // hop = 6400 - 1280 - 1280 = 3840
    EXPECT_EQ(plan_segments(6400, p).size(), 1u);
    EXPECT_EQ(plan_segments(6401, p).size(), 2u);
    EXPECT_EQ(plan_segments(6400 + 3840, p).size(), 2u);
    EXPECT_EQ(plan_segments(6400 + 3840 + 1, p).size(), 3u);
}

TEST(MixerSegmentation, RejectsImpossibleParameters) {
    SegmentationParams p;
    p.segment = 6400;
    p.context = 640;
    p.overlap = 2560;  // 2 * 640 + 2 * 2560 = 6400: legal
    EXPECT_EQ(segmentation_problem(p), "");
    p.overlap = 2624;  // hop < overlap
    EXPECT_NE(segmentation_problem(p), "");
    p.overlap = 0;
    p.context = 3200;  // no room left for a hop
    EXPECT_NE(segmentation_problem(p), "");
    p.context = 100;  // not a multiple of 64
    EXPECT_NE(segmentation_problem(p), "");
}
