#!/usr/bin/env bash
# Runs the Python unit tests of the mixer network and its exporter (models/tests).
# Skips (exit 77) when the interpreter has no torch.
set -euo pipefail
PYTHON="${PYTHON:-/usr/bin/python3}"
SRC="${AUTOMIX_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
if ! "$PYTHON" -c "import torch, numpy" >/dev/null 2>&1; then
    echo "skipped: $PYTHON cannot import torch and numpy"
    exit 77
fi
cd "$SRC"
exec "$PYTHON" -m unittest discover -s models/tests -t . -v
