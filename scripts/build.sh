#!/usr/bin/env bash
# Configures and builds automix (Release) into ./build.
# Usage: scripts/build.sh [TARGET...]   (default: everything, including the tests;
#        `scripts/build.sh automix` builds only the executable)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
if (($# == 0)); then
  cmake --build "$ROOT/build" -j"$(nproc)"
else
  cmake --build "$ROOT/build" -j"$(nproc)" --target "$@"
fi
