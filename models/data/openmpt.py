"""Minimal ctypes binding of libopenmpt (Debian runtime package `libopenmpt0`) for the tracker corpus.

Only what the corpus needs: load a module from memory, read its names and pattern data, and render
it to 44.1 kHz float stereo with some instruments (or samples, for formats without instruments)
muted through the `interactive` extension. No dev package or compiler is needed at build time.
"""
from __future__ import annotations

import ctypes as C
import ctypes.util

import numpy as np

SR = 44100
CMD_INSTRUMENT = 1  # OPENMPT_MODULE_COMMAND_INSTRUMENT (libopenmpt.h)
CHUNK = 1 << 16     # frames per read call: large chunks keep the Python overhead negligible

_lib = None


class _Interactive(C.Structure):
    """openmpt_module_ext_interface_interactive (libopenmpt_ext.h): 16 function pointers in header
    order. We call only set_instrument_mute_status; the rest are kept to get the offsets right."""
    _fields_ = [(n, C.c_void_p) for n in (
        "set_current_speed", "set_current_tempo", "set_tempo_factor", "get_tempo_factor",
        "set_pitch_factor", "get_pitch_factor", "set_global_volume", "get_global_volume",
        "set_channel_volume", "get_channel_volume", "set_channel_mute_status",
        "get_channel_mute_status", "set_instrument_mute_status", "get_instrument_mute_status",
        "play_note", "stop_note")]


_SET_MUTE = C.CFUNCTYPE(C.c_int, C.c_void_p, C.c_int32, C.c_int)


def library():
    """The loaded libopenmpt, or None if libopenmpt0 is not installed."""
    global _lib
    if _lib is not None:
        return _lib
    path = ctypes.util.find_library("openmpt") or "libopenmpt.so.0"
    try:
        lib = C.CDLL(path)
    except OSError:
        return None
    vp, i32, sz = C.c_void_p, C.c_int32, C.c_size_t
    sigs = {
        "openmpt_get_library_version": (C.c_uint32, []),
        "openmpt_free_string": (None, [vp]),
        "openmpt_module_ext_create_from_memory": (vp, [vp, sz, vp, vp, vp, vp, vp, vp, vp]),
        "openmpt_module_ext_get_module": (vp, [vp]),
        "openmpt_module_ext_get_interface": (C.c_int, [vp, C.c_char_p, vp, sz]),
        "openmpt_module_ext_destroy": (None, [vp]),
        "openmpt_module_set_repeat_count": (C.c_int, [vp, i32]),
        "openmpt_module_get_duration_seconds": (C.c_double, [vp]),
        "openmpt_module_get_metadata": (vp, [vp, C.c_char_p]),
        "openmpt_module_get_num_channels": (i32, [vp]),
        "openmpt_module_get_num_samples": (i32, [vp]),
        "openmpt_module_get_num_instruments": (i32, [vp]),
        "openmpt_module_get_sample_name": (vp, [vp, i32]),
        "openmpt_module_get_instrument_name": (vp, [vp, i32]),
        "openmpt_module_get_num_orders": (i32, [vp]),
        "openmpt_module_get_num_patterns": (i32, [vp]),
        "openmpt_module_get_order_pattern": (i32, [vp, i32]),
        "openmpt_module_get_pattern_num_rows": (i32, [vp, i32]),
        "openmpt_module_get_pattern_row_channel_command": (C.c_uint8, [vp, i32, i32, i32, C.c_int]),
        "openmpt_module_read_interleaved_float_stereo": (sz, [vp, i32, sz, vp]),
    }
    for name, (res, args) in sigs.items():
        f = getattr(lib, name)
        f.restype, f.argtypes = res, args
    _lib = lib
    return lib


def version() -> str:
    v = library().openmpt_get_library_version()
    return f"{v >> 24}.{(v >> 16) & 0xff}.{v & 0xffff}"


