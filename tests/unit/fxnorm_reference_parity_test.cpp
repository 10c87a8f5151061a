// Reference mode against the reference implementation's own outputs
// (../shared/data/fxnorm-reference: per stem of the two musdb7 songs, the output after EQ, after
// compression, after panning and after loudness, plus its compressor-search logs).
//
// Stage by stage: each of our stages gets the reference's output of the stage before, so a
// difference belongs to that stage alone. End to end: our whole reference-mode chain from the
// musdb7 stem, compared after every stage. Bars (issue 13): every third-octave band 40 Hz-16 kHz
// of every channel within 0.5 dB, loudness within 0.1 LU, the same compression decision per
// channel, the same panning side. Tighter per-check tolerances below come from the measured
// differences printed by the tests (docs/fxnorm.md, "Parity with the reference").
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "automix/audio_io.hpp"
#include "automix/fxnorm.hpp"
#include "fxnorm/stem_features.hpp"
#include "fxnorm/signal_utils.hpp"
#include "fxnorm/stages.hpp"
#include "fxnorm/stem_pipeline.hpp"
#include "unit/fxnorm_test_util.hpp"

namespace {

using automix::AudioBuffer;
using automix::StemType;
namespace fx = automix::fxnorm;

const char* const kStages[] = {"eq", "eq_dyn", "eq_dyn_pan", "eq_dyn_pan_loud"};

// Bars of issue 13.
constexpr double kBandTolDb = 0.25;     // bar 0.5; measured <= 0.16 (panning, 80s Rock other)
constexpr double kLoudnessTolLu = 0.1;  // integrated loudness of the final output
// Compressor search: the reference logs its descriptor with 2 decimals (+-0.005); measured
// differences stay within that rounding. Ratio and threshold: measured identical on all 8
// compressed channels (the earlier port allowed 1.5 dB); a threshold one 0.5 dB grid step
// away would follow from a descriptor crossing the band's top within float rounding, so that is
// the tolerance.
constexpr double kDescriptorTolDb = 0.02;
constexpr double kThresholdTolDb = 0.5;

std::string reference_dir() { return fxtest::shared_dir() + "/data/fxnorm-reference"; }

bool have_reference() { return fxtest::have_musdb7() && fxtest::all_exist({reference_dir()}); }

AudioBuffer reference_output(const std::string& song, StemType type, int stage) {
    return automix::read_audio(reference_dir() + "/" + song + "/" + automix::to_string(type) + "_" +
                               kStages[stage] + ".flac");
}

AudioBuffer musdb_input(const std::string& song, StemType type) {
    return automix::read_audio(fxtest::musdb7_stem(song, type));
}

AudioBuffer channel(const AudioBuffer& b, int c) {
    AudioBuffer m;
    m.sample_rate = b.sample_rate;
    m.channels.push_back(b.channels[static_cast<std::size_t>(c)]);
    return m;
}

// Largest |band difference| over both channels and the 27 third-octave bands 40 Hz-16 kHz.
double max_band_diff_db(const AudioBuffer& ours, const AudioBuffer& ref) {
    double worst = 0;
    for (int c = 0; c < 2; ++c) {
        const auto d = fxtest::third_octave_diff_db(fx::average_spectrum(channel(ours, c), 1.0),
                                                    fx::average_spectrum(channel(ref, c), 1.0));
        for (double e : d) worst = std::max(worst, std::fabs(e));
    }
    return worst;
}

// Right-minus-left balance of a stage's change: > 0 when the stage moved the image right.
double balance_shift_db(const AudioBuffer& before, const AudioBuffer& after) {
    return fxtest::balance_db(after) - fxtest::balance_db(before);
}

// One channel's compressor search as the reference logged it.
struct LoggedChannel {
    double input_mean_db = 0;
    bool compressed = false;
    bool below = false;  // "expander is disabled": the descriptor was below the band
    double ratio = 0, threshold_db = 0;
};

std::vector<LoggedChannel> read_log(const std::string& song, StemType type) {
    std::ifstream in(reference_dir() + "/" + song + "/" + automix::to_string(type) +
                     "_dynamics_search.log");
    std::vector<LoggedChannel> channels;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string first;
        words >> first;
        if (first == "input") {
            channels.emplace_back();
            words >> channels.back().input_mean_db;
        } else if (first == "compress" && !channels.empty()) {
            channels.back().compressed = true;
        } else if (first == "expander" && !channels.empty()) {
            channels.back().below = true;
        } else if (!channels.empty() && channels.back().compressed && !first.empty() &&
                   (std::isdigit(static_cast<unsigned char>(first[0])) != 0)) {
            channels.back().ratio = std::stod(first);  // the last trial line is the choice
            words >> channels.back().threshold_db;
        }
    }
    return channels;
}

