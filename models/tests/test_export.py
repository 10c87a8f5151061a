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
from models import automix_net as an
from models import console_net as cn
from models import export, fx_account


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
            subprocess.run([sys.executable, "-m", "models.export", "--random",
                            "--seed", "5", "--preset", "n16_small", "-o", path,
                            "--reference-input", os.path.join(tmp, "in.f32"),
                            "--reference-output", os.path.join(tmp, "out.f32")], check=True,
                           cwd=os.path.join(HERE, "..", ".."))
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
            ref = np.fromfile(os.path.join(tmp, "out.f32"), dtype="<f4").reshape(10, -1)
            with torch.no_grad():
                y = loaded(torch.from_numpy(x)[None])[0].numpy()
            self.assertLess(np.abs(y - ref).max(), 1e-6)
            # Format 2: the contributions sum to the mix, and the mix is the plain network's.
            self.assertEqual(meta["contribution_channels"], 8)
            self.assertLess(np.abs(y[2:].reshape(4, 2, -1).sum(0) - y[:2]).max(), 1e-5)
            torch.manual_seed(5)
            plain = an.build_model("n16_small").eval()
            with torch.no_grad():
                mix = plain(torch.from_numpy(x)[None])[0].numpy()
            self.assertLess(np.abs(mix - y[:2]).max(), 1e-5)

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


