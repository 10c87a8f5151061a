"""corpus_io.write_wav: silent stems are written sparse, and every file reads back unchanged."""

import os
import tempfile
import unittest

import numpy as np
import soundfile as sf

from models.data import corpus_io as cio


class SparseSilence(unittest.TestCase):
    def test_silent_and_sounding_stems_read_back_exactly(self):
        with tempfile.TemporaryDirectory() as tmp:
            silent = np.zeros((441000, 2), np.float32)
            tone = silent.copy()
            tone[1000:2000] = 0.5  # mostly zeros, but not silent
            for name, x in (("silent", silent), ("tone", tone)):
                path = os.path.join(tmp, name + ".wav")
                cio.write_wav(path, x)
                back, sr = sf.read(path, dtype="float32")
                self.assertEqual(sr, cio.SR)
                np.testing.assert_array_equal(back, x)
            blocks = os.stat(os.path.join(tmp, "silent.wav")).st_blocks * 512
            size = os.stat(os.path.join(tmp, "silent.wav")).st_size
            if blocks >= size:
                self.skipTest("this file system keeps no holes (or fallocate is missing)")
            self.assertLess(blocks, size / 10)


if __name__ == "__main__":
    unittest.main()
