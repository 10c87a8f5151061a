#!/usr/bin/env python3
"""Build the tracker part of the automix corpus: composer-mixed .mod/.xm/.it/.s3m game music.

A tracker module holds the composer's whole mix (volumes, panning, envelopes, effects) and
libopenmpt plays it deterministically, so per-group renders (everything else muted) add up to the
composer's mix to float precision. For every module named by tracker_sources.json:
  1. fetch the Debian package with `apt-get download` and unpack it with `dpkg-deb -x` into
     DIR/work/debs (nothing is installed);
  2. group each instrument (or sample, for formats without instruments) into bass/drums/other:
     its name read with tracker abbreviations and automix's stem-name table, else audio features
     of a solo render (audio_features.py); vocals stay silent (game music has no singers);
  3. render each group with every other unit muted, and the unmuted module once (no looping);
  4. write songs/<name>/wet/{vocals,bass,drums,other}.wav, mix.wav (= sum of the wet stems) and
     song.json with the SNR of mix.wav against the direct render; below MIN_SNR_DB the song is
     excluded. There is no dry/ folder (has_dry false): the composer's mix is all there is.

Run build_manifest.py afterwards (build_corpus.sh --tracker does both).
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import fnmatch
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

from models.data import corpus_io as cio
from models.data import openmpt
from models.data import stem_names
from models.data import tracker_samples
from models.data.audio_features import classify_features, track_features

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = os.path.join(HERE, "tracker_sources.json")
MIN_SNR_DB = 90.0      # the survey measured 119-153 dB; far below means the renders are not linear
VALIDATION_PCT = 10    # tracker songs go to train/validation only: the test split stays LMMS
# Tracker shorthand the stem-name table does not know ('SN', 'CHH' closed hat, 'Cym', 'BassD').
TRACKER_DRUM_WORDS = {"sn", "snar", "chh", "ohh", "phh", "cym", "cymb", "bdrum", "kck", "tamb",
                      "timbale", "agogo", "cabasa", "guiro", "triangle"}
# ...and drum words glued to others ('loudsnare', 'ravekick'): safe to find anywhere in a name
TRACKER_DRUM_JOINED = ("bassd", "basedrum", "basdrum", "hihat", "openhat", "snare", "kick", "clap",
                       "cymbal", "crash", "cowbell", "conga", "bongo", "rimshot", "tambourin")


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def song_name(alias: str, path: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    return f"tracker-{alias}-" + re.sub(r"[^A-Za-z0-9_-]+", "_", stem)


def tracker_split(name: str) -> str:
    """Stable split of a tracker song from sha1(name): ~10 % validation, the rest train, never
    test (the test split stays the LMMS songs so that existing result tables stay comparable)."""
    h = int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "validation" if h < VALIDATION_PCT else "train"


def classify_name(name: str):
    """(group, reason) from an instrument/sample name, or None when the name says nothing.
    Vocal words and the word 'other' say nothing here: in tracker names they are mostly credits
    ('Song and vocals by', 'and some other ppl'), and the tracker vocals stem is kept silent
    anyway, so such units are decided by their audio (which never answers vocals)."""
    words = stem_names.words_of(name)
    joined = "".join(words)
    if any(w in TRACKER_DRUM_WORDS for w in words) or any(k in joined for k in TRACKER_DRUM_JOINED):
        return "drums", f"name {name!r}: tracker drum shorthand"
    hit = stem_names.classify_name(name, stem_file=False)
    if hit is None:
        return None
    group, keyword = hit
    if group == "vocals" or keyword == "other":
        return None
    return group, f"name {name!r}: keyword {keyword!r} (configs/stem_names.json)"


def classify_instrument(name: str, sample_names: list):
    """The instrument's own name first; else its samples' names when those that say something
    agree on one group (an instrument called '' that plays 'Snare Hard' is drums)."""
    hit = classify_name(name)
    if hit or not sample_names:
        return hit
    hits = [h for h in map(classify_name, sample_names) if h]
    groups = {g for g, _ in hits}
    if len(groups) != 1:
        return None
    said = ", ".join(repr(n) for n in sample_names if classify_name(n))
    return groups.pop(), f"its sample names {said}"


def group_units(data: bytes, kind: str, names: list, used: set, samples_of=None,
                sample_names=None) -> list:
    """One entry per instrument/sample. Every unit gets a group (even unused ones), so that the
    three group renders together play exactly what the unmuted module plays. samples_of: the
    sample indices of each instrument (tracker_samples.py), when the file could be read."""
    units = []
    for i, nm in enumerate(names):
        u = {"id": f"{kind[0]}{i + 1:02d}", "index": i, "name": nm, "used": i in used}
        own = []
        if samples_of is not None:
            own = [sample_names[j] for j in sorted(samples_of[i])]
            u["samples"] = own
        hit = classify_instrument(nm, own)
        if hit:
            u["group"], u["group_reason"] = hit
            u["group_source"] = "rules"
        elif i not in used:
            u["group"], u["group_source"], u["group_reason"] = "other", "unused", \
                "never triggered by the patterns (silent)"
        else:  # the name says nothing (empty, credits, greetings): listen to it alone
            ft = track_features(openmpt.render(data, {i}), cio.SR)
            u["features"] = ft
            u["group"], u["group_reason"] = classify_features(ft)
            u["group_source"] = "audio-features"
        units.append(u)
    return units


def snr_db(ref: np.ndarray, test: np.ndarray) -> tuple[float, float]:
    """(SNR of test against ref in dB capped at 200, max abs error), in float64 blocks."""
    e_ref = e_err = 0.0
    max_err = 0.0
    for s in range(0, ref.shape[0], 1 << 20):
        r = ref[s:s + (1 << 20)].astype(np.float64)
        d = test[s:s + (1 << 20)].astype(np.float64) - r
        e_ref += float(np.sum(r * r))
        e_err += float(np.sum(d * d))
        max_err = max(max_err, float(np.max(np.abs(d))) if d.size else 0.0)
    snr = 200.0 if e_err == 0 else min(200.0, 10 * np.log10(max(e_ref, 1e-30) / e_err))
    return round(snr, 2), max_err


def build_song(job: dict, out: str, opts) -> dict:
    name, path = job["name"], job["path"]
    song_dir = os.path.join(out, "songs", name)
    if opts.skip_existing and os.path.exists(os.path.join(song_dir, "song.json")):
        return {"name": name, "status": "existing"}
    t0 = time.time()
    with open(path, "rb") as f:
        data = f.read()
    with openmpt.Module(data) as m:
        meta = {"type": m.metadata("type"), "type_long": m.metadata("type_long"),
                "title": m.metadata("title"), "artist": m.metadata("artist"),
                "tracker": m.metadata("tracker"), "pattern_channels": m.num_channels(),
                "estimated_seconds": round(m.duration(), 2)}
        kind, names = m.units()
        used = m.used_units()
        snames = m.sample_names()
    samples_of = tracker_samples.instrument_samples(data, snames) if kind == "instrument" else None
    units = group_units(data, kind, names, used, samples_of, snames)
    groups = {g: [u["index"] for u in units if u["group"] == g] for g in cio.STEMS}
    full = openmpt.render(data)
    n = full.shape[0]
    stems, mix = {}, np.zeros((n, 2), np.float32)
    for g in cio.STEMS:
        x = cio.fit_length(openmpt.render(data, groups[g]), n) if groups[g] else \
            np.zeros((n, 2), np.float32)
        stems[g] = x
        mix += x  # float32 sum of the stems, exactly what verify_corpus.py re-adds
    snr, max_err = snr_db(full, mix)
    info = {
        "name": name, "source": "tracker", "human_mix": True, "has_dry": False, "status": "ok",
        "package": job["package"], "package_version": job["version"], "file": job["file"],
        "project": job["file"], "module_sha1": hashlib.sha1(data).hexdigest(),
        "licence": job["licence"], "licence_source": f"/usr/share/doc/{job['package']}/copyright",
        "author": meta["artist"] or None, "module": meta, "unit_kind": kind,
        "instrument_sample_map": samples_of is not None,
        "renderer": f"libopenmpt {openmpt.version()} (default settings, repeat count 0, "
                    "44.1 kHz float stereo)",
        "groups": {g: [u["name"] or u["id"] for u in units if u["group"] == g and u["used"]]
                   for g in cio.STEMS},
        "tracks": units,
        "full_render_vs_mix": {"snr_db": snr, "max_abs_err": max_err,
                               "full_peak": round(float(np.max(np.abs(full))), 4) if n else 0.0,
                               "mix_peak": round(float(np.max(np.abs(mix))), 4) if n else 0.0},
    }
    if snr < MIN_SNR_DB:
        # Tell apart a module that plays differently every time (IT random volume/pan swing,
        # random vibrato waveforms: libopenmpt seeds its generator per module and offers no seed)
        # from a muting problem, by comparing a second unmuted render with the first.
        again, _ = snr_db(full, cio.fit_length(openmpt.render(data), n))
        why = ("the module does not render deterministically (two full renders: SNR "
               f"{again} dB)") if again < MIN_SNR_DB else "muting is not linear for this module"
        info.update(status="excluded", reason=[f"group renders do not sum to the full render "
                                               f"(SNR {snr} dB < {MIN_SNR_DB}): {why}"])
        cio.save_json(os.path.join(out, "excluded", name + ".json"), info)
        log(f"{name}: EXCLUDED, SNR {snr} dB")
        return {"name": name, "status": "excluded", "reason": info["reason"]}
    for g in cio.STEMS:
        cio.write_wav(os.path.join(song_dir, "wet", g + ".wav"), stems[g])
    cio.write_wav(os.path.join(song_dir, "mix.wav"), mix)  # float: peaks above 1.0 are kept
    shutil.rmtree(os.path.join(song_dir, "dry"), ignore_errors=True)
    info.update({
        "duration_s": round(n / cio.SR, 3), "frames": n, "samplerate": cio.SR, "channels": 2,
        "stems": {g: {"tracks": [u["id"] for u in units if u["group"] == g],
                      "silent": bool(cio.is_silent(stems[g])),
                      "wet_rms_db": round(cio.rms_db(stems[g]), 2),
                      "wet_peak": round(float(np.max(np.abs(stems[g]))) if n else 0.0, 4)}
                  for g in cio.STEMS},
        "silent_stems": "written as all-zero files",
        "build_seconds": round(time.time() - t0, 1),
    })
    cio.save_json(os.path.join(song_dir, "song.json"), info)
    log(f"{name}: ok {info['duration_s']:.1f}s audio in {info['build_seconds']:.1f}s, SNR {snr} dB, "
        + ", ".join(f"{g} {len(info['groups'][g])}" for g in ("bass", "drums", "other")))
    return {"name": name, "status": "ok", "duration_s": info["duration_s"]}


# ---------------------------------------------------------------- packages and the module list

def fetch_packages(debs: str, packages: list) -> dict:
    """apt-get download + dpkg-deb -x into debs/<package>/; returns {package: version}."""
    os.makedirs(debs, exist_ok=True)
    def deb_of(p):
        hits = sorted(glob.glob(os.path.join(debs, p + "_*.deb")))
        return hits[-1] if hits else None
    missing = [p for p in packages if deb_of(p) is None]
    if missing:
        log(f"apt-get download {' '.join(missing)}")
        r = subprocess.run(["apt-get", "download"] + missing, cwd=debs)
        if r.returncode != 0:  # stale or empty package lists: refresh once and retry
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "download"] + missing, cwd=debs, check=True)
    versions = {}
    for p in packages:
        deb = deb_of(p)
        if deb is None:
            raise RuntimeError(f"{p}: no .deb after apt-get download")
        dest = os.path.join(debs, "x", p)
        stamp = os.path.join(dest, ".unpacked-from")
        if not (os.path.exists(stamp) and open(stamp).read() == os.path.basename(deb)):
            shutil.rmtree(dest, ignore_errors=True)
            os.makedirs(dest)
            subprocess.run(["dpkg-deb", "-x", deb, dest], check=True)
            with open(stamp, "w") as f:
                f.write(os.path.basename(deb))
        versions[p] = subprocess.run(["dpkg-deb", "-f", deb, "Version"], capture_output=True,
                                     text=True, check=True).stdout.strip()
    return versions


DAT_MODULE_TYPES = {"XM": "xm", "IT": "it", "MOD": "mod", "S3M": "s3m"}


def datafile_modules(debs: str, tool_cfg: dict, root: str, rel: str) -> list:
    """[(label, module path)] for the module objects of one Allegro 4 datafile, extracted with
    Allegro's `dat` tool run from the unpacked library packages (the format is LZSS-packed, and
    the tool reads it exactly as the game does)."""
    x = os.path.abspath(os.path.join(debs, "x"))
    env = dict(os.environ, LD_LIBRARY_PATH=":".join(os.path.join(x, lib) for lib in tool_cfg["libs"]))
    tool, dat = os.path.join(x, tool_cfg["tool"]), os.path.join(root, rel)
    listing = subprocess.run([tool, dat, "-l"], env=env, capture_output=True, text=True,
                             check=True, stdin=subprocess.DEVNULL, timeout=120).stdout
    dest = os.path.join(debs, "dat")
    os.makedirs(dest, exist_ok=True)
    found = []
    for line in listing.splitlines():  # "- XM   - M0_XM      - binary data (181801 bytes)"
        m = re.match(r"-\s*(\w+)\s+-\s*(\S+)\s+-", line)
        if not m or m.group(1) not in DAT_MODULE_TYPES:
            continue
        stem = os.path.splitext(os.path.basename(rel))[0]
        out = os.path.join(dest, f"{os.path.basename(root)}-{stem}-{m.group(2)}."
                                 f"{DAT_MODULE_TYPES[m.group(1)]}")
        if os.path.exists(out):  # dat asks before overwriting and spins on a closed stdin
            os.unlink(out)
        subprocess.run([tool, dat, "-e", m.group(2), "-o", out], env=env, check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=120)
        found.append((f"{rel}#{m.group(2)}", m.group(2), out))
    if len(found) == 1:  # one module per datafile (kraptor 'musica'): the datafile names it
        found = [(found[0][0], os.path.splitext(os.path.basename(rel))[0], found[0][2])]
    return found


def list_jobs(debs: str, cfg: dict, versions: dict) -> tuple[list, list]:
    """(modules to build, modules skipped with the reason)."""
    jobs, skipped, seen = [], [], {}
    for src in cfg["packages"]:
        root = os.path.join(debs, "x", src["package"])
        files = []  # (file as recorded, name stem, path)
        for dirpath, _, names in os.walk(root):
            for fn in names:
                rel = os.path.relpath(os.path.join(dirpath, fn), root)
                if any(fnmatch.fnmatch(rel.lower(), g.lower()) for g in src["globs"]):
                    files.append((rel, rel, os.path.join(root, rel)))
                elif any(fnmatch.fnmatch(rel, g) for g in src.get("allegro_datafiles", [])):
                    try:
                        files += datafile_modules(debs, cfg["allegro_dat_tool"], root, rel)
                    except (OSError, subprocess.SubprocessError) as e:  # optional source
                        log(f"{src['package']} {rel}: dat tool failed ({e}), skipped")
        for rel, label, path in sorted(files):
            name = song_name(src["alias"], label)
            base = os.path.basename(rel)
            why = src.get("skip", {}).get(base)
            with open(path, "rb") as f:
                digest = hashlib.sha1(f.read()).hexdigest()
            if why is None and digest in seen:
                why = f"byte-identical to {seen[digest]}"
            if why is None:  # only a module that is built hides its copies
                seen[digest] = name
                with open(path, "rb") as f, openmpt.Module(f.read()) as m:
                    sec = m.duration()
                if sec < cfg["min_seconds"]:
                    why = f"jingle: {sec:.1f} s < {cfg['min_seconds']} s"
            entry = {"name": name, "path": path, "file": "/" + rel, "package": src["package"],
                     "alias": src["alias"], "version": versions.get(src["package"]),
                     "licence": src["licence"]}
            if why:
                skipped.append(dict(entry, reason=why))
            else:
                jobs.append(entry)
    return jobs, skipped


def update_splits(out: str, path: str = os.path.join(HERE, "splits.json")) -> dict:
    """Add the built tracker songs to splits.json (train/validation by tracker_split). Training,
    normalize_corpus.py and evaluate.py read that file directly, so listing them there is what
    makes them train data. Listed songs and the test split are never changed."""
    splits = cio.load_json(path)
    listed = {n for k in ("test", "validation", "train") for n in splits.get(k, [])}
    added = {"train": 0, "validation": 0}
    for sj in sorted(glob.glob(os.path.join(out, "songs", "tracker-*", "song.json"))):
        s = cio.load_json(sj)
        if s.get("source") == "tracker" and s["name"] not in listed:
            k = tracker_split(s["name"])
            splits[k].append(s["name"])
            added[k] += 1
    cio.save_json(path, splits)
    return added


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
    ap.add_argument("--only", action="append", help="song name(s) or package name(s)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--skip-existing", action="store_true")
    ap.add_argument("--list", action="store_true", help="list the modules and exit")
    ap.add_argument("--update-splits", action="store_true",
                    help="only add the tracker songs built in --out to models/data/splits.json")
    opts = ap.parse_args(argv)
    if opts.update_splits:
        print("added to splits.json:", update_splits(opts.out))
        return 0
    if openmpt.library() is None:
        print("libopenmpt0 not installed (apt-get install libopenmpt0)", file=sys.stderr)
        return 2
    cfg = cio.load_json(SOURCES)
    if opts.only:  # fetch only the packages the named songs come from
        cfg["packages"] = [s for s in cfg["packages"] if s["package"] in opts.only or any(
            o.startswith(f"tracker-{s['alias']}-") for o in opts.only)]
    pkgs = [s["package"] for s in cfg["packages"]]
    if any(s.get("allegro_datafiles") for s in cfg["packages"]):
        pkgs += cfg["allegro_dat_tool"]["packages"]
    debs = os.path.join(opts.out, "work", "debs")
    t0 = time.time()
    versions = fetch_packages(debs, pkgs)
    jobs, skipped = list_jobs(debs, cfg, versions)
    if opts.only:
        jobs = [j for j in jobs if j["name"] in opts.only or j["package"] in opts.only]
    if opts.list:
        for j in jobs:
            print(j["name"], j["path"])
        for s in skipped:
            print("skip", s["name"], s["reason"])
        return 0
    # longest first packs the parallel jobs better
    jobs.sort(key=lambda j: -os.path.getsize(j["path"]))
    log(f"building {len(jobs)} tracker modules into {opts.out} with {opts.jobs} jobs "
        f"({len(skipped)} skipped)")
    results = []
    with cf.ProcessPoolExecutor(max_workers=max(1, opts.jobs)) as ex:
        futs = {ex.submit(build_song, j, opts.out, opts): j for j in jobs}
        for f in cf.as_completed(futs):
            try:
                results.append(f.result())
            except Exception as e:  # one broken module must not stop the others
                log(f"{futs[f]['name']}: FAILED {e!r}")
                results.append({"name": futs[f]["name"], "status": "failed", "reason": repr(e)})
    ok = [r for r in results if r["status"] in ("ok", "existing")]
    wall = round(time.time() - t0, 1)
    minutes = sum(r.get("duration_s", 0) for r in ok) / 60
    log(f"done: {len(ok)}/{len(results)} songs, {minutes:.1f} min of new audio, {wall:.0f}s wall")
    # one entry per run: partial rebuilds (--only) must not hide the full build's figures
    logf = os.path.join(opts.out, "tracker_build_log.json")
    runs = cio.load_json(logf, {}).get("runs", [])
    runs.append({"started": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(t0)),
                 "only": opts.only, "wall_seconds": wall, "jobs": opts.jobs, "results": results,
                 "skipped": [{k: s[k] for k in ("name", "file", "package", "reason")}
                             for s in skipped]})
    cio.save_json(logf, {"runs": runs})
    return 0 if ok or not results else 1


if __name__ == "__main__":
    sys.exit(main())
