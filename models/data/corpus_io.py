"""Shared helpers for the automix training corpus (audio I/O, splits, manifest).

Only Debian-packaged Python modules are used: numpy, scipy and (if installed)
python3-soundfile.  Audio is always 32-bit float WAV, 44.1 kHz, stereo.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np

from models.formats import SAMPLE_RATE, STEM_ORDER

SR = SAMPLE_RATE  # the corpus is written at the networks' rate
STEMS = STEM_ORDER  # stem folders of every song, in the networks' order

try:  # python3-soundfile (Debian package) is preferred, scipy is the fallback
    import soundfile as _sf
except Exception:  # pragma: no cover - depends on the machine
    _sf = None


def read_wav(path: str) -> tuple[np.ndarray, int]:
    """Return (frames x channels float32 array, sample rate)."""
    if _sf is not None:
        x, sr = _sf.read(path, dtype="float32", always_2d=True)
        return x, sr
    from scipy.io import wavfile
    sr, x = wavfile.read(path)
    if x.dtype.kind == "i":
        x = x.astype(np.float32) / float(np.iinfo(x.dtype).max)
    elif x.dtype.kind == "u":
        x = (x.astype(np.float32) - 128.0) / 128.0
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = x[:, None]
    return x, sr


def wav_info(path: str) -> tuple[int, int, int]:
    """(frames, channels, samplerate) without reading the samples if possible."""
    if _sf is not None:
        i = _sf.info(path)
        return i.frames, i.channels, i.samplerate
    x, sr = read_wav(path)
    return x.shape[0], x.shape[1], sr


def make_sparse(path: str) -> None:
    """Frees the disk blocks of a file's all-zero regions without changing a byte of it
    (`fallocate --dig-holes`). Silent stems are common (no tracker song has vocals: 6.8 GiB of
    zeros, twice with the cache), and a full disk once stopped the cache build. Best effort: on a
    file system without holes the file simply stays as it is."""
    if shutil.which("fallocate"):
        subprocess.run(["fallocate", "--dig-holes", path], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)


def write_wav(path: str, x: np.ndarray, sr: int = SR) -> None:
    """Write float32 WAV atomically (tmp file + rename)."""
    x = np.asarray(x, dtype=np.float32)
    if x.ndim == 1:
        x = np.stack([x, x], axis=1)
    if x.shape[1] == 1:
        x = np.repeat(x, 2, axis=1)
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".wav", dir=d)
    os.close(fd)
    try:
        if _sf is not None:
            _sf.write(tmp, x, sr, subtype="FLOAT", format="WAV")
        else:
            from scipy.io import wavfile
            wavfile.write(tmp, sr, x)
        os.chmod(tmp, 0o644)
        if not x.any():
            make_sparse(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def to_stereo(x: np.ndarray) -> np.ndarray:
    if x.ndim == 1:
        x = x[:, None]
    if x.shape[1] == 1:
        return np.repeat(x, 2, axis=1)
    if x.shape[1] > 2:
        return x[:, :2]
    return x


def resample(x: np.ndarray, sr_in: int, sr_out: int = SR) -> np.ndarray:
    if sr_in == sr_out:
        return x
    from math import gcd
    from scipy.signal import resample_poly
    g = gcd(sr_in, sr_out)
    return resample_poly(x, sr_out // g, sr_in // g, axis=0).astype(np.float32)


def fit_length(x: np.ndarray, n: int) -> np.ndarray:
    if x.shape[0] == n:
        return x
    if x.shape[0] > n:
        return x[:n]
    pad = np.zeros((n - x.shape[0], x.shape[1]), dtype=x.dtype)
    return np.concatenate([x, pad], axis=0)


def hash_split(name: str, test_pct: int = 15, val_pct: int = 15) -> str:
    """Deterministic split for songs not listed in splits.json (sha1 of the name)."""
    h = int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16) % 100
    if h < test_pct:
        return "test"
    if h < test_pct + val_pct:
        return "validation"
    return "train"


def load_json(path: str, default=None):
    if not os.path.exists(path):
        return default
    with open(path, "r", encoding="utf-8") as f:
        return json.load(f)


def save_json(path: str, obj) -> None:
    d = os.path.dirname(os.path.abspath(path))
    os.makedirs(d, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".json", dir=d)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, sort_keys=False, ensure_ascii=False)
        f.write("\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def rms_db(x: np.ndarray) -> float:
    e = float(np.mean(np.square(x, dtype=np.float64))) if x.size else 0.0
    return max(-200.0, 10.0 * np.log10(e)) if e > 0 else -200.0  # -200 = digital silence


def is_silent(x: np.ndarray, thresh_db: float = -90.0) -> bool:
    return x.size == 0 or float(np.max(np.abs(x))) < 10 ** (thresh_db / 20.0)
