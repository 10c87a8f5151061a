// Signal handling of the executable: interrupted runs leave no temporary file and never a mix
// without its report (docs/exit-codes.md).
#pragma once

namespace automix::cli {

/// Installs handlers for SIGINT, SIGTERM and SIGHUP that remove every temporary file in progress
/// and exit with 128 + the signal number (130, 143, 129), and ignores SIGXFSZ so that exceeding a
/// file-size limit is an ordinary write error (exit 6) instead of a kill that leaves a temporary.
void install_signal_handlers();

}  // namespace automix::cli
