// Comparison of an estimate with a reference: identities, a known gain offset, alignment of
// offset/resampled copies, and the MUSDB excerpts re-summed with one stem raised.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <random>

#include "automix/audio_io.hpp"
#include "automix/eval.hpp"
#include "test_config.hpp"

namespace {

namespace fs = std::filesystem;

// A small "song": noise bursts with a decaying envelope in the left, a detuned sawtooth-ish tone
// in the right and a shared bass line, 8 s at 44.1 kHz.
automix::AudioBuffer song(int fs = 44100, double seconds = 8.0) {
    std::mt19937 rng(5);
    std::normal_distribution<float> d(0.0f, 1.0f);
    automix::AudioBuffer a(2, static_cast<std::size_t>(seconds * fs), fs);
    for (std::size_t i = 0; i < a.num_frames(); ++i) {
        const double t = static_cast<double>(i) / fs;
        const double env = std::exp(-8.0 * std::fmod(t, 0.5));
        const double bass = 0.3 * std::sin(2 * M_PI * 55.0 * t) * (0.6 + 0.4 * std::sin(t));
        const double tone =
            0.15 * std::sin(2 * M_PI * 440.0 * t) + 0.05 * std::sin(2 * M_PI * 1320.0 * t);
        a.channels[0][i] = static_cast<float>(bass + 0.2 * env * d(rng) + 0.3 * tone);
        a.channels[1][i] = static_cast<float>(bass + 0.05 * env * d(rng) + tone);
    }
    return a;
}

automix::AudioBuffer scaled(automix::AudioBuffer a, double db) {
    const float g = static_cast<float>(std::pow(10.0, db / 20.0));
    for (auto& ch : a.channels) {
        for (float& v : ch) v *= g;
    }
    return a;
}

double score(const automix::PairEvaluation& e, const char* group) {
    return e.comparison.group_scores.at(group);
}

TEST(EvalPair, SelfComparisonHasZeroError) {
    const automix::AudioBuffer a = song();
    const automix::PairEvaluation e = automix::evaluate_pair(a, a);
    EXPECT_EQ(e.alignment.lag_samples, 0);
    EXPECT_NEAR(e.alignment.correlation, 1.0, 1e-9);
    for (const char* g : {"loudness", "spectral", "panning", "dynamic"})
        EXPECT_EQ(score(e, g), 0.0) << g;
}

TEST(EvalPair, SixDbQuieterCopyHasTheExpectedLoudnessError) {
    const automix::AudioBuffer ref = song();
    const automix::PairEvaluation e = automix::evaluate_pair(scaled(ref, -6.0), ref);
    const double lufs = e.reference.loudness.integrated_lufs_pyloudnorm;
    const double peak = e.reference.loudness.stats.sample_peak_dbfs;
    // |L - (L - 6)| / |L| and the same for the peak in dBFS (docs/reference.md#metrics-loudness).
    EXPECT_NEAR(e.comparison.errors["loudness"]["lufs"].get<double>(), 6.0 / std::fabs(lufs), 1e-3);
    EXPECT_NEAR(e.comparison.errors["loudness"]["peak"].get<double>(), 6.0 / std::fabs(peak), 1e-3);
    // Everything else is peak-normalised first, so a pure gain change is invisible.
    for (const char* g : {"spectral", "panning", "dynamic"}) EXPECT_LT(score(e, g), 1e-4) << g;
}

TEST(EvalPair, AlignmentFindsOffsetAndHandlesRates) {
    const automix::AudioBuffer ref = song();
    // The estimate starts 0.25 s later (silence prepended) and is at 48 kHz.
    automix::AudioBuffer delayed = ref;
    const std::size_t lag = 11025;
    for (auto& ch : delayed.channels) ch.insert(ch.begin(), lag, 0.0f);
    const automix::AudioBuffer est = automix::resample(delayed, 48000);
    const automix::PairEvaluation e = automix::evaluate_pair(est, ref);
    EXPECT_TRUE(e.alignment.lag_applied);
    EXPECT_NEAR(static_cast<double>(e.alignment.lag_samples), static_cast<double>(lag), 2.0);
    EXPECT_EQ(e.alignment.estimate_rate, 48000);
    EXPECT_EQ(e.alignment.reference_rate, 44100);
    // Oracle: the same resampling round trip without the delay. Once aligned, the delayed copy
    // must score like it (resampling itself changes the top octave and the sample peak).
    const automix::PairEvaluation base = automix::evaluate_pair(automix::resample(ref, 48000), ref);
    EXPECT_EQ(base.alignment.lag_samples, 0);
    for (const char* g : {"spectral", "panning", "dynamic", "loudness"}) {
        EXPECT_NEAR(score(e, g), score(base, g), 0.1 * score(base, g) + 1e-3) << g;
    }
}

TEST(EvalPair, LeadingAndTrailingSilenceOfTheReferenceIsTrimmed) {
    automix::AudioBuffer ref = song(44100, 4.0);
    for (auto& ch : ref.channels) {
        ch.insert(ch.begin(), 44100, 0.0f);
        ch.insert(ch.end(), 22050, 0.0f);
    }
    automix::AlignmentOptions o;
    o.estimate_lag = false;
    const automix::AlignedPair p = automix::align_pair(ref, ref, o);
    EXPECT_NEAR(static_cast<double>(p.alignment.trimmed_leading), 44100.0, 30.0);
    EXPECT_NEAR(static_cast<double>(p.alignment.trimmed_trailing), 22050.0, 900.0);
}

// MUSDB excerpts: the reference is the human mixture (the sum of the stems). Re-summing with one
// stem raised by 0, 3, 6, 12 dB must give errors that grow with the offset in the groups a level
// change of one source affects: loudness (the sum gets louder) and spectral (the balance moves).
TEST(EvalPair, MusdbStemOffsetsGrowTheErrors) {
    const fs::path root = fs::path(AUTOMIX_SHARED_DIR) / "data" / "musdb7";
    if (!fs::is_directory(root)) GTEST_SKIP() << "MUSDB excerpts not found at " << root;
    int songs = 0;
    for (const auto& entry : fs::directory_iterator(root)) {
        const fs::path dir = entry.path();
        if (!fs::exists(dir / "mixture.wav") || !fs::exists(dir / "drums.wav")) continue;
        ++songs;
        const automix::AudioBuffer mixture = automix::read_audio((dir / "mixture.wav").string());
        std::vector<automix::AudioBuffer> stems;
        for (const char* s : {"vocals", "bass", "drums", "other"}) {
            stems.push_back(automix::read_audio((dir / (std::string(s) + ".wav")).string()));
        }
        const automix::FeatureSet ref = automix::compute_features(mixture);
        std::vector<std::map<std::string, double>> scores;
        for (double offset : {0.0, 3.0, 6.0, 12.0}) {
            automix::AudioBuffer sum(2, mixture.num_frames(), mixture.sample_rate);
            for (std::size_t s = 0; s < stems.size(); ++s) {
                const double g = std::pow(10.0, (s == 2 ? offset : 0.0) / 20.0);  // drums raised
                for (int c = 0; c < 2; ++c) {
                    for (std::size_t i = 0; i < sum.num_frames(); ++i) {
                        sum.channels[c][i] += static_cast<float>(g * stems[s].channels[c][i]);
                    }
                }
            }
            const automix::FeatureComparison cmp =
                automix::compare_features(automix::compute_features(sum), ref);
            std::map<std::string, double> s = cmp.group_scores;
            s["lufs"] = cmp.errors["loudness"]["lufs"].get<double>();
            scores.push_back(s);
        }
        // Integrated loudness and the spectral balance move monotonically with the offset. (The
        // peak error and the dynamic group are not monotone: the mixture is clipped at full scale.)
        for (std::size_t i = 1; i < scores.size(); ++i) {
            EXPECT_GT(scores[i].at("lufs"), scores[i - 1].at("lufs")) << dir << " step " << i;
            EXPECT_GT(scores[i].at("spectral"), scores[i - 1].at("spectral"))
                << dir << " step " << i;
        }
        // +12 dB on the drums is far from the human mix: at least a few percent in both.
        EXPECT_GT(scores.back().at("lufs"), 0.05) << dir;
        EXPECT_GT(scores.back().at("spectral"), 2 * scores.front().at("spectral")) << dir;
    }
    if (songs == 0) GTEST_SKIP() << "no song with stems and mixture under " << root;
}

}  // namespace
