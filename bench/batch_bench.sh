#!/usr/bin/env bash
# Batch benchmark: SONGS short songs (default 24 x 20 s, 4 stereo stems each) mixed
#   (a) by a shell loop over single `automix` runs (one process per song: LibTorch start-up and
#       engine load paid per song, one song at a time), and
#   (b) by one `automix batch --jobs JOBS` (default 2),
# printing wall time, CPU time, songs per hour and the throughput ratio (a)/(b); then songs per
# hour of `automix batch --jobs JOBS` for LONG_SONGS 4-minute songs (default 4) with the default
# engine. In between, the core split: --jobs 1 --threads CORES, --jobs CORES --threads 1 and
# --jobs CORES --threads CORES on the short songs (SPLIT=0 skips it). Extra mix options (e.g.
# --engine sum; the default engine is the model) go in MIX_ARGS. Run it on idle cores:
#   bench/batch_bench.sh [SONGS] [SECONDS] [LONG_SONGS]
set -euo pipefail
source "$(dirname "$0")/lib.bash"
SONGS="${1:-24}"
SONG_SECONDS="${2:-20}"
LONG_SONGS="${3:-4}"
JOBS="${JOBS:-2}"
read -r -a MIX <<<"${MIX_ARGS:-}"

# library DIR COUNT SECONDS: COUNT copies of one synthetic song (speed does not depend on content).
library() {
  make_song "$WORK/template" "$3"
  mkdir -p "$1"
  for ((i = 0; i < $2; i++)); do cp -r "$WORK/template" "$(printf '%s/song %03d' "$1" "$i")"; done
  rm -rf "$WORK/template"
}

per_hour() { "$PY" -c "import sys; print(f'{int(sys.argv[1]) * 3600 / float(sys.argv[2]):.0f}')" "$@"; }

# timed LABEL AUDIO_SECONDS -- command: measure.py's line, and the wall time in $WALL.
timed() {
  local line
  line=$($M "$@")
  echo "$line"
  WALL=$(sed -E 's/.*wall +([0-9.]+) s.*/\1/' <<<"$line")
}

echo "machine: $(machine); engine args: ${MIX_ARGS:-(default)}"
library "$WORK/short" "$SONGS" "$SONG_SECONDS"
audio=$((SONGS * SONG_SECONDS))
timed "shell loop, $SONGS x ${SONG_SECONDS} s" "$audio" -- bash -c '
  automix="$1"; lib="$2"; out="$3"; shift 3; mkdir -p "$out"
  for song in "$lib"/*/; do
    name="$(basename "$song")"
    "$automix" "$song" -o "$out/$name.wav" -q "$@" || exit 1
  done' loop "$AUTOMIX" "$WORK/short" "$WORK/out-loop" "${MIX[@]}"
loop_wall=$WALL
timed "automix batch --jobs $JOBS" "$audio" -- \
  "$AUTOMIX" batch "$WORK/short" -o "$WORK/out-batch" --jobs "$JOBS" -q "${MIX[@]}"
batch_wall=$WALL
"$PY" - "$SONGS" "$loop_wall" "$batch_wall" <<'PY'
import sys
n, loop, batch = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print(f"songs per hour: shell loop {n * 3600 / loop:.0f}, batch {n * 3600 / batch:.0f}; "
      f"throughput ratio batch/loop {loop / batch:.2f}x")
PY
rm -rf "$WORK/out-loop" "$WORK/out-batch"

# How to split the cores: songs at a time x threads inside a song (SPLIT=0 skips this part).
if [[ "${SPLIT:-1}" == 1 ]]; then
  for split in "1 $(nproc)" "$(nproc) 1" "$(nproc) $(nproc)"; do
    read -r jobs threads <<<"$split"
    timed "batch --jobs $jobs --threads $threads" "$audio" -- \
      "$AUTOMIX" batch "$WORK/short" -o "$WORK/out-split-$jobs-$threads" --jobs "$jobs" \
      --threads "$threads" -q "${MIX[@]}"
    echo "  songs per hour: $(per_hour "$SONGS" "$WALL")"
  done
fi
rm -rf "$WORK/short" "$WORK"/out-split-*

if ((LONG_SONGS > 0)); then
  library "$WORK/long" "$LONG_SONGS" 240
  timed "automix batch --jobs $JOBS, $LONG_SONGS x 240 s" "$((LONG_SONGS * 240))" -- \
    "$AUTOMIX" batch "$WORK/long" -o "$WORK/out-long" --jobs "$JOBS" -q "${MIX[@]}"
  echo "4-minute songs per hour: $(per_hour "$LONG_SONGS" "$WALL")"
fi
