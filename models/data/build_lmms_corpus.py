#!/usr/bin/env python3
"""Build the LMMS part of the automix corpus (dry stems, wet stems, producer mix).

For every LMMS demo project (or the projects given with --project):
  1. parse the project, check that every plugin / sample is available headless;
  2. group its tracks into vocals/bass/drums/other
     (override file > name/plugin/sample rules > audio features of a dry
      per-track render made with LMMS's own render-tracks mode > note range);
  3. render, per non-empty group, a *wet* variant (the producer's project with
     the other groups' tracks muted) and a *dry* variant (see lmms_project.py);
  4. render the unmodified project once as a reference (LMMS's own full mix);
  5. write songs/<name>/{dry,wet}/{vocals,bass,drums,other}.wav, mix.wav
     (= sum of the wet stems) and song.json; silent groups are all-zero files.

Run `build_manifest.py` afterwards (build_corpus.sh does both).
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import glob
import os
import resource
import shutil
import subprocess
import sys
import time

import numpy as np

from models.data import corpus_io as cio
from models.data import lmms_project as L
from models.data.audio_features import classify_features, track_features

HERE = os.path.dirname(os.path.abspath(__file__))
OVERRIDES = os.path.join(HERE, "lmms_groups_override.json")
EXCLUDE = os.path.join(HERE, "lmms_exclude.json")
# LMMS renders at base rate x oversampling; 1 halves the CPU time (default of the CLI is 2).
OVERSAMPLING = int(os.environ.get("AUTOMIX_LMMS_OVERSAMPLING", "1"))


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def find_projects():
    out = subprocess.run(["dpkg", "-L", "lmms-common"], capture_output=True, text=True).stdout.split()
    return sorted(p for p in out if p.endswith((".mmp", ".mmpz")) and "/projects/" in p
                  and "/tutorials/" not in p and "/templates/" not in p)


def lmms_env(home):
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = home  # private config per job (LMMS writes ~/.lmmsrc.xml)
    env.setdefault("XDG_RUNTIME_DIR", home)
    return env


def no_realtime_prefix():
    """LMMS moves its audio thread to SCHED_FIFO when it may (as root it always may). A real-time
    renderer starves every other process of the two shared cores -- nice does not apply to it -- so
    as root it runs without CAP_SYS_NICE; LMMS then keeps the normal scheduler and renders the same
    (offline rendering does not depend on scheduling)."""
    if os.geteuid() == 0 and shutil.which("setpriv"):
        return ["setpriv", "--bounding-set", "-sys_nice", "--"]
    return []


def run_lmms(args, home, timeout, logf):
    cmd = no_realtime_prefix() + ["lmms", "--allowroot"] + args
    t0 = time.time()
    with open(logf, "ab") as lf:
        lf.write(("$ " + " ".join(cmd) + "\n").encode())
        p = subprocess.run(cmd, env=lmms_env(home), stdout=subprocess.DEVNULL, stderr=lf,
                           timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"lmms exited with {p.returncode}: {' '.join(cmd)}")
    return time.time() - t0


def render(project_root, xml_path, wav_path, home, timeout, logf):
    L.save_project(project_root, xml_path)
    dt = run_lmms(["render", xml_path, "-o", wav_path, "-f", "wav", "-a", "-s", str(cio.SR),
                   "-x", str(OVERSAMPLING)], home, timeout, logf)
    if not os.path.exists(wav_path):
        raise RuntimeError(f"render produced no file: {wav_path}")
    return dt


def group_tracks(name, root, tracks, overrides, work, home, timeout, logf, audio_fallback):
    ov = overrides.get(name, {})
    ov = {k.split(":", 1)[0].strip(): v for k, v in ov.items() if not k.startswith("_")}
    unresolved = []
    for t in tracks:
        if t["muted"]:
            t["group"], t["group_source"], t["group_reason"] = None, "muted", "muted in the project"
            continue
        if t["id"] in ov:
            t["group"], t["group_source"], t["group_reason"] = ov[t["id"]], "override", OVERRIDES
            continue
        g, why = L.classify_rules(t)
        if g:
            t["group"], t["group_source"], t["group_reason"] = g, "rules", why
        else:
            unresolved.append(t)
    if unresolved and audio_fallback:
        # LMMS's own render-tracks mode on a dry copy where only the unresolved
        # tracks are audible; tracks are renamed to their ids to map the files.
        v = L.make_variant(root, {}, None, dry=True, keep_ids={t["id"] for t in unresolved})
        for i, (tr, _) in enumerate(L.iter_audible_tracks(v)):
            tr.set("name", f"t{i:02d}")
        xml = os.path.join(work, "fallback_tracks.mmp")
        outdir = os.path.join(work, "fallback_tracks")
        shutil.rmtree(outdir, ignore_errors=True)
        os.makedirs(outdir)
        L.save_project(v, xml)
        try:
            run_lmms(["rendertracks", xml, "-o", outdir + "/", "-f", "wav", "-a", "-x", str(OVERSAMPLING)],
                     home, timeout, logf)
        except Exception as e:  # fall back to notes
            log(f"{name}: render-tracks fallback failed: {e}")
        files = {os.path.basename(f).split("_", 1)[1][:-4]: f
                 for f in glob.glob(os.path.join(outdir, "*.wav")) if "_" in os.path.basename(f)}
        for t in unresolved:
            f = files.get(t["id"])
            if f:
                x, sr = cio.read_wav(f)
                ft = track_features(x, sr)
                t["features"] = ft
                t["group"], t["group_reason"] = classify_features(ft)
                t["group_source"] = "audio-features"
        shutil.rmtree(outdir, ignore_errors=True)
    for t in unresolved:
        if t.get("group"):
            continue
        g, why = L.classify_symbolic(t)
        t["group"], t["group_source"], t["group_reason"] = g or "other", "notes", why
    return tracks


def build_song(path, out, opts):
    name = L.song_name(path)
    song_dir = os.path.join(out, "songs", name)
    work = os.path.join(out, "work", name)
    if opts.skip_existing and os.path.exists(os.path.join(song_dir, "song.json")):
        log(f"{name}: exists, skipped")
        return {"name": name, "status": "existing"}
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    home = os.path.join(work, "home")
    os.makedirs(home)
    logf = os.path.join(work, "lmms.log")
    t0 = time.time()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    root = L.load_project(path)
    excl = cio.load_json(EXCLUDE, {})
    info = {"name": name, "source": "lmms", "project": path, "status": "ok"}
    paras = L.parse_dep5()
    lic, cop = L.licence_for(path, paras)
    info.update({"licence": lic, "copyright": cop, "author": L.author_from_name(path),
                 "licence_source": "/usr/share/doc/lmms-common/copyright"})
    info["project_meta"] = L.project_meta(root)
    problems = L.check_availability(root, os.path.dirname(path))
    if name in excl:
        problems.append("excluded by lmms_exclude.json: " + excl[name])
    if problems:
        info.update(status="excluded", reason=problems)
        log(f"{name}: EXCLUDED {problems}")
        cio.save_json(os.path.join(out, "excluded", name + ".json"), info)
        return info
    if opts.excerpt:
        L.truncate_song(root, opts.excerpt)
        info["excerpt_seconds"] = opts.excerpt
        info["project_meta"] = L.project_meta(root)
    tracks = L.describe_tracks(root)
    group_tracks(name, root, tracks, cio.load_json(OVERRIDES, {}), work, home, opts.timeout, logf,
                 not opts.no_audio_fallback)
    group_of = {t["id"]: t["group"] for t in tracks if t["group"]}
    info["mixing"] = L.mixing_summary(root, tracks)
    renders, times = {}, {}
    do_ref = opts.reference == "all" or (
        opts.reference == "short" and info["project_meta"]["estimated_seconds"] <= opts.reference_max_seconds)
    try:
        if do_ref:
            times["reference"] = render(root, os.path.join(work, "reference.mmp"),
                                        os.path.join(work, "reference.wav"), home, opts.timeout, logf)
        for g in cio.STEMS:
            if g not in group_of.values():
                continue
            for kind in ("wet", "dry"):
                v = L.make_variant(root, group_of, g, dry=(kind == "dry"))
                wav = os.path.join(work, f"{kind}_{g}.wav")
                times[f"{kind}_{g}"] = render(v, os.path.join(work, f"{kind}_{g}.mmp"), wav, home,
                                              opts.timeout, logf)
                renders[(kind, g)] = wav
    except Exception as e:  # render failure -> excluded with reason
        info.update(status="excluded", reason=[f"render failed: {e}"])
        log(f"{name}: EXCLUDED render failed: {e}")
        cio.save_json(os.path.join(out, "excluded", name + ".json"), info)
        return info
    # ---- assemble
    ref = cio.read_wav(os.path.join(work, "reference.wav"))[0] if do_ref else None
    audio = {k: cio.to_stereo(cio.read_wav(f)[0]) for k, f in renders.items()}
    n = max([ref.shape[0] if do_ref else 0] + [a.shape[0] for a in audio.values()])
    lengths = {f"{k[0]}_{k[1]}": a.shape[0] for k, a in audio.items()}
    if do_ref:
        lengths["reference"] = ref.shape[0]
        ref = cio.fit_length(cio.to_stereo(ref), n)
    stems = {}
    for kind in ("wet", "dry"):
        for g in cio.STEMS:
            a = audio.get((kind, g))
            stems[(kind, g)] = cio.fit_length(a, n) if a is not None else np.zeros((n, 2), np.float32)
    dry_peak = max(float(np.max(np.abs(stems[("dry", g)]))) for g in cio.STEMS)
    dry_gain = 1.0
    if dry_peak > 0.99:  # float renders are unclipped: scale all dry stems alike
        dry_gain = 0.98 / dry_peak
        for g in cio.STEMS:
            stems[("dry", g)] = (stems[("dry", g)] * dry_gain).astype(np.float32)
    mix = np.zeros((n, 2), np.float32)
    for g in cio.STEMS:
        mix += stems[("wet", g)]
    for kind in ("wet", "dry"):
        for g in cio.STEMS:
            cio.write_wav(os.path.join(song_dir, kind, g + ".wav"), stems[(kind, g)])
    cio.write_wav(os.path.join(song_dir, "mix.wav"), mix)
    # A song that failed once (LMMS can crash) and is built now is no longer excluded.
    stale = os.path.join(out, "excluded", name + ".json")
    if os.path.exists(stale):
        os.remove(stale)
    if opts.keep_reference and do_ref:
        cio.write_wav(os.path.join(song_dir, "lmms_full_render.wav"), ref)
    if do_ref:
        e_ref = float(np.sum(ref.astype(np.float64) ** 2))
        e_err = float(np.sum((ref - mix).astype(np.float64) ** 2))
    stem_stats = {}
    for g in cio.STEMS:
        w, d = stems[("wet", g)], stems[("dry", g)]
        diff = float(np.sum((w - d / dry_gain).astype(np.float64) ** 2))
        stem_stats[g] = {
            "tracks": [t["id"] for t in tracks if t.get("group") == g],
            "silent": bool(cio.is_silent(w) and cio.is_silent(d)),
            "wet_rms_db": round(cio.rms_db(w), 2), "dry_rms_db": round(cio.rms_db(d), 2),
            "wet_peak": round(float(np.max(np.abs(w))), 4), "dry_peak": round(float(np.max(np.abs(d))), 4),
            "dry_wet_diff_rel": round(diff / (float(np.sum(w.astype(np.float64) ** 2)) + 1e-12), 4),
            "has_mixing": any(t.get("group") == g and (t["effects"] or abs(t.get("vol", 100) - 100) > 1e-6
                                                         or abs(t.get("pan", 0)) > 1e-6 or t.get("automated"))
                              for t in tracks) or bool(info["mixing"]["master_effects"])
            or abs(info["mixing"]["master_volume"] - 1) > 1e-6 or abs(info["mixing"]["mastervol"] - 100) > 1e-6,
        }
    info.update({
        "duration_s": round(n / cio.SR, 3), "frames": n, "samplerate": cio.SR, "channels": 2,
        "tracks": tracks, "stems": stem_stats, "dry_gain": dry_gain,
        "silent_stems": "written as all-zero files",
        "render_lengths_frames": lengths,
        "reference_vs_mix": {
            # capped at 200 dB (= bit-identical)
            "snr_db": round(min(200.0, 10 * np.log10(e_ref / e_err)), 2) if e_err > 0 else 200.0,
            "ref_peak": round(float(np.max(np.abs(ref))), 4),
            "mix_peak": round(float(np.max(np.abs(mix))), 4),
            "ref_rms_db": round(cio.rms_db(ref), 2), "mix_rms_db": round(cio.rms_db(mix), 2)}
        if do_ref else None,
        "lmms_oversampling": OVERSAMPLING,
        "render_seconds": {k: round(v, 1) for k, v in times.items()},
        "build_seconds": round(time.time() - t0, 1),
        # CPU time of the LMMS processes of this song (independent of machine load)
        "render_cpu_seconds": round(sum(getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f) -
                                        getattr(ru0, f) for f in ("ru_utime", "ru_stime")), 1),
    })
    cio.save_json(os.path.join(song_dir, "song.json"), info)
    if not opts.keep_work:
        for f in glob.glob(os.path.join(work, "*.wav")):
            os.unlink(f)
        shutil.rmtree(home, ignore_errors=True)
    log(f"{name}: ok {info['duration_s']:.1f}s audio in {info['build_seconds']:.0f}s "
        f"(ref-vs-mix: {info['reference_vs_mix']})")
    return {"name": name, "status": "ok", "duration_s": info["duration_s"]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
    ap.add_argument("--project", action="append", help="project file(s); default: all lmms-common demos")
    ap.add_argument("--only", action="append", help="song name(s) to build from the default list")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--excerpt", type=float, default=0, help="truncate songs to ~N seconds (tests)")
    ap.add_argument("--timeout", type=float, default=1800, help="per LMMS render, seconds")
    ap.add_argument("--skip-existing", action="store_true")
    ap.add_argument("--reference", choices=("all", "short", "none"), default="short",
                    help="also render the unmodified project (LMMS's own mix) to compare with mix.wav")
    ap.add_argument("--reference-max-seconds", type=float, default=150)
    ap.add_argument("--keep-reference", action="store_true", help="also write lmms_full_render.wav")
    ap.add_argument("--keep-work", action="store_true")
    ap.add_argument("--no-audio-fallback", action="store_true")
    ap.add_argument("--list", action="store_true", help="list projects and exit")
    opts = ap.parse_args(argv)
    if shutil.which("lmms") is None:
        print("lmms not installed (apt-get install lmms)", file=sys.stderr)
        return 2
    projects = opts.project or find_projects()
    if opts.only:
        projects = [p for p in projects if L.song_name(p) in opts.only]
    if opts.list:
        for p in projects:
            print(L.song_name(p), p)
        return 0
    # longest first for better packing of parallel jobs
    def est(p):
        try:
            return -L.project_meta(L.load_project(p))["estimated_seconds"] * max(
                1, len(L.describe_tracks(L.load_project(p))) ** 0.5)
        except Exception:
            return 0
    projects.sort(key=est)
    os.makedirs(opts.out, exist_ok=True)
    t0 = time.time()
    log(f"building {len(projects)} LMMS projects into {opts.out} with {opts.jobs} jobs")
    results = []
    with cf.ProcessPoolExecutor(max_workers=opts.jobs) as ex:
        futs = {ex.submit(build_song, p, opts.out, opts): p for p in projects}
        for f in cf.as_completed(futs):
            try:
                results.append(f.result())
            except Exception as e:
                log(f"{L.song_name(futs[f])}: FAILED {e!r}")
                results.append({"name": L.song_name(futs[f]), "status": "failed", "reason": repr(e)})
    ok = [r for r in results if r["status"] in ("ok", "existing")]
    log(f"done: {len(ok)}/{len(results)} songs in {time.time() - t0:.0f}s wall")
    cio.save_json(os.path.join(opts.out, "lmms_build_log.json"),
                  {"wall_seconds": round(time.time() - t0, 1), "jobs": opts.jobs, "results": results})
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
