#!/usr/bin/env bash
# Kept for scripts written against it; a thin wrapper around `automix batch` (docs/batch.md):
#   examples/batch_mix.sh SONGS_DIR OUT_DIR [automix options...]
# is exactly
#   automix batch SONGS_DIR -o OUT_DIR [automix options...]
# (one process for all songs, resumable, failures recorded in OUT_DIR/batch.json and batch.csv).
# Exit codes are automix batch's: 0 every song ok, 10 some failed, 11 none ok (docs/exit-codes.md).
set -euo pipefail
if (($# < 2)); then
  echo "usage: $0 SONGS_DIR OUT_DIR [automix options...]" >&2
  exit 2
fi
AUTOMIX="${AUTOMIX:-$(cd "$(dirname "$0")/.." && pwd)/build/automix}"
exec "$AUTOMIX" batch "$1" -o "$2" "${@:3}"
