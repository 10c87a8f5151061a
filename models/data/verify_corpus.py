#!/usr/bin/env python3
"""Corpus checks (exit 1 on any failure).

For every song in manifest.json:
  * all nine files exist, 44.1 kHz stereo float, same number of frames as the
    manifest duration (durations match across stems);
  * no NaN/Inf anywhere;
  * sum of the wet stems == mix.wav (max abs error <= 1e-5);
  * dry stems do not clip: peak <= 1.0 and no run of >= 4 samples at |x| >= 0.999;
  * for LMMS songs, every non-silent stem whose tracks have mixing decisions
    (effects, non-default volume/pan, master processing) differs from its dry stem;
  * silent flags agree with the audio;
  * for tracker songs, mix.wav matched libopenmpt's full render (SNR >= 90 dB).
And for the corpus: the split is disjoint and covers every song, and no test or
validation song appears in the training list.
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np

from models.data import corpus_io as cio

SUM_TOL = 1e-5
TRACKER_MIN_SNR_DB = 90.0  # same limit as tracker_corpus.MIN_SNR_DB


def clipped(x):
    a = np.abs(x) >= 0.999
    if not a.any():
        return False
    # longest run of consecutive clipped samples in any channel
    for c in range(x.shape[1]):
        v = a[:, c].astype(np.int8)
        if v.sum() < 4:
            continue
        d = np.diff(np.concatenate([[0], v, [0]]))
        starts, ends = np.where(d == 1)[0], np.where(d == -1)[0]
        if np.max(ends - starts) >= 4:
            return True
    return False


PASSIVE_EFFECTS = ("spectrumanalyzer",)  # analysis only: output == input


def stem_has_mixing(song, g):
    """Same definition as the builder, ignoring analysis-only effects."""
    mx = song.get("mixing") or {}
    def active(effs):
        return [x for x in effs or [] if not any(p in x for p in PASSIVE_EFFECTS)]
    if active(mx.get("master_effects")) or abs(mx.get("master_volume", 1) - 1) > 1e-6 \
            or abs(mx.get("mastervol", 100) - 100) > 1e-6:
        return True
    for t in song.get("tracks", []):
        if t.get("group") != g:
            continue
        if active(t.get("effects")) or abs(t.get("vol", 100) - 100) > 1e-6 or abs(t.get("pan", 0)) > 1e-6 \
                or t.get("automated"):
            return True
    return False


def verify_song(out, e, song):
    errs = []
    base = os.path.join(out, e["path"])
    n_expect = int(song["frames"])
    wet_sum = None
    kinds = ("dry", "wet") if song.get("has_dry", True) else ("wet",)
    for kind in kinds:
        for g in cio.STEMS:
            p = os.path.join(base, kind, g + ".wav")
            if not os.path.exists(p):
                errs.append(f"missing {kind}/{g}.wav")
                continue
            x, sr = cio.read_wav(p)
            if sr != cio.SR or x.shape[1] != 2:
                errs.append(f"{kind}/{g}: {sr} Hz, {x.shape[1]} ch")
            if x.shape[0] != n_expect:
                errs.append(f"{kind}/{g}: {x.shape[0]} frames != {n_expect}")
            if not np.all(np.isfinite(x)):
                errs.append(f"{kind}/{g}: NaN/Inf")
                continue
            silent = cio.is_silent(x)
            if kind == "wet" and silent != song["stems"][g]["silent"] and not silent:
                errs.append(f"wet/{g}: silent flag {song['stems'][g]['silent']} but audio silent={silent}")
            if kind == "dry":
                pk = float(np.max(np.abs(x)))
                if pk > 1.0 or clipped(x):
                    errs.append(f"dry/{g}: clipping (peak {pk:.4f})")
                song.setdefault("_dry", {})[g] = x
            else:
                wet_sum = x.astype(np.float64) if wet_sum is None else wet_sum + x
                song.setdefault("_wet", {})[g] = x
    mp = os.path.join(base, "mix.wav")
    if not os.path.exists(mp):
        errs.append("missing mix.wav")
    elif wet_sum is not None:
        m, _ = cio.read_wav(mp)
        if m.shape != wet_sum.shape:
            errs.append(f"mix shape {m.shape} != stems {wet_sum.shape}")
        else:
            err = float(np.max(np.abs(m - wet_sum)))
            if not np.isfinite(err) or err > SUM_TOL:
                errs.append(f"wet stems do not sum to mix (max err {err:.3g})")
    if song["source"] == "lmms":
        for g in cio.STEMS:
            st = song["stems"][g]
            if st["silent"] or not stem_has_mixing(song, g):
                continue
            w, d = song.get("_wet", {}).get(g), song.get("_dry", {}).get(g)
            if w is None or d is None:
                continue
            diff = float(np.sum((w - d / song.get("dry_gain", 1.0)) ** 2, dtype=np.float64))
            ref = float(np.sum(w ** 2, dtype=np.float64)) + 1e-20
            if diff / ref < 1e-6:
                errs.append(f"{g}: dry == wet although the project has mixing on it")
    if song["source"] == "tracker":  # the builder's own check, repeated on what is on disk
        snr = (song.get("full_render_vs_mix") or {}).get("snr_db")
        if snr is None or snr < TRACKER_MIN_SNR_DB:
            errs.append(f"mix.wav vs libopenmpt's full render: SNR {snr} dB < {TRACKER_MIN_SNR_DB}")
    song.pop("_wet", None)
    song.pop("_dry", None)
    return errs


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
    ap.add_argument("--min-lmms-songs", type=int, default=0)
    ap.add_argument("--min-lmms-minutes", type=float, default=0)
    opts = ap.parse_args(argv)
    m = cio.load_json(os.path.join(opts.out, "manifest.json"))
    if m is None:
        print("no manifest.json (run build_manifest.py)", file=sys.stderr)
        return 1
    failures, checked = [], 0
    names = [e["name"] for e in m["songs"]]
    sets = {k: set(v) for k, v in m["splits"].items()}
    for a in sets:
        for b in sets:
            if a < b and sets[a] & sets[b]:
                failures.append(f"split: {a} and {b} share {sorted(sets[a] & sets[b])}")
    if set().union(*sets.values()) != set(names) or len(names) != len(set(names)):
        failures.append("split: does not cover every song exactly once")
    for e in m["songs"]:
        song = cio.load_json(os.path.join(opts.out, e["path"], "song.json"))
        errs = verify_song(opts.out, e, song)
        checked += 1
        print(f"{'FAIL' if errs else 'ok  '} {e['name']}" + (": " + "; ".join(errs) if errs else ""),
              flush=True)
        failures += [f"{e['name']}: {x}" for x in errs]
    lm = [e for e in m["songs"] if e["source"] == "lmms"]
    lmin = sum(e["duration_s"] for e in lm) / 60
    if len(lm) < opts.min_lmms_songs:
        failures.append(f"only {len(lm)} LMMS songs (< {opts.min_lmms_songs})")
    if lmin < opts.min_lmms_minutes:
        failures.append(f"only {lmin:.1f} LMMS minutes (< {opts.min_lmms_minutes})")
    print(f"verify: {checked} songs checked, {len(lm)} LMMS songs / {lmin:.1f} min, "
          f"{len(failures)} problem(s)")
    for f in failures:
        print("  -", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
