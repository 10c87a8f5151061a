#!/usr/bin/env python3
"""Writes a synthetic 4-stem song of a given length (default 240 s) for benchmarks.

usage: make_long_song.py OUT_DIR [SECONDS]. Stereo 44.1 kHz 16-bit WAV: vocals, bass, drums, other.
Content is noise shaped into plausible spectra and envelopes; speed does not depend on content.
"""
import argparse
import os

import numpy as np
import soundfile as sf
from scipy import signal

SR = 44100


def main(out, seconds):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(1)
    n = int(seconds * SR)
    t = np.arange(n) / SR
    beat = (t * 2.0) % 1.0  # 120 BPM
    shapes = {
        "vocals": (signal.butter(2, [200, 4000], "bandpass", fs=SR), 1.0 + 0.5 * np.sin(2 * np.pi * 0.25 * t)),
        "bass": (signal.butter(2, 200, fs=SR), np.exp(-beat * 4)),
        "drums": (signal.butter(1, 100, "highpass", fs=SR), np.exp(-beat * 12)),
        "other": (signal.butter(2, [300, 6000], "bandpass", fs=SR), np.ones(n)),
    }
    for name, ((b, a), env) in shapes.items():
        x = signal.lfilter(b, a, rng.standard_normal((n, 2)), axis=0) * env[:, None]
        x *= 0.3 / np.max(np.abs(x))
        sf.write(os.path.join(out, name + ".wav"), x.astype(np.float32), SR, subtype="PCM_16")


if __name__ == "__main__":
    # argparse, so that `--help` prints this text instead of becoming an output folder.
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", help="folder for vocals.wav, bass.wav, drums.wav, other.wav")
    ap.add_argument("seconds", nargs="?", type=float, default=240.0, help="length (default 240)")
    args = ap.parse_args()
    main(args.out_dir, args.seconds)
