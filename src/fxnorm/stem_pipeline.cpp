#include "fxnorm/stem_pipeline.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <ctime>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "automix/error.hpp"
#include "dsp/decibels.hpp"
#include "fxnorm/signal_utils.hpp"

namespace automix::fxnorm {
namespace {

// The final guard of issue 13: a stage that outputs NaN/inf or an absurd level is a bug, and
// passing its output on would hand the mixer garbage (or, after the loudness stage, silence).
void check_stage_output(const AudioBuffer& stem, StemType type, const char* stage) {
    float peak = 0.0f;
    for (const auto& c : stem.channels) {
        for (float v : c) {
            if (!std::isfinite(v)) {
                throw processing_error("fxnorm: the " + to_string(type) + " stem's " + stage +
                                       " stage produced a non-finite sample (a bug; please "
                                       "report it with the stem)");
            }
            peak = std::max(peak, std::fabs(v));
        }
    }
    if (dsp::amplitude_to_db(peak, dsp::kDbEpsilon) > kMaxStagePeakDb) {
        throw processing_error("fxnorm: the " + to_string(type) + " stem's " + stage +
                               " stage produced a peak of " +
                               std::to_string(dsp::amplitude_to_db(peak, dsp::kDbEpsilon)) +
                               " dBFS (a bug; please report it with the stem)");
    }
}

// CPU time consumed so far by the calling thread, in milliseconds.
double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return 1e3 * static_cast<double>(ts.tv_sec) + 1e-6 * static_cast<double>(ts.tv_nsec);
}

// normalize_stem with ChainOptions::tail real zeros around a copy of the stem: the stem is
// updated from the copy after every stage (on_stage sees each stage's output).
nlohmann::json normalize_stem_with_tails(AudioBuffer& stem, StemType type,
                                         const StemTargets& targets, const ChainOptions& options,
                                         const std::function<void()>& on_stage) {
    const long long tail = std::min<long long>(options.tail, kPad);
    const std::size_t t = static_cast<std::size_t>(tail), n = stem.num_frames();
    AudioBuffer padded(stem.num_channels(), n + 2 * t, stem.sample_rate);
    for (int c = 0; c < stem.num_channels(); ++c) {
        std::copy(stem.channels[c].begin(), stem.channels[c].end(), padded.channels[c].begin() + t);
    }
    ChainOptions inner = options;
    inner.tail = 0;
    inner.eq.pad -= tail;
    inner.dynamics.pad -= tail;
    inner.panning.pad -= tail;
    inner.loudness_pad = std::max(0LL, options.loudness_pad - tail);
    auto crop = [&] {
        for (int c = 0; c < stem.num_channels(); ++c) {
            const auto& from = padded.channels[c];
            std::copy(from.begin() + t, from.begin() + t + n, stem.channels[c].begin());
        }
        if (on_stage) on_stage();
    };
    nlohmann::json report = normalize_stem(padded, type, targets, inner, crop);
    if (report.contains("output_peak_dbfs"))
        report["output_peak_dbfs"] = dsp::amplitude_to_db(peak_abs(stem), dsp::kDbEpsilon);
    return report;
}

}  // namespace

ChainOptions chain_options(FxNormMode mode) {
    ChainOptions o;
    if (mode == FxNormMode::Reference) {
        o.eq.per_channel = true;
        o.eq.smoothing = EqSmoothing::None;
        o.eq.limit_to_bandwidth = false;
        o.eq.padded_loudness = true;
        // Unbounded in the reference; +-300 dB keeps the gains finite (sqrt(1e30) fits easily).
        o.eq.max_boost_db = 300.0;
        o.eq.max_cut_db = 300.0;
        o.dynamics.per_channel = true;
        o.panning.reference_frame_limit = true;
        o.panning.mono_is_right = true;
        o.panning.centre_balance_db = 0.0;
        o.panning.max_bin_gain = kReferenceMaxBinGain;
        o.loudness_pad = kPad;
        o.tail = kReferenceTail;
    } else {
        o.panning.centre_balance_db = kPanCentreBalanceDb;
    }
    return o;
}

nlohmann::json normalize_stem(AudioBuffer& stem, StemType type, const StemTargets& targets,
                              const ChainOptions& options, const std::function<void()>& on_stage) {
    if (options.tail > 0) return normalize_stem_with_tails(stem, type, targets, options, on_stage);
    nlohmann::json report;
    const float peak = peak_abs(stem);
    report["input_peak_dbfs"] = peak > 0.0f
                                    ? nlohmann::json(dsp::amplitude_to_db(peak, dsp::kDbEpsilon))
                                    : nlohmann::json();
    if (is_quiet(stem)) {
        report["skipped"] = peak == 0.0f ? "silent" : "below -50 dBFS peak";
        return report;
    }
    const StemSettings& settings = stem_settings(type);
    // Each stage's wall time and CPU time of this thread go into the report (the benchmark reads
    // them; on a loaded machine only the CPU time says how much work a stage did).
    auto clock_start = std::chrono::steady_clock::now();
    double cpu_start = thread_cpu_ms();
    auto done = [&](const char* stage) {
        check_stage_output(stem, type, stage);
        const auto now = std::chrono::steady_clock::now();
        const double cpu_now = thread_cpu_ms();
        report["elapsed_ms"].push_back(
            std::chrono::duration<double, std::milli>(now - clock_start).count());
        report["cpu_ms"].push_back(cpu_now - cpu_start);
        clock_start = now;
        cpu_start = cpu_now;
        if (on_stage) on_stage();
    };
    if (options.stages >= 1) {
        report["eq"] = match_eq(stem, targets, settings, options.eq);
        done("eq");
    }
    if (options.stages >= 2) {
        report["dynamics"] = match_dynamics(stem, targets, settings, options.dynamics);
        done("dynamics");
    }
    if (options.stages >= 3) {
        report["panning"] = match_panning(stem, targets, settings, options.panning);
        done("panning");
    }
    if (options.stages >= 4) {
        report["loudness"] = match_loudness(stem, targets, options.loudness_pad);
        done("loudness");
    }
    report["output_peak_dbfs"] = dsp::amplitude_to_db(peak_abs(stem), dsp::kDbEpsilon);
    return report;
}

void parallel_for(std::size_t count, int threads, const std::function<void(std::size_t)>& body) {
    std::size_t workers = threads > 0 ? static_cast<std::size_t>(threads)
                                      : std::max(1u, std::thread::hardware_concurrency());
    workers = std::min(workers, count);
    if (workers <= 1) {
        for (std::size_t i = 0; i < count; ++i) body(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto work = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            try {
                body(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) error = std::current_exception();
                next = count;  // stop handing out work
            }
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t w = 0; w < workers; ++w) pool.emplace_back(work);
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

}  // namespace automix::fxnorm
