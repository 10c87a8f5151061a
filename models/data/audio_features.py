"""Audio-feature fallback for grouping a track into bass / drums / other.

Used only when neither the override file nor the name/plugin/sample rules
decide.  Features (computed on at most 60 s of the loudest part, mono, 22.05 kHz):

* ``low_ratio``   - share of energy below 150 Hz (Welch PSD)
* ``perc_ratio``  - share of STFT energy in the percussive part of a median-filter
                    harmonic/percussive separation (Fitzgerald 2010)
* ``onsets_per_s`` - spectral-flux peaks per second (transient density)
* ``centroid_hz`` - spectral centroid

Decision: perc_ratio > 0.55 and onsets_per_s > 1 -> drums;
low_ratio > 0.75, or > 0.5 with centroid < 400 Hz -> bass; otherwise other.
Vocals are never assigned from audio (too unreliable for synthesised music).
"""
from __future__ import annotations

import numpy as np
from scipy import signal
from scipy.ndimage import median_filter


def track_features(x: np.ndarray, sr: int) -> dict:
    m = x.mean(axis=1) if x.ndim == 2 else x
    if sr != 22050:
        m = signal.resample_poly(m, 1, 2) if sr == 44100 else m
        sr = 22050 if sr == 44100 else sr
    peak = float(np.max(np.abs(m))) if m.size else 0.0
    if peak < 1e-5:
        return {"silent": True}
    # keep the loudest 60 s (1 s blocks)
    blk = sr
    nb = len(m) // blk
    if nb > 60:
        e = np.array([np.mean(m[i * blk:(i + 1) * blk] ** 2) for i in range(nb)])
        keep = np.sort(np.argsort(e)[-60:])
        m = np.concatenate([m[i * blk:(i + 1) * blk] for i in keep])
    f, p = signal.welch(m, sr, nperseg=4096)
    tot = float(p.sum()) + 1e-20
    low_ratio = float(p[f < 150].sum() / tot)
    centroid = float((f * p).sum() / tot)
    _, _, Z = signal.stft(m, sr, nperseg=1024, noverlap=768)
    S = np.abs(Z)
    H = median_filter(S, size=(1, 17))
    P = median_filter(S, size=(17, 1))
    perc_ratio = float((P ** 2).sum() / ((H ** 2).sum() + (P ** 2).sum() + 1e-20))
    flux = np.maximum(np.diff(np.log1p(100 * S), axis=1), 0).sum(axis=0)
    flux = flux / (np.median(flux) + 1e-9)
    hop_s = 256 / sr
    peaks, _ = signal.find_peaks(flux, height=3.0, distance=max(1, int(0.05 / hop_s)))
    active_s = max(1.0, float(np.sum(np.abs(m) > peak * 0.01)) / sr)
    return {"silent": False, "low_ratio": round(low_ratio, 3), "perc_ratio": round(perc_ratio, 3),
            "onsets_per_s": round(len(peaks) / active_s, 2), "centroid_hz": round(centroid, 1)}


def classify_features(ft: dict) -> tuple[str, str]:
    if ft.get("silent"):
        return "other", "audio: silent track"
    desc = (f"audio: low<150Hz={ft['low_ratio']}, percussive={ft['perc_ratio']}, "
            f"onsets/s={ft['onsets_per_s']}, centroid={ft['centroid_hz']}Hz")
    if ft["perc_ratio"] > 0.55 and ft["onsets_per_s"] > 1.0:
        return "drums", desc
    if ft["low_ratio"] > 0.75 or (ft["low_ratio"] > 0.5 and ft["centroid_hz"] < 400):
        return "bass", desc
    return "other", desc
