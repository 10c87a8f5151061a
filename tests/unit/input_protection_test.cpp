// Hostile or careless inputs (docs/exit-codes.md): duplicate overrides, FIFOs and earlier mixes
// in a stems folder, implausible targets, a broken gain stage, a silent reference.
#include <gtest/gtest.h>
#include <sndfile.h>
#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "automix/audio_io.hpp"
#include "automix/error.hpp"
#include "automix/features.hpp"
#include "automix/master.hpp"
#include "automix/stems.hpp"
#include "automix/targets.hpp"
#include "support/error_of.hpp"
#include "support/test_audio.hpp"

using namespace automix;
using automix::test::error_of;
using automix::test::TempDir;
namespace fs = std::filesystem;

namespace {

Targets plausible_targets() {
    Targets t;
    for (StemType type : kAllStemTypes) {
        t[type].eq_magnitude.assign(kTargetCurveBins, 1.0);
        t[type].panning_similarity.assign(kTargetCurveBins, 0.9);
        t[type].dynamics_mean_db = -14.0;
        t[type].dynamics_std_db = 1.0;
        t[type].loudness_lufs = -32.0;
    }
    return t;
}

}  // namespace

TEST(DuplicateOverrides, OneFileNamedTwiceIsAUsageError) {
    auto [kind, msg] = error_of([] { parse_stem_options({"bass.wav=bass", "x/bass.wav=other"}); });
    EXPECT_EQ(kind, ErrorKind::Usage);
    EXPECT_NE(msg.find("twice"), std::string::npos) << msg;
    // "vocals" and "vocals.wav" both name vocals.wav.
    const StemOverrides both = parse_stem_options({"vocals=bass", "vocals.wav=drums"});
    EXPECT_EQ(error_of([&] { assign_stems({"/s/vocals.wav"}, both); }).first, ErrorKind::Usage);
    // ... but not when the folder holds two files they name separately.
    EXPECT_NO_THROW(assign_stems({"/s/vocals.flac", "/s/vocals.wav"}, both));

    TempDir dir;
    std::ofstream(dir.file("map.json")) << R"({"a.wav": "bass", "b": "skip", "a.wav": "drums"})";
    auto [map_kind, map_msg] = error_of([&] { load_stem_map(dir.file("map.json")); });
    EXPECT_EQ(map_kind, ErrorKind::Usage);
    EXPECT_NE(map_msg.find("'a.wav' twice"), std::string::npos) << map_msg;
}

TEST(StemsFolder, FifosAreSkippedWithAReasonAndEarlierMixesAreNotStems) {
    TempDir dir;
    const AudioBuffer tone = test::sine(220, 0.3, 0.2, 44100);
    test::write_with_sndfile(dir.file("bass.wav"), tone, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    ASSERT_EQ(mkfifo(dir.file("x.wav").c_str(), 0600), 0);
    // A mix automix wrote (software tag), and an older one known only from its report.
    write_audio(dir.file("song.wav"), tone,
                WriteOptions{SampleFormat::Pcm24, std::string(kMixSoftwareTag) + " 0.1.0"});
    test::write_with_sndfile(dir.file("old.wav"), tone, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    std::ofstream(dir.file("old.json"))
        << R"({"schema": {"name": "automix-mix-report", "version": 1},
               "output": {"path": "/elsewhere/old.wav"}})";

    const Discovery d = discover_stem_files(dir.path().string());
    bool fifo_reported = false;
    for (const SkippedFile& s : d.skipped) {
        fifo_reported |= s.path == dir.file("x.wav") && s.reason.find("FIFO") != std::string::npos;
    }
    EXPECT_TRUE(fifo_reported);
    ASSERT_EQ(d.automix_mixes.size(), 2u);
    EXPECT_NE(d.automix_mixes.at(dir.file("song.wav")).find("software tag"), std::string::npos);
    EXPECT_NE(d.automix_mixes.at(dir.file("old.wav")).find("old.json"), std::string::npos);

    const auto grouped = assign_stems(d.audio_files, {}, d.automix_mixes);
    for (const StemAssignment& a : grouped) {
        const bool is_mix = a.path != dir.file("bass.wav");
        EXPECT_EQ(a.type.has_value(), !is_mix) << a.path << " " << a.rule;
        if (is_mix) {
            EXPECT_NE(a.rule.find("automix mix"), std::string::npos);
        }
    }
    // The user can still use an earlier mix as a stem by naming it.
    const auto forced = assign_stems(d.audio_files, {{"song.wav", "other"}}, d.automix_mixes);
    bool used = false;
    for (const StemAssignment& a : forced) used |= a.path == dir.file("song.wav") && a.type;
    EXPECT_TRUE(used);
}

