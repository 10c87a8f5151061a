#!/usr/bin/env bash
# Mixes every song folder under a directory: batch_mix.sh SONGS_DIR OUT_DIR [automix options...]
# Each sub-folder of SONGS_DIR is one song (its stems); OUT_DIR/<song>.wav and <song>.json are
# written. Songs that fail are listed at the end; the exit code is 0 only if every song mixed.
# Folder names may contain spaces.
set -uo pipefail
if (($# < 2)); then
  echo "usage: $0 SONGS_DIR OUT_DIR [automix options...]" >&2
  exit 2
fi
SONGS="$1"; OUT="$2"; shift 2
AUTOMIX="${AUTOMIX:-$(cd "$(dirname "$0")/.." && pwd)/build/automix}"
mkdir -p "$OUT"
ok=0; failed=()
while IFS= read -r -d '' song; do
  name="$(basename "$song")"
  echo "== $name"
  if "$AUTOMIX" "$song" -o "$OUT/$name.wav" --quiet "$@"; then
    ok=$((ok + 1))
  else
    failed+=("$name (exit $?)")
  fi
done < <(find "$SONGS" -mindepth 1 -maxdepth 1 -type d -print0 | sort -z)
echo "mixed $ok song(s) into $OUT"
if ((${#failed[@]} > 0)); then
  printf 'failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
