#!/usr/bin/env bash
# The loudness target measured by a second independent meter: ffmpeg's ebur128 filter (BS.1770-4,
# its own true-peak oversampling) on the written files — the example and both ../shared musdb7
# songs (skipped when absent) at --loudness -14 (the default) and -23. Integrated loudness within
# 0.5 LU of the target (the issue's bar) and within 0.2 LU of the report's own measurement; true
# peak at or below the ceiling plus 0.1 dB (ffmpeg prints one decimal).
source "$(dirname "$0")/lib.bash"
if ! command -v ffmpeg >/dev/null; then
  echo "skip: ffmpeg not installed (scripts/install-deps.sh --test installs it)"
  exit 77
fi

check_with_ffmpeg() {  # check_with_ffmpeg MIX REPORT TARGET
  ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>"$WORK/ebur128.txt"
  "$PYTHON" - "$WORK/ebur128.txt" "$2" "$3" <<'PY' || fail "ffmpeg check of $1"
import json, re, sys
text = open(sys.argv[1]).read()
summary = text[text.rindex("Summary:"):]
integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
report, target = json.load(open(sys.argv[2])), float(sys.argv[3])
ceiling = report["master"]["true_peak_ceiling_dbtp"]
ours = report["output"]["loudness"]["integrated_lufs"]
assert abs(integrated - target) <= 0.5, (integrated, target)
assert abs(integrated - ours) <= 0.2, (integrated, ours)
assert peak <= ceiling + 0.1, (peak, ceiling)
print(f"ffmpeg: I {integrated} LUFS (report {ours:.2f}, target {target}), true peak {peak} dBTP")
PY
}

songs=("$AUTOMIX_SOURCE_DIR/examples/song")
MUSDB="$AUTOMIX_SHARED_DIR/data/musdb7"
if [[ -d "$MUSDB" ]]; then
  while IFS= read -r -d '' song; do songs+=("$song"); done \
    < <(find "$MUSDB" -mindepth 1 -maxdepth 1 -type d -print0 | sort -z)
else
  echo "skip: $MUSDB absent (real-song part of this test)"
fi
for song in "${songs[@]}"; do
  name="$(basename "$song")"
  expect_exit 0 "$name at the default loudness" -- "$AUTOMIX" "$song" -o "$WORK/$name.wav" --no-features
  check_with_ffmpeg "$WORK/$name.wav" "$WORK/$name.json" -14
  expect_exit 0 "$name at -23 LUFS" -- \
    "$AUTOMIX" "$song" -o "$WORK/$name-23.flac" --loudness -23 --no-features
  check_with_ffmpeg "$WORK/$name-23.flac" "$WORK/$name-23.json" -23
done
finish
