#!/usr/bin/env bash
# Re-mix benchmark (issue 11): a synthesized 4-minute, 4-stem song mixed once with --cache, then
# re-mixed with changed per-stem settings from the cache, then mixed fresh with those settings.
# Prints wall time, CPU time and peak memory of each run, the speed-up of the re-mix, and checks
# that the re-mix is bit-identical to the fresh run. Run it on idle cores.
#   bench/remix_bench.sh [SECONDS] [ENGINE]      (defaults: 240, model = the shipped console mixer)
set -euo pipefail
source "$(dirname "$0")/lib.bash"
SECONDS_OF_AUDIO="${1:-240}"
ENGINE="${2:-model}"

make_song "$WORK/song" "$SECONDS_OF_AUDIO"
echo "song: ${SECONDS_OF_AUDIO} s, 4 stereo stems; engine $ENGINE; machine: $(machine)"
mkdir -p "$WORK/out" "$WORK/cache"
run() {  # run LABEL OUTPUT [options...]
  local label="$1" out="$2"; shift 2
  $M "$label" "$SECONDS_OF_AUDIO" -- "$AUTOMIX" "$WORK/song" -o "$WORK/out/$out" -q \
    --engine "$ENGINE" "$@" | tee -a "$WORK/times.txt"
}
run "first run, --cache" first.wav --cache "$WORK/cache"
run "re-mix from the cache" remix.wav --cache "$WORK/cache" --gain vocals=+2 --width other=1.5
run "fresh run, same settings" fresh.wav --gain vocals=+2 --width other=1.5
if cmp -s "$WORK/out/remix.wav" "$WORK/out/fresh.wav"; then
  echo "re-mix and fresh run: bit-identical"
else
  echo "re-mix and fresh run DIFFER"; exit 1
fi
"$PY" - "$WORK/times.txt" <<'PY'
import re, sys
rows = [l for l in open(sys.argv[1]) if "wall" in l]
wall = [float(re.search(r"wall\s+([\d.]+)", l).group(1)) for l in rows]
cpu = [float(re.search(r"cpu\s+([\d.]+)", l).group(1)) for l in rows]
print(f"re-mix speed-up: wall {wall[0] / wall[1]:.1f}x, cpu {cpu[0] / cpu[1]:.1f}x (bar: 5x)")
PY
