// The default mode's own rules (docs/fxnorm.md, D16-D19): fractional-octave EQ measurement, no EQ
// boost above the input's bandwidth, near-centre stems left in place, bounded panning gains and
// the stage-output guard.
#include <fftw3.h>
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <complex>
#include <filesystem>
#include <limits>
#include <random>
#include <vector>

#include "automix/audio_io.hpp"
#include "automix/dsp/smoothing.hpp"
#include "automix/error.hpp"
#include "automix/fxnorm.hpp"
#include "dsp/decibels.hpp"
#include "fxnorm/signal_utils.hpp"
#include "fxnorm/stages.hpp"
#include "fxnorm/stem_features.hpp"
#include "fxnorm/stem_pipeline.hpp"
#include "test_config.hpp"
#include "unit/fxnorm_test_util.hpp"

namespace {

using automix::AudioBuffer;
using automix::StemTargets;
using automix::StemType;
namespace fx = automix::fxnorm;

constexpr int kRate = 44100;

StemTargets flat_targets() {
    StemTargets t;
    t.eq_magnitude.assign(automix::kTargetCurveBins, 1.0);
    t.panning_similarity.assign(automix::kTargetCurveBins, 0.9);
    t.dynamics_mean_db = -14.0;
    t.dynamics_std_db = 1.0;
    t.loudness_lufs = -30.0;
    return t;
}

// White noise, independent channels, with everything above `cut_hz` removed (an ideal low-pass
// done in one FFT) plus a white floor `floor_db` below the signal, like a codec's output.
AudioBuffer lowpassed_noise(double seconds, double cut_hz, double floor_db, unsigned seed) {
    const std::size_t n = static_cast<std::size_t>(seconds * kRate);
    AudioBuffer b(2, n, kRate);
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0.0, 1.0);
    std::vector<double> x(n);
    std::vector<fftw_complex> spec(n / 2 + 1);
    fftw_plan plan =
        fftw_plan_dft_c2r_1d(static_cast<int>(n), spec.data(), x.data(), FFTW_ESTIMATE);
    for (auto& c : b.channels) {
        for (std::size_t k = 0; k < spec.size(); ++k) {
            const bool pass = k > 0 && k * double(kRate) / n < cut_hz;
            spec[k][0] = pass ? g(rng) : 0.0;
            spec[k][1] = pass ? g(rng) : 0.0;
        }
        fftw_execute(plan);
        double rms = 0;
        for (double v : x) rms += v * v;
        rms = std::sqrt(rms / n);
        const double floor = 0.1 * std::pow(10.0, floor_db / 20.0);
        for (std::size_t i = 0; i < n; ++i)
            c[i] = static_cast<float>(0.1 * x[i] / rms + floor * g(rng));
    }
    fftw_destroy_plan(plan);
    return b;
}

TEST(FxSmoothing, FractionalOctaveWindowGrowsWithFrequency) {
    // An impulse at bin 1000 spreads over the bins whose 1/6-octave window reaches it: bins k with
    // k / 2^(1/12) <= 1000 <= k * 2^(1/12), i.e. 944..1059, each getting 1 / (its window width).
    std::vector<double> x(4001, 0.0);
    x[1000] = 1.0;
    const auto y = automix::dsp::smooth_fractional_octave(x, 6.0);
    EXPECT_EQ(y[940], 0.0);
    EXPECT_GT(y[950], 0.0);
    EXPECT_GT(y[1050], 0.0);
    EXPECT_EQ(y[1065], 0.0);
    EXPECT_NEAR(y[1000], 1.0 / (1059 - 944 + 1), 1e-3);
    // The minimum width applies where the constant-Q window is narrower: bin 10 averages 129 bins
    // (truncated at 0: bins 0..74 hold 75 of them).
    std::vector<double> ones(4001, 1.0);
    ones[0] = 76.0;  // a DC spike, averaged in
    const auto z = automix::dsp::smooth_fractional_octave(ones, 6.0, 129);
    EXPECT_NEAR(z[10], (74.0 + 76.0) / 75.0, 1e-12);
    EXPECT_NEAR(z[3000], 1.0, 1e-12);
}

TEST(FxBandwidth, FindsACodecLowPassAndNothingInFullBandNoise) {
    const AudioBuffer cut = lowpassed_noise(4.0, 15000.0, -70.0, 1);
    const std::size_t bin = fx::bandwidth_bin(fx::average_spectrum(cut, 1.0));
    ASSERT_LT(bin, static_cast<std::size_t>(automix::kTargetCurveBins));
    EXPECT_NEAR(bin * fxtest::kBinHz, 15000.0, 300.0);
    const AudioBuffer full = lowpassed_noise(4.0, 30000.0, -70.0, 2);
    EXPECT_EQ(fx::bandwidth_bin(fx::average_spectrum(full, 1.0)),
              static_cast<std::size_t>(automix::kTargetCurveBins));
}

