"""Weight-space interpolation (models/tools/interpolate.py): its ends are the two checkpoints."""

import os
import tempfile
import unittest

import torch

from models import console_net as cn
from models import networks
from models.tools import interpolate

TINY, TINY_REVERB = "console_cond2_tiny", "console_cond2_reverb_tiny"


def checkpoint(preset: str, seed: int) -> dict:
    """A training checkpoint of `preset` whose weights are not the untrained ones."""
    torch.manual_seed(seed)
    model = cn.build_console(preset)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.1 * torch.randn_like(p))
    return {"family": "console", "preset": preset, "state_dict": model.state_dict(), "epoch": 3}


class Interpolate(unittest.TestCase):
    def test_ends_and_midpoint(self):
        start, end = checkpoint(TINY_REVERB, 1), checkpoint(TINY_REVERB, 2)
        s, e = start["state_dict"], end["state_dict"]
        at0 = interpolate.interpolate(s, e, 0.0)
        at1 = interpolate.interpolate(s, e, 1.0)
        mid = interpolate.interpolate(s, e, 0.5)
        for key in e:
            torch.testing.assert_close(at0[key], s[key], rtol=0, atol=0)
            torch.testing.assert_close(at1[key], e[key], rtol=0, atol=0)
            torch.testing.assert_close(mid[key], (s[key] + e[key]) / 2)

    def test_start_in_a_preset_with_a_closed_send(self):
        # The fine-tune started from a console without a send: theta(0) must be that console
        # with its send closed, so that alpha = 0 mixes exactly as the start did.
        start, end = checkpoint(TINY, 3), checkpoint(TINY_REVERB, 4)
        state = interpolate.start_state(start, end)
        self.assertEqual(set(state), set(end["state_dict"]))
        for key, value in start["state_dict"].items():
            torch.testing.assert_close(state[key], value, rtol=0, atol=0)
        sends = [k for k in state if k.startswith(cn.NEUTRAL_ADDITIONS)]
        self.assertTrue(sends)
        for key in sends:
            self.assertEqual(state[key].abs().max().item(), 0.0)

    def test_mismatched_checkpoints_are_refused(self):
        s = checkpoint(TINY_REVERB, 5)["state_dict"]
        e = dict(s)
        e.pop(next(iter(e)))
        with self.assertRaises(ValueError):
            interpolate.interpolate(s, e, 0.5)

    def test_cli_writes_a_checkpoint_the_exporter_loads(self):
        with tempfile.TemporaryDirectory() as tmp:
            paths = [os.path.join(tmp, n) for n in ("a.pt", "b.pt", "mid.pt")]
            torch.save(checkpoint(TINY, 6), paths[0])
            torch.save(checkpoint(TINY_REVERB, 7), paths[1])
            rc = interpolate.main(["--start", paths[0], "--end", paths[1], "--alpha", "0.25",
                                   "-o", paths[2]])
            self.assertEqual(rc, 0)
            blob = torch.load(paths[2], map_location="cpu")
            self.assertEqual(blob["interpolation"]["alpha"], 0.25)
            model = networks.build(blob["family"], blob["preset"])
            model.load_state_dict(blob["state_dict"], strict=True)

    def test_the_output_may_not_be_an_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            start, end = os.path.join(tmp, "a.pt"), os.path.join(tmp, "b.pt")
            torch.save(checkpoint(TINY, 8), start)
            torch.save(checkpoint(TINY_REVERB, 9), end)
            before = open(end, "rb").read()
            with self.assertRaises(SystemExit):
                interpolate.main(["--start", start, "--end", end, "--alpha", "0.5", "-o", end])
            self.assertEqual(open(end, "rb").read(), before)


if __name__ == "__main__":
    unittest.main()
