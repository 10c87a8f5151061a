#!/usr/bin/python3
"""Spectrograms of two files, one above the other, as a PNG (no plotting library needed).

    /usr/bin/python3 -m models.tools.spectrogram_png TOP.wav BOTTOM.wav -o out.png [--seconds 30]

Each panel: mid channel (L+R)/2, STFT 2048/512 Hann, log frequency 30 Hz - 20 kHz (bottom to top),
level in dB relative to the louder file's maximum, -90 dB black to 0 dB white through a perceptual
ramp. Both panels share one level scale, so loudness differences stay visible.
"""

from __future__ import annotations

import argparse
import struct
import zlib

import numpy as np
import soundfile as sf

HEIGHT, GAP = 256, 6


def spectrogram_db(path: str, seconds: float, width: int) -> np.ndarray:
    x, sr = sf.read(path, dtype="float64", always_2d=True)
    x = x[: int(seconds * sr)].mean(axis=1)
    n, hop = 2048, 512
    frames = 1 + max(0, len(x) - n) // hop
    win = np.hanning(n)
    spec = np.abs(np.fft.rfft(np.stack([x[i * hop:i * hop + n] * win for i in range(frames)]),
                              axis=1)) ** 2
    freqs = np.fft.rfftfreq(n, 1 / sr)
    rows = np.geomspace(30.0, min(20000.0, sr / 2), HEIGHT + 1)
    out = np.empty((HEIGHT, frames))
    for r in range(HEIGHT):  # mean power of the bins in each log-spaced row
        sel = (freqs >= rows[r]) & (freqs < rows[r + 1])
        out[r] = spec[:, sel].mean(axis=1) if sel.any() else \
            spec[:, np.argmin(np.abs(freqs - rows[r]))]
    cols = np.linspace(0, frames - 1, width).astype(int)
    return 10 * np.log10(out[::-1][:, cols] + 1e-20)


def colour(db: np.ndarray) -> np.ndarray:
    """-90..0 dB -> black, blue, red, yellow, white (rgb uint8)."""
    t = np.clip((db + 90.0) / 90.0, 0.0, 1.0)
    stops = np.array([[0, 0, 0], [40, 20, 120], [200, 40, 60], [250, 200, 40], [255, 255, 255]],
                     float)
    pos = t * (len(stops) - 1)
    i = np.minimum(pos.astype(int), len(stops) - 2)
    f = (pos - i)[..., None]
    return (stops[i] * (1 - f) + stops[i + 1] * f).astype(np.uint8)


def write_png(path: str, rgb: np.ndarray) -> None:
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("top")
    ap.add_argument("bottom")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--width", type=int, default=900)
    args = ap.parse_args(argv)
    a = spectrogram_db(args.top, args.seconds, args.width)
    b = spectrogram_db(args.bottom, args.seconds, args.width)
    peak = max(a.max(), b.max())
    gap = np.full((GAP, args.width, 3), 255, np.uint8)
    write_png(args.output, np.concatenate([colour(a - peak), gap, colour(b - peak)]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
