#!/usr/bin/env python3
"""Print the track -> stem grouping of built songs for review.

  /usr/bin/python3 -m models.data.review_groups [--out /work/corpus] [--song NAME] [--source rules|audio-features|notes|override]

Each line shows the key to put into models/data/lmms_groups_override.json to
correct a decision, e.g.  "Impulslogik-Zen": {"t02:Standard-Preset": "bass"}
then rebuild that song (build_lmms_corpus.py --only NAME) and build_manifest.py.
"""
import argparse
import glob
import json
import os

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--out", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
ap.add_argument("--song", action="append")
ap.add_argument("--source", help="only decisions of this kind")
o = ap.parse_args()
for sj in sorted(glob.glob(os.path.join(o.out, "songs", "*", "song.json"))):
    s = json.load(open(sj))
    if s.get("source") != "lmms" or (o.song and s["name"] not in o.song):
        continue
    print(f"== {s['name']}  ({s['duration_s']:.0f} s, {s.get('licence')})")
    for t in s["tracks"]:
        if o.source and t.get("group_source") != o.source:
            continue
        key = f"{t['id']}:{t['name']}"
        extra = ", ".join(t.get("presets") or []) or (t.get("samples") or [""])[0]
        print(f"  {key[:34]:34s} {str(t.get('plugin'))[:18]:18s} -> {str(t.get('group')):6s} "
              f"[{t.get('group_source')}] {t.get('group_reason', '')[:70]}  {extra[:30]}")