class ConsoleExport(unittest.TestCase):
    def test_console_trace_has_settings_and_exact_contributions(self):
        torch.manual_seed(2)
        model = cn.build_console("console_tiny").eval()
        with torch.no_grad():  # non-trivial settings
            for p in model.parameters():
                p.add_(0.1 * torch.randn_like(p))
        traced = export.trace(model, length=8192, verify_length=12288, format_version=2)
        x = 0.1 * torch.randn(3, 8, 20032)
        with torch.no_grad():
            y = traced(x)
            settings = traced.settings(x)
        self.assertEqual(tuple(y.shape), (3, 10, 20032))
        self.assertLess((y[:, 2:].reshape(3, 4, 2, -1).sum(1) - y[:, :2]).abs().max().item(), 1e-5)
        self.assertEqual(tuple(settings.shape), (3, 4, len(cn.SETTING_NAMES)))
        meta = export.make_metadata(model, "console_tiny", False, "test")
        self.assertEqual(meta["settings"]["names"], list(cn.SETTING_NAMES))
        self.assertEqual(meta["family"], "console")

    def test_conditioned_console_exports_format_3_with_its_account(self):
        for preset, version in (("console_cond_tiny", 1), ("console_cond2_tiny", 2)):
            with self.subTest(preset=preset):
                torch.manual_seed(3)
                model = cn.build_console(preset).eval()
                with torch.no_grad():
                    for p in model.parameters():
                        p.add_(0.1 * torch.randn_like(p))
                traced = export.trace(model, length=8192, verify_length=12288, format_version=3)
                x = 0.1 * torch.randn(2, 8, 16384)
                account = 6.0 * torch.randn(2, 4, fx_account.size(version))
                with torch.no_grad():
                    y, settings = traced.mix_and_settings(x, account)
                    y_eager, settings_eager = model.mix_and_settings(x, account)
                    y_other = traced(x, torch.zeros_like(account))
                self.assertLess((y - y_eager).abs().max().item(), 1e-5)
                self.assertLess((settings - settings_eager).abs().max().item(), 1e-4)
                self.assertGreater((y - y_other).abs().max().item(), 1e-3, "account not used")
                meta = export.make_metadata(model, preset, False, "test", format_version=3)
                self.assertEqual(meta["conditioning"]["version"], version)
                self.assertEqual(meta["conditioning"]["size"], fx_account.size(version))
                self.assertEqual(meta["conditioning"]["fields"], list(fx_account.FIELDS[version]))
                self.assertEqual(meta["settings"]["method"], "mix_and_settings")
                with self.assertRaises(ValueError):
                    export.trace(model, length=8192, verify_length=12288, format_version=2)

    def test_untrained_version_2_console_undoes_flat_gain_and_eq_curve(self):
        # "Normalize" four noise stems the way the account describes (a flat gain and a
        # 1/6-octave EQ curve with detail between the octave centres), then let the untrained
        # console read the account: it must give back the stems' own sum (the dry mix).
        rng = np.random.default_rng(8)
        n = 4 * 44100
        dry = 0.05 * rng.standard_normal((4, 2, n))
        freqs = np.fft.rfftfreq(n, 1 / 44100)
        position = np.clip(np.log2(np.clip(freqs, 1, None) / fx_account.SIXTH_OCTAVE_LOW_HZ) * 6,
                           0, fx_account.SIXTH_OCTAVE_POINTS - 1)
        account = np.zeros((4, fx_account.size(2)), np.float32)
        normalized = np.zeros_like(dry)
        for s in range(4):
            curve = 6.0 * np.sin(np.arange(fx_account.SIXTH_OCTAVE_POINTS) * (0.9 + 0.3 * s))
            gain_db = -12.0 + 5.0 * s
            account[s, 0], account[s, 2:] = gain_db, curve
            response = 10 ** (np.interp(position, np.arange(len(curve)), curve) / 20)
            normalized[s] = np.fft.irfft(np.fft.rfft(dry[s], axis=-1) * response, n=n,
                                         axis=-1) * 10 ** (gain_db / 20)
        model = cn.build_console("console_cond2").eval()
        x = torch.from_numpy(normalized.reshape(1, 8, n).astype(np.float32))
        with torch.no_grad():
            undone = model(x, torch.from_numpy(account)[None])[0, :2].numpy()
            ignored = model(x, torch.zeros(1, 4, fx_account.size(2)))[0, :2].numpy()
        target = dry.sum(axis=0)
        inner = slice(4096, n - 4096)  # away from the ends, where the STFT frames are partial

        def relative(y):
            return np.sum((y[:, inner] - target[:, inner])**2) / np.sum(target[:, inner]**2)

        self.assertLess(relative(undone), 1e-2)  # within -20 dB of the dry sum
        self.assertGreater(relative(ignored), 0.3)

    def test_untrained_console_is_a_unity_console(self):
        # Zero-initialised heads: gain 0 dB, no EQ, centre, width 1, ratio ~1: the mix is ~the sum.
        model = cn.build_console("console_tiny").eval()
        x = 0.05 * torch.randn(1, 8, 44100)
        with torch.no_grad():
            y = model(x)
        plain_sum = x.reshape(1, 4, 2, -1).sum(1)
        err = (y[:, :2] - plain_sum).pow(2).mean() / plain_sum.pow(2).mean()
        self.assertLess(err.item(), 1e-3)

    def test_format_1_still_exports_for_the_waveform_family(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "m.pt")
            export.main(["--random", "--preset", "n16_small", "--format-version", "1", "-o", out])
            extra = {export.METADATA_FILE: ""}
            loaded = torch.jit.load(out, _extra_files=extra)
            self.assertEqual(json.loads(extra[export.METADATA_FILE])["format_version"], 1)
            with torch.no_grad():
                self.assertEqual(tuple(loaded(torch.zeros(1, 8, 1280)).shape), (1, 2, 1280))


class CacheIdentity(unittest.TestCase):
    def test_only_the_songs_a_run_read_must_share_one_normalization(self):
        with tempfile.TemporaryDirectory() as cache:
            for song, code in (("a", "tree1"), ("b", "tree1"), ("c", "tree2")):
                folder = os.path.join(cache, song, "dry")
                os.makedirs(folder)
                with open(os.path.join(folder, "cache.json"), "w") as f:
                    json.dump({"fx_normalization": code, "source_commit": song * 4,
                               "fx_normalization_report": {"mode": "default", "version": "v"}}, f)
            with self.assertRaises(SystemExit):
                export.cache_fxnorm(cache)
            info = export.cache_fxnorm(cache, ["a", "b"])
            self.assertEqual(info["code"], "tree1")
            self.assertEqual(info["source_commit"], "aaaa+bbbb")


if __name__ == "__main__":
    unittest.main()
