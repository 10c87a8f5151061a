#!/usr/bin/env python3
"""Second corpus source: multitrack General-MIDI files rendered per channel.

NOT human mixing decisions: the wet stems come from a documented randomized
mixing process (seeded by the song name, so the build is reproducible).

Per song:
  * every MIDI channel that plays notes is written to its own MIDI file
    (all meta events kept; CC7 volume, CC10 pan, CC91 reverb, CC93 chorus removed)
    and rendered with fluidsynth (reverb and chorus off) -> *dry track*;
  * channel -> group by General MIDI program: channel 10 -> drums,
    programs 33-40 (bass) -> bass, 53-55 (choir/voice oohs/synth voice),
    86 (lead 6 "voice") and 92 (pad 4 "choir") -> vocals, everything else -> other;
  * dry stem = sum of the dry tracks of the group;
  * wet track = random mix chain per track (see `mix_track`); wet stem = sum of
    wet tracks of the group; mix.wav = sum of the wet stems (no master processing,
    so stems sum exactly to the mix).
Source: Debian package openttd-openmsx (OpenMSX music set, GPL-2) by default,
or any folder of .mid files given with --midi.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy import signal

from models.data import corpus_io as cio

DEFAULT_MIDI_GLOB = "/usr/share/games/openttd/baseset/openmsx/*.mid"
# sf2 only by default: fluidsynth reloads the font for every channel and the
# compressed MuseScore .sf3 takes long to load (pass it with --soundfont if wanted).
SOUNDFONTS = ["/usr/share/sounds/sf2/FluidR3_GM.sf2", "/usr/share/sounds/sf2/TimGM6mb.sf2"]
STRIP_CC = {7, 10, 91, 93}
VOCAL_PROGRAMS = {52, 53, 54, 85, 91}  # 0-based GM: choir aahs, voice oohs, synth voice, lead 6, pad 4 choir


# ---------------------------------------------------------------- tiny SMF I/O
def _vlq(data, i):
    v = 0
    while True:
        b = data[i]
        i += 1
        v = (v << 7) | (b & 0x7F)
        if not b & 0x80:
            return v, i


def _wvlq(v):
    out = [v & 0x7F]
    v >>= 7
    while v:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    return bytes(reversed(out))


def read_smf(path):
    """-> (format, division, [track: list of (abs_tick, bytes_event)])"""
    data = open(path, "rb").read()
    if data[:4] != b"MThd":
        raise ValueError("not a standard MIDI file")
    hl = struct.unpack(">I", data[4:8])[0]
    fmt, ntr, div = struct.unpack(">HHH", data[8:14])
    i = 8 + hl
    tracks = []
    while i < len(data) and len(tracks) < ntr:
        cid, ln = data[i:i + 4], struct.unpack(">I", data[i + 4:i + 8])[0]
        chunk = data[i + 8:i + 8 + ln]
        i += 8 + ln
        if cid != b"MTrk":
            continue
        evs, j, t, run = [], 0, 0, None
        while j < len(chunk):
            d, j = _vlq(chunk, j)
            t += d
            st = chunk[j]
            if st == 0xFF:
                typ = chunk[j + 1]
                ln2, k = _vlq(chunk, j + 2)
                evs.append((t, chunk[j:k + ln2]))
                j = k + ln2
                if typ == 0x2F:
                    break
            elif st in (0xF0, 0xF7):
                ln2, k = _vlq(chunk, j + 1)
                evs.append((t, chunk[j:k + ln2]))
                j = k + ln2
            else:
                if st & 0x80:
                    run = st
                    j += 1
                n = 1 if (run & 0xF0) in (0xC0, 0xD0) else 2
                evs.append((t, bytes([run]) + chunk[j:j + n]))
                j += n
        tracks.append(evs)
    return fmt, div, tracks


def write_smf(path, div, tracks):
    out = [b"MThd", struct.pack(">IHHH", 6, 1, len(tracks), div)]
    for evs in tracks:
        body, last = bytearray(), 0
        has_eot = False
        for t, e in sorted(evs, key=lambda x: x[0]):
            body += _wvlq(t - last) + e
            last = t
            has_eot = has_eot or (e[0] == 0xFF and e[1] == 0x2F)
        if not has_eot:
            body += b"\x00\xff\x2f\x00"
        out += [b"MTrk", struct.pack(">I", len(body)), bytes(body)]
    with open(path, "wb") as f:
        f.write(b"".join(out))


def channel_summary(tracks):
    """{channel: {"notes": n, "programs": [...]}} for channels that play notes."""
    ch = {}
    for evs in tracks:
        for _, e in evs:
            s = e[0]
            if s >= 0xF0:
                continue
            c = s & 0x0F
            d = ch.setdefault(c, {"notes": 0, "programs": []})
            if s & 0xF0 == 0x90 and len(e) > 2 and e[2] > 0:
                d["notes"] += 1
            elif s & 0xF0 == 0xC0:
                d["programs"].append(e[1])
    return {c: d for c, d in ch.items() if d["notes"] > 0}


def channel_only(tracks, c, strip_cc=True):
    res = []
    for evs in tracks:
        keep = []
        for t, e in evs:
            s = e[0]
            if s < 0xF0:
                if s & 0x0F != c:
                    continue
                if strip_cc and s & 0xF0 == 0xB0 and e[1] in STRIP_CC:
                    continue
            elif s in (0xF0, 0xF7):
                continue  # sysex (e.g. GS reverb settings) dropped
            keep.append((t, e))
        res.append(keep)
    return res


def group_for(c, programs):
    if c == 9:
        return "drums", "channel 10 (GM percussion)"
    p = programs[0] if programs else 0
    if 32 <= p <= 39:
        return "bass", f"GM program {p + 1} (bass family)"
    if p in VOCAL_PROGRAMS:
        return "vocals", f"GM program {p + 1} (choir/voice)"
    return "other", f"GM program {p + 1}"


# ---------------------------------------------------------------- mixing
def _rng(name):
    return np.random.default_rng(int(hashlib.sha1(name.encode()).hexdigest()[:12], 16))


def _compress(x, sr, thr_db, ratio, att=0.01, rel=0.15):
    lvl = np.sqrt(signal.lfilter([1 - np.exp(-1 / (0.005 * sr))], [1, -np.exp(-1 / (0.005 * sr))],
                                 np.mean(x ** 2, axis=1)) + 1e-12)
    ldb = 20 * np.log10(lvl)
    gr = np.minimum(0.0, (thr_db - ldb) * (1 - 1 / ratio))
    # attack/release smoothing of the gain (one-pole, decimated for speed)
    hop = 64
    g = gr[::hop]
    a_a, a_r = np.exp(-hop / (att * sr)), np.exp(-hop / (rel * sr))
    sm = np.empty_like(g)
    prev = 0.0
    for i, v in enumerate(g):
        a = a_a if v < prev else a_r
        prev = a * prev + (1 - a) * v
        sm[i] = prev
    gain = np.repeat(10 ** (sm / 20), hop)[: len(x)]
    return x * gain[:, None]


def _reverb_ir(sr, rng, seconds):
    n = int(seconds * sr)
    t = np.arange(n) / sr
    ir = rng.standard_normal((n, 2)) * np.exp(-6.9 * t / seconds)[:, None]
    b, a = signal.butter(1, 6000 / (sr / 2))
    ir = signal.lfilter(b, a, ir, axis=0)
    ir[: int(0.01 * sr)] = 0  # 10 ms pre-delay
    return (ir / np.sqrt(np.sum(ir ** 2) / 2)).astype(np.float32)


def mix_track(x, sr, group, rng, ir):
    """Randomized but plausible channel strip. Returns (wet, params)."""
    p = {}
    y = x.astype(np.float64)
    # EQ: high-pass (not for bass/kick), one peaking/shelf move
    if group not in ("bass", "drums"):
        p["hpf_hz"] = float(rng.uniform(60, 180))
        b, a = signal.butter(2, p["hpf_hz"] / (sr / 2), "high")
        y = signal.lfilter(b, a, y, axis=0)
    f0 = float(np.exp(rng.uniform(np.log(150), np.log(8000))))
    gdb = float(rng.uniform(-4, 4))
    p["peq"] = {"hz": round(f0, 1), "gain_db": round(gdb, 2), "q": 1.0}
    A, w0 = 10 ** (gdb / 40), 2 * np.pi * f0 / sr
    al = np.sin(w0) / 2.0
    b = [1 + al * A, -2 * np.cos(w0), 1 - al * A]
    a = [1 + al / A, -2 * np.cos(w0), 1 - al / A]
    y = signal.lfilter(b, a, y, axis=0)
    # compression
    if rng.random() < {"drums": 0.8, "bass": 0.8, "vocals": 0.9}.get(group, 0.5):
        rms = 10 * np.log10(np.mean(y ** 2) + 1e-12)
        p["comp"] = {"threshold_db": round(rms + float(rng.uniform(0, 8)), 1),
                     "ratio": round(float(rng.uniform(2, 6)), 1)}
        y = _compress(y, sr, p["comp"]["threshold_db"], p["comp"]["ratio"])
    # level: target loudness per group around a song-wide reference (dB RMS)
    target = {"drums": -20, "bass": -21, "vocals": -19, "other": -24}[group] + float(rng.normal(0, 2.5))
    rms = 10 * np.log10(np.mean(y ** 2) + 1e-12)
    p["gain_db"] = round(target - rms, 2)
    y *= 10 ** (p["gain_db"] / 20)
    # pan (constant power); bass and drums stay near the centre
    width = {"bass": 0.1, "drums": 0.15, "vocals": 0.2}.get(group, 0.8)
    pan = float(np.clip(rng.normal(0, width), -1, 1))
    p["pan"] = round(pan, 3)
    th = (pan + 1) * np.pi / 4
    m = y.mean(axis=1) if group in ("bass",) else None
    if m is not None:
        y = np.stack([m, m], axis=1)
    y = y * np.array([np.cos(th), np.sin(th)]) * np.sqrt(2)
    # reverb send (shared song reverb)
    send = float(rng.uniform(0.0, {"bass": 0.05, "drums": 0.2}.get(group, 0.35)))
    p["reverb_send"] = round(send, 3)
    if send > 0.01:
        y = y + send * signal.fftconvolve(y, ir, axes=0)[: len(y)]
    return y.astype(np.float32), p


# ---------------------------------------------------------------- build
def render_channel(mid, wav, sf, gain):
    cmd = ["fluidsynth", "-ni", "-q", "-R", "0", "-C", "0", "-g", str(gain), "-r", str(cio.SR),
           "-O", "float", "-T", "wav", "-F", wav, sf, mid]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=900)


def build_song(path, out, max_seconds=0, soundfonts=None):
    base = os.path.splitext(os.path.basename(path))[0]
    name = "midi-" + "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in base)
    t0 = time.time()
    fmt, div, tracks = read_smf(path)
    chans = channel_summary(tracks)
    rng = _rng(name)
    sfs = [s for s in (soundfonts or SOUNDFONTS) if os.path.exists(s)]
    if not sfs:
        raise RuntimeError("no General MIDI soundfont found (apt-get install fluid-soundfont-gm)")
    sf = sfs[int(rng.integers(len(sfs)))]
    ir = _reverb_ir(cio.SR, rng, float(rng.uniform(1.0, 2.5)))
    tmp = tempfile.mkdtemp(prefix="midi_corpus_")
    dry_tr, info_tr = {}, []
    try:
        for c, d in sorted(chans.items()):
            g, why = group_for(c, d["programs"])
            mid = os.path.join(tmp, f"ch{c}.mid")
            write_smf(mid, div, channel_only(tracks, c))
            wav = os.path.join(tmp, f"ch{c}.wav")
            render_channel(mid, wav, sf, 0.5)
            x, sr = cio.read_wav(wav)
            x = cio.to_stereo(cio.resample(x, sr))
            dry_tr[c] = x
            info_tr.append({"channel": c + 1, "programs": [p + 1 for p in d["programs"][:4]],
                            "notes": d["notes"], "group": g, "group_reason": why})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not dry_tr:
        return None
    n = max(x.shape[0] for x in dry_tr.values())
    if max_seconds:
        n = min(n, int(max_seconds * cio.SR))
    stems = {(k, g): np.zeros((n, 2), np.float32) for k in ("dry", "wet") for g in cio.STEMS}
    for t in info_tr:
        c = t["channel"] - 1
        x = cio.fit_length(dry_tr[c], n)
        w, params = mix_track(x, cio.SR, t["group"], rng, ir)
        t["mix_params"] = params
        stems[("dry", t["group"])] += x
        stems[("wet", t["group"])] += w
    dpk = max(float(np.max(np.abs(stems[("dry", g)]))) for g in cio.STEMS)
    dry_gain = min(1.0, 0.98 / dpk) if dpk > 0 else 1.0
    wpk = float(np.max(np.abs(sum(stems[("wet", g)] for g in cio.STEMS))))
    wet_gain = min(1.0, 0.98 / wpk) if wpk > 0 else 1.0  # keep the float mix below 0 dBFS
    song_dir = os.path.join(out, "songs", name)
    mix = np.zeros((n, 2), np.float32)
    for g in cio.STEMS:
        d = (stems[("dry", g)] * dry_gain).astype(np.float32)
        w = (stems[("wet", g)] * wet_gain).astype(np.float32)
        mix += w
        cio.write_wav(os.path.join(song_dir, "dry", g + ".wav"), d)
        cio.write_wav(os.path.join(song_dir, "wet", g + ".wav"), w)
        stems[("wet", g)], stems[("dry", g)] = w, d
    cio.write_wav(os.path.join(song_dir, "mix.wav"), mix)
    info = {"name": name, "source": "midi", "human_mix": False, "status": "ok", "project": path,
            "licence": "GPL-2.0" if path.startswith("/usr/share/games/openttd/") else "see source",
            "licence_source": "/usr/share/doc/openttd-openmsx/copyright"
            if path.startswith("/usr/share/games/openttd/") else None,
            "author": None, "soundfont": sf, "duration_s": round(n / cio.SR, 3), "frames": n,
            "samplerate": cio.SR, "channels": 2, "tracks": info_tr, "dry_gain": dry_gain,
            "wet_gain": wet_gain, "silent_stems": "written as all-zero files",
            "stems": {g: {"tracks": [t["channel"] for t in info_tr if t["group"] == g],
                          "silent": bool(cio.is_silent(stems[("wet", g)])),
                          "has_mixing": any(t["group"] == g for t in info_tr),
                          "wet_rms_db": round(cio.rms_db(stems[("wet", g)]), 2),
                          "dry_rms_db": round(cio.rms_db(stems[("dry", g)]), 2)} for g in cio.STEMS},
            "build_seconds": round(time.time() - t0, 1)}
    cio.save_json(os.path.join(song_dir, "song.json"), info)
    print(time.strftime("%H:%M:%S"), f"{name}: ok {info['duration_s']:.1f}s, {len(info_tr)} channels, "
          f"{info['build_seconds']:.0f}s", flush=True)
    return info


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
    ap.add_argument("--midi", action="append", help="MIDI file(s) or folder(s); default: openttd-openmsx")
    ap.add_argument("--limit", type=int, default=0, help="at most N songs")
    ap.add_argument("--soundfont", action="append", help="soundfont(s) to draw from (default: GM sf2s)")
    ap.add_argument("--max-seconds", type=float, default=0, help="truncate songs (tests)")
    opts = ap.parse_args(argv)
    if shutil.which("fluidsynth") is None:
        print("fluidsynth not installed (apt-get install fluidsynth fluid-soundfont-gm)", file=sys.stderr)
        return 2
    files = []
    for m in opts.midi or [DEFAULT_MIDI_GLOB]:
        if os.path.isdir(m):
            files += sorted(glob.glob(os.path.join(m, "*.mid")) + glob.glob(os.path.join(m, "*.midi")))
        else:
            files += sorted(glob.glob(m))
    if opts.limit:
        files = files[: opts.limit]
    t0 = time.time()
    ok = 0
    for f in files:
        try:
            ok += build_song(f, opts.out, opts.max_seconds, opts.soundfont) is not None
        except Exception as e:
            print(f"{f}: FAILED {e!r}", flush=True)
    print(f"midi: {ok}/{len(files)} songs in {time.time() - t0:.0f}s", flush=True)
    return 0 if ok or not files else 1


if __name__ == "__main__":
    sys.exit(main())
