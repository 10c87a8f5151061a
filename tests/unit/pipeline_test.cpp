#include "automix/pipeline.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>

#include "automix/error.hpp"
#include "support/test_audio.hpp"

using namespace automix;
using automix::test::TempDir;
namespace fs = std::filesystem;

namespace {
MixOptions options_for(const TempDir& dir) {
    fs::create_directories(dir.path() / "stems");
    test::write_with_sndfile(dir.file("stems/bass.wav"), test::sine(55, 0.5, 1.0, 44100, 1),
                             SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    test::write_with_sndfile(dir.file("stems/kick.wav"), test::sine(80, 0.9, 0.5, 44100, 2),
                             SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    MixOptions o;
    o.stems_dir = dir.file("stems");
    o.output_path = dir.file("mix.wav");
    o.compute_features = false;
    return o;
}
}  // namespace

// FX normalization without targets is refused up front, before any output exists.
TEST(Pipeline, NormalizingWithoutTargetsIsAUsageErrorAndWritesNothing) {
    TempDir dir;
    MixOptions o = options_for(dir);
    o.engine = EngineKind::Normalized;
    try {
        run_mix(o, nullptr);
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_NE(std::string(e.what()).find("--targets"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(dir.file("mix.wav")));
    EXPECT_FALSE(fs::exists(dir.file("mix.json")));
}

// Oracle: the sum engine's mix equals the sample sum of the stems (0.9 + 0.5 peaks would exceed
// the ceiling, so the report's gain must bring the true peak to -1 dBTP and be recorded).
TEST(Pipeline, SumMixIsTheSumScaledToTheCeiling) {
    TempDir dir;
    MixOptions o = options_for(dir);
    o.sample_format = SampleFormat::Float32;
    MixOutcome out = run_mix(o, nullptr);
    const double gain_db = out.report["master"]["gain_db"].get<double>();
    EXPECT_LT(gain_db, 0.0);
    EXPECT_NEAR(out.report["master"]["true_peak_after_dbtp"].get<double>(), -1.0, 1e-3);
    AudioBuffer mix = read_audio(dir.file("mix.wav"));
    ASSERT_EQ(mix.num_frames(), 44100u);  // the longer stem's length
    const double g = std::pow(10.0, gain_db / 20.0);
    const AudioBuffer bass = test::sine(55, 0.5, 1.0, 44100, 1);
    const AudioBuffer kick = test::sine(80, 0.9, 0.5, 44100, 1);
    for (std::size_t i = 0; i < 44100; i += 101) {
        const double expected = g * (bass.channels[0][i] + (i < 22050 ? kick.channels[0][i] : 0.f));
        ASSERT_NEAR(mix.channels[1][i], expected, 1e-5) << i;
    }
    EXPECT_TRUE(fs::exists(dir.file("mix.json")));
}
