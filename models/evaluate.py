#!/usr/bin/python3
"""The model card's evaluation table: model vs normalized vs sum on held-out corpus songs.

    /usr/bin/python3 -m models.evaluate --model models/automix.pt [--split test] [--out /work/eval] [--sources lmms]
        [--automix build/automix] [--corpus /work/corpus] [--markdown OUT.md]

For every song of the split (LMMS songs with a human mix) and both inputs (`dry`: the product's
use; `wet`: the paper's protocol, where the plain sum IS the producer's mix), every system mixes the
stems with the `automix` executable and `automix eval` compares the mix with the producer's mix
**as delivered through the product's master stage**: LMMS renders in float and its mixes peak up
to +10 dBTP, so the reference is scaled by the same static true-peak ceiling (-1 dBTP) that every
automix output gets; otherwise the loudness group would measure the ceiling, not the mixer. The
spectral, panning and dynamic groups are peak-normalised and do not change; the loudness
difference to the raw producer mix is reported beside.
The table gives, per Table-2 group, the bounded error (docs/metrics.md; the paper's MAPE beside it)
per song, the mean, the median and the number of songs each system wins, plus the checks of the
learned-mixer issue: true peak <= ceiling, no silent or DC output, and the loudness difference to
the producer's mix. Results: OUT/results.json and a Markdown table (stdout or --markdown).

A third input, `dry_gains` (`--variants dry,dry_gains`), asks what the mixer does with a recording
session's arbitrary levels: the dry stems, each scaled by its own gain drawn uniformly from
+-`--gain-spread-db` (seeded by the song's name, the same for every system and rerun). LMMS dry
stems already carry the producer's balance, so `dry` alone cannot tell a mixer that keeps the
incoming balance from one that sets a good one; `dry_gains` can.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import statistics
import subprocess
import sys

import numpy as np
import soundfile as sf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
from models import dataset as ds

GROUPS = ("spectral", "panning", "dynamic", "loudness")
# Engines without a model file; every model system (default "model", --extra-model) is run with
# --engine model and its file.
SYSTEMS = {"normalized": ["--engine", "normalized"], "sum": ["--engine", "sum"]}
CEILING_DBTP = -1.0
SESSION_GAINS = "dry_gains"  # the derived input variant; the others are corpus folders
AUDIO_SUFFIXES = (".wav", ".flac")


def run(cmd) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {done.returncode}: {done.stderr.strip()}")


def delivered_reference(automix: str, mix: str, out: str) -> dict:
    """The producer's mix through the product's master stage: scaled down by one static gain so
    its true peak is at most CEILING_DBTP (LMMS renders in float and its mixes peak up to +10 dBTP,
    which no delivered file can hold). Returns the raw mix's loudness and the gain applied."""
    done = subprocess.run([automix, "analyze", mix, "--json"], capture_output=True, text=True,
                          check=True)
    info = json.loads(done.stdout)
    info = info[0] if isinstance(info, list) else info
    loud = info.get("loudness") or info["features"]["loudness"]
    gain_db = min(0.0, CEILING_DBTP - loud["true_peak_dbtp"])
    if not os.path.isfile(out):
        x, sr = sf.read(mix, dtype="float32", always_2d=True)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        sf.write(out + ".tmp.wav", x * np.float32(10 ** (gain_db / 20)), sr, subtype="FLOAT")
        os.replace(out + ".tmp.wav", out)
    return {"raw_lufs": loud["integrated_lufs"], "raw_true_peak_dbtp": loud["true_peak_dbtp"],
            "ceiling_gain_db": gain_db}


def session_gains_db(song: str, stems, spread_db: float) -> dict:
    """Per-stem gains of a recording session's arbitrary levels: uniform in +-spread_db, drawn in
    sorted stem order from a generator seeded by the song's name, so every system and every rerun
    mixes the same session."""
    seed = int.from_bytes(hashlib.sha1(song.encode()).digest()[:8], "little")
    rng = np.random.default_rng(seed)
    return {stem: float(rng.uniform(-spread_db, spread_db)) for stem in sorted(stems)}


def session_stems(dry: str, out: str, song: str, spread_db: float) -> str:
    """The song's dry stems at session_gains_db's levels, written once as float WAV (so a gain
    above 0 dB cannot clip) under OUT, never into the corpus; the gains go to OUT.json beside the
    folder. The folder appears complete or not at all. Returns the folder."""
    if os.path.isdir(out):
        return out
    names = sorted(n for n in os.listdir(dry) if n.lower().endswith(AUDIO_SUFFIXES))
    gains = session_gains_db(song, names, spread_db)
    partial = out + ".partial"
    os.makedirs(partial, exist_ok=True)
    for name in names:
        x, sr = sf.read(os.path.join(dry, name), dtype="float32", always_2d=True)
        target = os.path.join(partial, os.path.splitext(name)[0] + ".wav")
        sf.write(target, x * np.float32(10 ** (gains[name] / 20)), sr, subtype="FLOAT")
    with open(out + ".json", "w") as f:
        json.dump({"spread_db": spread_db, "gains_db": gains}, f, indent=1)
    os.replace(partial, out)
    return out


