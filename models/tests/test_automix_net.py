"""Unit tests of the network definition (docs/reference.md#network-layers) and the FFT depthwise conv."""

import math
import unittest

import torch
import torch.nn.functional as F

from models import automix_net as an


class ParameterCounts(unittest.TestCase):
    def test_paper_total_and_per_module_match_spec(self):
        model = an.build_model("paper")
        # Oracle: docs/reference.md#network-sizes (the reference module's count, as its training log).
        self.assertEqual(an.count_parameters(model), 2_752_817)
        self.assertEqual(an.parameters_by_module(model), {
            "conv_1": 65_536, "conv_2": 16_384, "layerNorm": 256, "bottleneck_conv1x1": 33_024,
            "repeats": 1_804_848, "output": 8_321, "blstm": 297_984, "se_block": 526_464})
        # Each temporal block has 75,202 parameters (same section).
        self.assertEqual(an.count_parameters(model.repeats[0][0]), 75_202)

    def test_small_presets_match_model_cost_table(self):
        # Oracle: the parameter counts of an independent re-implementation of these presets
        # (docs/model.md, "Presets and parameter counts").
        expected = {"n64": 2_074_161, "n32": 1_888_433, "n32_small": 332_313,
                    "n16_small": 280_921}
        for preset, count in expected.items():
            with self.subTest(preset=preset):
                self.assertEqual(an.count_parameters(an.build_model(preset)), count)

    def test_paper_state_dict_keys_follow_reference_names(self):
        keys = set(an.build_model("paper").state_dict())
        for key in ["conv_1.weight", "conv_2.0.weight", "layerNorm.weight",
                    "repeats.3.5.res_out.weight", "output.0.weight", "output.1.bias",
                    "blstm.weight_hh_l2_reverse", "se_block.net.0.weight", "se_block.net.2.bias"]:
            self.assertIn(key, keys)
        self.assertEqual(tuple(an.build_model("paper").blstm.weight_ih_l1.shape), (256, 128))


class Forward(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = an.build_model("n16_small").eval()

    def test_length_not_multiple_of_64_is_rejected(self):
        for length in (100, 6401, 63):
            with self.subTest(length=length), self.assertRaises(ValueError):
                self.model(torch.zeros(1, 8, length))
        with self.assertRaises(ValueError):
            self.model(torch.zeros(1, 6, 640))

    def test_output_is_stereo_same_length_bounded(self):
        with torch.no_grad():
            y = self.model(0.1 * torch.randn(2, 8, 1280))
        self.assertEqual(tuple(y.shape), (2, 2, 1280))
        self.assertLess(y.abs().max().item(), 1.0)

    def test_decoder_matches_explicit_formula_of_step_14(self):
        # y[c, t] = sum_i sum_k W[i, c, k] z[i, t - k + 31] over 31 <= t-k+31 <= T-33, summed over stems.
        torch.manual_seed(1)
        n, length = 4, 192
        w = torch.randn(n, 8, 64, dtype=torch.float64)
        z = torch.randn(1, n, length, dtype=torch.float64)
        model = an.AutomixNet(an.MixerConfig(n_features=n, lstm_hidden=2, repeats=1,
                                             blocks_per_repeat=1)).double()
        with torch.no_grad():
            model.conv_1.weight.copy_(w)
        got = F.conv_transpose1d(z[..., 31:-32], model.decoder_weight())[0]
        expected = torch.zeros(8, length, dtype=torch.float64)
        for t in range(length):
            for k in range(64):
                j = t - k + 31
                if 31 <= j <= length - 33:
                    expected[:, t] += (w[:, :, k] * z[0, :, j:j + 1]).sum(dim=0)
        expected = expected.reshape(4, 2, length).sum(dim=0)
        self.assertLess((got - expected).abs().max().item(), 1e-10)

    def test_summed_decoder_equals_per_stem_decoder(self):
        x = 0.1 * torch.randn(1, 8, 2560)
        with torch.no_grad():
            y_sum = self.model(x)
            self.model.summed_decoder = False
            y_ref = self.model(x)
        self.assertLess((y_sum - y_ref).abs().max().item(), 1e-5)

    def test_fft_depthwise_equals_direct_conv(self):
        x = torch.randn(2, 16, 20000, dtype=torch.float64)
        w = torch.randn(16, 1, 128, dtype=torch.float64)
        pad = an.same_padding(128)
        direct = F.conv1d(F.pad(x, pad), w, groups=16)
        fft = an.fft_depthwise_conv1d(x, w, pad, frame=1024)
        self.assertEqual(fft.shape, direct.shape)
        self.assertLess((fft - direct).abs().max().item(), 1e-9)

    def test_fft_depthwise_model_equals_direct_model(self):
        x = 0.1 * torch.randn(1, 8, 9600)
        with torch.no_grad():
            y_direct = self.model(x)
            self.model.fft_depthwise = True
            y_fft = self.model(x)
        self.assertLess((y_direct - y_fft).abs().max().item(), 1e-5)


class ChronoInit(unittest.TestCase):
    def test_lstm_biases_follow_chrono_rule(self):
        model = an.build_model("paper")
        n = model.cfg.lstm_hidden
        names = [k for k, _ in model.blstm.named_parameters() if k.startswith("bias")]
        self.assertEqual(len(names), 12)  # ih + hh, 3 layers, 2 directions
        for name in names:
            b = getattr(model.blstm, name)
            forget = b[n:2 * n]
            self.assertTrue(bool((forget >= 0).all()) and bool((forget <= math.log(31)).all()))
            self.assertTrue(torch.equal(b[0:n], -forget))
            self.assertTrue(bool((b[2 * n:] == 0).all()))
            self.assertGreater(forget.std().item(), 0.1)  # actually random, not constant


if __name__ == "__main__":
    unittest.main()
