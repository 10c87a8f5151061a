// The TorchScript "model" engine: load-time validation, parity with PyTorch, segmentation.
// The models are exported at test time by models/export.py with random weights; every test skips
// when AUTOMIX_PYTHON cannot import torch.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <random>

#include "automix/error.hpp"
#include "automix/mixer.hpp"
#include "mixer/fx_account.hpp"
#include "mixer/sha256.hpp"
#include "test_config.hpp"

using namespace automix;
namespace fs = std::filesystem;

namespace {

constexpr int kRate = 44100;
/// Parity input: not a multiple of 64, so the engine's zero padding and crop are exercised too.
constexpr std::size_t kParityFrames = 100000;
constexpr std::size_t kParityPadded = 100032;
/// The trained models committed in models/ (checked when present).
constexpr const char* kShippedModels[] = {"automix.pt", "automix_console_cond2.pt",
                                          "automix_console_cond.pt", "automix_waveform.pt"};
/// Bound on segmented-vs-single-pass relative error (SegmentedOutputIsCloseToSinglePass).
// Measured 1.19e-2 (C++, this input and seed); 1.15e-2 for 60 s in PyTorch. Without context and
// crossfade the same check gives ~0.5, so 3e-2 separates working from broken with 2.5x margin.
constexpr double kSegmentedErrorBound = 3e-2;

bool python_has_torch() {
    static const bool ok =
        std::system(AUTOMIX_PYTHON " -c 'import torch, numpy' > /dev/null 2>&1") == 0;
    return ok;
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

/// A deterministic, non-stationary "song": per stem two partials plus noise under a slow envelope
/// (the network's GroupNorms, SE mean and BLSTM see whole-input statistics, so a stationary test
/// signal would hide segmentation errors).
StemSet synthetic_song(std::size_t frames, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    StemSet s;
    const double base[kNumStemTypes] = {440.0, 55.0, 110.0, 330.0};
    for (int k = 0; k < kNumStemTypes; ++k) {
        s.stems[k] = AudioBuffer(2, frames, kRate);
        s.present[k] = true;
        for (int c = 0; c < 2; ++c) {
            for (std::size_t t = 0; t < frames; ++t) {
                const double time = static_cast<double>(t) / kRate;
                const double env = 0.25 + 0.75 * std::abs(std::sin(M_PI * time / (2.3 + 1.1 * k)));
                const double tone = 0.2 * std::sin(2 * M_PI * base[k] * (1 + 0.01 * c) * time) +
                                    0.1 * std::sin(2 * M_PI * base[k] * 2.51 * time);
                s.stems[k].channels[c][t] =
                    static_cast<float>(env * (tone + 0.05 * (k == 2 ? 3 : 1) * noise(rng)));
            }
        }
    }
    return s;
}

/// The network's input layout: 8 planar rows (stem-major, L then R), zero-padded to `padded`.
/// An FX-normalization report as fx_normalize writes it: a skipped stem, two normalized ones and
/// one whose input loudness could not be measured (its level change is unknown: 0).
nlohmann::json test_fxnorm_report() {
    const auto stem = [](nlohmann::json in_lufs, double after_eq_lufs, double gain_db,
                         double tilt) {
        nlohmann::json response = nlohmann::json::object();
        int k = 0;
        for (const char* f :
             {"32", "63", "125", "250", "500", "1000", "2000", "4000", "8000", "16000"}) {
            response[f] = tilt * (k++ - 4.5);
        }
        nlohmann::json fine = nlohmann::json::array();  // version 2's 1/6-octave curve
        for (int j = 0; j < 61; ++j) fine.push_back(tilt * (j / 6.0 - 5.0) + 0.5 * (j % 2));
        return nlohmann::json{{"eq",
                               {{"input_lufs", in_lufs},
                                {"measurement_gain_db", -3.0},
                                {"response_db_at_hz", response},
                                {"response_db_sixth_octave", fine}}},
                              {"dynamics", {{"peak_normalize_gain_db", 4.5}}},
                              {"loudness", {{"input_lufs", after_eq_lufs}, {"gain_db", gain_db}}}};
    };
    return {{"mode", "default"},
            {"stems",
             {{"vocals", {{"skipped", "silent"}}},
              {"bass", stem(-20.5, -22.0, -8.0, 1.5)},
              {"drums", stem(-12.0, -13.0, -18.0, -2.0)},
              {"other", stem(nullptr, -25.0, -5.0, 0.5)}}}};
}

std::vector<float> planar_input(const StemSet& s, std::size_t padded) {
    std::vector<float> rows(kNumStemTypes * 2 * padded, 0.0f);
    for (int k = 0; k < kNumStemTypes; ++k) {
        for (int c = 0; c < 2; ++c) {
            const auto& ch = s.stems[k].channels[c];
            std::copy(ch.begin(), ch.end(), rows.begin() + (2 * k + c) * padded);
        }
    }
    return rows;
}

std::vector<float> read_floats(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<float> v(fs::file_size(path) / sizeof(float));
    in.read(reinterpret_cast<char*>(v.data()), v.size() * sizeof(float));
    return v;
}

/// The mix (the first two planar channels, each `stride` samples apart in the file) of a
/// PyTorch reference output, cut to `frames`.
AudioBuffer reference_mix(const std::vector<float>& ref, std::size_t stride, std::size_t frames) {
    AudioBuffer mix(2, frames, kRate);
    for (int c = 0; c < 2; ++c) {
        std::copy_n(ref.begin() + c * stride, frames, mix.channels[c].begin());
    }
    return mix;
}

/// Relative error used throughout: max |a - b| / max |b| over both channels (b = the reference).
double relative_error(const AudioBuffer& a, const AudioBuffer& b) {
    double diff = 0.0, ref = 0.0;
    for (int c = 0; c < 2; ++c) {
        for (std::size_t t = 0; t < b.num_frames(); ++t) {
            diff = std::max(diff, std::abs(double(a.channels[c][t]) - b.channels[c][t]));
            ref = std::max(ref, std::abs(double(b.channels[c][t])));
        }
    }
    return diff / ref;
}

std::string scientific(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3e", v);
    return text;
}

ErrorKind kind_of_load_error(const ModelEngineOptions& o, std::string* message = nullptr) {
    try {
        load_model_engine(o);
    } catch (const Error& e) {
        if (message) *message = e.what();
        return e.kind();
    }
    ADD_FAILURE() << "loading " << o.model_path << " did not throw";
    return ErrorKind::Usage;
}

class MixerModelEngine : public ::testing::Test {
  protected:
    // The Python exports cost seconds and ctest runs every test in its own process, so they are
    // cached in the build tree under a key made of the Python sources and the test input; a
    // complete set is published by renaming its directory, which is atomic under parallel ctest.
    static void SetUpTestSuite() {
        if (!python_has_torch()) return;
        const std::string models = std::string(AUTOMIX_SOURCE_DIR) + "/models";
        const std::vector<float> input =
            planar_input(synthetic_song(kParityFrames, 7), kParityPadded);
        const std::string input_bytes(reinterpret_cast<const char*>(input.data()),
                                      input.size() * sizeof(float));
        std::string key = sha256_hex(input_bytes);
        for (const char* f : {"/automix_net.py", "/console_net.py", "/networks.py", "/export.py",
                              "/fx_account.py", "/formats.py", "/tests/make_fixtures.py"}) {
            key += sha256_file_hex(models + f);
        }
        for (const char* f : kShippedModels) {
            if (fs::exists(models + "/" + f)) key += sha256_file_hex(models + "/" + f);
        }
        dir_ = fs::path(AUTOMIX_BINARY_DIR) / "test-models" /
               ("mixer-" + sha256_hex(key).substr(0, 16));
        if (fs::exists(dir_ / "complete")) {
            ready_ = true;
            return;
        }
        const fs::path tmp = dir_.string() + ".tmp" + std::to_string(getpid());
        fs::create_directories(tmp);
        std::ofstream(tmp / "in.f32", std::ios::binary) << input_bytes;
        std::ofstream(tmp / "report.json") << test_fxnorm_report().dump();
        // models/ is a Python package: its scripts run as modules with the source root on the path.
        const std::string py = "PYTHONPATH=" + q(fs::path(AUTOMIX_SOURCE_DIR)) + " " +
                               std::string(AUTOMIX_PYTHON) + " -m ";
        const std::string quiet = " >> " + q(tmp / "python.log") + " 2>&1";
        const bool ok =
            std::system((py + "models.export --random --seed 11 --preset n16_small -o " +
                         q(tmp / "n16.pt") + " --reference-input " + q(tmp / "in.f32") +
                         " --reference-output " + q(tmp / "ref.f32") + quiet)
                            .c_str()) == 0 &&
            conditioned_fixtures(py, tmp, quiet) &&
            std::system(
                (py + "models.tests.make_fixtures no-metadata " + q(tmp / "nometa.pt") + quiet)
                    .c_str()) == 0 &&
            std::system((py + "models.tests.make_fixtures patched " + q(tmp / "rate48k.pt") +
                         " '{\"sample_rate\": 48000}'" + quiet)
                            .c_str()) == 0 &&
            shipped_references(py, models, tmp, quiet);
        if (!ok) {
            dir_ = tmp;  // kept for diagnosis (python.log)
            return;
        }
        std::ofstream(tmp / "complete") << "ok\n";
        std::error_code ec;
        fs::rename(tmp, dir_, ec);  // fails harmlessly if another process published first
        if (ec) fs::remove_all(tmp, ec);
        ready_ = fs::exists(dir_ / "complete");
    }
    // A random conditioned console per account version (cond.pt: version 1, cond2.pt: version
    // 2), its PyTorch output given the C++ account of test_fxnorm_report(), and training's
    // reading of the same report (account<suffix>_py.f32).
    static bool conditioned_fixtures(const std::string& py, const fs::path& tmp,
                                     const std::string& quiet) {
        for (const int version : {1, 2}) {
            const std::string suffix = version == 1 ? "" : "2";
            const std::vector<float> account = fx_account_vector(test_fxnorm_report(), version);
            const fs::path account_file = tmp / ("account" + suffix + ".f32");
            std::ofstream(account_file, std::ios::binary)
                .write(reinterpret_cast<const char*>(account.data()),
                       static_cast<std::streamsize>(account.size() * sizeof(float)));
            const std::string preset = version == 1 ? "console_cond_tiny" : "console_cond2_tiny";
            const std::string model =
                "models.export --random --seed " + std::to_string(4 + version) +
                " --family console --preset " + preset + " -o " +
                q(tmp / ("cond" + suffix + ".pt")) + " --reference-input " + q(tmp / "in.f32") +
                " --reference-output " + q(tmp / ("cond" + suffix + "_ref.f32")) +
                " --reference-account " + q(account_file) + quiet;
            const std::string reading =
                "models.tests.make_fixtures account " + q(tmp / "report.json") + " " +
                q(tmp / ("account" + suffix + "_py.f32")) + " " + std::to_string(version) + quiet;
            if (std::system((py + model).c_str()) != 0 || std::system((py + reading).c_str()) != 0)
                return false;
        }
        return true;
    }
    // PyTorch's own output of every shipped model file on the same input (tmp/<file>.ref.f32).
    static bool shipped_references(const std::string& py, const std::string& models,
                                   const fs::path& tmp, const std::string& quiet) {
        for (const char* f : kShippedModels) {
            const std::string model = models + "/" + f;
            if (!fs::exists(model)) continue;
            const std::string cmd = py + "models.tests.make_fixtures reference " + q(model) + " " +
                                    q(tmp / "in.f32") + " " + std::to_string(kParityFrames) + " " +
                                    q(tmp / (std::string(f) + ".ref.f32")) + quiet;
            if (std::system(cmd.c_str()) != 0) return false;
        }
        return true;
    }
    void SetUp() override {
        if (!python_has_torch()) GTEST_SKIP() << AUTOMIX_PYTHON << " cannot import torch";
        ASSERT_TRUE(ready_) << "exporting test models failed; see " << dir_ / "python.log";
    }
    static ModelEngineOptions options(const fs::path& model, double segment, double overlap) {
        ModelEngineOptions o;
        o.model_path = model.string();
        o.threads = 1;
        o.segment_seconds = segment;
        o.overlap_seconds = overlap;
        return o;
    }
    static inline fs::path dir_;
    static inline bool ready_ = false;
};

}  // namespace

TEST(MixerModelLoad, MissingFileIsAModelError) {
    ModelEngineOptions o;
    o.model_path = "/nonexistent/automix/model.pt";
    std::string message;
    EXPECT_EQ(kind_of_load_error(o, &message), ErrorKind::Model);
    EXPECT_EQ(message.rfind(o.model_path + ": ", 0), 0u) << message;
    o.model_path = "";
    EXPECT_EQ(kind_of_load_error(o), ErrorKind::Model);
}

TEST(MixerModelLoad, CorruptFileIsAModelError) {
    const fs::path path = fs::temp_directory_path() / "automix_corrupt_model.pt";
    {
        std::ofstream out(path, std::ios::binary);
        for (int i = 0; i < 4096; ++i) out.put(static_cast<char>((i * 131) % 251));
    }
    ModelEngineOptions o;
    o.model_path = path.string();
    std::string message;
    EXPECT_EQ(kind_of_load_error(o, &message), ErrorKind::Model);
    EXPECT_EQ(message.rfind(o.model_path + ": ", 0), 0u) << message;
    fs::remove(path);
}

TEST_F(MixerModelEngine, TruncatedFileIsAModelError) {
    const fs::path truncated =
        fs::temp_directory_path() / ("automix_truncated_" + std::to_string(getpid()) + ".pt");
    fs::copy_file(dir_ / "n16.pt", truncated, fs::copy_options::overwrite_existing);
    fs::resize_file(truncated, fs::file_size(truncated) / 2);
    std::string message;
    EXPECT_EQ(kind_of_load_error(options(truncated, 0, -1), &message), ErrorKind::Model);
    EXPECT_EQ(message.rfind(truncated.string() + ": ", 0), 0u) << message;
    fs::remove(truncated);
}

TEST_F(MixerModelEngine, TorchScriptWithoutMetadataIsAModelError) {
    std::string message;
    EXPECT_EQ(kind_of_load_error(options(dir_ / "nometa.pt", 0, -1), &message), ErrorKind::Model);
    EXPECT_NE(message.find("metadata"), std::string::npos) << message;
}

TEST_F(MixerModelEngine, WrongSampleRateInMetadataIsAModelError) {
    std::string message;
    EXPECT_EQ(kind_of_load_error(options(dir_ / "rate48k.pt", 0, -1), &message), ErrorKind::Model);
    EXPECT_NE(message.find("48000"), std::string::npos) << message;
}

TEST_F(MixerModelEngine, ImpossibleSegmentationIsAUsageError) {
    // 0.5 s cannot hold 2 x 16,320 samples of context plus 2 x 0.5 s of crossfade.
    EXPECT_EQ(kind_of_load_error(options(dir_ / "n16.pt", 0.5, 0.5)), ErrorKind::Usage);
}

TEST_F(MixerModelEngine, DescribeReportsFileHashMetadataAndSegmentation) {
    auto engine = load_model_engine(options(dir_ / "n16.pt", 0, -1));
    EXPECT_EQ(engine->name(), "model");
    EXPECT_EQ(engine->required_sample_rate(), 44100);
    const nlohmann::json d = engine->describe();
    EXPECT_EQ(d.at("sha256"), sha256_file_hex((dir_ / "n16.pt").string()));
    EXPECT_EQ(d.at("metadata").at("parameter_count"), 280921);
    EXPECT_EQ(d.at("trained"), false);
    EXPECT_EQ(d.at("threads"), 1);
    // Defaults come from the metadata written by export.py.
    EXPECT_EQ(d.at("segment_samples"), d.at("metadata").at("recommended_segment_samples"));
    EXPECT_EQ(d.at("overlap_samples"), d.at("metadata").at("recommended_overlap_samples"));
}

// Oracle: the eager PyTorch model (export.py --reference-*) on the same input, zero-padded to a
// multiple of 64. Relative error = max |C++ - PyTorch| / max |PyTorch| over both channels.
TEST_F(MixerModelEngine, SinglePassMatchesPyTorchEagerModel) {
    auto engine =
        load_model_engine(options(dir_ / "n16.pt", std::numeric_limits<double>::infinity(), -1));
    const AudioBuffer mix = engine->mix(synthetic_song(kParityFrames, 7), nullptr);
    ASSERT_EQ(mix.num_frames(), kParityFrames);
    EXPECT_EQ(engine->describe().at("segments_in_last_mix"), 1);
    // Format 2: the eager output holds the mix and the 8 contribution channels; the mix is first.
    std::vector<float> ref = read_floats(dir_ / "ref.f32");
    ASSERT_EQ(ref.size(), 10 * kParityPadded);
    ref.resize(2 * kParityPadded);
    const AudioBuffer expected = reference_mix(ref, kParityPadded, kParityFrames);
    double peak = 0.0;
    for (float v : ref) peak = std::max(peak, double(std::abs(v)));
    ASSERT_GT(peak, 1e-2) << "reference output too small to make the comparison meaningful";
    const double err = relative_error(mix, expected);
    RecordProperty("parity_relative_error", scientific(err));
    std::cout << "parity: max |C++ - PyTorch| / max |PyTorch| = " << err << "\n";
    EXPECT_LE(err, 1e-4);
}

// The committed models: the C++ engine (one pass, every channel of format 2) reproduces PyTorch's
// output of the same file. A file that does not load, or whose export is broken, fails here.
TEST_F(MixerModelEngine, ShippedModelsMatchPyTorch) {
    int checked = 0;
    for (const char* f : kShippedModels) {
        const fs::path model = fs::path(AUTOMIX_SOURCE_DIR) / "models" / f;
        if (!fs::exists(model)) continue;
        SCOPED_TRACE(f);
        auto engine =
            load_model_engine(options(model, std::numeric_limits<double>::infinity(), -1));
        const AudioBuffer mix = engine->mix(synthetic_song(kParityFrames, 7), nullptr);
        const std::vector<float> ref = read_floats(dir_ / (std::string(f) + ".ref.f32"));
        ASSERT_EQ(ref.size(), 10 * kParityFrames);
        const AudioBuffer expected = reference_mix(ref, kParityFrames, kParityFrames);
        const double err = relative_error(mix, expected);
        std::cout << f << ": max |C++ - PyTorch| / max |PyTorch| = " << err << "\n";
        EXPECT_LE(err, 1e-4);
        ++checked;
    }
    EXPECT_GT(checked, 0) << "no trained model in models/";
}

// The account the C++ engine gives a conditioned model is the one training read from the same
// report (models/fx_account.py): equal to float rounding.
TEST_F(MixerModelEngine, FxAccountReaderMatchesTraining) {
    const std::vector<float> cpp = fx_account_vector(test_fxnorm_report(), 1);
    const std::vector<float> py = read_floats(dir_ / "account_py.f32");
    ASSERT_EQ(cpp.size(), 4 * fx_account_size(1));
    ASSERT_EQ(py.size(), cpp.size());
    for (std::size_t i = 0; i < cpp.size(); ++i) EXPECT_NEAR(cpp[i], py[i], 1e-5) << i;
    EXPECT_NEAR(cpp[fx_account_size(1)], -9.5, 1e-5) << "bass: -22 - 8 - (-20.5) LU";
    EXPECT_EQ(cpp[0], 0.0f) << "a skipped stem changed nothing";
    EXPECT_EQ(cpp[3 * fx_account_size(1)], 0.0f) << "unknown input loudness: no level change";
}

// Version 2 of the account (flat gain, level change, 1/6-octave EQ curve): the C++ reader and
// training's agree, and the flat gain is the sum of the three stages' gains.
TEST_F(MixerModelEngine, FxAccountVersion2ReaderMatchesTraining) {
    const std::vector<float> cpp = fx_account_vector(test_fxnorm_report(), 2);
    const std::vector<float> py = read_floats(dir_ / "account2_py.f32");
    const std::size_t size = fx_account_size(2);
    ASSERT_EQ(size, 63u);
    ASSERT_EQ(cpp.size(), 4 * size);
    ASSERT_EQ(py.size(), cpp.size());
    for (std::size_t i = 0; i < cpp.size(); ++i) EXPECT_NEAR(cpp[i], py[i], 1e-5) << i;
    EXPECT_NEAR(cpp[size], -3.0 + 4.5 - 8.0, 1e-5) << "bass: measurement + peak + loudness gain";
    EXPECT_NEAR(cpp[size + 1], -9.5, 1e-5) << "bass: the version-1 level change";
    EXPECT_NEAR(cpp[size + 2 + 7], 1.5 * (7 / 6.0 - 5.0) + 0.5, 1e-5) << "bass: curve point 7";
    EXPECT_EQ(cpp[0], 0.0f) << "a skipped stem changed nothing";
    EXPECT_EQ(fx_account_size(3), 0u) << "an unknown version has no size";
}

// Format 3 conditioned consoles (account versions 1 and 2): with the account of the stems'
// normalization, one C++ pass equals the eager PyTorch model given the same account; without it
// the mix differs (it is used).
TEST_F(MixerModelEngine, ConditionedModelMatchesPyTorchWithItsAccount) {
    const double one_pass = std::numeric_limits<double>::infinity();
    for (const char* name : {"cond", "cond2"}) {
        SCOPED_TRACE(name);
        const fs::path model = dir_ / (std::string(name) + ".pt");
        auto engine = load_model_engine(options(model, one_pass, -1));
        engine->set_fx_normalization_account(test_fxnorm_report());
        const AudioBuffer mix = engine->mix(synthetic_song(kParityFrames, 7), nullptr);
        const std::vector<float> ref = read_floats(dir_ / (std::string(name) + "_ref.f32"));
        ASSERT_EQ(ref.size(), 10 * kParityPadded);
        const AudioBuffer expected = reference_mix(ref, kParityPadded, kParityFrames);
        EXPECT_LE(relative_error(mix, expected), 1e-4);
        auto unconditioned = load_model_engine(options(model, one_pass, -1));
        const AudioBuffer plain = unconditioned->mix(synthetic_song(kParityFrames, 7), nullptr);
        EXPECT_GT(relative_error(plain, expected), 1e-2);
    }
}

// Format 3 consoles report the settings they predicted, averaged over the song, for the present
// stems only, each within the range the console allows.
TEST_F(MixerModelEngine, ConsoleReportsItsPredictedSettingsPerPresentStem) {
    auto engine = load_model_engine(options(dir_ / "cond.pt", 2.0, 0.1));
    engine->set_fx_normalization_account(test_fxnorm_report());
    StemSet song = synthetic_song(5 * kRate, 4);
    song.present = {true, true, false, true};
    engine->mix(song, nullptr);
    const nlohmann::json s = engine->describe().at("predicted_settings");
    ASSERT_TRUE(s.is_object()) << s.dump();
    EXPECT_FALSE(s.contains("drums"));
    for (const char* stem : {"vocals", "bass", "other"}) {
        SCOPED_TRACE(stem);
        ASSERT_TRUE(s.contains(stem));
        const nlohmann::json& one = s.at(stem);
        EXPECT_EQ(one.size(), 16u);
        for (const auto& [name, value] : one.items())
            EXPECT_TRUE(std::isfinite(value.get<double>())) << name;
        EXPECT_LE(std::abs(one.at("pan").get<double>()), 1.0);
        EXPECT_GE(one.at("width").get<double>(), 0.0);
        EXPECT_LE(one.at("width").get<double>(), 2.0);
        EXPECT_GE(one.at("compressor_ratio").get<double>(), 1.0);
        EXPECT_LE(one.at("compressor_ratio").get<double>(), 10.0);
    }
}

TEST_F(MixerModelEngine, OutputLengthEqualsInputLength) {
    // 2 s windows, 0.1 s crossfade, 16,320 samples of context: a 3.3 s song needs 3 windows.
    auto engine = load_model_engine(options(dir_ / "n16.pt", 2.0, 0.1));
    for (std::size_t frames : {std::size_t(0), std::size_t(1000), std::size_t(88192),
                               std::size_t(88193), std::size_t(145531)}) {
        SCOPED_TRACE("frames=" + std::to_string(frames));
        std::vector<double> fractions;
        const AudioBuffer mix =
            engine->mix(synthetic_song(frames, 3), [&](const std::string& stage, double f) {
                EXPECT_EQ(stage, "mix");
                fractions.push_back(f);
            });
        ASSERT_EQ(mix.num_channels(), 2);
        ASSERT_EQ(mix.num_frames(), frames);
        EXPECT_EQ(mix.sample_rate, kRate);
        ASSERT_FALSE(fractions.empty());
        EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
        EXPECT_EQ(fractions.back(), 1.0);
        const std::size_t segments = engine->describe().at("segments_in_last_mix");
        EXPECT_EQ(segments, frames == 0 ? 0u : frames > 88192 ? (frames > 145000 ? 3u : 2u) : 1u);
        if (frames) {
            // 0, then once per network call (a call takes up to `batch` consecutive windows).
            const std::size_t batch = engine->describe().at("batch");
            EXPECT_EQ(fractions.size(), 1 + (segments + batch - 1) / batch);
        }
        double energy = 0.0;
        for (const auto& ch : mix.channels) {
            for (float v : ch) {
                ASSERT_TRUE(std::isfinite(v));
                energy += double(v) * v;
            }
        }
        if (frames) {
            EXPECT_GT(energy, 0.0);
        }
    }
}

TEST_F(MixerModelEngine, StemsAtAnotherRateAreAProcessingError) {
    auto engine = load_model_engine(options(dir_ / "n16.pt", 0, -1));
    StemSet stems = synthetic_song(1000, 1);
    for (auto& b : stems.stems) b.sample_rate = 48000;
    try {
        engine->mix(stems, nullptr);
        FAIL() << "expected a Processing error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Processing);
    }
}

// The network's GroupNorms, SE mean and BLSTM see the whole input, so segmented output can only
// approximate a single pass (docs/reference.md#network-receptive-field). Measured error for this
// configuration and seed: see docs/model.md; the bound leaves a margin for other CPUs/BLAS kernels
// but would catch a misplaced window, a wrong crossfade or a dropped segment (those give errors of
// order 1).
TEST_F(MixerModelEngine, SegmentedOutputIsCloseToSinglePass) {
    const StemSet song = synthetic_song(20 * kRate, 5);
    auto single =
        load_model_engine(options(dir_ / "n16.pt", std::numeric_limits<double>::infinity(), -1));
    const AudioBuffer reference = single->mix(song, nullptr);
    auto segmented = load_model_engine(options(dir_ / "n16.pt", 5.0, 0.5));
    const AudioBuffer mix = segmented->mix(song, nullptr);
    EXPECT_EQ(segmented->describe().at("segments_in_last_mix"), 5);
    ASSERT_EQ(mix.num_frames(), reference.num_frames());
    const double err = relative_error(mix, reference);
    RecordProperty("segmented_relative_error", scientific(err));
    std::cout << "segmented vs single pass, relative error " << err << "\n";
    EXPECT_LE(err, kSegmentedErrorBound);
}

// Batching stacks windows in one network call; every window is normalised on its own (GroupNorm
// per example, the BLSTM per sequence), so the result equals window-by-window inference up to
// float summation order.
TEST_F(MixerModelEngine, BatchedWindowsEqualOneByOne) {
    const StemSet song = synthetic_song(12 * kRate, 9);
    ModelEngineOptions one = options(dir_ / "n16.pt", 2.0, 0.1);
    one.batch = 1;
    ModelEngineOptions four = one;
    four.batch = 4;
    auto a = load_model_engine(one);
    auto b = load_model_engine(four);
    const AudioBuffer x = a->mix(song, nullptr);
    const AudioBuffer y = b->mix(song, nullptr);
    EXPECT_GT(a->describe().at("segments_in_last_mix").get<int>(), 4);
    EXPECT_EQ(b->describe().at("batch"), 4);
    EXPECT_LE(relative_error(y, x), 1e-5);
}

// Format 2: the per-stem contributions, overlap-added like the mix, sum to the mix (the network
// sums them itself; float rounding only) and each carries its stem's present flag and sources.
TEST_F(MixerModelEngine, ContributionsSumToTheMix) {
    StemSet song = synthetic_song(6 * kRate, 5);
    song.present = {true, true, false, true};
    song.sources[0] = {"vox.wav"};
    auto engine = load_model_engine(options(dir_ / "n16.pt", 2.0, 0.1));
    ASSERT_TRUE(engine->has_contributions());
    const AudioBuffer mix = engine->mix(song, nullptr);
    const StemSet c = engine->mix_contributions(song, nullptr);
    EXPECT_EQ(c.present, song.present);
    EXPECT_EQ(c.sources[0], song.sources[0]);
    const AudioBuffer summed = make_sum_engine()->mix(c, nullptr);
    ASSERT_EQ(summed.num_frames(), mix.num_frames());
    EXPECT_LE(relative_error(summed, mix), 1e-5);
    EXPECT_GT(relative_error(c.stems[0], mix), 1e-2) << "a contribution is not the whole mix";
}

// Benchmark, not run by default: AUTOMIX_BENCH_MODEL=model.pt [AUTOMIX_BENCH_SECONDS=30]
// [AUTOMIX_BENCH_THREADS=1] [AUTOMIX_BENCH_SEGMENT=0] [AUTOMIX_BENCH_COMPARE=1]
//   automix_tests --gtest_also_run_disabled_tests --gtest_filter='*DISABLED_Bench*'
TEST(MixerModelBench, DISABLED_Bench) {
    const char* model = std::getenv("AUTOMIX_BENCH_MODEL");
    if (!model) GTEST_SKIP() << "set AUTOMIX_BENCH_MODEL";
    auto env = [](const char* name, double fallback) {
        const char* v = std::getenv(name);
        return v ? std::atof(v) : fallback;
    };
    const double seconds = env("AUTOMIX_BENCH_SECONDS", 30);
    ModelEngineOptions o;
    o.model_path = model;
    o.threads = static_cast<int>(env("AUTOMIX_BENCH_THREADS", 1));
    o.segment_seconds = env("AUTOMIX_BENCH_SEGMENT", 0);
    o.overlap_seconds = env("AUTOMIX_BENCH_OVERLAP", -1);
    const StemSet song = synthetic_song(static_cast<std::size_t>(seconds * kRate), 5);
    auto engine = load_model_engine(o);
    // Wall time depends on what else runs on the machine; CPU time (user + sys of the process)
    // is the load-independent figure when the cores are shared.
    auto cpu_seconds = [] {
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        return u.ru_utime.tv_sec + u.ru_stime.tv_sec +
               1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
    };
    double best = 1e9, best_cpu = 1e9;
    AudioBuffer mix;
    for (int run = 0; run < static_cast<int>(env("AUTOMIX_BENCH_RUNS", 1)); ++run) {
        const auto start = std::chrono::steady_clock::now();
        const double cpu_start = cpu_seconds();
        mix = engine->mix(song, nullptr);
        best_cpu = std::min(best_cpu, cpu_seconds() - cpu_start);
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::cout << "model " << model << " seconds " << seconds << " threads " << o.threads
              << " segments " << engine->describe().at("segments_in_last_mix") << " RTF "
              << best / seconds << " CPU_s_per_s " << best_cpu / seconds << " peak_rss_MB "
              << usage.ru_maxrss / 1024.0 << "\n";
    if (env("AUTOMIX_BENCH_COMPARE", 0) != 0) {
        o.segment_seconds = std::numeric_limits<double>::infinity();
        const AudioBuffer reference = load_model_engine(o)->mix(song, nullptr);
        std::cout << "segmented vs single pass relative error " << relative_error(mix, reference)
                  << "\n";
    }
}
