#!/usr/bin/env bash
# Builds and runs the feature benchmark against an existing build's library:
#   bench/features_bench.sh [BUILD_DIR] [SECONDS]
# (BUILD_DIR defaults to build/, SECONDS to 240 = a 4-minute mix.) Prints wall time, real-time
# factor and peak memory for all features of a synthesized stereo mix.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$(dirname "$here")"
build="${1:-$src/build}"
seconds="${2:-240}"
lib="$build/libautomix.a"
[ -f "$lib" ] || { echo "no $lib: build the project first" >&2; exit 1; }
out="$build/features_bench"
# The library links FFTW, libebur128, libsamplerate and libsndfile privately; LibTorch is not
# needed by the feature code, so the static archive's unused objects are not pulled in.
g++ -std=c++17 -O2 -I"$src/include" "$here/features_bench.cpp" "$lib" \
    $(pkg-config --cflags --libs fftw3f fftw3 libebur128 samplerate sndfile) -pthread -o "$out"
"$out" "$seconds"