// Our dynamics report per channel (reference mode reports {"channels": [...]}).
void expect_same_compression(const nlohmann::json& report, const std::string& song, StemType type,
                             const std::string& what) {
    const auto logged = read_log(song, type);
    ASSERT_EQ(logged.size(), 2u) << what;
    for (std::size_t c = 0; c < 2; ++c) {
        const auto& ours = report["channels"][c];
        const bool compressed = ours["action"].get<std::string>().rfind("compressed", 0) == 0;
        EXPECT_EQ(compressed, logged[c].compressed) << what << " channel " << c;
        EXPECT_EQ(ours["action"] == "below_band", logged[c].below) << what << " channel " << c;
        // Descriptor of the stage's input: the reference prints it with 2 decimals.
        if (ours.contains("onset_peak_before_db")) {
            EXPECT_NEAR(ours["onset_peak_before_db"][0].get<double>(), logged[c].input_mean_db,
                        kDescriptorTolDb)
                << what << " channel " << c;
        }
        std::cout << "  " << what << " channel " << c << ": "
                  << (compressed ? "compressed" : ours["action"].get<std::string>())
                  << " (log: " << (logged[c].compressed ? "compressed" : "not") << ")";
        if (compressed) {
            std::cout << " ratio " << ours["ratio"] << " threshold " << ours["threshold_db"]
                      << " (log: " << logged[c].ratio << ", " << logged[c].threshold_db << ")";
        }
        std::cout << "\n";
        if (compressed && logged[c].compressed) {
            EXPECT_EQ(ours["ratio"].get<double>(), logged[c].ratio) << what << " channel " << c;
            EXPECT_NEAR(ours["threshold_db"].get<double>(), logged[c].threshold_db, kThresholdTolDb)
                << what << " channel " << c;
        }
    }
}

// The dynamics stage as the reference ran it on `ref_eq` (its stored EQ output): the reference's
// compressor also saw the EQ filter's ringing beyond the stem's ends, which sat in its zero
// padding and is not in the stored (cropped) file; on "80s Rock" other (+41 dB of EQ boost) that
// ringing holds the channel peak, which sets the -10 dBFS peak normalization. So the stored
// output gets back the tails of our EQ (which matches the reference EQ within 1e-4 dB), and the
// stage runs with them, as in reference mode.
nlohmann::json dynamics_with_eq_tails(AudioBuffer& x, const AudioBuffer& input,
                                      const automix::StemTargets& t, const fx::StemSettings& s,
                                      fx::ChainOptions chain) {
    const std::size_t tail = static_cast<std::size_t>(chain.tail), n = x.num_frames();
    AudioBuffer padded(2, n + 2 * tail, x.sample_rate);
    for (int c = 0; c < 2; ++c) {
        std::copy(input.channels[c].begin(), input.channels[c].end(),
                  padded.channels[c].begin() + static_cast<long>(tail));
    }
    chain.eq.pad -= chain.tail;
    chain.dynamics.pad -= chain.tail;
    fx::match_eq(padded, t, s, chain.eq);
    for (int c = 0; c < 2; ++c) {
        std::copy(x.channels[c].begin(), x.channels[c].end(),
                  padded.channels[c].begin() + static_cast<long>(tail));
    }
    const nlohmann::json report = fx::match_dynamics(padded, t, s, chain.dynamics);
    for (int c = 0; c < 2; ++c) {
        const auto from = padded.channels[c].begin() + static_cast<long>(tail);
        std::copy(from, from + static_cast<long>(n), x.channels[c].begin());
    }
    return report;
}

