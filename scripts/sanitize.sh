#!/usr/bin/env bash
# Builds the unit tests with AddressSanitizer + UndefinedBehaviorSanitizer (CMake preset "asan")
# and runs them in one process (LibTorch loads once).
#   scripts/sanitize.sh [BUILD_DIR] [GTEST_FILTER]     (defaults: build-asan, see DEFAULT_FILTER)
# The default leaves out the tests that load LibTorch (through the model module): MixerModelEngine
# spends its ~30 s inside LibTorch, which is not instrumented, so under the sanitizers they would
# only cost CI time.
# Leak checking is off: LibTorch and FFTW keep process-lifetime allocations that LeakSanitizer
# would report at exit; every other ASan error and every UBSan report fails the run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-asan}"
DEFAULT_FILTER="-MixerModelEngine.*:MixerModelModule.TheBuiltModuleMatchesThisBuild"
filter="${2:-$DEFAULT_FILTER}"
cd "$root"
cmake --preset asan -B "$build" >/dev/null
cmake --build "$build" --target automix_tests -j"$(nproc)" >/dev/null
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:detect_odr_violation=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
exec "$build/tests/automix_tests" --gtest_filter="$filter"
