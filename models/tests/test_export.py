"""Export tests: the trace is length-generic and the metadata travels inside the file."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import automix_net as an  # noqa: E402
import export  # noqa: E402


class TraceGeneralises(unittest.TestCase):
    def test_trace_matches_eager_at_other_lengths_and_batch(self):
        torch.manual_seed(3)
        model = an.build_model("n16_small").eval()
        traced = export.trace(model, length=3200, verify_length=5312)
        for shape in [(1, 8, 3200), (1, 8, 5312), (2, 8, 4480), (1, 8, 64)]:
            with self.subTest(shape=shape), torch.no_grad():
                x = 0.1 * torch.randn(*shape)
                self.assertLess((traced(x) - model(x)).abs().max().item(), 1e-6)


class ExportScript(unittest.TestCase):
    def test_export_writes_metadata_and_reference_output(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "m.pt")
            x = (0.1 * np.random.default_rng(0).standard_normal((8, 1920))).astype("<f4")
            x.tofile(os.path.join(tmp, "in.f32"))
            subprocess.run([sys.executable, os.path.join(HERE, "..", "export.py"), "--random",
                            "--seed", "5", "--preset", "n16_small", "-o", path,
                            "--reference-input", os.path.join(tmp, "in.f32"),
                            "--reference-output", os.path.join(tmp, "out.f32")], check=True)
            extra = {export.METADATA_FILE: ""}
            loaded = torch.jit.load(path, _extra_files=extra)
            meta = json.loads(extra[export.METADATA_FILE])
            self.assertEqual(meta["format_version"], export.FORMAT_VERSION)
            self.assertEqual(meta["sample_rate"], 44100)
            self.assertEqual(meta["stem_order"], ["vocals", "bass", "drums", "other"])
            self.assertEqual(meta["length_multiple"], 64)
            self.assertEqual(meta["parameter_count"], 280_921)
            self.assertFalse(meta["trained"])
            self.assertIn("RANDOM", meta["provenance"])
            self.assertEqual(meta["recommended_segment_samples"] % 64, 0)
            # The eager reference written by the script equals the saved trace's output.
            ref = np.fromfile(os.path.join(tmp, "out.f32"), dtype="<f4").reshape(2, -1)
            with torch.no_grad():
                y = loaded(torch.from_numpy(x)[None])[0].numpy()
            self.assertLess(np.abs(y - ref).max(), 1e-6)

    def test_checkpoint_round_trip_is_marked_trained(self):
        with tempfile.TemporaryDirectory() as tmp:
            torch.manual_seed(4)
            model = an.build_model("n16_small")
            ckpt = os.path.join(tmp, "ckpt.pt")
            torch.save({"config": model.cfg.as_dict(), "state_dict": model.state_dict(),
                        "provenance": "unit test"}, ckpt)
            out = os.path.join(tmp, "m.pt")
            self.assertEqual(export.main(["--checkpoint", ckpt, "-o", out]), 0)
            extra = {export.METADATA_FILE: ""}
            torch.jit.load(out, _extra_files=extra)
            meta = json.loads(extra[export.METADATA_FILE])
            self.assertTrue(meta["trained"])
            self.assertEqual(meta["provenance"], "unit test")
            self.assertEqual(meta["sizes"]["n_features"], 16)


if __name__ == "__main__":
    unittest.main()
