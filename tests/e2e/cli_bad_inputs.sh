#!/usr/bin/env bash
# Bad inputs give a clean "error:" message naming the problem file, the documented exit code
# (docs/exit-codes.md) and no output file.
source "$(dirname "$0")/lib.bash"
"$PYTHON" "$(dirname "$0")/make_bad_inputs.py" "$WORK/in" || { echo "fixture generation failed"; exit 1; }
OUT="$WORK/out"; mkdir -p "$OUT"

expect_exit 3 "empty folder" -- "$AUTOMIX" "$WORK/in/empty" -o "$OUT/mix.wav"
expect_exit 3 "no audio files" -- "$AUTOMIX" "$WORK/in/no_audio" -o "$OUT/mix.wav"
expect_exit 3 "missing folder" -- "$AUTOMIX" "$WORK/in/does_not_exist" -o "$OUT/mix.wav"
for c in truncated:kick.wav zero_length:snare.wav text_as_wav:vocals.wav six_channels:surround.wav \
         nan:nan_pad.wav inf:inf_lead.wav; do
  dir="${c%%:*}" file="${c##*:}"
  expect_exit 3 "$dir" -- "$AUTOMIX" "$WORK/in/$dir" -o "$OUT/mix.wav"
  grep -q "$file" "$WORK/stderr.txt" || fail "$dir: message does not name $file: $(cat "$WORK/stderr.txt")"
  assert_no_outputs "$OUT"
done

expect_exit 6 "output folder missing" -- "$AUTOMIX" "$WORK/in/good" -o "$WORK/nope/mix.wav"
if [[ $(id -u) -ne 0 ]]; then
  mkdir -p "$WORK/ro"; chmod a-w "$WORK/ro"
  expect_exit 6 "unwritable output folder" -- "$AUTOMIX" "$WORK/in/good" -o "$WORK/ro/mix.wav"
else
  # root ignores permission bits; /proc refuses new files even to root.
  expect_exit 6 "unwritable output folder" -- "$AUTOMIX" "$WORK/in/good" -o /proc/automix-mix.wav
fi
expect_exit 6 "output is a folder" -- "$AUTOMIX" "$WORK/in/good" -o "$OUT"
assert_no_outputs "$OUT"

expect_exit 4 "corrupt model" -- "$AUTOMIX" "$WORK/in/good" -o "$OUT/mix.wav" --engine model --no-fxnorm --model "$WORK/in/corrupt.pt"
grep -q "corrupt.pt" "$WORK/stderr.txt" || fail "corrupt model message does not name the file"
expect_exit 4 "missing model" -- "$AUTOMIX" "$WORK/in/good" -o "$OUT/mix.wav" --engine model --no-fxnorm --model "$WORK/in/none.pt"
assert_no_outputs "$OUT"

expect_exit 2 "unknown option" -- "$AUTOMIX" "$WORK/in/good" -o "$OUT/mix.wav" --frobnicate
expect_exit 2 "missing -o" -- "$AUTOMIX" "$WORK/in/good"
expect_exit 2 "bad bit depth" -- "$AUTOMIX" "$WORK/in/good" -o "$OUT/mix.wav" --bit-depth 12
expect_exit 2 "bad --stem type" -- "$AUTOMIX" "$WORK/in/good" -o "$OUT/mix.wav" --stem bass.wav=flute
expect_exit 2 "--stem names a missing file" -- "$AUTOMIX" "$WORK/in/good" -o "$OUT/mix.wav" --stem bas.wav=bass
expect_exit 2 "unsupported output extension" -- "$AUTOMIX" "$WORK/in/good" -o "$OUT/mix.mp4"
assert_no_outputs "$OUT"

expect_exit 0 "good input still works" -- "$AUTOMIX" "$WORK/in/good" -o "$OUT/mix.wav" --quiet
[[ -s "$OUT/mix.wav" && -s "$OUT/mix.json" ]] || fail "good run wrote no mix or report"
finish
