#!/usr/bin/env bash
# Reproduces the shipped mixer from nothing but Debian packages (docs/model.md, "Training"):
#   models/reproduce.sh [--corpus DIR] [--cache DIR] [--run DIR]
# corpus (~50 min on 2 idle cores) -> FX-normalization cache with the automix executable built
# from this checkout (~10 min) -> training (resumes from RUN/last.pt; hours) -> export -> table.
# Every step skips what is already done, so the command can be rerun after an interruption.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS=/work/corpus CACHE=/work/cache/fxnorm RUN="$ROOT/models/runs/console_cond"
CONFIG="$ROOT/models/configs/console_cond.json"
while [ $# -gt 0 ]; do
  case "$1" in
    --corpus) CORPUS="$2"; shift 2 ;;
    --cache) CACHE="$2"; shift 2 ;;
    --run) RUN="$2"; shift 2 ;;
    --config) CONFIG="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
PY=/usr/bin/python3
"$ROOT/scripts/install-deps.sh" --corpus
"$ROOT/scripts/build.sh" automix
"$ROOT/models/data/build_corpus.sh" --out "$CORPUS" --no-midi
"$PY" "$ROOT/models/normalize_corpus.py" --corpus "$CORPUS" --cache "$CACHE" --source "$ROOT"
nice -n 10 "$PY" "$ROOT/models/train.py" --config "$CONFIG" --run "$RUN" --corpus "$CORPUS" \
  --cache "$CACHE"
"$PY" "$ROOT/models/export.py" --checkpoint "$RUN/best.pt" -o "$ROOT/models/automix.pt" \
  --targets "$ROOT/configs/targets.json" --cache "$CACHE"
"$PY" "$ROOT/models/evaluate.py" --model "$ROOT/models/automix.pt" --corpus "$CORPUS" \
  --extra-model waveform="$ROOT/models/automix_waveform.pt"
