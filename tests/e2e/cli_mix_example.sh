#!/usr/bin/env bash
# The bundled example and the real MUSDB18 excerpts (../shared, skipped when absent) mix end to
# end: a stereo mix of the song's length, true peak at or below the ceiling, and a complete report.
source "$(dirname "$0")/lib.bash"
EXAMPLE="$AUTOMIX_SOURCE_DIR/examples/song"

check_mix() {  # check_mix MIX REPORT EXPECTED_SECONDS
  "$PYTHON" - "$1" "$2" "$3" <<'PY' || fail "report/mix check failed for $1"
import json, sys
import soundfile as sf
mix, report, expected = sys.argv[1], json.load(open(sys.argv[2])), float(sys.argv[3])
info = sf.info(mix)
assert info.channels == 2 and info.samplerate == report["output"]["sample_rate"], info
assert abs(info.duration - expected) < 0.01, (info.duration, expected)   # nothing truncated
for key in ["schema", "system", "options", "engine", "inputs", "stems", "master", "output", "timing_seconds"]:
    assert key in report, key
tp = report["output"]["loudness"]["true_peak_dbtp"]
assert tp <= report["master"]["true_peak_ceiling_dbtp"] + 0.05, tp  # libebur128's 4x estimate
for f in report["inputs"]["files"]:
    assert f["stem"] in ("vocals", "bass", "drums", "other", "skipped"), f
print("checked", mix, "true peak", tp)
PY
}

expect_exit 0 "example song" -- "$AUTOMIX" "$EXAMPLE" -o "$WORK/example.flac" --bit-depth 16
check_mix "$WORK/example.flac" "$WORK/example.json" 8.0
"$PYTHON" - "$WORK/example.json" <<'PY' || fail "example grouping"
import json, sys
r = json.load(open(sys.argv[1]))
types = {f["path"].split("/")[-1]: f["stem"] for f in r["inputs"]["files"]}
assert types == {"Bass DI.flac": "bass", "HiHat.flac": "drums", "Kick.flac": "drums",
                 "Lead Vox.flac": "vocals", "Pad.flac": "other", "Snare.flac": "drums"}, types
assert any(s["path"].endswith("README.md") for s in r["inputs"]["skipped"])
assert r["stems"]["drums"]["sources"] and len(r["stems"]["drums"]["sources"]) == 3
PY

expect_exit 0 "example at 48 kHz, 32-bit float, explicit report path" -- \
  "$AUTOMIX" "$EXAMPLE" -o "$WORK/ex48.wav" --sample-rate 48000 --bit-depth 32f --report "$WORK/r48.json"
check_mix "$WORK/ex48.wav" "$WORK/r48.json" 8.0

# The shipped learned mixer (models/automix.pt, the default --model) mixes the example end to end.
expect_exit 0 "example with the shipped model" -- \
  "$AUTOMIX" "$EXAMPLE" -o "$WORK/example_model.wav" --engine model
check_mix "$WORK/example_model.wav" "$WORK/example_model.json" 8.0
"$PYTHON" - "$WORK/example_model.json" <<'PY' || fail "model engine not recorded in the report"
import json, sys
engine = json.load(open(sys.argv[1]))["engine"]
assert engine["kind"] == "model", engine
assert engine["details"]["metadata"]["family"] == "console", engine["details"]["metadata"]
PY

MUSDB="$AUTOMIX_SHARED_DIR/data/musdb7"
if [[ -d "$MUSDB" ]]; then
  while IFS= read -r -d '' song; do
    name="$(basename "$song")"
    dur=$("$PYTHON" -c 'import soundfile as sf,sys; print(sf.info(sys.argv[1]).duration)' "$song/mixture.wav")
    expect_exit 0 "musdb7: $name" -- "$AUTOMIX" "$song" -o "$WORK/$name.wav"
    check_mix "$WORK/$name.wav" "$WORK/$name.json" "$dur"
  done < <(find "$MUSDB" -mindepth 1 -maxdepth 1 -type d -print0)
else
  echo "skip: $MUSDB absent (real-song part of this test)"
fi

# examples/batch_mix.sh, the wrapper kept for old scripts (automix batch has its own tests).
mkdir -p "$WORK/songs" && cp -r "$EXAMPLE" "$WORK/songs/song"
expect_exit 0 "batch script" -- "$AUTOMIX_SOURCE_DIR/examples/batch_mix.sh" "$WORK/songs" "$WORK/batch"
[[ -s "$WORK/batch/song.wav" && -s "$WORK/batch/song.json" && -s "$WORK/batch/batch.json" ]] ||
  fail "batch script wrote nothing"
finish
