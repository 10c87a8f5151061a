#!/usr/bin/env bash
# Reproduces the shipped mixer from nothing but Debian packages (docs/model.md, "Training"):
#   models/reproduce.sh [--corpus DIR] [--cache DIR] [--run DIR] [--tuned-run DIR]
# corpus (~50 min on 2 idle cores) -> FX-normalization cache with the automix executable built
# from this checkout (~10 min) -> training (resumes from RUN/last.pt; hours) -> fine-tuning of its
# best epoch (TUNED_RUN; about 40 min) -> export -> table.
# Every step skips what is already done, so the command can be rerun after an interruption.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS=/work/corpus CACHE=/work/cache/fxnorm RUN="$ROOT/models/runs/console_cond2"
CONFIG="$ROOT/models/configs/console_cond2.json"
# The shipped model is a fine-tune of the base run: a reverb send and the dynamic feature loss.
TUNED_RUN="$ROOT/models/runs/console_cond2_dyn_lowlr"
TUNED_CONFIG="$ROOT/models/configs/console_cond2_dyn_lowlr.json"
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) CORPUS="$2"; shift 2 ;;
    --cache) CACHE="$2"; shift 2 ;;
    --run) RUN="$2"; shift 2 ;;
    --config) CONFIG="$2"; shift 2 ;;
    --tuned-run) TUNED_RUN="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
PY=/usr/bin/python3
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"  # models/ is a package: run its scripts as modules
"$ROOT/scripts/install-deps.sh" --corpus
"$ROOT/scripts/build.sh" automix
"$ROOT/models/data/build_corpus.sh" --out "$CORPUS" --no-midi
"$PY" -m models.normalize_corpus --corpus "$CORPUS" --cache "$CACHE" --source "$ROOT"
nice -n 10 "$PY" -m models.train --config "$CONFIG" --run "$RUN" --corpus "$CORPUS" \
  --cache "$CACHE"
nice -n 10 "$PY" -m models.train --config "$TUNED_CONFIG" --run "$TUNED_RUN" \
  --init-from "$RUN/best.pt" --corpus "$CORPUS" --cache "$CACHE"
"$PY" -m models.export --checkpoint "$TUNED_RUN/best.pt" -o "$ROOT/models/automix.pt" \
  --targets "$ROOT/configs/targets.json" --cache "$CACHE"
"$PY" -m models.evaluate --model "$ROOT/models/automix.pt" --corpus "$CORPUS" \
  --extra-model waveform="$ROOT/models/automix_waveform.pt" \
  --extra-model base="$ROOT/models/automix_console_cond2.pt" \
  --extra-model console_cond="$ROOT/models/automix_console_cond.pt"
