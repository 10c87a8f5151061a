#include "automix/stems.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <filesystem>
#include <fstream>

#include "automix/error.hpp"
#include "support/test_audio.hpp"

using namespace automix;
using automix::test::TempDir;

TEST(StemNames, DocumentedTableExamples) {
    const std::pair<const char*, StemType> cases[] = {
        {"Lead Vocal.wav", StemType::Vocals},    {"vox_dbl.flac", StemType::Vocals},
        {"BackingVoice2.wav", StemType::Vocals}, {"Choir.aif", StemType::Vocals},
        {"lead.wav", StemType::Vocals},          {"Kick In.wav", StemType::Drums},
        {"snare_top.wav", StemType::Drums},      {"HiHat.wav", StemType::Drums},
        {"Tom 1.wav", StemType::Drums},          {"Overheads.wav", StemType::Drums},
        {"cymbals.wav", StemType::Drums},        {"perc_loop.wav", StemType::Drums},
        {"drums.wav", StemType::Drums},          {"Bass Drum.wav", StemType::Drums},
        {"bass_DI.wav", StemType::Bass},         {"Sub.wav", StemType::Bass},
        {"SynthBass.wav", StemType::Bass},       {"bass guitar.wav", StemType::Bass},
        {"Lead Guitar.wav", StemType::Other},    {"piano.wav", StemType::Other},
        {"track07.wav", StemType::Other},        {"subtitles.wav", StemType::Other},
        {"tomato.wav", StemType::Other},
    };
    for (auto [name, type] : cases) {
        EXPECT_EQ(classify_file_name(name).type, type) << name;
    }
    EXPECT_EQ(classify_file_name("kick.wav").keyword, "kick");
    EXPECT_TRUE(looks_like_full_mix("mixture.wav"));
    EXPECT_TRUE(looks_like_full_mix("Final Mix.wav"));
    EXPECT_FALSE(looks_like_full_mix("guitar mix bus.wav"));
    EXPECT_FALSE(looks_like_full_mix("vocals.wav"));
}

TEST(StemGrouping, OverridesBeatTheTableAndTyposAreErrors) {
    const std::vector<std::string> files = {"/s/kick.wav", "/s/gtr.wav", "/s/mixture.wav",
                                            "/s/noise.wav"};
    StemOverrides o = parse_stem_options({"gtr.wav=vocals", "noise=skip"});
    auto a = assign_stems(files, o);
    ASSERT_EQ(a.size(), 4u);
    EXPECT_EQ(a[0].type, StemType::Drums);
    EXPECT_EQ(a[1].type, StemType::Vocals);
    EXPECT_EQ(a[1].rule, "override");
    EXPECT_FALSE(a[2].type.has_value());  // a full mix is not a stem unless asked
    EXPECT_FALSE(a[3].type.has_value());
    EXPECT_THROW(assign_stems(files, parse_stem_options({"gtar.wav=bass"})), Error);
    EXPECT_THROW(parse_stem_options({"gtr.wav=flute"}), Error);
    EXPECT_THROW(parse_stem_options({"gtr.wav"}), Error);
}

TEST(StemGrouping, JsonMapFile) {
    TempDir dir;
    std::ofstream(dir.file("map.json")) << R"({"a.wav": "Bass", "b": "skip"})";
    StemOverrides o = load_stem_map(dir.file("map.json"));
    EXPECT_EQ(o.at("a.wav"), "bass");
    EXPECT_EQ(o.at("b"), "skip");
    std::ofstream(dir.file("bad.json")) << R"({"a.wav": "kazoo"})";
    EXPECT_THROW(load_stem_map(dir.file("bad.json")), Error);
    std::ofstream(dir.file("broken.json")) << "{";
    EXPECT_THROW(load_stem_map(dir.file("broken.json")), Error);
}

TEST(StemDiscovery, SkipsNonAudioAndRejectsEmptyFolders) {
    TempDir dir;
    EXPECT_THROW(discover_stem_files(dir.path().string()), Error);  // empty
    std::ofstream(dir.file("notes.txt")) << "session notes";
    EXPECT_THROW(discover_stem_files(dir.path().string()), Error);  // no audio
    test::write_with_sndfile(dir.file("b.wav"), test::sine(50, 0.1, 0.1, 44100, 1),
                             SF_FORMAT_WAV | SF_FORMAT_PCM_16);
    std::ofstream(dir.file(".DS_Store")) << "x";
    Discovery d = discover_stem_files(dir.path().string());
    ASSERT_EQ(d.audio_files.size(), 1u);
    ASSERT_EQ(d.skipped.size(), 1u);
    EXPECT_NE(d.skipped[0].path.find("notes.txt"), std::string::npos);
    EXPECT_THROW(discover_stem_files(dir.file("nope")), Error);
}

// Alignment oracle: files start together; shorter files and absent types are zero-padded.
TEST(StemLoading, SumsAlignsResamplesAndPads) {
    TempDir dir;
    test::write_with_sndfile(dir.file("kick.wav"), test::sine(60, 0.25, 1.0, 44100, 1),
                             SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    test::write_with_sndfile(dir.file("snare.wav"), test::sine(60, 0.25, 0.5, 44100, 2),
                             SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    test::write_with_sndfile(dir.file("bass.flac"), test::sine(50, 0.5, 2.0, 22050, 1),
                             SF_FORMAT_FLAC | SF_FORMAT_PCM_24);
    auto a = assign_stems(discover_stem_files(dir.path().string()).audio_files, {});
    std::vector<InputRecord> rec;
    StemSet s = load_stems(a, 44100, &rec, nullptr);
    EXPECT_EQ(rec.size(), 3u);
    EXPECT_EQ(s.num_frames(), 88200u);  // the 2 s bass at 22.05 kHz, resampled
    for (const auto& stem : s.stems) {
        ASSERT_EQ(stem.num_channels(), 2);
        ASSERT_EQ(stem.num_frames(), 88200u);
    }
    EXPECT_TRUE(s.present[static_cast<int>(StemType::Drums)]);
    EXPECT_FALSE(s.present[static_cast<int>(StemType::Vocals)]);
    const AudioBuffer& drums = s[StemType::Drums];
    const AudioBuffer ref = test::sine(60, 0.5, 1.0, 44100, 1);
    EXPECT_NEAR(drums.channels[1][1000], ref.channels[0][1000], 1e-6);        // both files
    EXPECT_NEAR(drums.channels[1][30000], ref.channels[0][30000] / 2, 1e-6);  // kick only
    EXPECT_EQ(drums.channels[0][60000], 0.0f);                                // padding
    EXPECT_EQ(s[StemType::Vocals].channels[0][100], 0.0f);
}
