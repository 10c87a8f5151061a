#!/usr/bin/env bash
# A torch-free core (docs/architecture.md, "The model module"): the executable does not link
# LibTorch; `analyze`, `eval` and the sum/normalized engines never load it; only the model engine
# opens libautomix_model.so, and not even it on a re-mix from the cache; a missing module is a
# model error (exit 4) naming the file.
source "$(dirname "$0")/lib.bash"
SONG="$AUTOMIX_SOURCE_DIR/examples/song"
TARGETS="$AUTOMIX_SOURCE_DIR/configs/targets.json"
cd "$WORK" || exit 1

if ldd "$AUTOMIX" | grep -Eq 'lib(torch|c10)'; then
  fail "the executable links LibTorch: $(ldd "$AUTOMIX" | grep -E 'lib(torch|c10)' | head -2)"
else
  pass "the executable does not link LibTorch"
fi

# loaded_torch COMMAND...: runs it with the dynamic loader's log and says whether LibTorch was
# loaded (the log goes to a file, so the command's own output stays apart).
loaded_torch() {
  rm -f ld.log.*
  LD_DEBUG=files LD_DEBUG_OUTPUT="$WORK/ld.log" "$@" >/dev/null 2>&1
  grep -q 'libtorch_cpu' ld.log.* 2>/dev/null
}

for engine in sum normalized; do
  if loaded_torch "$AUTOMIX" "$SONG" -o "$engine.wav" -q --engine "$engine" --targets "$TARGETS"; then
    fail "--engine $engine loaded LibTorch"
  elif [[ -s "$engine.wav" ]]; then
    pass "--engine $engine mixes without LibTorch"
  else
    fail "--engine $engine wrote no mix"
  fi
done
if loaded_torch "$AUTOMIX" analyze sum.wav; then fail "analyze loaded LibTorch"; else pass "analyze without LibTorch"; fi
if loaded_torch "$AUTOMIX" eval sum.wav --reference normalized.wav; then
  fail "eval loaded LibTorch"
else
  pass "eval without LibTorch"
fi

# The model engine opens the module (and with it LibTorch) even when the model file is missing:
# the check above would see it.
if [[ -e "$(dirname "$AUTOMIX")/libautomix_model.so" ]]; then
  if loaded_torch "$AUTOMIX" "$SONG" -o model.wav -q --engine model --model "$WORK/none.pt"; then
    pass "--engine model loads LibTorch through the module"
  else
    fail "--engine model did not load LibTorch (is the check above blind?)"
  fi
fi

# A re-mix from the contribution cache does not make the engine: with the model engine it opens
# neither the module nor LibTorch, and is bit-identical to a fresh run with the same settings.
MODEL="$AUTOMIX_SOURCE_DIR/models/automix.pt"
if [[ -e "$(dirname "$AUTOMIX")/libautomix_model.so" && -f "$MODEL" ]]; then
  expect_exit 0 "model mix with a cache" -- "$AUTOMIX" "$SONG" -o first.wav -q --engine model \
    --model "$MODEL" --cache cache --targets "$TARGETS"
  if AUTOMIX_MODEL_MODULE="$WORK/nowhere.so" loaded_torch "$AUTOMIX" "$SONG" -o remix.wav -q \
       --engine model --model "$MODEL" --cache cache --targets "$TARGETS" --gain vocals=+2; then
    fail "the re-mix from the cache loaded LibTorch"
  elif [[ ! -s remix.wav ]] || ! grep -q '"hit": true' remix.json; then
    fail "the re-mix from the cache failed or missed the cache without the module"
  else
    pass "re-mix from the cache without the module or LibTorch"
  fi
  expect_exit 0 "fresh model mix, same settings" -- "$AUTOMIX" "$SONG" -o fresh.wav -q \
    --engine model --model "$MODEL" --targets "$TARGETS" --gain vocals=+2
  cmp -s remix.wav fresh.wav || fail "the re-mix from the cache differs from a fresh run"
fi

# A missing module: exit 4, the path in the message, no output.
mkdir -p out
AUTOMIX_MODEL_MODULE="$WORK/nowhere/libautomix_model.so" \
  expect_exit 4 "missing model module" -- "$AUTOMIX" "$SONG" -o out/mix.wav --engine model
grep -qF "$WORK/nowhere/libautomix_model.so: not found" "$WORK/stderr.txt" ||
  fail "the error does not name the module file: $(head -2 "$WORK/stderr.txt")"
assert_no_outputs out
finish
