#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang + ASan/UBSan) and runs each for a set time.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [BUILD_DIR]     (defaults: 60, build/fuzz)
# First replays every file of tests/fuzz/regressions/<target>/ (inputs that once crashed), then
# fuzzes from the seed corpus tests/fuzz/corpus/<target>/. The seed corpus is copied, never
# modified; new crash inputs are left in BUILD_DIR/artifacts/. Exits 0 when nothing was found,
# 1 on a finding, and 77 (CTest's skip) when clang with libFuzzer is not installed.
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${2:-$root/build/fuzz}"
targets=(decode_group targets_json stem_map model_info)

if ! command -v clang++ >/dev/null || ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
     clang++ -x c++ -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
  echo "fuzz: clang++ with libFuzzer not found (scripts/install-deps.sh --test installs it); skipped"
  exit 77
fi

CC=clang CXX=clang++ cmake -S "$root/tests/fuzz" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1"
export LSAN_OPTIONS="suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
mkdir -p "$build/artifacts"
status=0
for t in "${targets[@]}"; do
  regressions="$root/tests/fuzz/regressions/$t"
  if [[ -d "$regressions" ]] && compgen -G "$regressions/*" >/dev/null; then
    echo "fuzz: $t: replaying $(ls "$regressions" | wc -l) regression input(s)"
    "$build/fuzz_$t" -rss_limit_mb=2048 -timeout=20 "$regressions"/* >"$build/$t.replay.log" 2>&1 ||
      { echo "FAIL: $t regression input crashes again (log: $build/$t.replay.log)"; status=1; continue; }
  fi
  work="$build/corpus-$t"
  rm -rf "$work"; mkdir -p "$work"
  cp "$root/tests/fuzz/corpus/$t"/* "$work/"
  echo "fuzz: $t for ${seconds}s"
  if ! "$build/fuzz_$t" "$work" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
       -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
       >"$build/$t.log" 2>&1; then
    echo "FAIL: $t found a problem; log: $build/$t.log; input(s):"
    ls "$build/artifacts/$t-"* 2>/dev/null || true
    tail -40 "$build/$t.log"
    status=1
  else
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$build/$t.log" | tr '\n' ' '
    echo
  fi
done
exit $status
