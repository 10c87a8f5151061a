#!/usr/bin/env python3
"""Writes a small library of short synthetic songs for the batch tests.

make_batch_library.py DIR COUNT [SECONDS] [--broken NAME ...]: DIR/song NN/ each with a bass, a drum
and a vocal stem (sines and clicks at song-specific pitches, 16-bit WAV, 44.1 kHz); --broken adds a
song folder holding no audio, which must fail alone.
"""
import argparse
import os

import numpy as np
import soundfile as sf

RATE = 44100


def song(folder, index, seconds):
    os.makedirs(folder, exist_ok=True)
    t = np.arange(int(seconds * RATE)) / RATE
    bass = 0.3 * np.sin(2 * np.pi * (41.2 + index) * t)
    clicks = np.zeros_like(t)
    clicks[:: RATE // 4] = 0.8
    kernel = np.exp(-np.arange(400) / 60.0)
    drums = np.convolve(clicks, kernel)[: len(t)] * 0.5
    vocal = 0.2 * np.sin(2 * np.pi * (220.0 + 7 * index) * t) * (1 + 0.3 * np.sin(2 * np.pi * 3 * t))
    sf.write(os.path.join(folder, "bass.wav"), bass, RATE, subtype="PCM_16")
    sf.write(os.path.join(folder, "drums.wav"), drums, RATE, subtype="PCM_16")
    sf.write(os.path.join(folder, "vocals.wav"), np.stack([vocal, 0.8 * vocal], 1), RATE,
             subtype="PCM_16")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("count", type=int)
    p.add_argument("seconds", type=float, nargs="?", default=1.0)
    p.add_argument("--broken", action="append", default=[])
    a = p.parse_args()
    for i in range(a.count):
        song(os.path.join(a.dir, f"song {i:02d}"), i, a.seconds)
    for name in a.broken:
        os.makedirs(os.path.join(a.dir, name), exist_ok=True)
        with open(os.path.join(a.dir, name, "notes.txt"), "w") as f:
            f.write("no stems here\n")


if __name__ == "__main__":
    main()
