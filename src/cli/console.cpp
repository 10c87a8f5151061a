#include "cli/console.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace automix::cli {

void print_error(const std::string& message) {
    std::fprintf(stderr, "error: %s\n", message.c_str());
}

void print_warning(const std::string& message, bool quiet) {
    if (!quiet) std::fprintf(stderr, "warning: %s\n", message.c_str());
}

void print_line(const std::string& message, bool quiet) {
    if (!quiet) std::fprintf(stdout, "%s\n", message.c_str());
}

ProgressBar::ProgressBar(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(const std::string& stage, double fraction) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const bool stage_changed = stage != last_stage_;
    if (!stage_changed && fraction < 1.0 && now - last_draw_ < std::chrono::milliseconds(100))
        return;
    last_stage_ = stage;
    last_draw_ = now;
    constexpr int kWidth = 30;
    const double f = std::clamp(fraction, 0.0, 1.0);
    const int filled = static_cast<int>(f * kWidth + 0.5);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(stderr, "\r%-10s [%s] %3d%%", stage.c_str(), bar.c_str(),
                 static_cast<int>(f * 100));
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressBar::finish() {
    if (enabled_ && drawn_) {
        std::fprintf(stderr, "\r%60s\r", "");
        std::fflush(stderr);
        drawn_ = false;
    }
}

}  // namespace automix::cli
