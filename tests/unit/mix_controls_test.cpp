// Per-stem controls: a gain moves one contribution by exactly its dB and leaves the others bit
// for bit; pan and width do what the constant-power balance and mid/side law say; mute and solo;
// every bad value is a usage error that names it; the settings file round-trips.
#include "automix/mix_controls.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>

#include "support/error_of.hpp"
#include "support/test_audio.hpp"

namespace {

using automix::ControlKind;
using automix::MixControls;
using automix::StemSet;
using automix::StemType;

StemSet random_stems() {
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> u(-0.5f, 0.5f);
    StemSet s;
    for (int k = 0; k < automix::kNumStemTypes; ++k) {
        s.stems[k] = automix::AudioBuffer(2, 4096, 44100);
        for (auto& ch : s.stems[k].channels)
            for (float& v : ch) v = u(rng);
        s.present[k] = true;
    }
    return s;
}

double energy(const std::vector<float>& x) {
    double e = 0.0;
    for (float v : x) e += static_cast<double>(v) * v;
    return e;
}

// The mid/side law of a width change: the mid (L + R) is kept, the side (L - R) scaled by `width`.
void expect_width(const automix::AudioBuffer& after, const automix::AudioBuffer& before,
                  double width) {
    for (std::size_t i = 0; i < before.num_frames(); i += 17) {
        const double l0 = before.channels[0][i], r0 = before.channels[1][i];
        EXPECT_NEAR(after.channels[0][i] + after.channels[1][i], l0 + r0, 1e-6) << i;
        EXPECT_NEAR(after.channels[0][i] - after.channels[1][i], width * (l0 - r0), 1e-6) << i;
    }
}

TEST(MixControls, GainMovesOneStemAndLeavesTheOthersBitIdentical) {
    const StemSet before = random_stems();
    StemSet after = before;
    MixControls c;
    automix::set_control(c, ControlKind::Gain, "vocals=+6");
    automix::apply_controls(after, c);
    const double db = 10.0 * std::log10(energy(after[StemType::Vocals].channels[0]) /
                                        energy(before[StemType::Vocals].channels[0]));
    EXPECT_NEAR(db, 6.0, 1e-4);
    for (StemType t : {StemType::Bass, StemType::Drums, StemType::Other}) {
        EXPECT_EQ(after[t].channels, before[t].channels) << automix::to_string(t);
    }
}

TEST(MixControls, PanAndWidthFollowTheirLaws) {
    const StemSet before = random_stems();
    StemSet after = before;
    MixControls c;
    automix::set_control(c, ControlKind::Pan, "bass=1");
    automix::set_control(c, ControlKind::Width, "other=0");
    automix::set_control(c, ControlKind::Width, "drums=2");
    automix::apply_controls(after, c);
    // Hard right: the left is silent, the right 3 dB up (constant power: sqrt 2).
    const auto& b = after[StemType::Bass];
    EXPECT_LT(energy(b.channels[0]), 1e-20);
    EXPECT_NEAR(b.channels[1][100], before[StemType::Bass].channels[1][100] * std::sqrt(2.0), 1e-6);
    // Width 0 is mono (no side: both channels the mid); width 2 doubles the side.
    expect_width(after[StemType::Other], before[StemType::Other], 0.0);
    expect_width(after[StemType::Drums], before[StemType::Drums], 2.0);
}

TEST(MixControls, MuteAndSolo) {
    const StemSet before = random_stems();
    StemSet after = before;
    MixControls c;
    automix::set_control(c, ControlKind::Solo, "vocals");
    automix::set_control(c, ControlKind::Solo, "drums");
    automix::set_control(c, ControlKind::Mute, "drums");  // mute wins over solo
    automix::apply_controls(after, c);
    EXPECT_EQ(after[StemType::Vocals].channels, before[StemType::Vocals].channels);
    for (StemType t : {StemType::Bass, StemType::Drums, StemType::Other}) {
        EXPECT_EQ(energy(after[t].channels[0]) + energy(after[t].channels[1]), 0.0)
            << automix::to_string(t);
    }
    EXPECT_FALSE(c.is_identity());
    EXPECT_TRUE(MixControls{}.is_identity());
}

TEST(MixControls, BadValuesAreUsageErrorsNamingThem) {
    struct Case {
        ControlKind kind;
        const char* text;
        const char* named;
    };
    for (const Case& k :
         {Case{ControlKind::Gain, "guitar=3", "guitar"},
          Case{ControlKind::Gain, "vocals=200", "vocals=200"},
          Case{ControlKind::Gain, "vocals=loud", "loud"},
          Case{ControlKind::Gain, "vocals=nan", "nan"}, Case{ControlKind::Gain, "vocals", "vocals"},
          Case{ControlKind::Pan, "bass=1.5", "bass=1.5"},
          Case{ControlKind::Width, "other=-0.1", "other=-0.1"},
          Case{ControlKind::Mute, "kazoo", "kazoo"},
          Case{ControlKind::Solo, "drums=1", "drums=1"}}) {
        MixControls c;
        const auto [kind, message] =
            automix::test::error_of([&] { automix::set_control(c, k.kind, k.text); });
        EXPECT_EQ(kind, automix::ErrorKind::Usage) << k.text;
        EXPECT_NE(message.find(k.named), std::string::npos) << message;
    }
}

TEST(MixControls, SettingsFileRoundTripsAndRejectsBadFiles) {
    automix::test::TempDir dir;
    MixControls c;
    automix::set_control(c, ControlKind::Gain, "vocals=2.5");
    automix::set_control(c, ControlKind::Pan, "other=-0.25");
    automix::set_control(c, ControlKind::Width, "other=1.5");
    automix::set_control(c, ControlKind::Mute, "bass");
    const std::string good = dir.file("good.json");
    std::ofstream(good) << automix::mix_settings_json(c).dump(2);
    const MixControls back = automix::load_mix_settings(good);
    EXPECT_EQ(automix::mix_settings_json(back), automix::mix_settings_json(c));
    EXPECT_DOUBLE_EQ(back[StemType::Vocals].gain_db, 2.5);

    struct Bad {
        const char* text;
        const char* named;
    };
    for (const Bad& b :
         {Bad{"{\"gain\": {\"vocals\": 200}}", "vocals=200"},
          Bad{"{\"gain\": {\"flute\": 1}}", "flute"},
          Bad{"{\"pan\": {\"bass\": \"left\"}}", "\"left\""}, Bad{"{\"volume\": {}}", "volume"},
          Bad{"{\"mute\": \"drums\"}", "mute"},
          Bad{"{\"gain\": {\"vocals\": 1,}", "not valid JSON"}, Bad{"[1, 2]", "JSON object"}}) {
        const std::string path = dir.file("bad.json");
        std::ofstream(path, std::ios::trunc) << b.text;
        const auto [kind, message] =
            automix::test::error_of([&] { automix::load_mix_settings(path); });
        EXPECT_EQ(kind, automix::ErrorKind::Usage) << b.text;
        EXPECT_NE(message.find(b.named), std::string::npos) << message;
        EXPECT_NE(message.find(path), std::string::npos) << message;
    }
}

}  // namespace