def input_stems(corpus: str, out: str, song: str, variant: str, spread_db: float) -> str:
    """The stems folder a variant mixes: a corpus folder, or the derived session-gains one."""
    if variant == SESSION_GAINS:
        return session_stems(os.path.join(corpus, "songs", song, "dry"),
                             os.path.join(out, "inputs", song, SESSION_GAINS), song, spread_db)
    return os.path.join(corpus, "songs", song, variant)


@functools.lru_cache(maxsize=None)
def master_args(automix: str) -> tuple:
    """Mixer comparisons run the master stage as ceiling only: a loudness target would set every
    system's level to the same value and hide the mixer's own level decisions from the loudness
    group. Builds without the `--loudness` option (older ones) have only the ceiling anyway."""
    done = subprocess.run([automix, "--help"], capture_output=True, text=True)
    return ("--loudness", "off") if "--loudness" in done.stdout else ()


def output_checks(path: str) -> dict:
    x, _ = sf.read(path, dtype="float64", always_2d=True)
    rms = float(np.sqrt(np.mean(x**2)))
    return {"rms_dbfs": 20 * np.log10(rms + 1e-30),
            "dc": float(np.abs(x.mean(axis=0)).max()),
            "silent": rms < 10 ** (-70 / 20)}


def evaluate_one(automix: str, models: dict, stems: str, ref: str, system: str, out_dir: str,
                 threads: int, reuse: bool = False) -> dict:
    os.makedirs(out_dir, exist_ok=True)
    mix = os.path.join(out_dir, "mix.wav")
    saved = os.path.join(out_dir, "result.json")
    if reuse and os.path.isfile(saved):
        with open(saved) as f:
            return json.load(f)
    cmd = [automix, stems, "-o", mix, "--no-features", "-q", "--threads", str(threads)]
    cmd += list(master_args(automix))
    if system in models:
        cmd += ["--engine", "model", "--model", models[system]]
    else:
        cmd += SYSTEMS[system]
    run(cmd)
    report_path = os.path.join(out_dir, "eval.json")
    run([automix, "eval", mix, "-r", ref, "-o", report_path, "-q"])
    with open(report_path) as f:
        ev = json.load(f)
    with open(os.path.join(out_dir, "mix.json")) as f:
        rep = json.load(f)
    e = ev["errors"]
    result = {"bounded": e["bounded"]["scores"], "mape_ref": e["scores"],
              "bounded_detail": e["bounded"], "mape_detail": {g: e[g] for g in GROUPS},
              "lufs": ev["estimate"]["loudness"]["integrated_lufs"],
              "ref_lufs": ev["reference"]["loudness"]["integrated_lufs"],
              "true_peak_dbtp": ev["estimate"]["loudness"]["true_peak_dbtp"],
              "seconds": rep.get("timing_seconds", {}).get("total")}
    result.update(output_checks(mix))
    os.remove(mix)  # the numbers are kept; the audio is regenerated by rerunning
    with open(saved, "w") as f:
        json.dump(result, f)
    return result


def summarize(results: dict, systems, variant: str) -> dict:
    """Mean, median and wins per group for one input variant."""
    songs = sorted(results[variant][systems[0]])
    summary = {}
    for system in systems:
        s = {}
        for group in GROUPS:
            vals = [results[variant][system][song]["bounded"][group] for song in songs]
            mape = [results[variant][system][song]["mape_ref"][group] for song in songs]
            s[group] = {"mean": statistics.fmean(vals), "median": statistics.median(vals),
                        "mape_ref_mean": statistics.fmean(mape)}
        dl = [results[variant][system][song]["lufs"] - results[variant][system][song]["ref_lufs"]
              for song in songs]
        raw = [results[variant][system][song]["lufs"] -
               results[variant][system][song]["raw_ref_lufs"] for song in songs]
        s["loudness_diff_lu"] = {"mean": statistics.fmean(dl),
                                 "mean_abs": statistics.fmean(abs(v) for v in dl),
                                 "raw_mean": statistics.fmean(raw)}
        summary[system] = s
    for group in GROUPS:
        for song in songs:
            best = min(systems, key=lambda sy: results[variant][sy][song]["bounded"][group])
            summary[best][group]["wins"] = summary[best][group].get("wins", 0) + 1
    return summary


