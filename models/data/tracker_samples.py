"""Which samples each instrument of an IT or XM module plays, read from the file itself.

Instrument names in trackers are often credits or empty while the sample names say "Snare Hard"
or "Tr-909"; libopenmpt's C API gives both name lists but not the instrument -> sample map. This
module reads that map from the two formats that have instruments (IT keyboard table, XM
per-instrument sample lists). Callers must compare `names` with libopenmpt's sample names: a
mismatch means the file was read differently, and the map must not be used.
"""
from __future__ import annotations

import struct


def _text(b: bytes) -> str:
    return b.decode("latin-1")  # raw: NUL handling differs between trackers (see _same)


def _same(raw: str, lib: str) -> bool:
    """libopenmpt cuts a name at its last NUL or turns inner NULs into spaces, by format."""
    return lib.rstrip() in (raw.split("\0", 1)[0].rstrip(), raw.replace("\0", " ").rstrip())


def it_map(data: bytes):
    """(per-instrument sets of 0-based sample indices, sample names) of an IT file, or None."""
    if data[:4] != b"IMPM" or len(data) < 0xC0:
        return None
    n_ord, n_ins, n_smp = struct.unpack_from("<HHH", data, 0x20)
    base = 0xC0 + n_ord
    ins_off = struct.unpack_from(f"<{n_ins}I", data, base)
    smp_off = struct.unpack_from(f"<{n_smp}I", data, base + 4 * n_ins)
    names = [_text(data[o + 0x14:o + 0x14 + 26]) for o in smp_off]
    inst = []
    for o in ins_off:
        if data[o:o + 4] != b"IMPI":
            return None
        # old and new instrument formats both keep the 120 (note, sample) pairs at 0x40
        table = data[o + 0x40:o + 0x40 + 240]
        inst.append({table[k + 1] - 1 for k in range(0, 240, 2) if 0 < table[k + 1] <= n_smp})
    return inst, names


def xm_map(data: bytes):
    """(per-instrument sets of 0-based sample indices, sample names) of an XM file, or None.
    Samples are numbered in file order across instruments, as libopenmpt numbers them."""
    if data[:17] != b"Extended Module: ":
        return None
    hsize = struct.unpack_from("<I", data, 60)[0]
    n_pat, n_ins = struct.unpack_from("<HH", data, 70)
    pos = 60 + hsize
    for _ in range(n_pat):  # skip the patterns: header length, packing, rows, packed size
        plen = struct.unpack_from("<I", data, pos)[0]
        packed = struct.unpack_from("<H", data, pos + 7)[0]
        pos += plen + packed
    inst, names = [], []
    for _ in range(n_ins):
        isize = struct.unpack_from("<I", data, pos)[0]
        n_smp = struct.unpack_from("<H", data, pos + 27)[0] if isize >= 29 else 0
        shsize = struct.unpack_from("<I", data, pos + 29)[0] if n_smp else 40
        pos += isize
        first, total = len(names), 0
        for s in range(n_smp):
            h = pos + s * shsize
            total += struct.unpack_from("<I", data, h)[0]
            names.append(_text(data[h + 18:h + 40]))
        pos += n_smp * shsize + total
        inst.append(set(range(first, first + n_smp)))
    return inst, names


def instrument_samples(data: bytes, lib_sample_names: list):
    """Per-instrument sample index sets, or None if the format has none or the parse does not
    agree with libopenmpt's sample list."""
    for reader in (it_map, xm_map):
        try:
            got = reader(data)
        except (struct.error, IndexError):
            got = None
        if got is None:
            continue
        inst, names = got
        if len(names) != len(lib_sample_names) or not all(
                _same(a, b) for a, b in zip(names, lib_sample_names)):
            return None
        return inst
    return None
