// Benchmark body for bench/fxnorm_bench.sh (disabled in normal runs): FX-normalizes a synthesized
// 4-minute, 4-stem song and prints the wall time, real-time factor and CPU time (total and per
// stage).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <random>
#include <utility>

#include "automix/fxnorm.hpp"
#include "test_config.hpp"

namespace {

using automix::StemType;

constexpr int kRate = 44100;

// CPU time (user + system) of the whole process so far, in seconds.
double process_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// A rough song: sung-like vibrato tones (vocals), decaying low notes (bass), noise hits (drums)
// and wide decorrelated chords (other), all with note onsets every 0.5 s.
automix::StemSet synth_song(double seconds) {
    automix::StemSet set;
    const std::size_t n = static_cast<std::size_t>(seconds * kRate);
    std::mt19937 rng(11);
    std::normal_distribution<float> g(0.0f, 1.0f);
    for (StemType type : automix::kAllStemTypes) {
        automix::AudioBuffer b(2, n, kRate);
        const int ti = static_cast<int>(type);
        for (std::size_t i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) / kRate;
            const double beat = std::fmod(t, 0.5);
            const int note = static_cast<int>(t / 0.5) % 7;
            double l = 0, r = 0;
            switch (type) {
                case StemType::Vocals: {
                    const double f = 220.0 * std::pow(2.0, note / 12.0);
                    const double v = 0.2 *
                                     std::sin(2 * M_PI * f * t + 0.3 * std::sin(2 * M_PI * 5 * t)) *
                                     (0.6 + 0.4 * std::exp(-beat / 0.1));
                    l = r = v + 0.005 * g(rng);
                    break;
                }
                case StemType::Bass: {
                    const double f = 55.0 * std::pow(2.0, note / 12.0);
                    l = r = 0.4 * std::sin(2 * M_PI * f * t) * std::exp(-beat / 0.3);
                    break;
                }
                case StemType::Drums: {
                    const double env = std::exp(-std::fmod(t, 0.25) / 0.03);
                    l = 0.5 * env * g(rng);
                    r = 0.8 * l + 0.2 * 0.5 * env * g(rng);
                    break;
                }
                case StemType::Other: {
                    const double f = 330.0 * std::pow(2.0, note / 12.0);
                    const double env = 0.5 + 0.5 * std::exp(-beat / 0.2);
                    l = 0.1 * env *
                            (std::sin(2 * M_PI * f * t) + 0.5 * std::sin(2 * M_PI * 1.5 * f * t)) +
                        0.01 * g(rng);
                    r = 0.1 * env *
                            (std::sin(2 * M_PI * f * t + 1.0) +
                             0.5 * std::sin(2 * M_PI * 2.0 * f * t)) +
                        0.01 * g(rng);
                    break;
                }
            }
            b.channels[0][i] = static_cast<float>(l);
            b.channels[1][i] = static_cast<float>(r);
        }
        set.stems[ti] = std::move(b);
        set.present[ti] = true;
    }
    return set;
}

TEST(FxBench, DISABLED_NormalizeFourMinuteSong) {
    const char* targets_env = std::getenv("AUTOMIX_TARGETS");
    const std::string path = targets_env ? targets_env
                                         : std::string(AUTOMIX_SHARED_DIR) +
                                               "/data/fxnorm-features/features_MUSDB18.json";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "no targets file at " << path;
    const automix::Targets targets = automix::load_targets(path);
    const char* seconds_env = std::getenv("AUTOMIX_BENCH_SECONDS");
    const double seconds = seconds_env ? std::atof(seconds_env) : 240.0;
    automix::StemSet song = synth_song(seconds);
    const std::size_t frames = song.num_frames();
    automix::FxNormOptions options;
    const char* threads = std::getenv("AUTOMIX_THREADS");
    options.threads = threads ? std::atoi(threads) : 2;
    // In place (the moved-in overload): one copy of the stems in memory, as in the pipeline.
    const double cpu_start = process_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    const automix::FxNormResult result =
        automix::fx_normalize(std::move(song), targets, options, {});
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = process_cpu_seconds() - cpu_start;
    std::cout << "fxnorm_bench: audio " << seconds << " s x 4 stems, threads " << options.threads
              << ", wall " << wall << " s, real-time factor " << seconds / wall << "x, CPU " << cpu
              << " s (normalization only)\n";
    // CPU time per stage summed over stems (thread CPU time: meaningful on a loaded machine).
    const char* stage_names[] = {"eq", "dynamics", "panning", "loudness"};
    double stage_cpu[4] = {0, 0, 0, 0};
    for (const auto& stem : result.report["stems"]) {
        if (!stem.contains("cpu_ms")) continue;
        for (std::size_t i = 0; i < 4 && i < stem["cpu_ms"].size(); ++i)
            stage_cpu[i] += stem["cpu_ms"][i].get<double>();
    }
    std::cout << "fxnorm_bench: stage CPU s";
    for (int i = 0; i < 4; ++i) std::cout << " " << stage_names[i] << " " << stage_cpu[i] / 1e3;
    std::cout << "\n";
    std::cout << "fxnorm_bench: report " << result.report.dump() << "\n";
    EXPECT_EQ(result.stems.num_frames(), frames);
}

}  // namespace
