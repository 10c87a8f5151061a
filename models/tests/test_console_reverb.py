"""The console's reverb send: a fixed room, a send that starts at zero, exact contributions."""

import os
import unittest

import torch

from models import console_net as cn
from models import export, fx_account, train

TINY, TINY_REVERB = "console_cond2_tiny", "console_cond2_reverb_tiny"


def perturbed(preset: str, seed: int) -> cn.ConsoleNet:
    """A console of `preset` with non-trivial weights (an untrained one is a unity console)."""
    torch.manual_seed(seed)
    model = cn.build_console(preset).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return model


class Room(unittest.TestCase):
    def test_room_decays_by_its_rt60_and_is_stereo(self):
        ir = cn.reverb_ir(0.8, 1.0).double()
        self.assertEqual(tuple(ir.shape), (2, 44100))
        for channel in ir:
            self.assertAlmostEqual(channel.pow(2).sum().item(), 1.0, places=5)
            # Schroeder's energy decay curve: -30 dB at half the RT60 (ISO 3382's T30 idea),
            # within 2 dB for a noise tail of this length.
            energy = channel.pow(2).flip(0).cumsum(0).flip(0)
            decay_db = 10 * torch.log10(energy[int(0.4 * 44100)] / energy[0]).item()
            self.assertAlmostEqual(decay_db, -30.0, delta=2.0)
        correlation = (ir[0] * ir[1]).sum().item()  # both have unit energy
        self.assertLess(abs(correlation), 0.1, "the two channels should be decorrelated")
        self.assertTrue(torch.equal(cn.reverb_ir(0.8, 1.0), cn.reverb_ir(0.8, 1.0)))


