#include "fxnorm/stem_pipeline.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "fxnorm/signal_utils.hpp"

namespace automix::fxnorm {

nlohmann::json normalize_stem(AudioBuffer& stem, StemType type, const StemTargets& targets,
                              const ChainOptions& options, const std::function<void()>& on_stage) {
    nlohmann::json report;
    const float peak = peak_abs(stem);
    report["input_peak_dbfs"] = peak > 0.0f ? nlohmann::json(amp_to_db(peak)) : nlohmann::json();
    if (is_quiet(stem)) {
        report["skipped"] = peak == 0.0f ? "silent" : "below -50 dBFS peak";
        return report;
    }
    const StemSettings& settings = stem_settings(type);
    // Each stage's wall time goes into the report (the benchmark reads it).
    auto clock_start = std::chrono::steady_clock::now();
    auto done = [&] {
        const auto now = std::chrono::steady_clock::now();
        report["elapsed_ms"].push_back(
            std::chrono::duration<double, std::milli>(now - clock_start).count());
        clock_start = now;
        if (on_stage) on_stage();
    };
    if (options.stages >= 1) {
        report["eq"] = match_eq(stem, targets, settings);
        done();
    }
    if (options.stages >= 2) {
        report["dynamics"] = match_dynamics(stem, targets, settings, options.dynamics);
        done();
    }
    if (options.stages >= 3) {
        report["panning"] = match_panning(stem, targets, settings, options.panning);
        done();
    }
    if (options.stages >= 4) {
        report["loudness"] = match_loudness(stem, targets);
        done();
    }
    report["output_peak_dbfs"] = amp_to_db(peak_abs(stem));
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
