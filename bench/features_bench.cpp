// Benchmark: all features of a synthesized 4-minute stereo mix at 44.1 kHz.
// Prints wall time, real-time factor, CPU time and peak resident memory (docs/metrics.md,
// "Performance"). CPU time is the figure to compare on a shared machine.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>

#include "automix/features.hpp"

int main(int argc, char** argv) {
    const int fs = 44100;
    const double seconds = argc > 1 ? std::atof(argv[1]) : 240.0;
    automix::AudioBuffer mix(2, static_cast<std::size_t>(seconds * fs), fs);
    std::mt19937 rng(1);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    for (std::size_t i = 0; i < mix.num_frames(); ++i) {
        const double t = static_cast<double>(i) / fs;
        const double beat = std::exp(-10.0 * std::fmod(t, 0.5));
        const double bass = 0.3 * std::sin(2 * M_PI * 55.0 * t);
        const double lead = 0.1 * std::sin(2 * M_PI * (440.0 + 20 * std::sin(t)) * t);
        mix.channels[0][i] = static_cast<float>(bass + 0.2 * beat * noise(rng) + 0.8 * lead);
        mix.channels[1][i] = static_cast<float>(bass + 0.15 * beat * noise(rng) + 0.3 * lead);
    }
    const std::clock_t c0 = std::clock();
    const auto t0 = std::chrono::steady_clock::now();
    const automix::FeatureSet f = automix::compute_features(mix);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("audio %.1f s stereo @ %d Hz\n", seconds, fs);
    std::printf("features: wall %.3f s, real-time factor %.1fx, peak RSS %.1f MB\n", wall,
                seconds / wall, usage.ru_maxrss / 1024.0);
    std::printf("CPU time %.3f s (all threads; on 2 idle cores wall ~ CPU / 2 at best)\n", cpu);
    std::printf("(integrated %.2f LUFS, %zu tracks)\n", f.loudness.stats.integrated_lufs,
                f.tracks.size());
    return 0;
}
