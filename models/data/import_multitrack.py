#!/usr/bin/env python3
"""Point the corpus tools at your own multitrack library.

Accepted song folders (one folder per song, searched recursively under --src):

* MUSDB18-HQ style:  <song>/{mixture,vocals,bass,drums,other}.wav  (wet stems only)
* with dry stems:    <song>/wet/<stem>.wav and <song>/dry/<stem>.wav
* free multitrack:   <song>/*.wav|flac  - every file is a track, grouped by its
                     file name exactly as automix groups a stems folder
                     (configs/stem_names.json via stem_names.py; unknown -> other)

Everything is converted to 44.1 kHz stereo float32 and written in the corpus
layout (songs/<name>/wet/<stem>.wav, mix.wav = sum of the wet stems, dry/ only
if dry material exists) with a song.json, so build_manifest.py and
verify_corpus.py work unchanged.  A MUSDB 'mixture' file is not copied: its
difference to the stem sum is reported in song.json ('mixture_vs_stem_sum_snr_db').
Split: MUSDB 'train'/'test' parent folders are kept via splits.json-style
override (--split-from-parent), otherwise sha1(name).
"""
from __future__ import annotations

import argparse
import os
import re
import sys

import numpy as np

from models.data import corpus_io as cio
from models.data import stem_names

AUDIO_EXT = (".wav", ".flac", ".ogg", ".aiff", ".aif")


def load(path):
    x, sr = cio.read_wav(path)
    return cio.to_stereo(cio.resample(x, sr)).astype(np.float32)


def song_dirs(src):
    for dp, dns, fns in os.walk(src):
        names = {os.path.splitext(f)[0].lower() for f in fns if f.lower().endswith(AUDIO_EXT)}
        if "wet" in dns or (names & set(cio.STEMS)) or (fns and any(f.lower().endswith(AUDIO_EXT) for f in fns)
                                                        and not dns):
            yield dp
            dns[:] = []


def group_of_file(fn):
    # the same table and matching as automix's own grouping of a stems folder
    g, keyword = stem_names.classify_file_name(fn)
    return g, f"file name keyword '{keyword}'" if keyword else "file name matched no rule -> other"


def import_song(d, src, out, prefix, split_from_parent):
    rel = os.path.relpath(d, src)
    name = prefix + re.sub(r"[^A-Za-z0-9._-]+", "_", rel).strip("_")
    stems = {"wet": {}, "dry": {}}
    tracks = []
    if os.path.isdir(os.path.join(d, "wet")):
        for kind in ("wet", "dry"):
            for g in cio.STEMS:
                for ext in AUDIO_EXT:
                    p = os.path.join(d, kind, g + ext)
                    if os.path.exists(p):
                        stems[kind][g] = load(p)
    else:
        files = sorted(f for f in os.listdir(d) if f.lower().endswith(AUDIO_EXT))
        for f in files:
            base = os.path.splitext(f)[0].lower()
            if stem_names.looks_like_full_mix(os.path.splitext(f)[0]):
                continue  # the song's full mix, skipped as automix skips it
            if base in cio.STEMS:
                g, why = base, "file name is the stem type"
            else:
                g, why = group_of_file(f)
            x = load(os.path.join(d, f))
            tracks.append({"name": f, "group": g, "group_reason": why})
            prev = stems["wet"].get(g)
            if prev is None:
                stems["wet"][g] = x
            else:
                n = max(len(prev), len(x))
                stems["wet"][g] = cio.fit_length(prev, n) + cio.fit_length(x, n)
    if not stems["wet"]:
        return None
    n = max(len(x) for k in stems.values() for x in k.values())
    has_dry = bool(stems["dry"])
    mix = np.zeros((n, 2), np.float32)
    info_stems = {}
    for g in cio.STEMS:
        w = cio.fit_length(stems["wet"].get(g, np.zeros((n, 2), np.float32)), n)
        mix += w
        cio.write_wav(os.path.join(out, "songs", name, "wet", g + ".wav"), w)
        info_stems[g] = {"tracks": [t["name"] for t in tracks if t["group"] == g] or ([g] if g in stems["wet"] else []),
                         "silent": bool(cio.is_silent(w)), "has_mixing": False,
                         "wet_rms_db": round(cio.rms_db(w), 2)}
        if has_dry:
            dd = cio.fit_length(stems["dry"].get(g, np.zeros((n, 2), np.float32)), n)
            cio.write_wav(os.path.join(out, "songs", name, "dry", g + ".wav"), dd)
            info_stems[g]["dry_rms_db"] = round(cio.rms_db(dd), 2)
    cio.write_wav(os.path.join(out, "songs", name, "mix.wav"), mix)
    info = {"name": name, "source": "user", "status": "ok", "project": d, "licence": None, "author": None,
            "has_dry": has_dry, "duration_s": round(n / cio.SR, 3), "frames": n, "samplerate": cio.SR,
            "channels": 2, "tracks": tracks, "stems": info_stems, "dry_gain": 1.0,
            "silent_stems": "written as all-zero files"}
    for ext in AUDIO_EXT:
        p = os.path.join(d, "mixture" + ext)
        if os.path.exists(p):
            m = cio.fit_length(load(p), n)
            e = float(np.sum((m - mix).astype(np.float64) ** 2))
            info["mixture_vs_stem_sum_snr_db"] = round(
                min(200.0, 10 * np.log10(float(np.sum(m.astype(np.float64) ** 2)) / e)), 2) if e > 0 else 200.0
    if split_from_parent:
        parent = rel.split(os.sep)[0].lower()
        info["split_hint"] = {"train": "train", "valid": "validation", "validation": "validation",
                              "test": "test"}.get(parent)
    cio.save_json(os.path.join(out, "songs", name, "song.json"), info)
    print(f"{name}: {info['duration_s']:.1f}s, dry={'yes' if has_dry else 'no'}", flush=True)
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", required=True, help="root folder of the multitrack library")
    ap.add_argument("--out", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
    ap.add_argument("--prefix", default="user-", help="prefix for song names")
    ap.add_argument("--split-from-parent", action="store_true",
                    help="use MUSDB-style train/test parent folders as the split")
    opts = ap.parse_args(argv)
    n = 0
    for d in song_dirs(opts.src):
        n += import_song(d, opts.src, opts.out, opts.prefix, opts.split_from_parent) is not None
    print(f"imported {n} songs into {opts.out}; now run build_manifest.py and verify_corpus.py")
    return 0 if n else 1


if __name__ == "__main__":
    sys.exit(main())
