#!/usr/bin/env bash
# Build the whole automix training corpus unattended.
#   models/data/build_corpus.sh [--out DIR] [--jobs N] [--no-install] [--no-midi] [--tracker]
# Installs (Debian apt) what it needs, renders the LMMS demo songs (dry + wet),
# the MIDI songs (fluidsynth), with --tracker the game-music tracker modules
# (libopenmpt), writes manifest.json, runs the verify step and prints totals.
# Run it in the background, e.g.
#   nohup nice -n 10 models/data/build_corpus.sh --out /work/corpus > /work/corpus.log 2>&1 &
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${AUTOMIX_CORPUS:-/work/corpus}"
JOBS=2
INSTALL=1
MIDI=1
TRACKER=0  # off by default: the shipped model does not use it (models/README.md, console_cond_tracker)
while [ $# -gt 0 ]; do
  case "$1" in
    --out) OUT="$2"; shift 2 ;;
    --jobs) JOBS="$2"; shift 2 ;;
    --no-install) INSTALL=0; shift ;;
    --no-midi) MIDI=0; shift ;;
    --tracker) TRACKER=1; shift ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
PY=/usr/bin/python3
# The builder is the package models.data: run it as modules with the repository root on the path.
export PYTHONPATH="$(cd "$HERE/../.." && pwd)${PYTHONPATH:+:$PYTHONPATH}"
PKGS="lmms python3-numpy python3-scipy python3-soundfile"
[ "$MIDI" = 1 ] && PKGS="$PKGS fluidsynth fluid-soundfont-gm timgm6mb-soundfont openttd-openmsx"
# only the runtime library: the game packages themselves are downloaded and unpacked, never installed
[ "$TRACKER" = 1 ] && PKGS="$PKGS libopenmpt0"
if [ "$INSTALL" = 1 ]; then
  missing=""
  for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    echo "installing:$missing"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
  fi
fi
mkdir -p "$OUT"
start=$(date +%s)
echo "== LMMS songs -> $OUT ($(date))"
"$PY" -m models.data.build_lmms_corpus --out "$OUT" --jobs "$JOBS" --skip-existing
lmms_done=$(date +%s)
echo "LMMS part: $((lmms_done - start)) s wall"
if [ "$MIDI" = 1 ]; then
  echo "== MIDI songs ($(date))"
  "$PY" -m models.data.midi_corpus --out "$OUT"
fi
if [ "$TRACKER" = 1 ]; then
  echo "== tracker songs ($(date))"
  "$PY" -m models.data.tracker_corpus --out "$OUT" --jobs "$JOBS" --skip-existing
fi
echo "== manifest"
"$PY" -m models.data.build_manifest --out "$OUT"
echo "== verify"
"$PY" -m models.data.verify_corpus --out "$OUT" --min-lmms-songs 20 --min-lmms-minutes 45
echo "total: $(( $(date +%s) - start )) s wall, $(du -sh "$OUT/songs" | cut -f1) on disk"
