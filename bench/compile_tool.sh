# Sourced by the bench scripts that build a small tool against an existing build's static library
# (the library links FFTW, libsamplerate, libsndfile and libcrypto privately; it holds no
# LibTorch code, which lives in the separate model module).
#
#   compile_tool BUILD_DIR SOURCE.cpp OUTPUT
# Rebuilds OUTPUT only when the library or the source is newer; fails with a message when the
# library has not been built.
compile_tool() {
    local build="$1" source="$2" out="$3"
    local root
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    local lib="$build/libautomix.a"
    [ -f "$lib" ] || { echo "no $lib: build the project first" >&2; return 1; }
    if [ ! -x "$out" ] || [ "$lib" -nt "$out" ] || [ "$source" -nt "$out" ]; then
        g++ -std=c++17 -O2 -I"$root/include" -I"$root/src" "$source" "$lib" \
            $(pkg-config --cflags --libs fftw3f fftw3 samplerate sndfile libcrypto) -pthread \
            -o "$out"
    fi
}
