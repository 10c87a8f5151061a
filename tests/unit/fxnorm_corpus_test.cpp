// End-to-end oracles: normalization with the shared MUSDB18 statistics moves the real musdb7 stems'
// features toward the targets, and `stats` -> normalize round-trips on a synthesized corpus.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <iostream>
#include <random>

#include "automix/audio_io.hpp"
#include "automix/fxnorm.hpp"
#include "fxnorm/stem_features.hpp"
#include "fxnorm/settings.hpp"
#include "fxnorm/signal_utils.hpp"
#include "test_config.hpp"

namespace {

using automix::AudioBuffer;
using automix::StemSet;
using automix::StemTargets;
using automix::StemType;
namespace fx = automix::fxnorm;

// Distances of a stem's features from its targets, in the units each feature lives in.
struct Distances {
    double loudness_lu = 0;  // |LUFS - target|
    // Excess of the mean onset peak over the band's top, max(0, p - (P + S)): the quantity the
    // dynamics stage controls. The reference's expander is disabled, so stems below the band
    // stay below it (and EQ can move a stem there); their distance to P is not asserted.
    double onset_peak_db = 0;
    double spectrum_db = 0;  // RMS over 1/3-octave bands 50 Hz-16 kHz of the level difference
    double panning = 0;      // mean |phi - 0.9 phi_target| over 50 Hz-f_max (the stage's reference)
};

double band_db(const std::vector<double>& curve, double lo, double hi) {
    double sum = 0;
    int n = 0;
    for (int k = 0; k < automix::kTargetCurveBins; ++k) {
        const double f = k * 44100.0 / 65536.0;
        if (f >= lo && f < hi) {
            sum += curve[k] * curve[k];
            ++n;
        }
    }
    return 10 * std::log10(sum / n + 1e-30);
}

Distances distances(const AudioBuffer& stem, const StemTargets& t, StemType type) {
    Distances d;
    d.loudness_lu = std::fabs(fx::loudness_lufs(stem) - t.loudness_lufs);
    const fx::DynamicsFeature dyn = fx::dynamics_feature(stem);
    d.onset_peak_db =
        dyn.valid ? std::max(0.0, dyn.mean_db - (t.dynamics_mean_db + t.dynamics_std_db)) : 0.0;
    const std::vector<double> spec = fx::eq_feature(stem);
    double acc = 0;
    int bands = 0;
    for (int b = -13; b <= 12; ++b) {
        const double fc = 1000 * std::pow(2.0, b / 3.0);
        const double lo = fc * std::pow(2.0, -1.0 / 6), hi = fc * std::pow(2.0, 1.0 / 6);
        const double e = band_db(spec, lo, hi) - band_db(t.eq_magnitude, lo, hi);
        acc += e * e;
        ++bands;
    }
    d.spectrum_db = std::sqrt(acc / bands);
    const std::vector<double> phi = fx::panning_feature(stem);
    const int lo = static_cast<int>(50.0 * 65536 / 44100);
    const int hi = static_cast<int>(fx::stem_settings(type).pan_max_hz * 65536 / 44100);
    double pan = 0;
    for (int k = lo; k < hi; ++k)
        pan += std::fabs(phi[k] - fx::kPanningGainK * t.panning_similarity[k]);
    d.panning = pan / (hi - lo);
    return d;
}

const std::string kShared = AUTOMIX_SHARED_DIR;

// What the dynamics and panning stages promise for one stem (`r`: its report; b/a: distances
// before/after). Dynamics: a compressed stem's descriptor, measured by the stage on its output at
// the stage's level, is below the band's top. (Measured again on the final stem it is not: the
// compressor lowers the peak, and the descriptor re-normalizes the peak to -10 dBFS, which lifts
// it by up to 1.5 dB on musdb7; before the near-centre rule the 0.3/0.7 offset hid this by
// lowering one channel's onset peaks.) Panning: a stem on a side moves toward the target
// similarity; a near-centre stem keeps its image (similarity unchanged to 0.01).
void expect_dynamics_and_panning(const nlohmann::json& r, const Distances& b, const Distances& a,
                                 const std::string& what) {
    const auto& dyn = r["dynamics"];
    if (dyn["action"] == "compressed") {
        EXPECT_LT(dyn["onset_peak_after_db"][0].get<double>(),
                  dyn["target_band_db"][1].get<double>())
            << what;
    }
    if (r["panning"]["side"] == "centre") {
        EXPECT_NEAR(a.panning, b.panning, 0.01) << what;
    } else {
        EXPECT_LT(a.panning, b.panning) << what;
    }
}

TEST(FxCorpus, MusdbStemsMoveTowardTheMusdbTargets) {
    const std::string features = kShared + "/data/fxnorm-features/features_MUSDB18.json";
    const std::string songs_dir = kShared + "/data/musdb7";
    if (!std::filesystem::exists(features) || !std::filesystem::exists(songs_dir)) {
        GTEST_SKIP() << "shared MUSDB18 statistics or musdb7 songs not found under " << kShared;
    }
    const automix::Targets targets = automix::load_targets(features);
    Distances before_sum, after_sum;
    int stems = 0;
    for (const char* song : {"Music Delta - 80s Rock", "The Easton Ellises - Falcon 69"}) {
        StemSet set;
        for (StemType type : automix::kAllStemTypes) {
            const int i = static_cast<int>(type);
            set.stems[i] = automix::read_audio(songs_dir + "/" + song + "/" +
                                               automix::to_string(type) + ".wav");
            set.present[i] = true;
        }
        const automix::FxNormResult out = automix::fx_normalize(set, targets, {}, {});
        for (StemType type : automix::kAllStemTypes) {
            const int i = static_cast<int>(type);
            ASSERT_EQ(out.stems.stems[i].num_frames(), set.stems[i].num_frames());
            const Distances b = distances(set.stems[i], targets[type], type);
            const Distances a = distances(out.stems.stems[i], targets[type], type);
            std::cout << song << " " << automix::to_string(type) << ": loudness " << b.loudness_lu
                      << " -> " << a.loudness_lu << " LU, onset peak " << b.onset_peak_db << " -> "
                      << a.onset_peak_db << " dB above band, spectrum " << b.spectrum_db << " -> "
                      << a.spectrum_db << " dB, panning " << b.panning << " -> " << a.panning
                      << "\n";
            const auto& stem_report = out.report["stems"][automix::to_string(type)];
            expect_dynamics_and_panning(stem_report, b, a,
                                        song + std::string(" ") + automix::to_string(type));
            // Loudness is the last stage: on target unless peak limiting had to step in.
            if (!out.report["stems"][automix::to_string(type)]["loudness"]["peak_limited"]) {
                EXPECT_LT(a.loudness_lu, 0.1) << song << " " << automix::to_string(type);
            }
            before_sum.loudness_lu += b.loudness_lu;
            after_sum.loudness_lu += a.loudness_lu;
            before_sum.spectrum_db += b.spectrum_db;
            after_sum.spectrum_db += a.spectrum_db;
            ++stems;
        }
    }
    ASSERT_EQ(stems, 8);
    // Margins: the summed distance over the 8 stems must shrink by at least these factors.
    EXPECT_LT(after_sum.loudness_lu, 0.1 * before_sum.loudness_lu);
    EXPECT_LT(after_sum.spectrum_db, 0.6 * before_sum.spectrum_db);
}

// A small synthetic corpus: per song, stems with different levels, tilts, panning and attacks.
StemSet synth_song(std::size_t song) {
    constexpr int kRate = 44100;
    const std::size_t n = 8 * kRate;
    StemSet set;
    std::mt19937 rng(100 + static_cast<unsigned>(song));
    std::normal_distribution<float> g(0.0f, 1.0f);
    for (StemType type : automix::kAllStemTypes) {
        const int ti = static_cast<int>(type);
        AudioBuffer b(2, n, kRate);
        const float level = 0.05f * (1.0f + song) * (1.0f + 0.3f * ti);
        const float pan = 0.3f + 0.2f * static_cast<float>((song + ti) % 3);  // left share
        const double decay = 0.02 + 0.05 * song + 0.02 * ti;
        float lp = 0.0f;
        const float smooth = 0.2f + 0.25f * static_cast<float>((song + ti) % 3);  // spectral tilt
        for (std::size_t i = 0; i < n; ++i) {
            const double t = std::fmod(static_cast<double>(i) / kRate, 0.4);
            lp = smooth * lp + (1 - smooth) * g(rng);
            const float v = level * static_cast<float>(std::exp(-t / decay) + 0.1) * lp;
            b.channels[0][i] = pan * v + 0.1f * level * g(rng);
            b.channels[1][i] = (1 - pan) * v + 0.1f * level * g(rng);
        }
        set.stems[ti] = std::move(b);
        set.present[ti] = true;
    }
    return set;
}

TEST(FxCorpus, StatsThenNormalizeRoundTrips) {
    constexpr std::size_t kSongs = 3;
    automix::StatsOptions stats_options;
    const automix::Targets targets =
        automix::compute_targets(kSongs, synth_song, stats_options, {});
    automix::validate_targets(targets, "round trip");
    Distances before_sum, after_sum;
    for (std::size_t song = 0; song < kSongs; ++song) {
        const StemSet set = synth_song(song);
        const automix::FxNormResult out = automix::fx_normalize(set, targets, {}, {});
        for (StemType type : automix::kAllStemTypes) {
            const int i = static_cast<int>(type);
            EXPECT_EQ(targets[type].songs, static_cast<int>(kSongs));
            const Distances b = distances(set.stems[i], targets[type], type);
            const Distances a = distances(out.stems.stems[i], targets[type], type);
            EXPECT_LT(a.loudness_lu, 0.1);
            const auto& stem_report = out.report["stems"][automix::to_string(type)];
            expect_dynamics_and_panning(stem_report, b, a, "song " + std::to_string(song));
            before_sum.spectrum_db += b.spectrum_db;
            after_sum.spectrum_db += a.spectrum_db;
            if (stem_report["panning"]["side"] != "centre") {
                before_sum.panning += b.panning;
                after_sum.panning += a.panning;
            }
            before_sum.loudness_lu += b.loudness_lu;
        }
    }
    std::cout << "round trip: spectrum " << before_sum.spectrum_db << " -> "
              << after_sum.spectrum_db << " dB, panning " << before_sum.panning << " -> "
              << after_sum.panning << "\n";
    EXPECT_GT(before_sum.loudness_lu, 1.0);  // the corpus really spreads in level
    EXPECT_LT(after_sum.spectrum_db, 0.5 * before_sum.spectrum_db);
    EXPECT_GT(before_sum.panning, 0.0) << "the corpus must hold stems on a side";
    EXPECT_LT(after_sum.panning, 0.75 * before_sum.panning);
}

}  // namespace
