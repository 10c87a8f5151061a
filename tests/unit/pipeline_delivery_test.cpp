// Whole runs with the delivery features of issue 11: the loudness target measured by libebur128 on
// the written files (the example song and both ../shared musdb7 songs), per-stem gain, mute and
// solo seen in the exported stems, the exported stems summing to the mix before the master, the
// re-mix from the contribution cache bit-identical to a fresh run, and output rules for the new
// folders.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "automix/audio_io.hpp"
#include "automix/error.hpp"
#include "automix/pipeline.hpp"
#include "support/ebur128_oracle.hpp"
#include "support/error_of.hpp"
#include "support/test_audio.hpp"
#include "test_config.hpp"

namespace {

namespace fs = std::filesystem;
using namespace automix;
using automix::test::TempDir;

const std::string kExample = std::string(AUTOMIX_SOURCE_DIR) + "/examples/song";

MixOptions options_for(const std::string& stems, const TempDir& out, const std::string& name) {
    MixOptions o;
    o.stems_dir = stems;
    o.output_path = out.file(name + ".wav");
    o.compute_features = false;
    o.threads = 1;
    return o;
}

double energy(const AudioBuffer& a) {
    double e = 0.0;
    for (const auto& ch : a.channels)
        for (float v : ch) e += static_cast<double>(v) * v;
    return e;
}

std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(PipelineDelivery, LoudnessTargetOnTheExampleAndMusdbSongs) {
    std::vector<std::string> songs = {kExample};
    const fs::path musdb = fs::path(AUTOMIX_SHARED_DIR) / "data" / "musdb7";
    if (fs::is_directory(musdb)) {
        for (const auto& e : fs::directory_iterator(musdb)) songs.push_back(e.path().string());
    } else {
        std::cout << "musdb7 songs absent at " << musdb << "; only the example is checked\n";
    }
    TempDir out;
    int n = 0;
    for (const std::string& song : songs) {
        MixOptions o = options_for(song, out, "mix" + std::to_string(n++));
        o.loudness_lufs = -14.0;
        const MixOutcome r = run_mix(o, nullptr);
        const test::OracleLoudness m = test::oracle_loudness(read_audio(o.output_path));
        EXPECT_NEAR(m.integrated_lufs, -14.0, 0.1) << song;  // the bar is 0.5 LU
        EXPECT_LE(m.true_peak_dbtp, -1.0) << song;
        const auto& master = r.report.at("master");
        EXPECT_EQ(master.at("loudness_target_lufs"), -14.0);
        EXPECT_TRUE(master.at("reached").get<bool>()) << song;
        EXPECT_GE(master.at("limiter").at("gain_reduction_max_db").get<double>(), 0.0);
    }
}

TEST(PipelineDelivery, GainMovesOneContributionAndExportsSumToThePreMasterMix) {
    TempDir out;
    MixOptions plain = options_for(kExample, out, "plain");
    plain.loudness_lufs = std::nullopt;  // the written mix is then the sum times the ceiling gain
    plain.sample_format = SampleFormat::Float32;
    plain.export_stems_dir = out.file("plain_stems");
    const MixOutcome a = run_mix(plain, nullptr);

    MixOptions louder = plain;
    louder.output_path = out.file("louder.wav");
    louder.export_stems_dir = out.file("louder_stems");
    louder.controls[StemType::Vocals].gain_db = 6.0;
    run_mix(louder, nullptr);

    for (StemType t : kAllStemTypes) {
        const std::string file = to_string(t) + ".wav";
        const AudioBuffer x = read_audio(out.file("plain_stems/" + file));
        const AudioBuffer y = read_audio(out.file("louder_stems/" + file));
        if (t == StemType::Vocals) {
            EXPECT_NEAR(10.0 * std::log10(energy(y) / energy(x)), 6.0, 0.1);
        } else {
            EXPECT_EQ(x.channels, y.channels) << file;
        }
    }
    // Exported stems, summed, times the master's static gain, are the written mix.
    const AudioBuffer mix = read_audio(plain.output_path);
    const double g = std::pow(10.0, a.report.at("master").at("gain_db").get<double>() / 20.0);
    std::vector<AudioBuffer> stems;
    for (StemType t : kAllStemTypes) {
        stems.push_back(read_audio(out.file("plain_stems/" + to_string(t) + ".wav")));
    }
    double worst = 0.0;
    for (int c = 0; c < 2; ++c) {
        for (std::size_t i = 0; i < mix.num_frames(); ++i) {
            double sum = 0.0;
            for (const AudioBuffer& s : stems) sum += s.channels[c][i];
            worst = std::max(worst, std::fabs(mix.channels[c][i] / g - sum));
        }
    }
    EXPECT_LE(worst, 1e-4);
    std::ifstream description(out.file("plain_stems/stems.json"));
    const nlohmann::json d = nlohmann::json::parse(description);
    EXPECT_EQ(d.at("stems").size(), 4u);
}

TEST(PipelineDelivery, MuteAndSolo) {
    TempDir out;
    MixOptions solo = options_for(kExample, out, "solo");
    solo.loudness_lufs = std::nullopt;
    solo.sample_format = SampleFormat::Float32;
    solo.export_stems_dir = out.file("solo_stems");
    solo.controls[StemType::Vocals].solo = true;
    const MixOutcome r = run_mix(solo, nullptr);
    const AudioBuffer mix = read_audio(solo.output_path);
    const AudioBuffer vocals = read_audio(out.file("solo_stems/vocals.wav"));
    const double g = std::pow(10.0, r.report.at("master").at("gain_db").get<double>() / 20.0);
    for (std::size_t i = 0; i < mix.num_frames(); i += 7) {
        ASSERT_NEAR(mix.channels[0][i], g * vocals.channels[0][i], 1e-6) << i;
    }
    for (const char* muted : {"bass", "drums", "other"}) {
        EXPECT_EQ(energy(read_audio(out.file(std::string("solo_stems/") + muted + ".wav"))), 0.0);
    }
    MixOptions mute = options_for(kExample, out, "mute");
    mute.export_stems_dir = out.file("mute_stems");
    mute.controls[StemType::Drums].mute = true;
    run_mix(mute, nullptr);
    EXPECT_EQ(energy(read_audio(out.file("mute_stems/drums.wav"))), 0.0);
    EXPECT_GT(energy(read_audio(out.file("mute_stems/bass.wav"))), 0.0);
}

TEST(PipelineDelivery, RemixFromTheCacheIsBitIdenticalToAFreshRun) {
    TempDir out;
    MixOptions first = options_for(kExample, out, "first");
    first.engine = "normalized";
    first.targets_path = std::string(AUTOMIX_SOURCE_DIR) + "/configs/targets.json";
    first.cache_dir = out.file("cache");
    const MixOutcome a = run_mix(first, nullptr);
    EXPECT_FALSE(a.report.at("cache").at("hit").get<bool>());

    MixOptions remix = first;
    remix.output_path = out.file("remix.wav");
    remix.controls[StemType::Vocals].gain_db = 2.5;
    remix.controls[StemType::Other].width = 1.5;
    const MixOutcome b = run_mix(remix, nullptr);
    EXPECT_TRUE(b.report.at("cache").at("hit").get<bool>());
    EXPECT_FALSE(b.report.at("timing_seconds").contains("fx_normalization"));
    EXPECT_EQ(b.report.at("fx_normalization"), a.report.at("fx_normalization"));

    MixOptions fresh = remix;
    fresh.output_path = out.file("fresh.wav");
    fresh.cache_dir.clear();
    run_mix(fresh, nullptr);
    EXPECT_EQ(bytes_of(remix.output_path), bytes_of(fresh.output_path));
    EXPECT_NE(bytes_of(remix.output_path), bytes_of(first.output_path));
}

TEST(PipelineDelivery, NewOutputFoldersFollowTheOutputRules) {
    TempDir out;
    MixOptions o = options_for(kExample, out, "mix");
    o.export_stems_dir = kExample;  // the stems folder itself
    EXPECT_EQ(test::error_of([&] { run_mix(o, nullptr); }).first, ErrorKind::Usage);
    o.export_stems_dir.clear();
    o.cache_dir = kExample;
    EXPECT_EQ(test::error_of([&] { run_mix(o, nullptr); }).first, ErrorKind::Usage);
    EXPECT_FALSE(fs::exists(o.output_path));
}

}  // namespace
