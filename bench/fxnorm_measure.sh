#!/usr/bin/env bash
# Builds bench/fxnorm_measure.cpp against an existing build's library and runs it on the musdb7
# stems (and, when present, the corpus test songs' dry and wet stems): the measurements behind the
# default FX-normalization mode in docs/fxnorm.md.
#
# Usage: bench/fxnorm_measure.sh [BUILD_DIR] [TARGETS] [CORPUS_SONGS_DIR]
#   BUILD_DIR defaults to build/; TARGETS to ../shared/data/fxnorm-features/features_MUSDB18.json;
#   CORPUS_SONGS_DIR (optional) holds <song>/{dry,wet}/{vocals,bass,drums,other}.*; only the test
#   songs of models/data/splits.json are used.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$(dirname "$here")"
build="${1:-$src/build}"
targets="${2:-$src/../shared/data/fxnorm-features/features_MUSDB18.json}"
corpus="${3:-}"
out="$build/fxnorm_measure"
source "$here/compile_tool.sh"
compile_tool "$build" "$here/fxnorm_measure.cpp" "$out"
args=()
for song in "$src"/../shared/data/musdb7/*/; do
    name="$(basename "$song")"
    for type in vocals bass drums other; do
        args+=("musdb7/${name##* - }/$type" "$type" "$song/$type.wav")
    done
done
if [ -n "$corpus" ]; then
    for song in $(/usr/bin/python3 -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))['test']))" "$src/models/data/splits.json"); do
        for kind in dry wet; do
            for type in vocals bass drums other; do
                f=$(ls "$corpus/$song/$kind/$type".* 2>/dev/null | head -1 || true)
                [ -n "$f" ] && args+=("corpus/$song/$kind/$type" "$type" "$f")
            done
        done
    done
fi
"$out" "$targets" "${args[@]}"
