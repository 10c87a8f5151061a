#!/usr/bin/env bash
# Corpus smoke test: render ONE short LMMS demo (Greshz-CoolSnip, ~12 s, two
# tracks, one with an effect chain) dry + wet per stem group, build the manifest,
# run the verify step, then check that verify really fails on a broken mix.
# If fluidsynth + soundfont + openttd-openmsx are present, also a 10 s MIDI song.
# Needs: apt-get install lmms (+ fluidsynth fluid-soundfont-gm openttd-openmsx
# for the MIDI part); skips (77) when lmms or numpy/scipy are missing.
set -euo pipefail
SRC="${AUTOMIX_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
PY="${PYTHON:-/usr/bin/python3}"
export PYTHONPATH="$SRC${PYTHONPATH:+:$PYTHONPATH}"  # the builder is the package models.data

if ! command -v lmms >/dev/null 2>&1; then
  echo "SKIP: lmms not installed (scripts/install-deps.sh --corpus, or apt-get install lmms)"
  exit 77
fi
if ! "$PY" -c 'import numpy, scipy' >/dev/null 2>&1; then
  echo "SKIP: $PY lacks numpy/scipy (apt-get install python3-numpy python3-scipy)"
  exit 77
fi
PROJECT=""
for p in /usr/share/lmms/projects/shorties/Greshz-CoolSnip.mmpz; do
  [ -f "$p" ] && PROJECT="$p"
done
if [ -z "$PROJECT" ]; then
  echo "SKIP: LMMS demo project Greshz-CoolSnip.mmpz not found (package lmms-common)"
  exit 77
fi

# XML transformations (no rendering): dry/wet variants and plugin detection
AUTOMIX_SOURCE_DIR="$SRC" "$PY" - "$PROJECT" <<'PYEOF'
import os, sys
sys.path.insert(0, os.environ["AUTOMIX_SOURCE_DIR"] + "/models/data")
import lmms_project as L
root = L.load_project(sys.argv[1])
tracks = L.describe_tracks(root)
assert [t["id"] for t in tracks] == ["t00", "t01"], tracks
assert tracks[0]["effects"], "t00 has a Flanger"
groups = {"t00": "other", "t01": "drums"}
wet = L.make_variant(root, groups, "drums", dry=False)
dry = L.make_variant(root, groups, "other", dry=True)
wt = [tr for tr, _ in L.iter_audible_tracks(wet)]
assert wt[0].get("muted") == "1" and wt[1].get("muted") == "0"
assert any(c.get("enabled") == "1" for c in wet.iter("fxchain")), "wet keeps effects"
assert all(c.get("enabled") == "0" for c in dry.iter("fxchain")), "dry disables every chain"
for tr, _ in L.iter_audible_tracks(dry):
    it = tr.find("instrumenttrack")
    assert (it.get("vol"), it.get("pan"), it.get("fxch")) == ("100", "0", "0"), it.attrib
for ch in L.fx_channels(dry).values():
    assert ch.get("volume") == "1"
assert L.check_availability(root, "/") == []
for ins in root.iter("instrument"):
    ins.set("name", "vestige")
assert any("vestige" in p or "VST" in p for p in L.check_availability(root, "/")), "VST must be detected"
print("XML transformations ok")
PYEOF

OUT="$(mktemp -d /tmp/automix_corpus_smoke.XXXXXX)"
trap 'rm -rf "$OUT"' EXIT
start=$(date +%s)

echo "== LMMS: $PROJECT (excerpt 8 s) -> $OUT"
"$PY" -m models.data.build_lmms_corpus --out "$OUT" --project "$PROJECT" --excerpt 8 \
      --reference all --jobs 1 --timeout 300

if command -v fluidsynth >/dev/null 2>&1 && [ -f /usr/share/sounds/sf2/FluidR3_GM.sf2 ] \
   && ls /usr/share/games/openttd/baseset/openmsx/*.mid >/dev/null 2>&1; then
  echo "== MIDI: one song, 10 s"
  "$PY" -m models.data.midi_corpus --out "$OUT" --limit 1 --max-seconds 10
else
  echo "(MIDI part skipped: fluidsynth / fluid-soundfont-gm / openttd-openmsx not installed)"
fi

"$PY" -m models.data.build_manifest --out "$OUT"
"$PY" -m models.data.verify_corpus --out "$OUT" --min-lmms-songs 1

# properties of the rendered song
"$PY" - "$OUT" <<'PYEOF'
import json, os, sys
out = sys.argv[1]
m = json.load(open(os.path.join(out, "manifest.json")))
s = json.load(open(os.path.join(out, "songs", "Greshz-CoolSnip", "song.json")))
assert s["status"] == "ok", s
assert 7.5 <= s["duration_s"] <= 12, s["duration_s"]
groups = {t["id"]: t["group"] for t in s["tracks"]}
assert groups.get("t01") == "drums", groups            # bassdrum03.ogg sample
assert s["stems"]["other"]["has_mixing"], "Flanger track must count as mixed"
assert s["stems"]["other"]["dry_wet_diff_rel"] > 0.01, s["stems"]["other"]
assert s["reference_vs_mix"]["snr_db"] > 60, s["reference_vs_mix"]  # sum of groups == LMMS full mix
assert s["licence"] == "Artistic-2", s["licence"]
assert any(e["name"] == "Greshz-CoolSnip" for e in m["songs"])
print("song properties ok")
PYEOF

# verify must catch a mix that is not the sum of the wet stems
"$PY" - "$OUT/songs/Greshz-CoolSnip/mix.wav" <<'PYEOF'
import sys
sys.path.insert(0, __import__("os").environ.get("AUTOMIX_SOURCE_DIR", ".") + "/models/data")
import corpus_io as cio
x, sr = cio.read_wav(sys.argv[1])
cio.write_wav(sys.argv[1], x * 1.01)
PYEOF
if "$PY" -m models.data.verify_corpus --out "$OUT" > "$OUT/verify_bad.log" 2>&1; then
  echo "FAIL: verify accepted a corrupted mix"; cat "$OUT/verify_bad.log"; exit 1
fi
grep -q "do not sum to mix" "$OUT/verify_bad.log" || { cat "$OUT/verify_bad.log"; exit 1; }
echo "verify rejects a corrupted mix: ok"
echo "corpus smoke test passed in $(( $(date +%s) - start )) s"
