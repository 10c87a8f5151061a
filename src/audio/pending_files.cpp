#include "audio/pending_files.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstring>

namespace automix::pending {
namespace {

// A fixed table, not a container: a signal handler may neither allocate nor lock. A few slots
// suffice (a run has at most a mix, its report and four normalized stems in flight at once).
constexpr int kSlots = 32;
constexpr std::size_t kMaxPath = 4096;

enum SlotState : int { kFree = 0, kFilling = 1, kReady = 2 };

struct Slot {
    std::atomic<int> state{kFree};
    char path[kMaxPath];
};

Slot g_slots[kSlots];
std::atomic<bool> g_interrupted{false};
std::atomic<int> g_committing{0};
std::atomic<int> g_deferred_signal{0};

}  // namespace

int add(const std::string& path) noexcept {
    if (path.size() >= kMaxPath) return -1;
    for (int i = 0; i < kSlots; ++i) {
        int expected = kFree;
        if (g_slots[i].state.compare_exchange_strong(expected, kFilling)) {
            std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
            g_slots[i].state.store(kReady);
            return i;
        }
    }
    return -1;
}

void remove(int slot) noexcept {
    if (slot >= 0 && slot < kSlots) g_slots[slot].state.store(kFree);
}

void unlink_all() noexcept {
    for (Slot& s : g_slots) {
        if (s.state.load() == kReady) unlink(s.path);
    }
}

bool begin_commit() noexcept {
    g_committing.fetch_add(1);
    // Paired with interrupt(): either the handler sees the batch in progress and defers, or the
    // batch sees the interrupt here and does not start.
    if (g_interrupted.load()) {
        g_committing.fetch_sub(1);
        return false;
    }
    return true;
}

void end_commit() noexcept {
    if (g_committing.fetch_sub(1) == 1) {
        const int sig = g_deferred_signal.exchange(0);
        if (sig != 0) {
            g_interrupted.store(false);  // let the handler run to completion this time
            std::raise(sig);
        }
    }
}

bool interrupt(int signal_number) noexcept {
    g_interrupted.store(true);
    if (g_committing.load() > 0) {
        g_deferred_signal.store(signal_number);
        return false;
    }
    unlink_all();
    return true;
}

}  // namespace automix::pending
