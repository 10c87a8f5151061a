#!/usr/bin/env bash
# Mix benchmark: a synthesized 4-minute, 4-stem song mixed end to end (decode, FX normalization,
# mixer, master, write, report with features) by each engine, and the model engine's batch sizes.
# Prints wall time, real-time factor and peak memory. Run it on idle cores.
#   bench/mix_bench.sh [SECONDS] [MODEL]     (MODEL default: the shipped models/automix.pt)
# The waveform-family rows use random weights (speed does not depend on weights).
set -euo pipefail
source "$(dirname "$0")/lib.bash"
SECONDS_OF_AUDIO="${1:-240}"
MODEL="${2:-$ROOT/models/automix.pt}"

make_song "$WORK/song" "$SECONDS_OF_AUDIO"
PYTHONPATH="$ROOT" "$PY" -m models.export --random --seed 0 --preset n32_small -o "$WORK/n32_small.pt" >/dev/null
echo "song: ${SECONDS_OF_AUDIO} s, 4 stereo stems; machine: $(machine)"
mkdir -p "$WORK/out"
$M "sum" "$SECONDS_OF_AUDIO" -- "$AUTOMIX" "$WORK/song" -o "$WORK/out/sum.wav" -q --engine sum
$M "normalized" "$SECONDS_OF_AUDIO" -- "$AUTOMIX" "$WORK/song" -o "$WORK/out/norm.wav" -q \
  --engine normalized
if [ -f "$MODEL" ]; then
  for batch in 1 2 4 8; do
    $M "model $(basename "$MODEL"), batch $batch" "$SECONDS_OF_AUDIO" -- \
      "$AUTOMIX" "$WORK/song" -o "$WORK/out/model.wav" -q --engine model --model "$MODEL" \
      --batch "$batch"
  done
fi
for batch in 1 4; do
  $M "waveform n32_small (random), batch $batch" "$SECONDS_OF_AUDIO" -- \
    "$AUTOMIX" "$WORK/song" -o "$WORK/out/n32.wav" -q --engine model --model "$WORK/n32_small.pt" \
    --batch "$batch"
done
