// fx_normalize as a whole: shapes, pass-through rules, errors and the report.
#include <gtest/gtest.h>

#include <random>

#include "automix/error.hpp"
#include "automix/fxnorm.hpp"

namespace {

using automix::StemType;

automix::Targets flat_targets() {
    automix::Targets t;
    t.provenance = "test";
    for (StemType type : automix::kAllStemTypes) {
        t[type].eq_magnitude.assign(automix::kTargetCurveBins, 1.0);
        t[type].panning_similarity.assign(automix::kTargetCurveBins, 0.9);
        t[type].dynamics_mean_db = -14;
        t[type].dynamics_std_db = 1;
        t[type].loudness_lufs = -30;
    }
    return t;
}

TEST(FxPipeline, KeepsShapesAndPassesAbsentAndQuietStemsThrough) {
    automix::StemSet set;
    const std::size_t n = 3 * 44100 + 17;
    std::mt19937 rng(9);
    std::normal_distribution<float> g(0.0f, 0.1f);
    for (int i = 0; i < automix::kNumStemTypes; ++i)
        set.stems[i] = automix::AudioBuffer(2, n, 44100);
    for (std::size_t i = 0; i < n; ++i) {
        set.stems[0].channels[0][i] = g(rng);
        set.stems[0].channels[1][i] = g(rng);
        set.stems[2].channels[0][i] = 0.001f * g(rng);  // peak ~ -55 dBFS: below the -50 dB gate
    }
    set.present = {true, false, true, true};  // bass absent, other present but all zeros
    const automix::FxNormResult r = automix::fx_normalize(set, flat_targets(), {}, {});
    for (int i = 0; i < automix::kNumStemTypes; ++i) {
        EXPECT_EQ(r.stems.stems[i].num_frames(), n);
        EXPECT_EQ(r.stems.present[i], set.present[i]);
    }
    EXPECT_EQ(r.stems.stems[2].channels, set.stems[2].channels);
    EXPECT_EQ(r.stems.stems[3].channels, set.stems[3].channels);
    EXPECT_NE(r.stems.stems[0].channels, set.stems[0].channels);
    const auto& report = r.report["stems"];
    EXPECT_EQ(report["bass"]["skipped"], "absent");
    EXPECT_EQ(report["other"]["skipped"], "silent");
    EXPECT_EQ(report["drums"]["skipped"], "below -50 dBFS peak");
    for (const char* stage : {"eq", "dynamics", "panning", "loudness"}) {
        EXPECT_TRUE(report["vocals"].contains(stage)) << stage;
    }
    EXPECT_TRUE(report["vocals"]["loudness"].contains("gain_db"));
}

TEST(FxPipeline, RefusesToRunWithoutTargets) {
    automix::StemSet set;
    for (int i = 0; i < automix::kNumStemTypes; ++i)
        set.stems[i] = automix::AudioBuffer(2, 44100, 44100);
    try {
        automix::fx_normalize(set, automix::Targets{}, {}, {});
        FAIL() << "no error without targets";
    } catch (const automix::Error& e) {
        EXPECT_EQ(e.kind(), automix::ErrorKind::Input);
        EXPECT_EQ(e.setting(), "targets_path");
        EXPECT_EQ(std::string(e.what()).find("--"), std::string::npos) << e.what();
    }
}

TEST(FxPipeline, RejectsWrongFormat) {
    automix::StemSet set;
    for (int i = 0; i < automix::kNumStemTypes; ++i)
        set.stems[i] = automix::AudioBuffer(2, 48000, 48000);
    set.present.fill(true);
    EXPECT_THROW(automix::fx_normalize(set, flat_targets(), {}, {}), automix::Error);
}

}  // namespace
