// Wall-clock timing of pipeline stages, recorded in the report.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

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
        timings_[current_] = timings_.value(current_, 0.0) + d.count();
        total_ += d.count();
        current_.clear();
    }
    /// {"stage": seconds, ..., "total": seconds}
    nlohmann::ordered_json json() const {
        nlohmann::ordered_json j = timings_;
        j["total"] = total_;
        return j;
    }

  private:
    nlohmann::ordered_json timings_ = nlohmann::ordered_json::object();
    std::string current_;
    std::chrono::steady_clock::time_point began_;
    double total_ = 0.0;
};

}  // namespace automix::report
