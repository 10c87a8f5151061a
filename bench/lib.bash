# Sourced by the bench scripts that run the built executable on synthesized songs: sets ROOT (the
# checkout), AUTOMIX (the executable; $AUTOMIX wins), PY (the Python with numpy/scipy), M (the
# measuring wrapper bench/measure.py) and WORK (a temporary folder removed on exit).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AUTOMIX="${AUTOMIX:-$ROOT/build/automix}"
PY=/usr/bin/python3
M="$PY $ROOT/bench/measure.py"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# make_song DIR SECONDS: a synthetic 4-stem song (speed does not depend on content).
make_song() { "$PY" "$ROOT/bench/make_long_song.py" "$1" "$2" >/dev/null; }

# machine: the core count and the load, for the first line of a benchmark's output.
machine() { echo "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"; }
