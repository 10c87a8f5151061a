"""Tracker corpus source: the grouping rule, and (with libopenmpt0) that group renders of a tiny
generated MOD sum to the module's full render and build a valid corpus song."""

import os
import struct
import tempfile
import types
import unittest

import numpy as np

from models.data import openmpt
from models.data import tracker_corpus as T


def tiny_mod() -> bytes:
    """A 4-channel ProTracker MOD ('M.K.') with one 64-row pattern and two 256-byte samples:
    1 'Bass' (a low square wave) on channel 0 and 2 'Snare' (a noise burst) on channel 1."""
    def sample_header(name, length):
        # name[22], length in words, finetune, volume 64, loop start 0, loop length 1 (= no loop)
        return name.encode().ljust(22, b"\0") + struct.pack(">HBBHH", length // 2, 0, 64, 0, 1)
    head = b"tiny test".ljust(20, b"\0") + sample_header("Bass", 256) + sample_header("Snare", 256)
    head += sample_header("", 0) * 29
    head += bytes([1, 127]) + bytes(128) + b"M.K."          # song length 1, order 0 = pattern 0
    def cell(sample, period):
        return bytes([(sample & 0xF0) | (period >> 8), period & 0xFF, (sample & 0x0F) << 4, 0])
    rows = []
    for r in range(64):
        ch0 = cell(1, 428) if r % 8 == 0 else bytes(4)       # bass every 8 rows (C-2)
        ch1 = cell(2, 214) if r % 8 == 4 else bytes(4)       # snare on the off-beats
        rows.append(ch0 + ch1 + bytes(8))
    square = bytes((100 if (i // 32) % 2 else -100) & 0xFF for i in range(256))
    rng = np.random.default_rng(1)
    noise = (rng.integers(-100, 100, 256) * np.linspace(1, 0, 256)).astype(np.int8).tobytes()
    return head + b"".join(rows) + square + noise


class GroupingRule(unittest.TestCase):
    def test_names(self):
        cases = {"BassDrum": "drums", "st-01:kick": "drums", "Snare 2": "drums", "SN": "drums",
                 "CHH": "drums", "loudsnare:*": "drums", "Bass 1": "bass", "slap bass": "bass", "Piano": "other",
                 "strings": "other", "Lead": "other"}
        for name, group in cases.items():
            self.assertEqual(T.classify_name(name)[0], group, name)

    def test_names_that_say_nothing(self):
        for name in ("", "music by reg", "*  Converted with  *", "(4/11/99)",
                     "Song and vocals by", "and some other ppl", "choir"):
            self.assertIsNone(T.classify_name(name), name)

    def test_instrument_falls_back_to_its_sample_names(self):
        self.assertEqual(T.classify_instrument("credits", ["", "Snare Hard"])[0], "drums")
        self.assertEqual(T.classify_instrument("Lead", ["Kick"])[0], "other")  # own name first
        self.assertIsNone(T.classify_instrument("", ["Kick", "Bass 2"]))      # disagree: audio

    def test_split_never_test(self):
        splits = {T.tracker_split(f"tracker-x-{i}") for i in range(200)}
        self.assertEqual(splits, {"train", "validation"})

    def test_unused_units_are_grouped_without_rendering(self):
        units = T.group_units(b"", "sample", ["", "Bass", "credits"], used=set())
        self.assertEqual([u["group"] for u in units], ["other", "bass", "other"])
        self.assertEqual([u["group_source"] for u in units], ["unused", "rules", "unused"])


@unittest.skipIf(openmpt.library() is None, "libopenmpt0 not installed")
class TinyModule(unittest.TestCase):
    def test_group_stems_sum_to_full_render(self):
        data = tiny_mod()
        with openmpt.Module(data) as m:
            kind, names = m.units()
            self.assertEqual((kind, names[:2]), ("sample", ["Bass", "Snare"]))
            self.assertEqual(m.used_units(), {0, 1})
        full = openmpt.render(data)
        self.assertGreater(full.shape[0], 44100)  # one 64-row pattern at speed 6 is ~7.7 s
        bass, drums = openmpt.render(data, {0}), openmpt.render(data, {1})
        for x in (bass, drums):
            self.assertEqual(x.shape, full.shape)
            self.assertGreater(float(np.max(np.abs(x))), 0.01)
        snr, max_err = T.snr_db(full, bass + drums)
        self.assertGreater(snr, T.MIN_SNR_DB)
        self.assertLess(max_err, 1e-5)

    def test_build_song(self):
        from models.data import corpus_io as cio
        from models.data import verify_corpus
        with tempfile.TemporaryDirectory() as out:
            path = os.path.join(out, "tiny.mod")
            with open(path, "wb") as f:
                f.write(tiny_mod())
            job = {"name": "tracker-test-tiny", "path": path, "file": "/tiny.mod",
                   "package": "none", "version": "0", "licence": "CC0-1.0"}
            r = T.build_song(job, out, types.SimpleNamespace(skip_existing=False))
            self.assertEqual(r["status"], "ok")
            song = cio.load_json(os.path.join(out, "songs", job["name"], "song.json"))
            self.assertEqual((song["source"], song["human_mix"], song["has_dry"]),
                             ("tracker", True, False))
            self.assertEqual(song["groups"]["bass"], ["Bass"])
            self.assertEqual(song["groups"]["drums"], ["Snare"])
            self.assertTrue(song["stems"]["vocals"]["silent"])
            self.assertFalse(os.path.exists(os.path.join(out, "songs", job["name"], "dry")))
            entry = {"path": f"songs/{job['name']}"}
            self.assertEqual(verify_corpus.verify_song(out, entry, song), [])


if __name__ == "__main__":
    unittest.main()
