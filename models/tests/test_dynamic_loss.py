"""The dynamic feature loss (losses.dynamic_feature_loss): the evaluation's dynamic features on a
crop. The C++ evaluation as the oracle (when ctest gives its executable in $AUTOMIX), closed-form
values of a sine, invariance to level, and that it tells compressed audio from the original."""

import json
import math
import os
import subprocess
import tempfile
import unittest

import numpy as np
import soundfile as sf
import torch

from models import losses

SR = 44100


def sine(seconds: float = 2.0, amplitude: float = 0.3, hz: float = 441.0) -> torch.Tensor:
    # Half a sample of phase: no sample falls on a zero crossing, whose log would be the floor.
    t = (torch.arange(int(seconds * SR), dtype=torch.float64) + 0.5) / SR
    return (amplitude * torch.sin(2 * math.pi * hz * t)).expand(1, 2, -1).clone()


class DynamicFeatures(unittest.TestCase):
    def test_sine_has_the_closed_form_features(self):
        # Peak-normalised to -1 dBFS, a sine's RMS is -1 - 3.0103 dB; its spread is the mean of
        # 20 log10|sin| relative to the RMS: 20 log10(1/2) + 3.0103 = -3.0103 dB (exact, for a
        # continuous sine; 100 samples per period read 0.12 dB higher, and 4096 samples hold 40.96
        # periods, hence 0.2 dB).
        rms_feature, spread_feature, crest = losses.dynamic_features(sine())[0].mean(-1)
        rms_db = -1.0 - 10 * math.log10(2)
        self.assertAlmostEqual(float(rms_feature), -rms_db + 1, delta=0.01)
        self.assertAlmostEqual(float(spread_feature), 10 * math.log10(2) + 1, delta=0.2)
        self.assertAlmostEqual(float(crest), -1.0 / rms_db, delta=0.01)

    def test_zero_for_the_same_signal_at_any_level(self):
        x = sine() * torch.linspace(0.2, 1.0, sine().shape[-1], dtype=torch.float64)
        self.assertLess(float(losses.dynamic_feature_loss(0.01 * x, x)), 1e-9)

    def test_sees_compression_and_is_bounded(self):
        envelope = 0.05 + 0.95 * (torch.arange(2 * SR, dtype=torch.float64) % 11025 < 2000)
        drums = sine(amplitude=1.0) * envelope  # loud hits, quiet between them
        squashed = sine(amplitude=1.0) * envelope.sqrt()  # the same hits, 2:1 compressed
        loss = float(losses.dynamic_feature_loss(squashed, drums))
        self.assertGreater(loss, 0.05)
        self.assertLessEqual(loss, 1.0)
        milder = sine(amplitude=1.0) * envelope ** 0.75
        self.assertLess(float(losses.dynamic_feature_loss(milder, drums)), loss)

    def test_gradient_is_finite_on_digital_silence(self):
        x = sine()
        x[..., : SR // 2] = 0.0
        out = (0.5 * x).requires_grad_()
        losses.dynamic_feature_loss(out, x + 0.01 * sine(hz=50)).backward()
        self.assertTrue(torch.isfinite(out.grad).all())

    def test_mix_loss_adds_the_weighted_term(self):
        target, output = sine(), sine(amplitude=0.2, hz=450)
        spectral, _ = losses.mix_loss(output, target)
        combined, terms = losses.mix_loss(output, target, dynamic_weight=10.0)
        self.assertAlmostEqual(float(combined), float(spectral) + 10.0 * terms["dynamic"], places=6)


class AgainstTheEvaluation(unittest.TestCase):
    """With the evaluation's own floor (1e-30), the loss is `automix eval`'s bounded dynamic
    score: same frames, projections, running mean and error, so training optimises what the bars
    measure. The signals include digital silence, where the floor decides the values."""

    def test_matches_automix_eval(self):
        automix = os.environ.get("AUTOMIX")
        if not automix or not os.path.isfile(automix):
            self.skipTest("$AUTOMIX (the built executable) not given; ctest sets it")
        rng = np.random.default_rng(5)
        n = 6 * SR
        t = np.arange(n) / SR
        gate = (np.sin(2 * np.pi * 1.5 * t) > -0.3).astype(np.float64)
        reference = np.stack([np.sin(2 * np.pi * 220 * t) * gate,
                              0.5 * rng.standard_normal(n) * (0.2 + gate)], 1) * 0.4
        reference[SR: SR + SR // 2] = 0.0  # half a second of digital silence
        estimate = np.tanh(3 * reference) * 0.3 + 0.01 * rng.standard_normal((n, 2))
        with tempfile.TemporaryDirectory() as tmp:
            paths = [os.path.join(tmp, name) for name in ("estimate.wav", "reference.wav")]
            for path, x in zip(paths, (estimate, reference)):
                sf.write(path, x.astype(np.float32), SR, subtype="FLOAT")
            out = subprocess.run([automix, "eval", paths[0], "--reference", paths[1],
                                  "--no-align", "--no-trim", "--json"],
                                 capture_output=True, text=True, check=True)
        expected = json.loads(out.stdout)["errors"]["bounded"]["dynamic"]

        def features(x):  # the float32 samples the executable read, in double precision
            return losses.dynamic_features(
                torch.from_numpy(x.astype(np.float32).astype(np.float64).T.copy())[None], 1e-30)

        per_feature = losses.bounded_error(features(reference), features(estimate)).mean(-1)[0]
        for value, key in zip(per_feature.tolist(), ("rms", "dynamic_spread", "crest")):
            self.assertAlmostEqual(value, expected[key], delta=1e-6, msg=key)
        self.assertGreater(expected["dynamic_spread"], 0.01)  # the signals do differ


if __name__ == "__main__":
    unittest.main()
