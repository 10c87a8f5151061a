// The progress line of a batch (include/automix/batch/progress_line.hpp).
#include "automix/batch/progress_line.hpp"

#include <cmath>
#include <cstdio>

namespace automix::batch {

std::string format_duration(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0) return "?";
    const long long s = std::llround(seconds);
    char buf[48];
    if (s < 60) {
        std::snprintf(buf, sizeof buf, "%lld s", s);
    } else if (s < 3600) {
        std::snprintf(buf, sizeof buf, "%lld min", (s + 30) / 60);
    } else if (s < 86400) {
        const long long m = (s + 30) / 60;
        std::snprintf(buf, sizeof buf, "%lld h %02lld min", m / 60, m % 60);
    } else {
        const long long h = (s + 1800) / 3600;
        std::snprintf(buf, sizeof buf, "%lld d %02lld h", h / 24, h % 24);
    }
    return buf;
}

std::string format_progress_line(const BatchCounts& counts, std::size_t processed,
                                 double elapsed_seconds) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "songs %zu/%zu done, %zu failed, %zu left",
                  counts.ok + counts.failed, counts.total, counts.failed, counts.pending);
    std::string line = buf;
    if (processed == 0 || !(elapsed_seconds > 0)) return line;
    const double per_hour = static_cast<double>(processed) * 3600.0 / elapsed_seconds;
    std::snprintf(buf, sizeof buf, " | %.1f songs/h", per_hour);
    line += buf;
    if (counts.pending > 0) {
        line += " | about " +
                format_duration(static_cast<double>(counts.pending) * 3600.0 / per_hour) + " left";
    }
    return line;
}

}  // namespace automix::batch
