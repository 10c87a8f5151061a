#!/usr/bin/env bash
# End-to-end: `automix eval` (self comparison, a 6 dB quieter copy, batch folder with tables and
# plots), `automix analyze`, and the exit codes of bad invocations.
set -euo pipefail
: "${AUTOMIX:?AUTOMIX must point to the executable}"
PYTHON="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

# A 6 s stereo test song (16-bit) and a copy 6.02 dB quieter (half amplitude), written with the
# standard library only.
"$PYTHON" - <<'PY'
import math, random, struct, wave
random.seed(3)
def write(path, gain):
    fs = 44100
    frames = bytearray()
    for i in range(6 * fs):
        t = i / fs
        env = math.exp(-6.0 * (t % 0.5))
        l = 0.25 * math.sin(2 * math.pi * 110 * t) + 0.2 * env * random.uniform(-1, 1)
        r = 0.25 * math.sin(2 * math.pi * 110 * t) + 0.1 * math.sin(2 * math.pi * 660 * t) + 0.1 * env * random.uniform(-1, 1)
        for v in (l, r):
            frames += struct.pack('<h', int(round(max(-1, min(1, v * gain)) * 16384)) * 2)
    with wave.open(path, 'wb') as w:
        w.setnchannels(2); w.setsampwidth(2); w.setframerate(fs); w.writeframes(bytes(frames))
write('ref.wav', 1.0)
random.seed(3)
write('quiet.wav', 0.5)
PY

json_get() { "$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval('d' + sys.argv[2]))" "$@"; }

"$AUTOMIX" eval ref.wav --reference ref.wav --json > self.json
for g in loudness spectral panning dynamic; do
  v="$(json_get self.json "['errors']['scores']['$g']")"
  [ "$v" = "0.0" ] || { echo "self comparison: $g score $v, expected 0" >&2; exit 1; }
done

"$AUTOMIX" eval quiet.wav --reference ref.wav --json -o quiet.json > /dev/null
"$PYTHON" - quiet.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
L = d['reference']['loudness']['integrated_lufs_pyloudnorm_ref']
est = d['estimate']['loudness']['integrated_lufs_pyloudnorm_ref']
assert abs((L - est) - 6.02) < 0.05, (L, est)
lufs = d['errors']['loudness']['lufs']
assert abs(lufs - 6.02 / abs(L)) < 2e-3, (lufs, L)
for g in ('spectral', 'panning', 'dynamic'):
    # Only 16-bit quantisation differs once both are peak-normalised.
    assert d['errors']['scores'][g] < 5e-3, (g, d['errors']['scores'][g])
PY

"$AUTOMIX" eval quiet.wav --reference ref.wav --plot plot.svg > human.txt
grep -q "loudness" human.txt
grep -q "</svg>" plot.svg

"$AUTOMIX" analyze ref.wav --json --frames > analyze.json
[ "$(json_get analyze.json "['schema']")" = "automix.features/1" ]
[ "$(json_get analyze.json "['series']['centroid_hz']['hop_s'] > 0")" = "True" ]

mkdir -p songs/one songs/two songs/empty
cp ref.wav songs/one/mix.wav; cp ref.wav songs/one/reference.wav
cp quiet.wav songs/two/mix.wav; cp ref.wav songs/two/reference.wav
"$AUTOMIX" eval songs -o out > batch.txt
for f in out/errors.csv out/errors.md out/one.json out/two.json out/plots/one.svg out/plots/two.svg; do
  [ -s "$f" ] || { echo "missing $f" >&2; exit 1; }
done
[ "$(wc -l < out/errors.csv)" -eq 4 ]  # header, two songs, mean
grep -q '^| \*\*mean\*\*' out/errors.md

# Bad invocations: no reference (usage, 2), missing file (input, 3).
set +e
"$AUTOMIX" eval ref.wav > /dev/null 2>&1; code=$?
[ "$code" -eq 2 ] || { echo "eval without --reference: exit $code, expected 2" >&2; exit 1; }
"$AUTOMIX" eval missing.wav --reference ref.wav > /dev/null 2>&1; code=$?
[ "$code" -eq 3 ] || { echo "eval of a missing file: exit $code, expected 3" >&2; exit 1; }
set -e
echo "eval e2e: ok"