// EQ with a flat target on a low-passed stem: the target asks for +40 dB above the cut.
TEST(FxBandwidth, EqDoesNotBoostAboveTheBandwidthOfALowPassedStem) {
    const AudioBuffer input = lowpassed_noise(6.0, 15000.0, -80.0, 3);
    for (bool limit : {true, false}) {
        AudioBuffer stem = input;
        fx::EqOptions options;
        options.limit_to_bandwidth = limit;
        const auto report =
            fx::match_eq(stem, flat_targets(), fx::stem_settings(StemType::Other), options);
        const double g = automix::dsp::db_to_amplitude(report["measurement_gain_db"].get<double>());
        const double rise = fxtest::energy_above_db(stem, 1.0, 17500.0) -
                            fxtest::energy_above_db(input, g, 17500.0);
        if (limit) {
            EXPECT_NEAR(report["bandwidth_hz"].get<double>(), 15000.0, 300.0);
            // Stated maximum boost above the bandwidth: 0 dB (+0.5 dB for the filter's ripple
            // and the measurement).
            EXPECT_LT(rise, 0.5);
        } else {
            EXPECT_GT(rise, 10.0) << "the test stem must be one the EQ would boost";
        }
    }
}

// Writes `audio` as an MP3 through libsndfile (LAME) and decodes it again.
AudioBuffer through_mp3(const AudioBuffer& audio, const std::string& path) {
    SF_INFO info{};
    info.samplerate = audio.sample_rate;
    info.channels = 2;
    info.format = SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    if (!f) return {};
    std::vector<float> inter(audio.num_frames() * 2);
    for (std::size_t i = 0; i < audio.num_frames(); ++i) {
        inter[2 * i] = audio.channels[0][i];
        inter[2 * i + 1] = audio.channels[1][i];
    }
    sf_writef_float(f, inter.data(), static_cast<sf_count_t>(audio.num_frames()));
    sf_close(f);
    return automix::read_audio(path);
}

TEST(FxBandwidth, EqDoesNotBoostAboveTheBandwidthOfAnMp3DecodedStem) {
    const std::string path =
        (std::filesystem::temp_directory_path() / "automix_fxnorm_bandwidth.mp3").string();
    const AudioBuffer mp3 = through_mp3(lowpassed_noise(6.0, 30000.0, -90.0, 4), path);
    std::filesystem::remove(path);
    if (mp3.num_frames() == 0) GTEST_SKIP() << "this libsndfile cannot write MP3";
    AudioBuffer stem = automix::to_stereo(mp3);
    const AudioBuffer input = stem;
    const auto report = fx::match_eq(stem, flat_targets(), fx::stem_settings(StemType::Other), {});
    ASSERT_FALSE(report["bandwidth_hz"].is_null()) << "LAME low-passes full-band noise";
    const double bw = report["bandwidth_hz"].get<double>();
    EXPECT_GT(bw, 15000.0);
    const double g = automix::dsp::db_to_amplitude(report["measurement_gain_db"].get<double>());
    const double above = bw + 500.0;
    EXPECT_LT(fxtest::energy_above_db(stem, 1.0, above) - fxtest::energy_above_db(input, g, above),
              0.5);
}

// The real case of issue 13: musdb7 stems (AAC-coded, low-passed near 15-17 kHz) with both the
// paper's statistics and the shipped targets: energy above 17.5 kHz is not raised.
TEST(FxBandwidth, Musdb7EnergyAbove17k5IsNotRaised) {
    const std::string features = fxtest::musdb18_features();
    const std::string ours = std::string(AUTOMIX_SOURCE_DIR) + "/configs/targets.json";
    if (!fxtest::have_musdb7())
        GTEST_SKIP() << "../shared (musdb7, features_MUSDB18.json) not found";
    for (const std::string& targets_path : {features, ours}) {
        if (!std::filesystem::exists(targets_path)) continue;
        const automix::Targets targets = automix::load_targets(targets_path);
        fxtest::for_each_musdb7_stem([&](const std::string& song, StemType type,
                                         const std::string& what) {
            const AudioBuffer input = automix::read_audio(fxtest::musdb7_stem(song, type));
            AudioBuffer stem = input;
            const auto r = fx::match_eq(stem, targets[type], fx::stem_settings(type), {});
            const double g = automix::dsp::db_to_amplitude(r["measurement_gain_db"].get<double>());
            EXPECT_LT(fxtest::energy_above_db(stem, 1.0, 17500.0) -
                          fxtest::energy_above_db(input, g, 17500.0),
                      0.5)
                << what << " with " << targets_path;
        });
    }
}

