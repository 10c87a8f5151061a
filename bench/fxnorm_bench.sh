#!/usr/bin/env bash
# FX-normalization benchmark: synthesizes a 4-minute 4-stem song inside the unit-test binary
# (tests/unit/fxnorm_bench_test.cpp, disabled in normal runs), normalizes it in place and prints the
# wall time, the real-time factor, the CPU time (of the normalization, per stage, and of the whole
# process) and the peak memory (maximum resident set) of the whole process. On a shared machine
# wall times follow the load; CPU times do not.
#
# Usage: bench/fxnorm_bench.sh [BUILD_DIR] [THREADS]
#   BUILD_DIR defaults to build/ in this repository; THREADS defaults to 2.
#   AUTOMIX_BENCH_SECONDS sets the song length (default 240).
#   Targets: $AUTOMIX_TARGETS, else ../shared/data/fxnorm-features/features_MUSDB18.json.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
threads="${2:-2}"
binary="$build/tests/automix_tests"
[[ -x "$binary" ]] || { echo "build the tests first: $binary not found" >&2; exit 1; }
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
AUTOMIX_THREADS="$threads" /usr/bin/time -v "$binary" --gtest_also_run_disabled_tests \
    --gtest_filter='FxBench.DISABLED_NormalizeFourMinuteSong' >"$log.out" 2>"$log"
grep '^fxnorm_bench: audio' "$log.out" || { cat "$log.out"; exit 1; }
grep '^fxnorm_bench: stage' "$log.out" || true
if [[ "${VERBOSE:-0}" == 1 ]]; then grep '^fxnorm_bench: report' "$log.out"; fi
wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
rss_kb=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
user=$(grep 'User time' "$log" | awk '{print $NF}')
sys=$(grep 'System time' "$log" | awk '{print $NF}')
echo "process wall time (incl. synthesis): $wall, CPU user $user s + sys $sys s (incl. synthesis)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (wall times are only meaningful on idle cores)"
echo "peak memory (max RSS): $((rss_kb / 1024)) MiB"
rm -f "$log.out"
