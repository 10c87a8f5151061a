#include "cli/signals.hpp"

#include <unistd.h>

#include <csignal>
#include <cstring>

#include "automix/atomic_file.hpp"

namespace automix::cli {
namespace {

// Only async-signal-safe calls here: write(2), unlink(2) (inside on_interrupt_signal), _exit(2).
void on_signal(int sig) {
    if (!automix::on_interrupt_signal(sig)) return;  // re-raised once the results are in place
    const char* name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP";
    const char* head = "error: interrupted by ";
    const char* tail = "; temporary files removed, no partial output left\n";
    ssize_t ignored = write(STDERR_FILENO, head, std::strlen(head));
    ignored = write(STDERR_FILENO, name, std::strlen(name));
    ignored = write(STDERR_FILENO, tail, std::strlen(tail));
    (void)ignored;
    _exit(128 + sig);
}

}  // namespace

void install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;  // a deferred signal must not fail a write in another thread
    sigemptyset(&action.sa_mask);
    // Block the other interrupting signals while one is handled: one cleanup, one exit code.
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&action.sa_mask, sig);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &action, nullptr);
    std::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace automix::cli
