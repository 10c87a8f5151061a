#!/usr/bin/env bash
# Builds and runs the feature benchmark against an existing build's library:
#   bench/features_bench.sh [BUILD_DIR] [SECONDS]
# (BUILD_DIR defaults to build/, SECONDS to 240 = a 4-minute mix.) Prints wall time, real-time
# factor and peak memory for all features of a synthesized stereo mix.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-$(dirname "$here")/build}"
source "$here/compile_tool.sh"
compile_tool "$build" "$here/features_bench.cpp" "$build/features_bench"
"$build/features_bench" "${2:-240}"
