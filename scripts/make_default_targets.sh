#!/usr/bin/env bash
# Regenerates configs/targets.json, the default FX-normalization targets, from the training split
# of the project's corpus (docs/corpus.md): the wet stems of the LMMS songs only, because only
# they carry human mixing decisions (the MIDI songs' wet stems come from a random process).
# Test and validation songs are never used. Usage: scripts/make_default_targets.sh [CORPUS_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="${1:-${AUTOMIX_CORPUS:-/work/corpus}}"
AUTOMIX="${AUTOMIX:-$ROOT/build/automix}"
LIST="$(mktemp)"; trap 'rm -f "$LIST"' EXIT
/usr/bin/python3 - "$CORPUS/manifest.json" > "$LIST" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
songs = m["songs"] if isinstance(m["songs"], list) else list(m["songs"].values())
for s in songs:
    if s.get("source") == "lmms" and s.get("split") == "train":
        print(f'{s["name"]}/wet')
PY
echo "songs: $(wc -l < "$LIST") LMMS training songs"
"$AUTOMIX" stats "$CORPUS/songs" --list "$LIST" -o "$ROOT/configs/targets.json"
# Ship it compact: 7 significant digits are far below any tolerance the stages work to, and
# drop the temporary list path from the provenance.
/usr/bin/python3 - "$ROOT/configs/targets.json" "$(wc -l < "$LIST")" "$(git -C "$ROOT" rev-parse --short HEAD)" <<'PY'
import json, sys
path, n, commit = sys.argv[1], sys.argv[2], sys.argv[3]
t = json.load(open(path))
def shrink(x):
    if isinstance(x, float):
        return float(f"{x:.7g}")
    if isinstance(x, list):
        return [shrink(v) for v in x]
    if isinstance(x, dict):
        return {k: shrink(v) for k, v in x.items()}
    return x
t = shrink(t)
t["provenance"] = (f"automix stats (commit {commit}) on the wet stems of the {n} LMMS training songs "
                   "of the project corpus (models/data/splits.json; docs/corpus.md)")
json.dump(t, open(path, "w"), separators=(",", ":"))
PY
ls -l "$ROOT/configs/targets.json"