// Default vs reference EQ on musdb7 (the bar of issue 13): RMS third-octave error against the
// target, 40 Hz-16 kHz, measured (bench/fxnorm_measure.sh): default 1.3-4.2 dB, mean 2.5;
// reference 1.3-7.0 dB, mean 3.9. Per stem the default may lose by at most 0.1 dB (measured:
// 0.01 dB on one vocal stem).
TEST(FxEqChoice, DefaultIsNoWorseThanReferenceOnMusdb7) {
    const std::string features = fxtest::musdb18_features();
    if (!fxtest::have_musdb7())
        GTEST_SKIP() << "../shared (musdb7, features_MUSDB18.json) not found";
    const automix::Targets targets = automix::load_targets(features);
    const fx::EqOptions reference = fx::chain_options(automix::FxNormMode::Reference).eq;
    double sum_default = 0, sum_reference = 0;
    fxtest::for_each_musdb7_stem(
        [&](const std::string& song, StemType type, const std::string& what) {
            const AudioBuffer input = automix::read_audio(fxtest::musdb7_stem(song, type));
            AudioBuffer a = input, b = input;
            fx::match_eq(a, targets[type], fx::stem_settings(type), {});
            fx::match_eq(b, targets[type], fx::stem_settings(type), reference);
            const double ea = fxtest::eq_error_db(a, targets[type].eq_magnitude);
            const double eb = fxtest::eq_error_db(b, targets[type].eq_magnitude);
            EXPECT_LT(ea, eb + 0.1) << what;
            sum_default += ea;
            sum_reference += eb;
        });
    EXPECT_LT(sum_default, sum_reference - 8 * 0.5) << "the default must win on average";
}

// A stereo stem: correlated noise with the right channel `right_db` louder.
AudioBuffer panned_noise(double right_db, unsigned seed) {
    AudioBuffer b(2, 5 * kRate, kRate);
    std::mt19937 rng(seed);
    std::normal_distribution<float> g(0.0f, 0.1f);
    const float r = static_cast<float>(std::pow(10.0, right_db / 20.0));
    for (std::size_t i = 0; i < b.num_frames(); ++i) {
        const float common = g(rng);
        b.channels[0][i] = common + 0.3f * g(rng);
        b.channels[1][i] = r * (common + 0.3f * g(rng));
    }
    return b;
}

TEST(FxPanningRule, NearCentreStemKeepsItsImageAndClearSideIsFollowed) {
    const fx::PanningOptions options = fx::chain_options(automix::FxNormMode::Default).panning;
    ASSERT_DOUBLE_EQ(options.centre_balance_db, fx::kPanCentreBalanceDb);
    for (double right_db : {-1.0, -0.3, 0.4, 1.2}) {  // below the 1.5 dB threshold
        AudioBuffer stem = panned_noise(right_db, 5);
        const double before = fxtest::balance_db(stem);
        const auto r =
            fx::match_panning(stem, flat_targets(), fx::stem_settings(StemType::Other), options);
        EXPECT_EQ(r["side"], "centre") << right_db;
        EXPECT_NEAR(fxtest::balance_db(stem), before, 0.05) << right_db;
    }
    for (double right_db : {-3.0, 2.5}) {
        AudioBuffer stem = panned_noise(right_db, 6);
        const auto r =
            fx::match_panning(stem, flat_targets(), fx::stem_settings(StemType::Other), options);
        EXPECT_EQ(r["side"], right_db > 0 ? "right" : "left");
        // The side is kept and pushed further out by the 0.3/0.7 offset (7.4 dB).
        EXPECT_GT(fxtest::balance_db(stem) * (right_db > 0 ? 1 : -1), std::fabs(right_db));
    }
}

// Issue 13: no musdb7 stem changes side in the default chain (all are within 1.5 dB of centre).
TEST(FxPanningRule, NoMusdb7StemChangesSide) {
    const std::string features = fxtest::musdb18_features();
    if (!fxtest::have_musdb7())
        GTEST_SKIP() << "../shared (musdb7, features_MUSDB18.json) not found";
    const automix::Targets targets = automix::load_targets(features);
    const fx::ChainOptions chain = fx::chain_options(automix::FxNormMode::Default);
    fxtest::for_each_musdb7_stem(
        [&](const std::string& song, StemType type, const std::string& what) {
            AudioBuffer stem = automix::read_audio(fxtest::musdb7_stem(song, type));
            const double before = fxtest::balance_db(stem);
            const auto r = fx::normalize_stem(stem, type, targets[type], chain, {});
            const double after = fxtest::balance_db(stem);
            const std::string side = r["panning"]["side"];
            if (side == "centre") {
                // Stereo-linked EQ and compression keep the balance per frequency; the broadband
                // balance moves a little when L and R differ in spectrum (measured: <= 0.27 dB).
                EXPECT_NEAR(after, before, 0.5) << what;
            } else {
                EXPECT_GE(std::fabs(r["panning"]["input_balance_db"].get<double>()), 1.5);
                EXPECT_GT(after * before, 0.0) << what;
            }
        });
}