// Loudness (our meter, with the reference's zero padding) of a stereo buffer.
double lufs(const AudioBuffer& b) { return fx::loudness_lufs(b, fx::kPad); }

// Reference mode with the paper's statistics; skipped without ../shared.
class FxReferenceParity : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!have_reference()) GTEST_SKIP() << "../shared/data/fxnorm-reference not found";
        targets = automix::load_targets(fxtest::musdb18_features());
    }
    automix::Targets targets;
    const fx::ChainOptions chain = fx::chain_options(automix::FxNormMode::Reference);
};

TEST_F(FxReferenceParity, EachStageReproducesTheReferenceStage) {
    fxtest::for_each_musdb7_stem(
        [&](const std::string& song, StemType type, const std::string& what) {
            const auto& t = targets[type];
            const auto& settings = fx::stem_settings(type);
            AudioBuffer ref[4];
            for (int s = 0; s < 4; ++s) ref[s] = reference_output(song, type, s);
            double band[4], loud[4];
            nlohmann::json report[4];

            AudioBuffer x = musdb_input(song, type);
            report[0] = fx::match_eq(x, t, settings, chain.eq);
            band[0] = max_band_diff_db(x, ref[0]);
            loud[0] = lufs(x) - lufs(ref[0]);
            x = ref[0];
            report[1] = dynamics_with_eq_tails(x, musdb_input(song, type), t, settings, chain);
            band[1] = max_band_diff_db(x, ref[1]);
            loud[1] = lufs(x) - lufs(ref[1]);
            x = ref[1];
            report[2] = fx::match_panning(x, t, settings, chain.panning);
            band[2] = max_band_diff_db(x, ref[2]);
            loud[2] = lufs(x) - lufs(ref[2]);
            x = ref[2];
            report[3] = fx::match_loudness(x, t, chain.loudness_pad);
            band[3] = max_band_diff_db(x, ref[3]);
            loud[3] = lufs(x) - lufs(ref[3]);

            std::cout << "stage by stage, " << what << ": max band diff dB (eq, dyn, pan, loud)";
            for (double b : band) std::cout << " " << b;
            std::cout << "; loudness diff LU";
            for (double l : loud) std::cout << " " << l;
            std::cout << "; side " << report[2]["side"] << "\n";
            for (int s = 0; s < 4; ++s) EXPECT_LT(band[s], kBandTolDb) << what << " " << kStages[s];
            EXPECT_LT(std::fabs(loud[3]), kLoudnessTolLu) << what;
            expect_same_compression(report[1], song, type, what);
            const double shift = balance_shift_db(ref[1], ref[2]);
            EXPECT_EQ(report[2]["side"], shift > 0 ? "right" : "left") << what;
        });
}

TEST_F(FxReferenceParity, WholeChainReproducesTheReferenceAfterEveryStage) {
    fxtest::for_each_musdb7_stem(
        [&](const std::string& song, StemType type, const std::string& what) {
            AudioBuffer x = musdb_input(song, type);
            std::vector<AudioBuffer> after;
            const nlohmann::json report =
                fx::normalize_stem(x, type, targets[type], chain, [&] { after.push_back(x); });
            ASSERT_EQ(after.size(), 4u) << what;
            std::cout << "end to end, " << what << ": max band diff dB (eq, dyn, pan, loud)";
            for (int s = 0; s < 4; ++s) {
                const AudioBuffer ref = reference_output(song, type, s);
                const double band = max_band_diff_db(after[static_cast<std::size_t>(s)], ref);
                std::cout << " " << band;
                EXPECT_LT(band, kBandTolDb) << what << " " << kStages[s];
            }
            const AudioBuffer ref_final = reference_output(song, type, 3);
            const double loud = lufs(x) - lufs(ref_final);
            std::cout << "; loudness diff LU " << loud << "; side " << report["panning"]["side"]
                      << "\n";
            EXPECT_LT(std::fabs(loud), kLoudnessTolLu) << what;
            expect_same_compression(report["dynamics"], song, type, what);
            const double shift =
                balance_shift_db(reference_output(song, type, 1), reference_output(song, type, 2));
            EXPECT_EQ(report["panning"]["side"], shift > 0 ? "right" : "left") << what;
        });
}

}  // namespace
