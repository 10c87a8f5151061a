// Everything the CLI prints goes through here: errors, notes, and the progress bar.
#pragma once

#include <chrono>
#include <string>

namespace automix::cli {

/// Prints "error: <message>" to stderr (always, even with --quiet).
void print_error(const std::string& message);
/// Prints "warning: <message>" to stderr unless quiet.
void print_warning(const std::string& message, bool quiet);
/// Prints a line to stdout unless quiet.
void print_line(const std::string& message, bool quiet);

/// A one-line progress bar on stderr, drawn only when stderr is a terminal and not quiet.
class ProgressBar {
  public:
    explicit ProgressBar(bool enabled);
    ~ProgressBar();
    /// Redraws the bar for a stage (rate-limited to ~10 redraws per second).
    void update(const std::string& stage, double fraction);
    /// Clears the bar line.
    void finish();

  private:
    bool enabled_;
    bool drawn_ = false;
    std::string last_stage_;
    std::chrono::steady_clock::time_point last_draw_{};
};

}  // namespace automix::cli