// Issue 13's blow-up: in bins where the channel the detected side calls quiet is the loud one and
// the other channel is near silent, the reference's share formula divides by ~0. Right is louder
// overall (below 5 kHz); above 5 kHz only the left channel has signal (right at -200 dB).
AudioBuffer contradicting_stem() {
    AudioBuffer b = lowpassed_noise(4.0, 30000.0, -300.0, 7);
    const AudioBuffer low = lowpassed_noise(4.0, 5000.0, -300.0, 8);
    for (std::size_t i = 0; i < b.num_frames(); ++i) {
        b.channels[0][i] = 0.3f * b.channels[0][i];
        b.channels[1][i] = 2.0f * low.channels[1][i] + 1e-11f * b.channels[1][i];
    }
    return b;
}

TEST(FxPanningGuard, GainsStayBoundedWhenOneChannelIsNearSilent) {
    for (bool frame_limit : {false, true}) {
        AudioBuffer stem = contradicting_stem();
        const float before = fx::peak_abs(stem);
        fx::PanningOptions options;
        options.reference_frame_limit = frame_limit;
        const auto r =
            fx::match_panning(stem, flat_targets(), fx::stem_settings(StemType::Bass), options);
        EXPECT_EQ(r["side"], "right");
        // Unguarded, the left channel's bins above 5 kHz get gains of ~1e10. Guarded, no bin
        // exceeds the sum of both channels' magnitudes: the peak can at most double.
        EXPECT_LT(fx::peak_abs(stem), 2.0f * before) << "frame limit " << frame_limit;
        for (const auto& c : stem.channels) {
            for (float v : c) ASSERT_TRUE(std::isfinite(v));
        }
    }
}

TEST(FxStageGuard, NonFiniteStageOutputIsAProcessingError) {
    AudioBuffer stem = panned_noise(0.0, 9);
    stem.channels[0][1000] = std::numeric_limits<float>::infinity();
    try {
        fx::normalize_stem(stem, StemType::Vocals, flat_targets(), fx::ChainOptions{}, {});
        FAIL() << "no error for a non-finite stage output";
    } catch (const automix::Error& e) {
        EXPECT_EQ(e.kind(), automix::ErrorKind::Processing);
        EXPECT_NE(std::string(e.what()).find("vocals"), std::string::npos) << e.what();
    }
}

TEST(FxMode, ReportAndStatsRecordTheMode) {
    automix::StemSet set;
    for (int i = 0; i < automix::kNumStemTypes; ++i) {
        set.stems[static_cast<std::size_t>(i)] = panned_noise(0.5 * i, 20 + i);
        set.present[static_cast<std::size_t>(i)] = true;
    }
    automix::Targets targets;
    for (StemType type : automix::kAllStemTypes) targets[type] = flat_targets();
    automix::FxNormOptions options;
    options.mode = automix::FxNormMode::Reference;
    const auto r = automix::fx_normalize(set, targets, options, {});
    EXPECT_EQ(r.report["mode"], "reference");
    EXPECT_EQ(r.report["version"], automix::fxnorm_descriptor(automix::FxNormMode::Reference));
    // Reference mode reports the per-channel EQ and compression.
    EXPECT_EQ(r.report["stems"]["vocals"]["eq"]["channels"].size(), 2u);
    EXPECT_EQ(r.report["stems"]["vocals"]["dynamics"]["channels"].size(), 2u);
    // automix stats in reference mode: two short songs give valid targets marked as such.
    automix::StatsOptions stats;
    stats.mode = automix::FxNormMode::Reference;
    const automix::Targets t =
        automix::compute_targets(2,
                                 [&](std::size_t song) {
                                     automix::StemSet s = set;
                                     for (auto& stem : s.stems)
                                         fx::apply_gain(stem, 0.5f + 0.3f * song);
                                     return s;
                                 },
                                 stats, {});
    EXPECT_NO_THROW(automix::validate_targets(t, "reference-mode stats"));
    EXPECT_NE(t.provenance.find("reference mode"), std::string::npos) << t.provenance;
}

TEST(FxMode, NamesAndDescriptor) {
    EXPECT_EQ(automix::parse_fxnorm_mode("reference"), automix::FxNormMode::Reference);
    EXPECT_EQ(automix::parse_fxnorm_mode("default"), automix::FxNormMode::Default);
    EXPECT_THROW(automix::parse_fxnorm_mode("paper"), automix::Error);
    EXPECT_EQ(automix::fxnorm_descriptor(automix::FxNormMode::Reference),
              std::string("automix-fxnorm/") + automix::kFxNormVersion + " reference");
}

}  // namespace
