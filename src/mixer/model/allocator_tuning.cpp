// glibc mallopt() settings for inference (the same as MALLOC_MMAP_MAX_=0 etc. in the environment):
// the layers allocate and free large tensors over and over, and returning them to the kernel each
// time costs 1.5-1.7x in page faults (docs/model.md, "Loading in C++").
#include "mixer/model/allocator_tuning.hpp"

#include <climits>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace automix {

bool tune_allocator_for_inference() {
#if defined(__GLIBC__)
    // No mmap for large blocks: every tensor comes from the heap, which stays mapped.
    const bool mmap_ok = mallopt(M_MMAP_MAX, 0) == 1;
    // Never trim the heap top back to the kernel (mallopt takes an int: INT_MAX is ~2 GiB).
    const bool trim_ok = mallopt(M_TRIM_THRESHOLD, INT_MAX) == 1;
    // Grow the heap in 256 MiB steps so brk is rarely called.
    const bool pad_ok = mallopt(M_TOP_PAD, 256 * 1024 * 1024) == 1;
    return mmap_ok && trim_ok && pad_ok;
#else
    return false;
#endif
}

}  // namespace automix