class Module:
    """One loaded module. A fresh Module is used per render: muting and the play position are
    state, and reloading from memory is cheap compared with rendering."""

    def __init__(self, data: bytes):
        lib = library()
        if lib is None:
            raise RuntimeError("libopenmpt0 is not installed (apt-get install libopenmpt0)")
        self._lib, self._buf = lib, C.create_string_buffer(data, len(data))
        silent = C.cast(lib.openmpt_log_func_silent, C.c_void_p)  # no loader chatter on stderr
        self._ext = lib.openmpt_module_ext_create_from_memory(self._buf, len(data), silent, None,
                                                              None, None, None, None, None)
        if not self._ext:
            raise ValueError("libopenmpt could not load the module")
        self._mod = lib.openmpt_module_ext_get_module(self._ext)
        lib.openmpt_module_set_repeat_count(self._mod, 0)  # play once, never loop

    def close(self):
        if self._ext:
            self._lib.openmpt_module_ext_destroy(self._ext)
            self._ext = self._mod = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _string(self, ptr) -> str:
        if not ptr:
            return ""
        text = C.cast(ptr, C.c_char_p).value.decode("latin-1")  # tracker names are 8-bit text
        self._lib.openmpt_free_string(ptr)
        return text

    def metadata(self, key: str) -> str:
        return self._string(self._lib.openmpt_module_get_metadata(self._mod, key.encode()))

    def duration(self) -> float:
        return self._lib.openmpt_module_get_duration_seconds(self._mod)

    def num_channels(self) -> int:
        return self._lib.openmpt_module_get_num_channels(self._mod)

    def units(self) -> tuple[str, list[str]]:
        """('instrument'|'sample', names): what the mute API addresses. Formats without
        instruments (MOD, S3M, IT in sample mode) are muted per sample."""
        lib, m = self._lib, self._mod
        n = lib.openmpt_module_get_num_instruments(m)
        if n > 0:
            return "instrument", [self._string(lib.openmpt_module_get_instrument_name(m, i))
                                  for i in range(n)]
        return "sample", self.sample_names()

    def sample_names(self) -> list[str]:
        lib, m = self._lib, self._mod
        return [self._string(lib.openmpt_module_get_sample_name(m, i))
                for i in range(lib.openmpt_module_get_num_samples(m))]

    def used_units(self) -> set[int]:
        """0-based instrument/sample indices that any pattern in the order list triggers.
        Units never triggered make no sound, so they need no classification render."""
        lib, m = self._lib, self._mod
        npat, nch = lib.openmpt_module_get_num_patterns(m), self.num_channels()
        pats = {lib.openmpt_module_get_order_pattern(m, o)
                for o in range(lib.openmpt_module_get_num_orders(m))}
        used = set()
        get = lib.openmpt_module_get_pattern_row_channel_command
        for p in pats:
            if not 0 <= p < npat:
                continue  # order-list separators (+++ / ---)
            for r in range(lib.openmpt_module_get_pattern_num_rows(m, p)):
                for c in range(nch):
                    v = get(m, p, r, c, CMD_INSTRUMENT)
                    if v:
                        used.add(v - 1)
        return used

    def mute_all_but(self, keep) -> None:
        it = _Interactive()
        if self._lib.openmpt_module_ext_get_interface(self._ext, b"interactive", C.byref(it),
                                                      C.sizeof(it)) != 1:
            raise RuntimeError("libopenmpt has no 'interactive' interface")
        set_mute = _SET_MUTE(it.set_instrument_mute_status)
        keep = set(keep)
        for i in range(len(self.units()[1])):
            if not set_mute(self._ext, i, 0 if i in keep else 1):
                raise RuntimeError(f"cannot mute unit {i}")

    def render(self) -> np.ndarray:
        """(frames, 2) float32 at 44.1 kHz from the current position to the end of the song."""
        chunks, buf = [], np.empty((CHUNK, 2), np.float32)
        read = self._lib.openmpt_module_read_interleaved_float_stereo
        while True:
            k = read(self._mod, SR, CHUNK, buf.ctypes.data)
            if k == 0:
                break
            chunks.append(buf[:k].copy())
        return np.concatenate(chunks) if chunks else np.zeros((0, 2), np.float32)


def render(data: bytes, keep=None) -> np.ndarray:
    """Render a module once; keep=None plays everything, else only those units are audible."""
    with Module(data) as m:
        if keep is not None:
            m.mute_all_but(keep)
        return m.render()
