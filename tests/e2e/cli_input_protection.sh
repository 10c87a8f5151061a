#!/usr/bin/env bash
# "Never destroy a user's file" (docs/exit-codes.md): outputs that would overwrite an input or land
# in the stems folder, interrupted and size-limited runs, FIFOs, hostile numbers, duplicate
# overrides and broken links. Every case checks the exit code, the message, that no input changed
# (checksums before and after) and that no partial or temporary file remains.
source "$(dirname "$0")/lib.bash"
"$PYTHON" "$(dirname "$0")/make_protection_inputs.py" "$WORK/in" || { echo "fixture generation failed"; exit 1; }
IN="$WORK/in" S="$WORK/in/stems" OUT="$WORK/out"
mkdir -p "$OUT"
TARGETS="$AUTOMIX_SOURCE_DIR/configs/targets.json"

checksums() { (cd "$IN" && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
BEFORE="$(checksums)"
# assert_intact WHAT: no input changed and no temporary file exists anywhere in the work folder.
assert_intact() {
  [[ "$(checksums)" == "$BEFORE" ]] || fail "$1: an input file changed"
  local temps
  temps=$(find "$WORK" -name '*.tmp-*' | head -3)
  [[ -z "$temps" ]] || fail "$1: temporary files left: $temps"
}
# Mix runs name --engine sum where the engine does not matter, so they do not depend on the
# default engine or on a shipped model.
# expect_message TEXT WHAT: stderr contains TEXT.
expect_message() {
  grep -qF -- "$1" "$WORK/stderr.txt" || fail "$2: message lacks '$1': $(head -2 "$WORK/stderr.txt")"
}

# --- outputs onto inputs: usage error (2) before any work -----------------------------------
expect_exit 2 "mix over a stem" -- "$AUTOMIX" --engine sum "$S" -o "$S/vocals.wav"
expect_message "would overwrite the input file" "mix over a stem"; assert_intact "mix over a stem"
expect_exit 2 "report over a stem" -- "$AUTOMIX" --engine sum "$S" -o "$OUT/m.wav" --report "$S/bass.wav"
expect_message "would overwrite the input file" "report over a stem"; assert_intact "report over a stem"
expect_exit 2 "normalized stems into the stems folder" -- "$AUTOMIX" "$S" -o "$OUT/m.wav" \
  --engine normalized --targets "$TARGETS" --save-normalized "$S"
expect_message "a folder this run reads" "--save-normalized S"; assert_intact "--save-normalized S"
expect_exit 2 "mix into the stems folder" -- "$AUTOMIX" --engine sum "$S" -o "$S/song.wav"
expect_message "inside" "mix into the stems folder"; assert_intact "mix into the stems folder"
expect_exit 2 "report over the reference" -- "$AUTOMIX" --engine sum "$S" -o "$OUT/m.wav" --reference "$IN/mix.wav" --report "$IN/mix.wav"
assert_intact "report over the reference"
expect_exit 2 "report over the targets" -- "$AUTOMIX" "$S" -o "$OUT/m.wav" --engine normalized \
  --targets "$TARGETS" --report "$TARGETS"
ln -s "$S/vocals.wav" "$OUT/link.wav"
expect_exit 2 "mix through a symlink onto a stem" -- "$AUTOMIX" --engine sum "$S" -o "$OUT/link.wav"
expect_message "would overwrite the input file" "symlinked output"; assert_intact "symlinked output"
rm "$OUT/link.wav"
ln -s "$S" "$WORK/stems-link"
expect_exit 2 "mix into the stems folder through a symlink" -- "$AUTOMIX" --engine sum "$S" -o "$WORK/stems-link/m.wav"
assert_intact "symlinked stems folder"
expect_exit 2 "eval JSON over the reference" -- "$AUTOMIX" eval "$IN/mix.wav" -r "$IN/silent.wav" -o "$IN/silent.wav"
expect_message "would overwrite the input file" "eval -o ref"; assert_intact "eval -o ref"
expect_exit 2 "analyze JSON over its input" -- "$AUTOMIX" analyze "$IN/mix.wav" -o "$IN/mix.wav"
assert_intact "analyze -o input"
expect_exit 2 "report is the mix" -- "$AUTOMIX" --engine sum "$S" -o "$OUT/m.wav" --report "$OUT/m.wav"
assert_no_outputs "$OUT"

# --- a mix written into the stems folder (on request) is never mixed again as a stem --------
cp -r "$S" "$WORK/song"
expect_exit 0 "mix into the stems folder when asked" -- "$AUTOMIX" --engine sum "$WORK/song" -o "$WORK/song/song.wav" --output-in-stems-dir --no-features
expect_exit 0 "second run next to the first mix" -- "$AUTOMIX" --engine sum "$WORK/song" -o "$WORK/song/song2.wav" --output-in-stems-dir --no-features
grep -q "song.wav.*automix mix" "$WORK/stdout.txt" || fail "the first mix was not recognised: $(cat "$WORK/stdout.txt")"
files=$("$PYTHON" -c "import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))['inputs']['files'] if f.get('stem') != 'skipped'))" "$WORK/song/song2.json")
[[ "$files" == 4 ]] && pass "second mix read 4 stems" || fail "second mix read $files files, expected the 4 stems"
rm "$WORK/song/song.json" "$WORK/song/song2.json"  # without reports, the software tag still tells
expect_exit 0 "third run, reports removed" -- "$AUTOMIX" --engine sum "$WORK/song" -o "$OUT/m3.wav" --no-features
grep -q "song2.wav.*automix mix" "$WORK/stdout.txt" || fail "a mix without report was taken for a stem"
expect_exit 2 "stem still protected with --output-in-stems-dir" -- "$AUTOMIX" --engine sum "$WORK/song" -o "$WORK/song/bass.wav" --output-in-stems-dir
rm -f "$OUT"/m3.*

# --- batch outputs inside the songs folder are not taken for a song, on the first run or later --
mkdir -p "$WORK/songs"; cp -r "$S" "$WORK/songs/a"; cp -r "$S" "$WORK/songs/b"
for run in 1 2; do
  expect_exit 0 "batch into SONGS/mixes, run $run" -- env AUTOMIX="$AUTOMIX" \
    "$AUTOMIX_SOURCE_DIR/examples/batch_mix.sh" "$WORK/songs" "$WORK/songs/mixes" --no-features --engine sum
  grep -q "== mixes" "$WORK/stdout.txt" && fail "batch run $run mixed its own output folder"
done
[[ -s "$WORK/songs/mixes/a.wav" && -s "$WORK/songs/mixes/b.json" ]] || fail "batch wrote no mixes"

# --- interrupted runs: exit 128+signal, no temporary, mix and report together or not at all --
for sig in INT TERM; do
  for delay in 0.5 1.5 3 5; do
    rm -f "$OUT"/sig.*
    "$AUTOMIX" --engine sum "$IN/long" -o "$OUT/sig.wav" --quiet 2>"$WORK/stderr.txt" &
    pid=$!
    sleep "$delay"
    kill -s "$sig" "$pid" 2>/dev/null
    wait "$pid"; code=$?
    want=$([[ $sig == INT ]] && echo 130 || echo 143)
    if [[ $code != 0 && $code != "$want" ]]; then fail "SIG$sig after ${delay}s: exit $code, expected $want (or 0 if done)"; fi
    mix=$([[ -e "$OUT/sig.wav" ]] && echo 1 || echo 0); rep=$([[ -e "$OUT/sig.json" ]] && echo 1 || echo 0)
    [[ $mix == "$rep" ]] || fail "SIG$sig after ${delay}s: mix=$mix report=$rep (must appear together)"
    [[ $code == 0 && $mix == 0 ]] && fail "SIG$sig after ${delay}s: exit 0 without a mix"
    # (A signal that arrives before main() installs the handler ends the run by the default
    # action, before it wrote anything. The sum engine does not load LibTorch, so the handler is
    # in place within milliseconds; the message is required from 1.5 s on, leaving a loaded
    # machine ample margin. Every other guarantee above is checked at every delay.)
    if [[ $code == "$want" && $delay != 0.5 ]] && ! grep -q "^error: interrupted" "$WORK/stderr.txt"; then
      fail "SIG$sig after ${delay}s: no 'error: interrupted' line"
    fi
    assert_intact "SIG$sig after ${delay}s"
    pass "SIG$sig after ${delay}s (exit $code, outputs $mix$rep)"
  done
done
rm -f "$OUT"/sig.*

# --- a file-size limit is a write error (6), not a kill that leaves a temporary --------------
expect_exit 6 "ulimit -f" -- bash -c 'ulimit -f 64; exec "$0" "$@"' "$AUTOMIX" --engine sum "$S" -o "$OUT/mix.wav" --no-features
assert_no_outputs "$OUT"; assert_intact "ulimit -f"

# --- a FIFO among the stems is skipped and reported, never opened ---------------------------
cp -r "$S" "$WORK/fifo"; mkfifo "$WORK/fifo/x.wav"
expect_exit 0 "FIFO in the stems folder" -- timeout 120 "$AUTOMIX" --engine sum "$WORK/fifo" -o "$OUT/mix.wav" --no-features
grep -q "x.wav.*FIFO" "$WORK/stdout.txt" || fail "the FIFO was not reported: $(cat "$WORK/stdout.txt")"
rm -f "$OUT"/mix.*

# --- hostile numbers -------------------------------------------------------------------------
"$PYTHON" - "$TARGETS" "$WORK/huge_targets.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1])); t["stems"]["vocals"]["loudness_lufs"] = 1e308
json.dump(t, open(sys.argv[2], "w"))
PY
expect_exit 3 "targets with loudness 1e308" -- "$AUTOMIX" "$S" -o "$OUT/mix.wav" --engine normalized --targets "$WORK/huge_targets.json"
expect_message "stems.vocals.loudness_lufs" "targets 1e308"; assert_no_outputs "$OUT"
expect_exit 3 "float stem at 3e38" -- "$AUTOMIX" --engine sum "$IN/huge" -o "$OUT/mix.wav"
expect_message "pad.wav" "float stem at 3e38"; assert_no_outputs "$OUT"; assert_intact "3e38"
expect_exit 0 "eval against a silent reference" -- "$AUTOMIX" eval "$IN/mix.wav" -r "$IN/silent.wav" -o "$OUT/eval.json"
"$PYTHON" - "$OUT/eval.json" <<'PY' || fail "eval against silence: errors are not null with a reason"
import json, sys
e = json.load(open(sys.argv[1]))["errors"]
for group in ("loudness", "spectral", "panning", "dynamic"):
    for key, v in e[group].items():
        assert v is None, (group, key, v)
        assert "silence" in e["undefined"][group + "." + key]
PY
rm -f "$OUT/eval.json"

# --- the same file named twice ---------------------------------------------------------------
expect_exit 2 "--stem names one file twice" -- "$AUTOMIX" --engine sum "$S" -o "$OUT/mix.wav" --stem vocals=bass --stem vocals.wav=drums
expect_message "twice" "--stem twice"
expect_exit 2 "--stem repeats a key" -- "$AUTOMIX" --engine sum "$S" -o "$OUT/mix.wav" --stem bass.wav=bass --stem bass.wav=other
printf '{"vocals.wav": "bass", "vocals.wav": "drums"}' >"$WORK/dup_map.json"
expect_exit 2 "stem map with a duplicate key" -- "$AUTOMIX" --engine sum "$S" -o "$OUT/mix.wav" --stem-map "$WORK/dup_map.json"
expect_message "twice" "duplicate map key"; assert_no_outputs "$OUT"

# --- broken links say what they are ----------------------------------------------------------
cp -r "$S" "$WORK/dangling"; ln -s "$WORK/nowhere.wav" "$WORK/dangling/pad.wav"
expect_exit 3 "dangling symlink stem" -- "$AUTOMIX" --engine sum "$WORK/dangling" -o "$OUT/mix.wav"
expect_message "dangling symbolic link" "dangling symlink"
cp -r "$S" "$WORK/loop"; ln -s b.wav "$WORK/loop/a.wav"; ln -s a.wav "$WORK/loop/b.wav"
expect_exit 3 "symlink loop stem" -- "$AUTOMIX" --engine sum "$WORK/loop" -o "$OUT/mix.wav"
expect_message "symbolic link loop" "symlink loop"
expect_exit 3 "dangling symlink reference" -- "$AUTOMIX" eval "$IN/mix.wav" -r "$WORK/dangling/pad.wav"
expect_message "dangling symbolic link" "dangling reference"
assert_no_outputs "$OUT"; assert_intact "final"
finish
