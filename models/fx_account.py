"""What FX normalization did to each stem, as the vector a conditioned console mixer reads.

FX normalization moves every stem to the average EQ and loudness of its type, which removes the
producer's own balance and tone that dry stems still carry. A conditioned console sees the
normalized audio (the paper's domain-invariant input) and, per stem, this account of the change.
Two definitions exist; a model records the one it was trained with and the C++ engine builds it:

version 1 (11 numbers per stem)
    level_change_db   output loudness - input loudness (LU), from the loudness and EQ stages
    eq_<f>_db         the EQ stage's response at the ten octave centres 31.5 Hz .. 16 kHz (dB)

version 2 (63 numbers per stem): an account that can be undone exactly
    flat_gain_db      the sum of the flat gains the stages applied: the EQ stage's measurement
                      gain, the dynamics stage's peak normalization, the loudness stage's gain.
                      Version 1's level change also contains the loudness the EQ added or
                      removed, so undoing both the level change and the EQ counted the EQ twice
                      (measured: stems restored 1-8 dB off their own level).
    level_change_db   version 1's level change (a summary for the network body)
    eq_sixth_<k>_db   the EQ response on the 1/6-octave grid 20 Hz * 2^(k/6), k = 0..60: the
                      curve is smoothed over 1/6 octave, so this grid holds it (the octave
                      centres miss up to several dB between them)

Undoing version 2 (flat gain and EQ curve inverted) restores the stem before normalization but
for the compressor's time-varying gain, which is the point: the network keeps the normalized
dynamics and decides the rest.

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
# The EQ stage's "response_db_sixth_octave" grid (src/fxnorm/settings.hpp, kEqResponse*).
SIXTH_OCTAVE_LOW_HZ = 20.0
SIXTH_OCTAVE_POINTS = 61
SIXTH_OCTAVE_HZ = tuple(SIXTH_OCTAVE_LOW_HZ * 2.0**(k / 6.0) for k in range(SIXTH_OCTAVE_POINTS))

FIELDS = {
    1: ("level_change_db",) + tuple(f"eq_{k}hz_db" for k in EQ_REPORT_KEYS),
    2: ("flat_gain_db", "level_change_db") + tuple(
        f"eq_sixth_{k}_db" for k in range(SIXTH_OCTAVE_POINTS)),
}
# The newest definition; models record the one they read and the C++ loader checks it.
VERSION = 2
FIELD_NAMES = FIELDS[1]  # version 1, the default of the version-1 presets
SIZE = len(FIELD_NAMES)


def size(version: int) -> int:
    """Numbers per stem of an account version."""
    return len(FIELDS[version])


def _number(value) -> float:
    return float(value) if isinstance(value, (int, float)) and np.isfinite(value) else float("nan")


def _level_change(report: Mapping) -> float:
    eq = report.get("eq", {}) or {}
    loud = report.get("loudness", {}) or {}
    return _number(loud.get("input_lufs")) + _number(loud.get("gain_db")) - _number(
        eq.get("input_lufs"))


def _flat_gain(report: Mapping) -> float:
    """Sum of the flat gains; a stage without its gain (not run, nothing to do) adds nothing,
    but a stem whose loudness gain is unknown has no usable flat gain (NaN)."""
    eq = report.get("eq", {}) or {}
    dyn = report.get("dynamics", {}) or {}
    loud = report.get("loudness", {}) or {}
    total = _number(loud.get("gain_db"))
    for value in (eq.get("measurement_gain_db"), dyn.get("peak_normalize_gain_db")):
        v = _number(value)
        total += v if np.isfinite(v) else 0.0
    return total


def stem_account(report: Mapping, version: int = 1) -> np.ndarray:
    """(size(version),) float32 from one stem's report; zeros where the report lacks a number."""
    out = np.zeros(size(version), np.float32)
    eq = report.get("eq", {}) or {}
    if version == 1:
        values = [_level_change(report)] + [
            _number((eq.get("response_db_at_hz", {}) or {}).get(k)) for k in EQ_REPORT_KEYS]
    elif version == 2:
        fine = eq.get("response_db_sixth_octave", []) or []
        if not isinstance(fine, list) or len(fine) != SIXTH_OCTAVE_POINTS:
            fine = [None] * SIXTH_OCTAVE_POINTS
        values = [_flat_gain(report), _level_change(report)] + [_number(v) for v in fine]
    else:
        raise ValueError(f"unknown fx_account version {version}")
    for i, value in enumerate(values):
        out[i] = value if np.isfinite(value) else 0.0
    return out


def song_account(stems_report: Mapping, order: Sequence[str] = STEM_ORDER,
                 version: int = 1) -> np.ndarray:
    """(4, size(version)) float32 from the report's "stems" object; a missing stem gives zeros."""
    return np.stack([stem_account(stems_report.get(s, {}) or {}, version) for s in order])


def with_input_gains(account: np.ndarray, gains_db: np.ndarray, version: int) -> np.ndarray:
    """The account FX normalization would give had each stem arrived gains_db louder: its level
    fields (version 1's level change; version 2's flat gain and level change) fall by the gain,
    its EQ is unchanged, and a stem with nothing to account for (all zeros) stays so. Exact for
    the level change; the flat gain can differ by up to ~1 dB where the compressor saw a
    different level (measured on one LMMS bass). Training uses it to present the console with a
    recording session's arbitrary levels (config "level_jitter_db")."""
    levels = [FIELDS[version].index(f) for f in ("flat_gain_db", "level_change_db")
              if f in FIELDS[version]]
    out = np.array(account, dtype=np.float32, copy=True)
    present = np.any(out != 0, axis=1)
    for column in levels:
        out[present, column] -= np.asarray(gains_db, np.float32)[present]
    return out