def markdown(results: dict, summary: dict, systems, variants) -> str:
    lines = []
    for variant in variants:
        songs = sorted(results[variant][systems[0]])
        lines.append(f"\n**{variant} stems** — bounded error (lower is better; paper MAPE in "
                     "brackets for the means)\n")
        lines.append("| song | " + " | ".join(f"{sy} {g}" for g in GROUPS for sy in systems) + " |")
        lines.append("|---|" + "---|" * (len(GROUPS) * len(systems)))
        for song in songs:
            cells = [f"{results[variant][sy][song]['bounded'][g]:.3f}"
                     for g in GROUPS for sy in systems]
            lines.append(f"| {song} | " + " | ".join(cells) + " |")
        sm = summary[variant]
        lines.append("| **mean** | " + " | ".join(
            f"**{sm[sy][g]['mean']:.3f}** ({sm[sy][g]['mape_ref_mean']:.3g})"
            for g in GROUPS for sy in systems) + " |")
        lines.append("| median | " + " | ".join(f"{sm[sy][g]['median']:.3f}"
                                               for g in GROUPS for sy in systems) + " |")
        lines.append("| wins | " + " | ".join(str(sm[sy][g].get("wins", 0))
                                             for g in GROUPS for sy in systems) + " |")
        lines.append("\n| system | loudness − delivered producer mix, mean (LU) | mean \\|diff\\| (LU) | "
                     "loudness − raw producer mix, mean (LU) | max true peak (dBTP) | silent or DC-fault outputs |")
        lines.append("|---|---|---|---|---|---|")
        for sy in systems:
            rows = [results[variant][sy][s] for s in songs]
            # A DC fault is DC the mixer added: LMMS stems carry DC of their own (the plain sum
            # of the same stems has up to 0.03), so an output is flagged when its DC exceeds
            # -20 dBFS or twice the plain sum's.
            sums = results[variant].get("sum", {})
            bad = sum(1 for s, r in zip(songs, rows) if r["silent"] or r["dc"] > max(
                0.1, 2 * sums.get(s, {}).get("dc", 0.05)))
            lines.append(f"| {sy} | {sm[sy]['loudness_diff_lu']['mean']:+.2f} | "
                         f"{sm[sy]['loudness_diff_lu']['mean_abs']:.2f} | "
                         f"{sm[sy]['loudness_diff_lu']['raw_mean']:+.2f} | "
                         f"{max(r['true_peak_dbtp'] for r in rows):.2f} | {bad} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "automix.pt"))
    ap.add_argument("--extra-model", action="append", default=[], metavar="NAME=PATH",
                    help="another model to compare, as system NAME (e.g. waveform=models/w.pt)")
    ap.add_argument("--automix", default=os.path.join(ROOT, "build", "automix"))
    ap.add_argument("--corpus", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
    ap.add_argument("--splits", default=os.path.join(HERE, "data", "splits.json"))
    ap.add_argument("--split", default="test", choices=("test", "validation"))
    ap.add_argument("--variants", default="dry,wet",
                    help=f"inputs: corpus folders (dry, wet) and/or {SESSION_GAINS} (see above)")
    ap.add_argument("--gain-spread-db", type=float, default=10.0,
                    help=f"{SESSION_GAINS}: each stem's gain is uniform in +-this many dB")
    ap.add_argument("--systems", default="model,normalized,sum")
    ap.add_argument("--out", default="/work/eval")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--markdown", help="also write the table here")
    ap.add_argument("--songs", help="comma-separated subset of the split's songs")
    ap.add_argument("--sources", default="lmms",
                    help="corpus sources to evaluate (docs/corpus.md); the model card's tables are "
                         "the LMMS songs, the only ones with dry and wet stems (tracker songs have "
                         "wet stems only: --sources tracker --variants wet)")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse OUT/<variant>/<system>/<song>/result.json from an earlier run "
                         "(delete a system's folder when its model changed)")
    args = ap.parse_args(argv)
    systems, variants = args.systems.split(","), args.variants.split(",")
    models = {"model": args.model}
    for item in args.extra_model:
        name, _, path = item.partition("=")
        models[name] = path
        if name not in systems:
            systems.insert(1, name)
    available = os.listdir(os.path.join(args.corpus, "songs"))
    sources = args.sources.split(",")
    songs = [s for s in ds.split_songs(args.splits, args.split, available)
             if ds.song_source(args.corpus, s) in sources]
    if args.songs:
        songs = [s for s in songs if s in args.songs.split(",")]
    results = {v: {sy: {} for sy in systems} for v in variants}
    references = {}
    for song in songs:
        raw_ref = os.path.join(args.corpus, "songs", song, "mix.wav")
        ref = os.path.join(args.out, "references", song + ".wav")
        references[song] = delivered_reference(args.automix, raw_ref, ref)
        for variant in variants:
            stems = input_stems(args.corpus, args.out, song, variant, args.gain_spread_db)
            for system in systems:
                out = os.path.join(args.out, variant, system, song)
                results[variant][system][song] = evaluate_one(
                    args.automix, models, stems, ref, system, out, args.threads, args.reuse)
                r = results[variant][system][song]
                r["raw_ref_lufs"] = references[song]["raw_lufs"]
                print(f"{song:28s} {variant} {system:10s} " + " ".join(
                    f"{g} {r['bounded'][g]:.3f}" for g in GROUPS) +
                      f"  {r['lufs']:.1f} LUFS (ref {r['ref_lufs']:.1f})", flush=True)
    summary = {v: summarize(results, systems, v) for v in variants}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"songs": songs, "references": references, "results": results,
                   "summary": summary}, f, indent=1)
    table = markdown(results, summary, systems, variants)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table)
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
