"""Training curves (models/tools/plot_log.py): every logged loss becomes a point."""

import json
import os
import tempfile
import unittest

from models.tools import plot_log


def write_log(folder: str, entries) -> str:
    os.makedirs(folder)
    with open(os.path.join(folder, "log.jsonl"), "w") as f:
        for e in entries:
            f.write(json.dumps(e) + "\n")
    return folder


class PlotLog(unittest.TestCase):
    def test_a_fine_tune_starts_at_epoch_0_with_validation_only(self):
        with tempfile.TemporaryDirectory() as tmp:
            run = write_log(os.path.join(tmp, "tuned"), [
                {"epoch": 0, "validation": {"mean": 2.0}},
                {"epoch": 1, "train_loss": 3.0, "validation": {"mean": 1.9}},
                {"epoch": 2, "train_loss": 2.5, "validation": {"mean": float("inf")}}])
            log = plot_log.read_log(run)
            self.assertEqual(plot_log.points(log, "train_loss"), [(1, 3.0), (2, 2.5)])
            self.assertEqual(plot_log.points(log, "validation"), [(0, 2.0), (1, 1.9)])
            out = os.path.join(tmp, "curves.svg")
            self.assertEqual(plot_log.main([run, "-o", out]), 0)
            with open(out) as f:
                svg = f.read()
            self.assertEqual(svg.count("<polyline"), 2)
            self.assertIn("epoch (0 to 2)", svg)


if __name__ == "__main__":
    unittest.main()
