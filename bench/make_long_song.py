#!/usr/bin/env python3
"""Writes a synthetic 4-stem song of a given length (default 240 s) for benchmarks.

usage: make_long_song.py OUT_DIR [SECONDS]. Stereo 44.1 kHz 16-bit WAV: vocals, bass, drums, other.
Content is noise shaped into plausible spectra and envelopes; speed does not depend on content.
"""
import os
import sys

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
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 240.0)
