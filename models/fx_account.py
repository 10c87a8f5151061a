"""What FX normalization did to each stem, as the vector a conditioned console mixer reads.

FX normalization moves every stem to the average EQ and loudness of its type, which removes the
producer's own balance and tone that dry stems still carry. A conditioned console sees the
normalized audio (the paper's domain-invariant input) and, per stem, this account of the change:

    level_change_db   output loudness - input loudness (LU), from the loudness and EQ stages
    eq_<f>_db         the EQ stage's response at the ten octave centres 31.5 Hz .. 16 kHz (dB)

Both come from the C++ FX normalization's own report (`fx_normalization.stages.stems`), which
the training cache keeps (normalize_corpus.py) and the C++ model engine receives at inference
(src/mixer/fx_account.cpp reads the same fields the same way; a fixture test keeps them equal).
A stem the normalization skipped (absent, silent, quiet) has an all-zero account: nothing changed.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from models.formats import STEM_ORDER
# Keys of the EQ stage's report "response_db_at_hz" (rounded octave centres, low to high).
EQ_REPORT_KEYS = ("32", "63", "125", "250", "500", "1000", "2000", "4000", "8000", "16000")
FIELD_NAMES = ("level_change_db",) + tuple(f"eq_{k}hz_db" for k in EQ_REPORT_KEYS)
SIZE = len(FIELD_NAMES)
# Version of this vector's definition; models record it and the C++ loader checks it.
VERSION = 1


def _number(value) -> float:
    return float(value) if isinstance(value, (int, float)) and np.isfinite(value) else float("nan")


def stem_account(report: Mapping) -> np.ndarray:
    """(SIZE,) float32 from one stem's report; zeros where the report lacks a number."""
    out = np.zeros(SIZE, np.float32)
    eq = report.get("eq", {}) or {}
    loud = report.get("loudness", {}) or {}
    dry = _number(eq.get("input_lufs"))
    after = _number(loud.get("input_lufs")) + _number(loud.get("gain_db"))
    if np.isfinite(dry) and np.isfinite(after):
        out[0] = after - dry
    response = eq.get("response_db_at_hz", {}) or {}
    for i, key in enumerate(EQ_REPORT_KEYS):
        value = _number(response.get(key))
        out[1 + i] = value if np.isfinite(value) else 0.0
    return out


def song_account(stems_report: Mapping, order: Sequence[str] = STEM_ORDER) -> np.ndarray:
    """(4, SIZE) float32 from the report's "stems" object; a missing stem gives zeros."""
    return np.stack([stem_account(stems_report.get(s, {}) or {}) for s in order])
