#!/usr/bin/env python3
"""Collect songs/*/song.json into manifest.json with the fixed split and totals.

The split comes from models/data/splits.json (committed); songs not listed get
a deterministic split from sha1(name).  Normalization statistics (per stem
type RMS of the *train* songs only) are written to the manifest as well, so
test/validation songs never influence them.
"""
from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import time

from models.data import corpus_io as cio

HERE = os.path.dirname(os.path.abspath(__file__))
SPLITS = os.path.join(HERE, "splits.json")


def split_of(name, splits, hint=None, source=None):
    for k in ("test", "validation", "train"):
        if name in splits.get(k, []):
            return k, "splits.json"
    if source == "tracker":  # never test: the test split stays the LMMS songs
        from models.data.tracker_corpus import tracker_split
        return tracker_split(name), "sha1(name), train/validation only (tracker_corpus.py)"
    if hint in ("train", "validation", "test"):
        return hint, "source folder (import_multitrack.py --split-from-parent)"
    return cio.hash_split(name), "sha1(name)"


def du_bytes(path):
    tot = 0
    for dp, _, fs in os.walk(path):
        for f in fs:
            try:
                tot += os.path.getsize(os.path.join(dp, f))
            except OSError:
                pass
    return tot


def build(out):
    splits = cio.load_json(SPLITS, {})
    songs, totals = [], {}
    for sj in sorted(glob.glob(os.path.join(out, "songs", "*", "song.json"))):
        s = cio.load_json(sj)
        name = s["name"]
        sp, how = split_of(name, splits, s.get("split_hint"), s["source"])
        entry = {
            "name": name, "source": s["source"], "human_mix": s.get("human_mix", s["source"] == "lmms"),
            "split": sp, "split_from": how, "path": f"songs/{name}",
            "duration_s": s["duration_s"], "samplerate": s["samplerate"], "channels": s["channels"],
            "licence": s.get("licence"), "author": s.get("author"), "copyright": s.get("copyright"),
            "project": s.get("project"), "has_dry": s.get("has_dry", True),
            "stems": {g: {"silent": s["stems"][g]["silent"], "tracks": s["stems"][g]["tracks"]}
                      for g in cio.STEMS},
            "tracks": [{k: t.get(k) for k in ("id", "channel", "name", "plugin", "programs", "group",
                                              "group_source", "group_reason") if k in t}
                       for t in s["tracks"]],
            "dry_gain": s.get("dry_gain"),
        }
        if s["source"] == "lmms":
            entry["reference_vs_mix"] = s.get("reference_vs_mix")
        if s["source"] == "tracker":
            entry["package"] = s.get("package")
            entry["full_render_vs_mix"] = s.get("full_render_vs_mix")
        songs.append(entry)
        t = totals.setdefault(s["source"], {}).setdefault(sp, {"songs": 0, "minutes": 0.0,
                                                              "stem_minutes": {g: 0.0 for g in cio.STEMS}})
        t["songs"] += 1
        t["minutes"] += s["duration_s"] / 60
        for g in cio.STEMS:
            if not s["stems"][g]["silent"]:
                t["stem_minutes"][g] += s["duration_s"] / 60
    for src in totals.values():
        for t in src.values():
            t["minutes"] = round(t["minutes"], 2)
            t["stem_minutes"] = {g: round(v, 2) for g, v in t["stem_minutes"].items()}
    # normalization statistics: TRAIN songs only (test/validation never contribute)
    norm = {}
    for src in {e["source"] for e in songs}:
        for kind in ("dry", "wet"):
            for g in cio.STEMS:
                vals = []
                for e in songs:
                    if e["source"] != src or e["split"] != "train" or e["stems"][g]["silent"] \
                            or (kind == "dry" and not e["has_dry"]):
                        continue
                    s = cio.load_json(os.path.join(out, e["path"], "song.json"))
                    v = s["stems"][g].get(f"{kind}_rms_db")
                    if v is not None and v > -200:
                        vals.append(v)
                if vals:
                    norm.setdefault(src, {}).setdefault(kind, {})[g] = {
                        "mean_rms_db": round(sum(vals) / len(vals), 2), "n_songs": len(vals)}
    excluded = [cio.load_json(f) for f in sorted(glob.glob(os.path.join(out, "excluded", "*.json")))]
    excluded = [{"name": e["name"], "project": e.get("project"), "reason": e.get("reason")}
                for e in excluded if not os.path.exists(os.path.join(out, "songs", e["name"], "song.json"))]
    try:
        lmms_ver = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "lmms"], capture_output=True,
                                  text=True).stdout.strip()
    except Exception:
        lmms_ver = None
    manifest = {
        "format": "automix-corpus/1",
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "samplerate": cio.SR, "channels": 2, "sample_format": "float32 WAV",
        "stem_types": list(cio.STEMS),
        "layout": "songs/<name>/dry/<stem>.wav, songs/<name>/wet/<stem>.wav, songs/<name>/mix.wav, "
                  "songs/<name>/song.json",
        "silent_stems": "written as all-zero files (flagged 'silent': true)",
        "mix_definition": "mix.wav = sum of the four wet stems (sample-exact)",
        "sources": {
            "lmms": {"human_mix": True, "package": "lmms-common", "version": lmms_ver,
                     "description": "LMMS demo projects; wet = producer's mix, dry = effects off, "
                                    "volume 100 %, pan centre, neutral FX mixer"},
            "midi": {"human_mix": False, "package": "openttd-openmsx",
                     "description": "GM MIDI rendered per channel with fluidsynth; wet = randomized "
                                    "mixing process (midi_corpus.py). NOT human mixing decisions."},
            "tracker": {"human_mix": True, "packages": "models/data/tracker_sources.json",
                        "description": "game-music tracker modules from Debian packages, rendered "
                                       "per stem group with libopenmpt; wet = the composer's mix, "
                                       "no dry stems, vocals silent (tracker_corpus.py)"},
            "user": {"human_mix": None, "description": "imported with import_multitrack.py"},
        },
        "split_policy": "fixed per song (models/data/splits.json, else sha1(name)); test songs are "
                        "never used for training or normalization statistics",
        "splits": {k: sorted(e["name"] for e in songs if e["split"] == k)
                   for k in ("train", "validation", "test")},
        "totals": totals,
        "normalization_train_only": norm,
        "disk_bytes": du_bytes(os.path.join(out, "songs")),
        "excluded": excluded,
        "songs": songs,
    }
    cio.save_json(os.path.join(out, "manifest.json"), manifest)
    return manifest


def print_totals(m):
    print(f"corpus: {len(m['songs'])} songs, {m['disk_bytes'] / 2**30:.2f} GiB")
    for src, sp in m["totals"].items():
        for k in ("train", "validation", "test"):
            if k in sp:
                t = sp[k]
                stems = ", ".join(f"{g} {v:.1f}" for g, v in t["stem_minutes"].items())
                print(f"  {src:5s} {k:10s} songs={t['songs']:3d} minutes={t['minutes']:7.2f}  "
                      f"non-silent stem minutes: {stems}")
    for e in m["excluded"]:
        print(f"  excluded: {e['name']}: {e['reason']}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
    opts = ap.parse_args(argv)
    print_totals(build(opts.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
