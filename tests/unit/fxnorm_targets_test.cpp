// Targets: the reference file's load-time processing
// (docs/reference.md#statistics-load-time-smoothing and #statistics-panning-reference), our
// format's round trip, and clear Input errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "automix/error.hpp"
#include "automix/targets.hpp"
#include "fxnorm/stages.hpp"
#include "test_config.hpp"

namespace {

using automix::StemType;

std::string musdb_features() {
    return std::string(AUTOMIX_SHARED_DIR) + "/data/fxnorm-features/features_MUSDB18.json";
}

TEST(FxTargets, ReferenceFileIsSmoothedAgainAtLoad) {
    if (!std::filesystem::exists(musdb_features())) {
        GTEST_SKIP() << "shared MUSDB18 statistics not found at " << musdb_features();
    }
    const automix::Targets t = automix::load_targets(musdb_features());
    EXPECT_EQ(t.source_format, "fxnorm-reference");
    // Oracle: the curves after the reference's load-time smoothing, computed with numpy/scipy:
    // float32 in the reference (2e-6 relative) and printed with 7 decimals (half a unit of the last
    // place: 5e-8 absolute).
    const int bins[] = {0, 1, 2, 10, 100, 1000, 5000, 10000, 20000, 32767, 32768};
    const double vocals[] = {1.7875124, 1.7875409, 1.7876331, 1.7908776, 2.1623917, 5.357641,
                             1.1813645, 0.4203193, 0.1266122, 0.0093322, 0.0093322};
    const double bass[] = {10.937948,    10.938828,    10.941616,  11.062883,
                           19.592789,    0.83331907,   0.19620895, 0.017837152,
                           0.0054304795, 0.0077161761, 0.007716144};
    const double pan_vocals[] = {0.9162791, 0.9162791, 0.9162788, 0.9162806, 0.9171717, 0.9169535,
                                 0.9295671, 0.93615,   0.9299951, 0.8498331, 0.8498327};
    for (int i = 0; i < 11; ++i) {
        EXPECT_NEAR(t[StemType::Vocals].eq_magnitude[bins[i]], vocals[i], 2e-6 * vocals[i] + 6e-8);
        EXPECT_NEAR(t[StemType::Bass].eq_magnitude[bins[i]], bass[i], 2e-6 * bass[i] + 6e-8);
        EXPECT_NEAR(t[StemType::Vocals].panning_similarity[bins[i]], pan_vocals[i], 2e-6);
    }
    EXPECT_NEAR(t[StemType::Drums].dynamics_mean_db, -13.478838427009457, 1e-12);
    EXPECT_NEAR(t[StemType::Other].loudness_lufs, -31.172233539213302, 1e-12);
    // The 1025-bin panning reference after block averaging and x0.9.
    const std::vector<double> ref =
        automix::fxnorm::panning_reference(t[StemType::Drums].panning_similarity);
    const int pan_bins[] = {0, 1, 11, 116, 500, 1023, 1024};
    const double drums[] = {0.8326736, 0.8325856, 0.8167202, 0.7842432,
                            0.7806886, 0.7494345, 0.7494132};
    for (int i = 0; i < 7; ++i) EXPECT_NEAR(ref[pan_bins[i]], drums[i], 2e-6);
}

automix::Targets synthetic_targets() {
    automix::Targets t;
    t.provenance = "unit test";
    for (StemType type : automix::kAllStemTypes) {
        auto& s = t[type];
        s.eq_magnitude.assign(automix::kTargetCurveBins, 0.5 + static_cast<int>(type));
        s.panning_similarity.assign(automix::kTargetCurveBins, 0.85);
        s.dynamics_mean_db = -14.0 - static_cast<int>(type);
        s.dynamics_std_db = 1.1;
        s.loudness_lufs = -31.5;
        s.songs = 7;
    }
    return t;
}

TEST(FxTargets, OwnFormatRoundTrips) {
    const std::string path =
        (std::filesystem::temp_directory_path() / "automix_fx_targets_test.json").string();
    const automix::Targets t = synthetic_targets();
    automix::save_targets(path, t);
    const automix::Targets back = automix::load_targets(path);
    EXPECT_EQ(back.source_format, "automix");
    EXPECT_EQ(back.provenance, "unit test");
    for (StemType type : automix::kAllStemTypes) {
        EXPECT_EQ(back[type].eq_magnitude, t[type].eq_magnitude);  // no smoothing at load
        EXPECT_EQ(back[type].panning_similarity, t[type].panning_similarity);
        EXPECT_EQ(back[type].dynamics_mean_db, t[type].dynamics_mean_db);
        EXPECT_EQ(back[type].loudness_lufs, t[type].loudness_lufs);
        EXPECT_EQ(back[type].songs, 7);
    }
    std::filesystem::remove(path);
}

void expect_input_error(const std::string& path, const std::string& content) {
    {
        std::ofstream out(path);
        out << content;
    }
    try {
        automix::load_targets(path);
        FAIL() << "no error for: " << content.substr(0, 60);
    } catch (const automix::Error& e) {
        EXPECT_EQ(e.kind(), automix::ErrorKind::Input);
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
}

TEST(FxTargets, BadFilesAreInputErrorsNamingThePath) {
    const std::string path =
        (std::filesystem::temp_directory_path() / "automix_fx_bad_targets.json").string();
    expect_input_error(path, "not json");
    expect_input_error(path, "{\"hello\": 1}");
    expect_input_error(path, "{\"format\": \"automix-fxnorm-targets\", \"version\": 99}");
    expect_input_error(path,
                       "{\"format\": \"automix-fxnorm-targets\", \"version\": 1, "
                       "\"sample_rate\": 44100, \"fft_size\": 65536, \"stems\": {}}");
    std::filesystem::remove(path);
    try {
        automix::load_targets("/nonexistent/targets.json");
        FAIL();
    } catch (const automix::Error& e) {
        EXPECT_EQ(e.kind(), automix::ErrorKind::Input);
    }
}

// Integers out of int's range were once cast without a check (undefined behaviour, found by
// fuzzing); each integer field of an otherwise valid file must be refused instead.
TEST(FxTargets, IntegerFieldsOutOfRangeAreInputErrors) {
    const std::string path =
        (std::filesystem::temp_directory_path() / "automix_fx_huge_targets.json").string();
    automix::save_targets(path, synthetic_targets());
    nlohmann::json valid;
    std::ifstream(path) >> valid;
    const auto with = [&](const nlohmann::json::json_pointer& at, const nlohmann::json& value) {
        nlohmann::json doc = valid;
        doc[at] = value;
        return doc.dump();
    };
    using Ptr = nlohmann::json::json_pointer;
    expect_input_error(path, with(Ptr("/version"), 1e300));
    expect_input_error(path, with(Ptr("/version"), 1.5));
    expect_input_error(path, with(Ptr("/sample_rate"), 4294967296.0 + 44100.0));
    expect_input_error(path, with(Ptr("/fft_size"), -1e300));
    expect_input_error(path, with(Ptr("/stems/bass/songs"), 1e300));
    expect_input_error(path, with(Ptr("/stems/bass/songs"), "seven"));
    std::filesystem::remove(path);
}

}  // namespace
