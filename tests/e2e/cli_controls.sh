#!/usr/bin/env bash
# Per-stem controls, stem export and the cache from the command line: every bad setting (unknown
# stem type, gain of 200 dB, pan or width out of range, a malformed or unknown-key settings file,
# a bad --loudness) is a usage error (exit 2) naming the value, with no output left behind; a
# settings file gives the same mix as the same options; a re-mix from --cache writes the same
# bytes as a fresh run; analyze prints what the mixer did and --plot draws it.
source "$(dirname "$0")/lib.bash"
EXAMPLE="$AUTOMIX_SOURCE_DIR/examples/song"
OUT="$WORK/out"; mkdir -p "$OUT"

bad() {  # bad DESCRIPTION EXPECTED_TEXT options...
  local what="$1" named="$2"; shift 2
  expect_exit 2 "$what" -- "$AUTOMIX" "$EXAMPLE" -o "$OUT/mix.wav" --export-stems "$OUT/stems" \
    --cache "$OUT/cache" "$@"
  grep -qF -- "$named" "$WORK/stderr.txt" || fail "$what: message does not name '$named': $(cat "$WORK/stderr.txt")"
  assert_no_outputs "$OUT"
  [[ ! -e "$OUT/stems" && ! -e "$OUT/cache" ]] || fail "$what: a folder was created"
}
bad "unknown stem type" "guitar" --gain guitar=3
bad "gain of 200 dB" "vocals=200" --gain vocals=200
bad "pan out of range" "bass=1.5" --pan bass=1.5
bad "width out of range" "other=3" --width other=3
bad "gain not a number" "loud" --gain vocals=loud
bad "mute with a value" "drums=1" --mute drums=1
bad "solo of an unknown type" "kazoo" --solo kazoo
bad "loudness not a number" "loud" --loudness loud
bad "loudness out of range" "+3" --loudness +3
printf '{"gain": {"vocals": 1,}' > "$WORK/malformed.json"
bad "malformed settings file" "malformed.json" --mix-settings "$WORK/malformed.json"
printf '{"volume": {"vocals": 1}}' > "$WORK/unknown.json"
bad "unknown key in the settings file" "volume" --mix-settings "$WORK/unknown.json"
printf '{"width": {"other": 7}}' > "$WORK/range.json"
bad "out-of-range value in the settings file" "other=7" --mix-settings "$WORK/range.json"

# The settings file and the same options give the same bytes.
printf '{"gain": {"vocals": 2}, "pan": {"other": -0.25}, "mute": ["bass"]}' > "$WORK/settings.json"
expect_exit 0 "settings file" -- "$AUTOMIX" "$EXAMPLE" -o "$OUT/file.wav" -q --mix-settings "$WORK/settings.json"
expect_exit 0 "same settings as options" -- "$AUTOMIX" "$EXAMPLE" -o "$OUT/opts.wav" -q \
  --gain vocals=+2 --pan other=-0.25 --mute bass
cmp -s "$OUT/file.wav" "$OUT/opts.wav" || fail "settings file and options differ"

# A re-mix from the cache is bit-identical to a fresh run with the same settings.
expect_exit 0 "first run with a cache" -- "$AUTOMIX" "$EXAMPLE" -o "$OUT/first.wav" -q \
  --engine normalized --cache "$OUT/cache"
expect_exit 0 "re-mix from the cache" -- "$AUTOMIX" "$EXAMPLE" -o "$OUT/remix.wav" -q \
  --engine normalized --cache "$OUT/cache" --gain vocals=+3 --width other=1.5 --export-stems "$OUT/stems"
expect_exit 0 "fresh run" -- "$AUTOMIX" "$EXAMPLE" -o "$OUT/fresh.wav" -q \
  --engine normalized --gain vocals=+3 --width other=1.5
cmp -s "$OUT/remix.wav" "$OUT/fresh.wav" || fail "re-mix from the cache differs from a fresh run"
"$PYTHON" - "$OUT/first.json" "$OUT/remix.json" "$OUT/stems" <<'PY' || fail "cache/export report"
import json, os, sys
first, remix = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert first["cache"]["hit"] is False and remix["cache"]["hit"] is True, (first["cache"], remix["cache"])
assert "decode" not in remix["timing_seconds"] and "fx_normalization" not in remix["timing_seconds"]
assert remix["controls"] == {"gain": {"vocals": 3.0}, "width": {"other": 1.5}}, remix["controls"]
assert set(remix["mixer_decisions"]["stems"]) == {"vocals", "bass", "drums", "other"}
files = sorted(os.listdir(sys.argv[3]))
assert files == ["bass.wav", "drums.wav", "other.wav", "stems.json", "vocals.wav"], files
PY

# analyze reads the report: a readable account and an SVG.
expect_exit 0 "analyze a mix report" -- "$AUTOMIX" analyze "$OUT/remix.json" --plot "$OUT/decisions.svg"
grep -q "what the mixer did" "$WORK/stdout.txt" || fail "analyze printed no decisions"
grep -q "^    vocals" "$WORK/stdout.txt" || fail "analyze printed no vocals row: $(cat "$WORK/stdout.txt")"
grep -q "</svg>" "$OUT/decisions.svg" || fail "no SVG written"
finish
