#!/usr/bin/env bash
# The model engine through the executable: a small random-weight model exported at test time runs
# over the example in several segments, the mix keeps the song's length, and the report identifies
# the model (sha256 of the file, metadata with trained=false) and the segmentation used.
source "$(dirname "$0")/lib.bash"
if ! "$PYTHON" -c "import torch" 2>/dev/null; then
  echo "skip: $PYTHON cannot import torch"; exit 77
fi
PYTHONPATH="$AUTOMIX_SOURCE_DIR" "$PYTHON" -m models.export --random --seed 3 --preset n16_small \
  -o "$WORK/tiny.pt" >/dev/null || { echo "export failed"; exit 1; }
EXAMPLE="$AUTOMIX_SOURCE_DIR/examples/song"

expect_exit 0 "model engine, 3 s segments" -- "$AUTOMIX" "$EXAMPLE" -o "$WORK/mix.wav" \
  --engine model --no-fxnorm --model "$WORK/tiny.pt" --segment 3 --overlap 0.5 --threads 1
grep -q "random weights" "$WORK/stderr.txt" || fail "no warning about a random-weight model"
"$PYTHON" - "$WORK/mix.wav" "$WORK/mix.json" "$WORK/tiny.pt" <<'PY' || fail "model report check"
import hashlib, json, sys
import soundfile as sf
mix, report, model = sys.argv[1], json.load(open(sys.argv[2])), sys.argv[3]
assert abs(sf.info(mix).duration - 8.0) < 1e-3
d = report["engine"]["details"]
assert report["engine"]["kind"] == "model"
assert d["sha256"] == hashlib.sha256(open(model, "rb").read()).hexdigest()
assert d["metadata"]["trained"] is False
assert d["segments_in_last_mix"] >= 3, d["segments_in_last_mix"]
print("segments", d["segments_in_last_mix"], "sha256 ok")
PY
expect_exit 0 "model engine, single pass" -- "$AUTOMIX" "$EXAMPLE" -o "$WORK/one.wav" \
  --engine model --no-fxnorm --model "$WORK/tiny.pt" --segment 60 -q
finish
