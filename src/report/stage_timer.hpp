// Wall-clock timing of pipeline stages, recorded in the report.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace automix::report {

/// Accumulates named stage durations in seconds, in the order stages ran.
class StageTimer {
  public:
    /// Starts timing a stage (ends the previous one, if any).
    void start(const std::string& stage) {
        stop();
        current_ = stage;
        began_ = std::chrono::steady_clock::now();
    }
    /// Ends the current stage.
    void stop() {
        if (current_.empty()) return;
        const std::chrono::duration<double> d = std::chrono::steady_clock::now() - began_;
        add(current_, d.count());
        current_.clear();
    }
    /// Seconds per stage name, in the order the stages first ran (a stage run twice adds up).
    const std::vector<std::pair<std::string, double>>& stages() const { return timings_; }

  private:
    void add(const std::string& stage, double seconds) {
        for (auto& [name, total] : timings_) {
            if (name == stage) {
                total += seconds;
                return;
            }
        }
        timings_.emplace_back(stage, seconds);
    }

    std::vector<std::pair<std::string, double>> timings_;
    std::string current_;
    std::chrono::steady_clock::time_point began_;
};

}  // namespace automix::report
