#!/usr/bin/env bash
# Mix benchmark: a synthesized 4-minute, 4-stem song through `--engine sum` and through the model
# engine with paper-size and n32_small random-weight models (speed does not depend on weights).
# Prints wall time, real-time factor and peak memory. Usage: bench/mix_bench.sh [SECONDS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_OF_AUDIO="${1:-240}"
AUTOMIX="${AUTOMIX:-$ROOT/build/automix}"
PY=/usr/bin/python3
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT

"$PY" "$ROOT/bench/make_long_song.py" "$WORK/song" "$SECONDS_OF_AUDIO"
for preset in paper n32_small; do
  "$PY" "$ROOT/models/export.py" --random --seed 0 --preset "$preset" -o "$WORK/$preset.pt" >/dev/null
done
echo "song: ${SECONDS_OF_AUDIO} s, 4 stereo stems; machine: $(nproc) cores"
M="$PY $ROOT/bench/measure.py"
$M "sum" "$SECONDS_OF_AUDIO" -- "$AUTOMIX" "$WORK/song" -o "$WORK/sum.wav" -q
for preset in n32_small paper; do
  for threads in 1 2; do
    $M "model $preset, $threads thread(s)" "$SECONDS_OF_AUDIO" -- \
      "$AUTOMIX" "$WORK/song" -o "$WORK/$preset.wav" -q --engine model --no-fxnorm \
      --model "$WORK/$preset.pt" --threads "$threads"
  done
done
