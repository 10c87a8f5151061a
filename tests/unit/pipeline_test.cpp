#include "automix/pipeline.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <algorithm>
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
    o.engine = "normalized";
    try {
        run_mix(o, nullptr);
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_NE(std::string(e.what()).find("targets file"), std::string::npos) << e.what();
        EXPECT_EQ(e.setting(), "targets_path");  // the CLI adds its --targets hint
    }
    EXPECT_FALSE(fs::exists(dir.file("mix.wav")));
    EXPECT_FALSE(fs::exists(dir.file("mix.json")));
}

// Oracle: the sum engine's mix equals the sample sum of the stems (0.9 + 0.5 peaks would exceed
// the ceiling, so without a loudness target the report's gain must bring the true peak to
// -1 dBTP and be recorded).
TEST(Pipeline, SumMixIsTheSumScaledToTheCeiling) {
    TempDir dir;
    MixOptions o = options_for(dir);
    o.sample_format = SampleFormat::Float32;
    o.loudness_lufs = std::nullopt;
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

// The typed results are what the report says: report/ builds the JSON from them.
TEST(Pipeline, TypedResultsMatchTheReport) {
    TempDir dir;
    MixOptions o = options_for(dir);
    const MixOutcome out = run_mix(o, nullptr);
    EXPECT_EQ(out.engine.name, "sum");
    EXPECT_FALSE(out.engine.model.has_value());
    EXPECT_EQ(out.report["master"]["gain_db"].get<double>(), out.ceiling.gain_db);
    EXPECT_EQ(out.report["output"]["loudness"]["integrated_lufs"].get<double>(),
              out.output.loudness.integrated_lufs);
    EXPECT_EQ(out.report["output"]["duration_seconds"].get<double>(), out.duration_seconds);
    EXPECT_EQ(out.report_path, dir.file("mix.json"));
    EXPECT_TRUE(out.stems[static_cast<int>(StemType::Bass)].present);
    EXPECT_TRUE(out.stems[static_cast<int>(StemType::Bass)].measurements.has_value());
    EXPECT_FALSE(out.stems[static_cast<int>(StemType::Vocals)].present);
    EXPECT_FALSE(out.fx_normalization.applied);
}

// One engine serves several songs (a batch loads the model once); each run writes its own
// outputs, and the second mix equals the first.
TEST(Pipeline, OneEngineMixesSeveralSongs) {
    TempDir dir;
    MixOptions o = options_for(dir);
    o.sample_format = SampleFormat::Float32;
    std::unique_ptr<MixerEngine> engine = make_mix_engine(o);
    const MixOutcome first = run_mix(o, *engine, nullptr);
    o.output_path = dir.file("again.wav");
    const MixOutcome second = run_mix(o, *engine, nullptr);
    EXPECT_TRUE(fs::exists(dir.file("mix.json")));
    EXPECT_TRUE(fs::exists(dir.file("again.json")));
    EXPECT_EQ(first.ceiling.gain_db, second.ceiling.gain_db);
    const AudioBuffer a = read_audio(dir.file("mix.wav")), b = read_audio(dir.file("again.wav"));
    ASSERT_EQ(a.num_frames(), b.num_frames());
    EXPECT_EQ(a.channels[0], b.channels[0]);
}

// The registry is the one list of engines: names are unique, every row can be made, and an
// unknown name is a usage error.
TEST(EngineRegistry, RowsAreUniqueAndUnknownNamesAreUsageErrors) {
    const std::vector<std::string> names = engine_names();
    ASSERT_FALSE(names.empty());
    for (const std::string& name : names) {
        EXPECT_EQ(std::count(names.begin(), names.end(), name), 1) << name;
        ASSERT_NE(find_engine(name), nullptr) << name;
        EXPECT_NE(find_engine(name)->make, nullptr) << name;
    }
    EXPECT_FALSE(find_engine("sum")->needs_fx_normalization);
    EXPECT_TRUE(find_engine("normalized")->needs_fx_normalization);
    EXPECT_EQ(find_engine("no-such-engine"), nullptr);
    try {
        make_engine("no-such-engine", {});
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
    }
}

// An engine that needs another rate than FX normalization's cannot run normalized stems.
TEST(EngineRegistry, ProcessingRateFollowsTheEngine) {
    class FixedRate final : public MixerEngine {
      public:
        explicit FixedRate(int rate) : rate_(rate) {}
        std::string name() const override { return "fixed"; }
        nlohmann::json describe() const override { return {}; }
        int required_sample_rate() const override { return rate_; }
        AudioBuffer mix(const StemSet&, const ProgressCallback&) override { return {}; }
        StemSet mix_contributions(StemSet stems, const ProgressCallback&) override { return stems; }

      private:
        int rate_;
    };
    EXPECT_EQ(processing_sample_rate(FixedRate(0), true), kProcessingSampleRate);
    EXPECT_EQ(processing_sample_rate(FixedRate(48000), false), 48000);
    EXPECT_THROW(processing_sample_rate(FixedRate(48000), true), Error);
}
