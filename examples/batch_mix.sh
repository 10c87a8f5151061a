#!/usr/bin/env bash
# Mixes every song folder under a directory: batch_mix.sh SONGS_DIR OUT_DIR [automix options...]
# Each sub-folder of SONGS_DIR is one song (its stems); OUT_DIR/<song>.wav and <song>.json are
# written. Songs that fail are listed at the end; the exit code is 0 only if every song mixed.
# Folder names may contain spaces. OUT_DIR may lie inside SONGS_DIR (it is not taken for a song);
# an interrupted mix (Ctrl-C, SIGTERM: exit 130/143) stops the whole batch with that code.
set -uo pipefail
if (($# < 2)); then
  echo "usage: $0 SONGS_DIR OUT_DIR [automix options...]" >&2
  exit 2
fi
SONGS="$1"; OUT="$2"; shift 2
AUTOMIX="${AUTOMIX:-$(cd "$(dirname "$0")/.." && pwd)/build/automix}"
mkdir -p "$OUT"
out_real="$(realpath "$OUT")"
ok=0; failed=()
while IFS= read -r -d '' song; do
  [[ "$(realpath "$song")" == "$out_real" ]] && continue  # the output folder is not a song
  name="$(basename "$song")"
  echo "== $name"
  "$AUTOMIX" "$song" -o "$OUT/$name.wav" --quiet "$@"
  code=$?
  if ((code == 0)); then
    ok=$((ok + 1))
  elif ((code == 130 || code == 143 || code == 129)); then
    echo "interrupted while mixing $name; stopping" >&2
    exit "$code"
  else
    failed+=("$name (exit $code)")
  fi
done < <(find "$SONGS" -mindepth 1 -maxdepth 1 -type d -print0 | sort -z)
echo "mixed $ok song(s) into $OUT"
if ((${#failed[@]} > 0)); then
  printf 'failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
