#!/usr/bin/env bash
# Pipeline integration: FX normalization uses the shipped targets by default or --targets; with the
# paper's statistics (../shared, skipped when absent) --engine normalized runs, saves normalized
# stems and reports each stage; --reference adds errors for the mix and the plain-sum baseline.
source "$(dirname "$0")/lib.bash"
EXAMPLE="$AUTOMIX_SOURCE_DIR/examples/song"

expect_exit 3 "normalized engine with a missing targets file" -- \
  "$AUTOMIX" "$EXAMPLE" -o "$WORK/mix.wav" --engine normalized --targets "$WORK/none.json"
grep -q "none.json" "$WORK/stderr.txt" || fail "message does not name the targets file"
assert_no_outputs "$WORK"
# (Refusing to normalize without any targets is tested in tests/unit/pipeline_test.cpp.)

expect_exit 0 "normalized engine with the shipped default targets" -- \
  "$AUTOMIX" "$EXAMPLE" -o "$WORK/default.wav" --engine normalized --no-features -q
"$PYTHON" - "$WORK/default.json" <<'PY' || fail "default targets not used"
import json, sys
fx = json.load(open(sys.argv[1]))["fx_normalization"]
assert fx["applied"] and fx["targets"].endswith("configs/targets.json"), fx.get("targets")
PY

# The sum engine against its own output: every error is zero (the mix is the reference).
expect_exit 0 "sum mix" -- "$AUTOMIX" "$EXAMPLE" -o "$WORK/ref.wav" --engine sum --bit-depth 32f --true-peak-ceiling 0 -q
expect_exit 0 "sum mix vs itself" -- "$AUTOMIX" "$EXAMPLE" -o "$WORK/again.wav" --engine sum --bit-depth 32f \
  --true-peak-ceiling 0 --reference "$WORK/ref.wav" -q
"$PYTHON" - "$WORK/again.json" <<'PY' || fail "self-reference errors are not zero"
import json, sys
ev = json.load(open(sys.argv[1]))["evaluation"]
for which in ("mix", "baseline_sum"):
    scores = ev[which]["errors"]["scores"]
    assert set(scores) == {"loudness", "spectral", "panning", "dynamic"}, scores
# The mix is its own reference. The baseline is the raw sum, before the true-peak ceiling scaled
# the mix down, so only the level-dependent loudness group may differ for it.
assert all(v < 1e-3 for v in ev["mix"]["errors"]["scores"].values()), ev["mix"]["errors"]["scores"]
assert ev["baseline_sum"]["errors"]["scores"]["spectral"] < 1e-3
print("self-reference scores", ev["mix"]["errors"]["scores"])
PY

TARGETS="$AUTOMIX_SHARED_DIR/data/fxnorm-features/features_MUSDB18.json"
if [[ -f "$TARGETS" ]]; then
  expect_exit 0 "normalized engine with the paper's targets" -- "$AUTOMIX" "$EXAMPLE" \
    -o "$WORK/norm.wav" --engine normalized --targets "$TARGETS" --save-normalized "$WORK/stems" -q
  for s in vocals bass drums other; do
    [[ -s "$WORK/stems/$s.wav" ]] || fail "normalized $s stem not saved"
  done
  "$PYTHON" - "$WORK/norm.json" <<'PY' || fail "fx normalization report incomplete"
import json, sys
r = json.load(open(sys.argv[1]))
fx = r["fx_normalization"]
assert fx["applied"] is True
for stem in ("vocals", "bass", "drums", "other"):
    s = fx["stages"]["stems"][stem]
    for stage in ("eq", "dynamics", "panning", "loudness"):
        assert stage in s, (stem, stage, list(s))
    # The loudness stage hits its target within 0.1 LU unless it had to peak-limit.
    l = s["loudness"]
    if not l.get("peak_limited"):
        assert abs(l["input_lufs"] + l["gain_db"] - l["target_lufs"]) < 0.1, l
print("normalized:", {k: v["loudness"]["target_lufs"] for k, v in fx["stages"]["stems"].items()})
PY
else
  echo "skip: $TARGETS absent (normalized-engine part)"
fi
finish
