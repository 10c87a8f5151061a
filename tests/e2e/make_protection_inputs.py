"""Writes the fixtures of cli_input_protection.sh into a folder.

stems/      four 3 s stems (vocals, bass, drums, other), 16-bit stereo
long/       the same four stems, 40 s long (a run slow enough to be interrupted mid-way)
huge/       one normal stem and a 32-bit float stem held at 3e38
mix.wav     a short stereo file, silent.wav a digitally silent one
"""
import os
import sys

import numpy as np
from scipy.io import wavfile

SR = 44100


def stems(folder, seconds):
    os.makedirs(folder)
    t = np.arange(int(seconds * SR)) / SR
    rng = np.random.default_rng(9)
    signals = {
        "vocals": 0.2 * np.sin(2 * np.pi * 330 * t) * (1 + np.sin(2 * np.pi * 0.5 * t)),
        "bass": 0.3 * np.sin(2 * np.pi * 55 * t),
        "drums": 0.3 * rng.standard_normal(t.size) * np.exp(-8 * (t % 0.5)),
        "other": 0.15 * np.sin(2 * np.pi * 440 * t) + 0.05 * rng.standard_normal(t.size),
    }
    for name, x in signals.items():
        stereo = np.stack([x, 0.8 * x], axis=1)
        wavfile.write(os.path.join(folder, name + ".wav"), SR, (stereo * 32767).astype(np.int16))


def main(root):
    stems(os.path.join(root, "stems"), 3)
    stems(os.path.join(root, "long"), 40)
    huge = os.path.join(root, "huge")
    os.makedirs(huge)
    t = np.arange(SR) / SR
    wavfile.write(os.path.join(huge, "bass.wav"), SR, (0.3 * np.sin(2 * np.pi * 55 * t)).astype(np.float32))
    wavfile.write(os.path.join(huge, "pad.wav"), SR, np.full(SR, 3e38, np.float32))
    x = 0.3 * np.sin(2 * np.pi * 220 * np.arange(3 * SR) / SR)
    wavfile.write(os.path.join(root, "mix.wav"), SR, np.stack([x, x], 1).astype(np.float32))
    wavfile.write(os.path.join(root, "silent.wav"), SR, np.zeros((3 * SR, 2), np.float32))


if __name__ == "__main__":
    main(sys.argv[1])
