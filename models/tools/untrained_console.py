#!/usr/bin/python3
"""The ablation of the model card: a conditioned console before its first training step.

    /usr/bin/python3 -m models.tools.untrained_console --config models/configs/console_cond.json \
        -o /tmp/untrained.ckpt && /usr/bin/python3 -m models.export --checkpoint /tmp/untrained.ckpt \
        -o /tmp/untrained.pt

It is built exactly as models/train.py builds a run's model at epoch 0 (same seed, same initial
fader gain measured on the training crops), so its mixes show what the conditioning's starting
point (undo the FX normalization's level and EQ change) does on its own, and the trained model's
table shows what training adds to it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile

from models import train


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("-o", "--output", required=True, help="checkpoint for models/export.py")
    ap.add_argument("--corpus", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
    ap.add_argument("--cache", default=os.environ.get("AUTOMIX_CACHE", "/work/cache/fxnorm"))
    ap.add_argument("--splits", default=os.path.join(train.HERE, "data", "splits.json"))
    args = ap.parse_args(argv)
    with open(args.config) as f:
        config = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
    with tempfile.TemporaryDirectory() as run:
        trainer = train.Trainer(config, run, args.corpus, args.cache, args.splits, verbose=False)
        blob = {k: v for k, v in trainer.state().items() if k not in ("optimizer", "rng",
                                                                       "torch_rng")}
    gain_db = trainer.initial_gain_db or 0.0  # None: the config sets no initial gain (0 dB)
    blob["provenance"] = (f"UNTRAINED conditioned console ({config['preset']}): the state of a "
                          f"training run before its first step (initial fader gain "
                          f"{gain_db:.2f} dB); an ablation, not a mixer to use")
    train.save_atomically(blob, args.output)  # never a half-written checkpoint
    return 0


if __name__ == "__main__":
    sys.exit(main())