class Send(unittest.TestCase):
    def setUp(self):
        self.base = perturbed(TINY, 5)
        self.reverb = cn.build_console(TINY_REVERB).eval()
        self.reverb.load_state_dict(self.base.state_dict(), strict=False)
        torch.manual_seed(6)
        self.x = 0.1 * torch.randn(2, 8, 3 * 8192)
        self.account = 4.0 * torch.randn(2, 4, fx_account.size(2))

    def test_a_console_with_its_send_at_zero_mixes_as_the_preset_it_extends(self):
        with torch.no_grad():
            same = (self.reverb(self.x, self.account) - self.base(self.x, self.account))
        self.assertEqual(same.abs().max().item(), 0.0)

    def test_a_send_adds_the_room_inside_each_stems_contribution(self):
        with torch.no_grad():
            self.reverb.send_head.bias.copy_(torch.tensor([0.0, 0.5, 1.0, -1.0]))
            y, settings = self.reverb.mix_and_settings(self.x, self.account)
            dry = self.base(self.x, self.account)
        contributions = y[:, 2:].reshape(2, 4, 2, -1)
        self.assertLess((contributions.sum(dim=1) - y[:, :2]).abs().max().item(), 1e-5)
        changed = (y[:, 2:] - dry[:, 2:]).reshape(2, 4, 2, -1).abs().amax(dim=(0, 2, 3))
        self.assertEqual(changed[0].item(), 0.0, "a stem with send 0 must be untouched")
        self.assertTrue(bool((changed[1:] > 1e-4).all()), changed)
        names = self.reverb.setting_names
        self.assertEqual(names[-1], cn.REVERB_SETTING)
        expected_db = 20 * torch.log10(0.5 * torch.tanh(torch.tensor([0.5, 1.0, 1.0])))
        self.assertTrue(torch.allclose(settings[0, 1:, -1], expected_db, atol=1e-3))

    def test_an_impulse_comes_back_with_the_room_in_both_channels(self):
        # One stem (vocals) holds a centred click; with only its send open the difference to the
        # dry console is the room scaled by the send.
        with torch.no_grad():
            self.reverb.send_head.bias.copy_(torch.tensor([2.0, 0.0, 0.0, 0.0]))
            x = torch.zeros(1, 8, 4 * 8192)
            x[0, 0:2, 1000] = 0.5
            account = torch.zeros(1, 4, fx_account.size(2))
            wet = self.reverb(x, account)[0, :2] - self.base(x, account)[0, :2]
        tail = wet[:, 1000 + 2205:1000 + 22050]  # 50-500 ms after the click
        self.assertGreater(tail.abs().max().item(), 1e-4)
        self.assertLess(wet[:, :900].abs().max().item(), 1e-6, "the room must be causal")
        left_right = torch.nn.functional.cosine_similarity(tail[0], tail[1], dim=0).item()
        self.assertLess(abs(left_right), 0.3)

    def test_the_engine_window_gets_a_power_of_two_fft_and_no_wraparound(self):
        room = self.reverb.reverb_ir.shape[-1]
        self.assertEqual(export.RECOMMENDED_SEGMENT, cn.REVERB_WINDOW)
        self.assertEqual(cn.REVERB_WINDOW + cn.reverb_padding(room), cn.REVERB_FFT_LENGTH)
        self.assertGreaterEqual(cn.reverb_padding(room), room)
        # A click 1000 samples before the window's end: its room must not wrap around into the
        # window's start (a circular convolution would put the tail there).
        with torch.no_grad():
            self.reverb.send_head.bias.copy_(torch.tensor([2.0, 0.0, 0.0, 0.0]))
            x = torch.zeros(1, 8, cn.REVERB_WINDOW)
            x[0, 0:2, -1000] = 0.5
            account = torch.zeros(1, 4, fx_account.size(2))
            wet = self.reverb(x, account)[0, :2] - self.base(x, account)[0, :2]
        self.assertGreater(wet[:, -900:].abs().max().item(), 1e-4)
        self.assertLess(wet[:, :cn.REVERB_WINDOW - 1100].abs().max().item(), 1e-6)

    def test_the_trace_runs_the_room_at_any_window_length(self):
        with torch.no_grad():
            self.reverb.send_head.bias.fill_(1.0)
        traced = export.trace(self.reverb, length=8192, verify_length=12288, format_version=3)
        for length in (8192, 5 * 8192 + 1024, 1024):  # shorter than the room, too
            with self.subTest(length=length), torch.no_grad():
                x = 0.1 * torch.randn(1, 8, length)
                y, _ = traced.mix_and_settings(x, self.account[:1])
                y_eager, _ = self.reverb.mix_and_settings(x, self.account[:1])
                self.assertLess((y - y_eager).abs().max().item(), 1e-5)
        meta = export.make_metadata(self.reverb, TINY_REVERB, False, "test", format_version=3)
        self.assertEqual(meta["settings"]["names"], list(self.reverb.setting_names))


class FineTuning(unittest.TestCase):
    def test_init_from_accepts_a_preset_extended_only_by_the_send(self):
        blob = {"family": "console", "preset": TINY, "state_dict": perturbed(TINY, 7).state_dict()}
        model = cn.build_console(TINY_REVERB)
        train.load_init_weights(model, blob, {"init_from": "x", "preset": TINY_REVERB})
        self.assertTrue(torch.equal(model.undo_level, blob["state_dict"]["undo_level"]))

    def test_init_from_refuses_weights_that_do_not_fit(self):
        blob = {"family": "console", "preset": TINY_REVERB,
                "state_dict": cn.build_console(TINY_REVERB).state_dict()}
        with self.assertRaises(SystemExit):  # the checkpoint has a send the model lacks
            train.load_init_weights(cn.build_console(TINY), blob,
                                    {"init_from": "x", "preset": TINY})
        blob = {"family": "console", "preset": "console_cond2",
                "state_dict": cn.build_console("console_cond2").state_dict()}
        with self.assertRaises(SystemExit):  # another size
            train.load_init_weights(cn.build_console(TINY_REVERB), blob,
                                    {"init_from": "x", "preset": TINY_REVERB})


if __name__ == "__main__":
    unittest.main()
