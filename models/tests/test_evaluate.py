"""evaluate's session-gains input: seeded per song, within the spread, exact, never in the corpus."""

import os
import tempfile
import unittest

import numpy as np
import soundfile as sf

from models import evaluate as ev


class SessionGains(unittest.TestCase):
    def test_gains_are_within_the_spread_repeatable_and_differ_between_songs(self):
        stems = [f"stem{i}.wav" for i in range(40)]
        a = ev.session_gains_db("SongA", stems, 10.0)
        self.assertEqual(a, ev.session_gains_db("SongA", list(reversed(stems)), 10.0))
        self.assertNotEqual(a, ev.session_gains_db("SongB", stems, 10.0))
        self.assertTrue(all(-10.0 <= g <= 10.0 for g in a.values()))
        # 40 uniform draws over +-10 dB: a spread this narrow would mean the gains are not used
        self.assertGreater(max(a.values()) - min(a.values()), 10.0)

    def test_stems_are_scaled_exactly_and_the_corpus_is_left_alone(self):
        with tempfile.TemporaryDirectory() as tmp:
            dry = os.path.join(tmp, "corpus", "songs", "SongA", "dry")
            os.makedirs(dry)
            rng = np.random.default_rng(0)
            sources = {}
            for name in ("Bass.wav", "Lead Vox.flac"):
                x = (0.3 * rng.standard_normal((4410, 2))).clip(-1, 1).astype(np.float32)
                sf.write(os.path.join(dry, name), x, 44100,
                         subtype="FLOAT" if name.endswith(".wav") else "PCM_24")
                sources[name] = sf.read(os.path.join(dry, name), dtype="float32")[0]
            with open(os.path.join(dry, "notes.txt"), "w") as f:
                f.write("not audio")
            before = {n: os.stat(os.path.join(dry, n)).st_mtime_ns for n in os.listdir(dry)}

            out = os.path.join(tmp, "eval")
            folder = ev.input_stems(os.path.join(tmp, "corpus"), out, "SongA", ev.SESSION_GAINS,
                                    6.0)
            self.assertTrue(folder.startswith(out))
            self.assertEqual(sorted(os.listdir(folder)), ["Bass.wav", "Lead Vox.wav"])
            gains = ev.session_gains_db("SongA", sources, 6.0)
            for name, x in sources.items():
                y, sr = sf.read(os.path.join(folder, os.path.splitext(name)[0] + ".wav"),
                                dtype="float32")
                self.assertEqual(sr, 44100)
                np.testing.assert_allclose(y, x * np.float32(10 ** (gains[name] / 20)),
                                           rtol=1e-6, atol=1e-9)
            self.assertEqual(before, {n: os.stat(os.path.join(dry, n)).st_mtime_ns
                                      for n in os.listdir(dry)})
            self.assertFalse(os.path.exists(folder + ".partial"))
            # a rerun reuses the folder rather than rewriting it
            stamp = os.stat(os.path.join(folder, "Bass.wav")).st_mtime_ns
            ev.input_stems(os.path.join(tmp, "corpus"), out, "SongA", ev.SESSION_GAINS, 6.0)
            self.assertEqual(stamp, os.stat(os.path.join(folder, "Bass.wav")).st_mtime_ns)

    def test_corpus_variants_are_read_in_place(self):
        self.assertEqual(ev.input_stems("/c", "/o", "S", "wet", 10.0),
                         os.path.join("/c", "songs", "S", "wet"))


if __name__ == "__main__":
    unittest.main()