TEST(TargetRanges, EveryFieldIsCheckedAndNamed) {
    EXPECT_NO_THROW(validate_targets(plausible_targets(), "t.json"));
    struct Case {
        const char* field;
        void (*spoil)(Targets&);
    };
    const Case cases[] = {
        {"stems.vocals.loudness_lufs",
         [](Targets& t) { t[StemType::Vocals].loudness_lufs = 1e308; }},
        {"stems.bass.loudness_lufs", [](Targets& t) { t[StemType::Bass].loudness_lufs = -200; }},
        {"stems.drums.dynamics_db[0]",
         [](Targets& t) { t[StemType::Drums].dynamics_mean_db = 40; }},
        {"stems.other.dynamics_db[1]",
         [](Targets& t) { t[StemType::Other].dynamics_std_db = 1e9; }},
        {"stems.vocals.eq_magnitude[7]",
         [](Targets& t) { t[StemType::Vocals].eq_magnitude[7] = 1e30; }},
        {"stems.bass.eq_magnitude[0]", [](Targets& t) { t[StemType::Bass].eq_magnitude[0] = -1; }},
        {"stems.drums.eq_magnitude is zero everywhere",
         [](Targets& t) { t[StemType::Drums].eq_magnitude.assign(kTargetCurveBins, 0.0); }},
        {"stems.other.panning_similarity[3]",
         [](Targets& t) { t[StemType::Other].panning_similarity[3] = NAN; }},
    };
    for (const Case& c : cases) {
        Targets t = plausible_targets();
        c.spoil(t);
        auto [kind, msg] = error_of([&] { validate_targets(t, "t.json"); });
        EXPECT_EQ(kind, ErrorKind::Input) << c.field;
        EXPECT_NE(msg.find(c.field), std::string::npos) << msg;
        EXPECT_EQ(msg.rfind("t.json: ", 0), 0u) << msg;
    }
    // The reference file's layout is named in its own terms.
    Targets ref = plausible_targets();
    ref.source_format = "fxnorm-reference";
    ref[StemType::Vocals].loudness_lufs = 1e308;
    EXPECT_NE(error_of([&] { validate_targets(ref, "f.json"); }).second.find("loudness/vocals"),
              std::string::npos);
}

TEST(MixGuard, NonFiniteAndFullScaleDcMixesAreRefused) {
    AudioBuffer mix = test::sine(440, 0.5, 1.0, 44100);
    EXPECT_NO_THROW(check_mix_is_sane(mix, "m.wav"));
    for (float& v : mix.channels[1]) v += 0.3f;  // a DC offset, but not a constant
    EXPECT_NO_THROW(check_mix_is_sane(mix, "m.wav"));
    AudioBuffer dc = mix;
    for (float& v : dc.channels[0]) v = -1.0f;
    auto [kind, msg] = error_of([&] { check_mix_is_sane(dc, "m.wav"); });
    EXPECT_EQ(kind, ErrorKind::Processing);
    EXPECT_NE(msg.find("full-scale DC"), std::string::npos) << msg;
    AudioBuffer nan = mix;
    nan.channels[1][10] = NAN;
    EXPECT_NE(error_of([&] { check_mix_is_sane(nan, "m.wav"); }).second.find("non-finite"),
              std::string::npos);
    nan.channels[1][10] = INFINITY;
    EXPECT_THROW(apply_true_peak_ceiling(nan, -1.0), Error);
}

TEST(SilentReference, UndefinedErrorsAreNullWithAReason) {
    AudioBuffer mix = test::sine(440, 0.3, 3.0, 44100);
    for (float& v : mix.channels[1]) v *= 0.5f;  // panned, so the panning errors are defined
    const AudioBuffer silence(2, mix.num_frames(), 44100);
    const FeatureComparison c = compare_features(compute_features(mix), compute_features(silence));
    for (const char* group : {"loudness", "spectral", "panning", "dynamic"}) {
        for (const auto& [key, value] : c.errors.at(group).items()) {
            EXPECT_TRUE(value.is_null()) << group << "." << key << " = " << value;
            const std::string reason =
                c.errors.at("undefined").value(std::string(group) + "." + key, std::string());
            EXPECT_NE(reason.find("silence"), std::string::npos) << group << "." << key;
        }
        EXPECT_TRUE(std::isnan(c.group_scores.at(group))) << group;
    }
    // A real reference keeps real numbers in the four groups. (A steady sine's loudness range is
    // 0, so the standard LRA error is legitimately undefined: it must come with its reason.)
    const FeatureComparison self = compare_features(compute_features(mix), compute_features(mix));
    for (const char* group : {"loudness", "spectral", "panning", "dynamic"}) {
        for (const auto& [key, value] : self.errors.at(group).items()) {
            EXPECT_TRUE(value.is_number()) << group << "." << key;
        }
    }
    ASSERT_TRUE(self.errors.at("standard").at("loudness_range_lu").is_null());
    EXPECT_NE(
        self.errors.at("undefined").value("standard.loudness_range_lu", std::string()).find("is 0"),
        std::string::npos);
}
