// Process-wide glibc malloc settings that make LibTorch inference much faster on small VMs.
#pragma once

namespace automix {

/// Keeps freed heap memory mapped instead of returning large blocks to the kernel after every
/// layer (the default settings cost 1.5-1.7x in page faults, docs/model.md). Idempotent; a no-op
/// on non-glibc systems. Returns whether the settings were applied.
bool tune_allocator_for_inference();

}  // namespace automix
