// "What the mixer did": known changes to a noise stem are read back — a gain as its level in dB
// with a flat EQ curve, a width change as its side-to-mid change, a two-tap low-pass as its
// analytic response per third-octave band, a hard clip as a lower crest factor.
#include "automix/mixer_decisions.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "automix/mix_controls.hpp"

namespace {

using automix::AudioBuffer;
using automix::StemProfile;

constexpr int kRate = 44100;

AudioBuffer stereo_noise(double seconds) {
    std::mt19937 rng(5);
    std::normal_distribution<float> n(0.0f, 0.05f);
    AudioBuffer a(2, static_cast<std::size_t>(seconds * kRate), kRate);
    for (std::size_t i = 0; i < a.num_frames(); ++i) {
        const float common = n(rng);
        a.channels[0][i] = common + 0.5f * n(rng);
        a.channels[1][i] = common + 0.5f * n(rng);
    }
    return a;
}

AudioBuffer controlled(const AudioBuffer& a, const std::string& gain, const std::string& width) {
    automix::StemSet s;
    s.stems[0] = a;
    automix::MixControls c;
    if (!gain.empty()) automix::set_control(c, automix::ControlKind::Gain, "vocals=" + gain);
    if (!width.empty()) automix::set_control(c, automix::ControlKind::Width, "vocals=" + width);
    automix::apply_controls(s, c);
    return s.stems[0];
}

TEST(MixerDecisions, GainAndWidthAreReadBack) {
    const AudioBuffer dry = stereo_noise(10.0);
    const StemProfile p0 = automix::profile_stem(dry);
    const automix::StemChange g =
        automix::compare_profiles(p0, automix::profile_stem(controlled(dry, "-4.5", "")));
    EXPECT_NEAR(g.level_db, -4.5, 0.01);
    for (double v : g.eq_db) EXPECT_NEAR(v, 0.0, 0.01);
    EXPECT_NEAR(g.width_change_db, 0.0, 0.01);
    EXPECT_NEAR(g.tilt_db_per_octave, 0.0, 0.01);

    const automix::StemChange w =
        automix::compare_profiles(p0, automix::profile_stem(controlled(dry, "", "2")));
    EXPECT_NEAR(w.width_change_db, 20.0 * std::log10(2.0), 0.01);
}

TEST(MixerDecisions, EqCurveFollowsAKnownFilter) {
    const AudioBuffer dry = stereo_noise(20.0);
    AudioBuffer wet = dry;  // y[n] = (x[n] + x[n-1]) / 2: |H|^2 = (1 + cos w) / 2
    for (auto& ch : wet.channels) {
        for (std::size_t i = ch.size() - 1; i > 0; --i) ch[i] = 0.5f * (ch[i] + ch[i - 1]);
    }
    const automix::StemChange c =
        automix::compare_profiles(automix::profile_stem(dry), automix::profile_stem(wet));
    const auto& fc = automix::third_octave_centres();
    auto response_db = [](double f) {
        return 10.0 * std::log10(0.5 * (1.0 + std::cos(2.0 * M_PI * f / kRate)));
    };
    std::size_t ref = 0;
    while (fc[ref] < 999.0) ++ref;
    for (std::size_t b = 0; b < fc.size(); ++b) {
        if (fc[b] < 100.0 || fc[b] > 10000.0) continue;  // noise-limited at the ends
        EXPECT_NEAR(c.eq_db[b] - c.eq_db[ref], response_db(fc[b]) - response_db(fc[ref]), 0.3)
            << fc[b] << " Hz";
    }
    EXPECT_LT(c.tilt_db_per_octave, -0.2);  // a low-pass tilts the curve down
}

TEST(MixerDecisions, ClippingLowersTheCrestFactor) {
    const AudioBuffer dry = stereo_noise(10.0);
    AudioBuffer clipped = dry;
    for (auto& ch : clipped.channels)
        for (float& v : ch) v = std::clamp(v, -0.05f, 0.05f);
    const automix::StemChange c =
        automix::compare_profiles(automix::profile_stem(dry), automix::profile_stem(clipped));
    EXPECT_LT(c.crest_change_db, -3.0);
}

TEST(MixerDecisions, ReportSectionNamesPresentStemsAndSilence) {
    std::array<StemProfile, automix::kNumStemTypes> dry, mixed;
    dry[0] = mixed[0] = automix::profile_stem(stereo_noise(2.0));
    mixed[1] = automix::profile_stem(AudioBuffer(2, kRate, kRate));  // muted bass
    dry[1] = dry[0];
    const auto j = automix::mixer_decisions_json(dry, mixed, {true, true, false, false});
    EXPECT_EQ(j["bands_hz"].size(), 30u);
    EXPECT_NEAR(j["stems"]["vocals"]["change"]["level_db"].get<double>(), 0.0, 1e-12);
    EXPECT_EQ(j["stems"]["bass"]["contribution"], "silent");
    EXPECT_FALSE(j["stems"].contains("drums"));
    // The plot draws one EQ curve per stem with a change, and its level bar.
    const std::string svg = automix::mixer_decisions_svg("song", j);
    EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
    std::size_t curves = 0;
    for (std::size_t at = svg.find("<polyline"); at != std::string::npos;
         at = svg.find("<polyline", at + 1)) {
        ++curves;
    }
    EXPECT_EQ(curves, 1u);
    EXPECT_NE(svg.find("Level change"), std::string::npos);
    EXPECT_NE(svg.find("</svg>"), std::string::npos);
    // The profile survives the cache's JSON round trip.
    EXPECT_EQ(automix::profile_json(automix::profile_from_json(automix::profile_json(dry[0]))),
              automix::profile_json(dry[0]));
}

}  // namespace
