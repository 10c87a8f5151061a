#!/usr/bin/python3
"""FX-normalize every corpus song's dry and wet stems with the automix executable (the cache).

    /usr/bin/python3 -m models.normalize_corpus [--corpus /work/corpus] [--cache /work/cache/fxnorm]
        [--source CHECKOUT] [--automix CHECKOUT/build/automix] [--targets configs/targets.json]
        [--jobs 2]

The mixer learns from stems normalized exactly as the tool normalizes them at inference, so this
script never normalizes in Python: it runs `automix STEMS --engine normalized --save-normalized`
and keeps the normalized stems:

    CACHE/<song>/<dry|wet>/{vocals,bass,drums,other}.wav   (32-bit float, 44.1 kHz, stereo)
    CACHE/<song>/<dry|wet>/cache.json                     what made them (see KEY_FIELDS)

A song is redone when its cache.json does not match the current key (automix version and
FX-normalization version, targets file hash, source stems' sizes and mtimes), so a changed
FX normalization or new targets rebuild the cache; an interrupted run resumes where it stopped.
Only songs with a human mix (LMMS, imported libraries) are normalized: the MIDI songs' mixes are
random and teach no producer's taste (docs/corpus.md).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

from models.data import corpus_io as cio
from models.formats import CACHE_FORMAT
from models.formats import STEM_ORDER as STEMS

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VARIANTS = ("dry", "wet")
KEY_FIELDS = ("automix_version", "fx_normalization", "targets_sha256", "sources",
              "cache_format")
TIMING_FIELDS = ("cpu_ms", "elapsed_ms")


def sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def human_mixed_songs(corpus: str) -> list:
    """Song folders whose song.json says the mix was made by a person."""
    songs = []
    root = os.path.join(corpus, "songs")
    for name in sorted(os.listdir(root)):
        meta_path = os.path.join(root, name, "song.json")
        if not os.path.isfile(meta_path):
            continue
        with open(meta_path) as f:
            meta = json.load(f)
        if meta.get("human_mix", meta.get("source") == "lmms"):
            songs.append(name)
    return songs


def sources_signature(folder: str) -> dict:
    sig = {}
    for stem in STEMS:
        st = os.stat(os.path.join(folder, stem + ".wav"))
        sig[stem] = [st.st_size, int(st.st_mtime)]
    return sig


def automix_identity(automix: str, source: str) -> dict:
    """The executable's version line, and the FX-normalization code it was built from: the git
    tree hashes of src/fxnorm and src/dsp in `source`, the checkout the executable was built from
    (build it from a clean checkout, e.g. a git worktree, so that the hashes describe it)."""
    out = subprocess.run([automix, "--version"], capture_output=True, text=True, check=True)
    trees = subprocess.run(["git", "-C", source, "rev-parse", "HEAD:src/fxnorm", "HEAD:src/dsp"],
                           capture_output=True, text=True, check=True).stdout.split()
    commit = subprocess.run(["git", "-C", source, "rev-parse", "HEAD"], capture_output=True,
                            text=True, check=True).stdout.strip()
    return {"automix_version": out.stdout.strip(), "fx_normalization": "+".join(trees),
            "source_commit": commit}


def normalize_one(automix: str, targets: str, src: str, dst: str, key: dict) -> str:
    """Normalizes one stems folder into dst (atomically: a temp folder renamed at the end)."""
    tmp = dst + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    mix = os.path.join(tmp, "normalized_sum.wav")
    cmd = [automix, src, "-o", mix, "--engine", "normalized", "--targets", targets,
           "--save-normalized", tmp, "--no-features", "--threads", "1", "-q"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise RuntimeError(f"{src}: automix exited {done.returncode}: {done.stderr.strip()}")
    with open(os.path.join(tmp, "normalized_sum.json")) as f:
        report = json.load(f)
    os.remove(mix)
    os.remove(os.path.join(tmp, "normalized_sum.json"))
    key["fx_normalization_report"] = {k: v for k, v in report.get("fx_normalization", {}).items()
                                      if k in ("version", "mode", "targets")}
    stems_report = report.get("fx_normalization", {}).get("stages", {}).get("stems", {})
    key["fx_normalization_report"]["stems"] = {
        stem: {k: v for k, v in account.items() if k not in TIMING_FIELDS}
        for stem, account in stems_report.items()}
    missing = [s for s in STEMS if not os.path.isfile(os.path.join(tmp, s + ".wav"))]
    if missing:  # a stem automix did not write (silent input): keep the all-zero source
        for s in missing:
            shutil.copyfile(os.path.join(src, s + ".wav"), os.path.join(tmp, s + ".wav"))
    key["silent_copied"] = missing
    for s in STEMS:  # silent stems (all tracker vocals) take no disk blocks
        cio.make_sparse(os.path.join(tmp, s + ".wav"))
    with open(os.path.join(tmp, "cache.json"), "w") as f:
        json.dump(key, f, indent=2)
    shutil.rmtree(dst, ignore_errors=True)
    os.replace(tmp, dst)
    return dst


def is_current(dst: str, key: dict) -> bool:
    try:
        with open(os.path.join(dst, "cache.json")) as f:
            have = json.load(f)
    except (OSError, ValueError):
        return False
    return all(have.get(k) == key.get(k) for k in KEY_FIELDS)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
    ap.add_argument("--cache", default=os.environ.get("AUTOMIX_CACHE", "/work/cache/fxnorm"))
    ap.add_argument("--source", default=ROOT,
                    help="the checkout the executable was built from (git tree hashes)")
    ap.add_argument("--automix", default="",
                    help="the executable (default: SOURCE/build/automix)")
    ap.add_argument("--targets", default=os.path.join(ROOT, "configs", "targets.json"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", action="append", help="song name(s)")
    ap.add_argument("--splits", default=os.path.join(HERE, "data", "splits.json"))
    ap.add_argument("--split", action="append", default=None,
                    help="split(s) to normalize (default: train and validation; the test songs are "
                         "mixed by the executable itself when evaluated)")
    args = ap.parse_args(argv)

    args.automix = args.automix or os.path.join(args.source, "build", "automix")
    base_key = automix_identity(args.automix, args.source)
    base_key["targets_sha256"] = sha256_file(args.targets)
    base_key["cache_format"] = CACHE_FORMAT
    with open(args.splits) as f:
        splits = json.load(f)
    wanted = {s for split in (args.split or ["train", "validation"]) for s in splits.get(split, [])}
    work = []
    # Validation songs first: a training run that starts while the cache grows can validate early.
    first = set(splits.get("validation", []))
    songs = sorted((s for s in human_mixed_songs(args.corpus) if s in wanted),
                   key=lambda s: (s not in first, s))
    for song in args.only or songs:
        for variant in VARIANTS:
            src = os.path.join(args.corpus, "songs", song, variant)
            if not os.path.isdir(src):
                continue
            key = dict(base_key, sources=sources_signature(src))
            dst = os.path.join(args.cache, song, variant)
            if not is_current(dst, key):
                work.append((src, dst, key))
    print(f"normalize_corpus: {len(work)} folders to normalize", flush=True)
    start = time.time()
    failures = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(normalize_one, args.automix, args.targets, *w): w for w in work}
        for fut in concurrent.futures.as_completed(futures):
            try:
                print(f"  {fut.result()}  ({time.time() - start:.0f} s)", flush=True)
            except Exception as e:  # one broken song must not stop the others
                failures += 1
                print(f"  FAILED {e}", file=sys.stderr, flush=True)
    print(f"normalize_corpus: done in {time.time() - start:.0f} s, {failures} failed", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
