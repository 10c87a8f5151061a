// The registry of temporary files in progress, which an interrupting signal removes (internal to
// atomic_file.cpp; every function here is async-signal-safe where noted).
#pragma once

#include <string>

namespace automix::pending {

/// Registers a temporary file; returns its slot, or -1 when the registry is full (the file is then
/// only removed by the normal error paths).
int add(const std::string& path) noexcept;
/// Unregisters a slot returned by add (-1 is ignored).
void remove(int slot) noexcept;
/// Unlinks every registered file. Async-signal-safe.
void unlink_all() noexcept;

/// Marks the start of a batch rename. Returns false when an interrupt already arrived: the caller
/// must then not start moving files.
bool begin_commit() noexcept;
/// Marks the end of a batch rename and raises a signal that arrived during it.
void end_commit() noexcept;
/// Called by on_interrupt_signal: records the interrupt; returns false when a batch rename is in
/// progress (the signal is then re-raised by end_commit). Async-signal-safe.
bool interrupt(int signal_number) noexcept;

}  // namespace automix::pending
