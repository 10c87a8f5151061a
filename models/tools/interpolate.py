#!/usr/bin/python3
"""Weight-space interpolation between a run's starting point and its fine-tuned checkpoint.

    /usr/bin/python3 -m models.tools.interpolate --start models/runs/console_cond2/best.pt \
        --end models/runs/console_cond2_dyn_lowlr/best.pt --alpha 0.5 \
        -o models/runs/console_cond2_wise/alpha_0.50.pt

writes theta = (1 - alpha) * theta_start + alpha * theta_end as a training checkpoint that
models/export.py reads. This is weight-space ensembling of a fine-tune with its initialisation
("WiSE-FT", Wortsman et al., CVPR 2022): a fine-tune that gains on one input (here dry stems) and
loses on another (wet stems) usually keeps part of the gain for a smaller share of the loss
somewhere between the two. It is meaningful only when both ends come from the same training
path: the start is loaded exactly as models/train.py loads a fine-tune's `init_from` (same preset,
or a preset that only adds parameters which start as "no change"), so theta(0) is the fine-tune's
epoch-0 network and theta(1) its checkpoint.
"""

from __future__ import annotations

import argparse
import os
import sys

import torch

from models import networks, train


def start_state(start_blob: dict, end_blob: dict) -> dict:
    """The start checkpoint's weights in the end checkpoint's preset, as the fine-tune began."""
    model = networks.build(end_blob["family"], end_blob["preset"])
    train.load_init_weights(model, start_blob, {"preset": end_blob["preset"],
                                                "init_from": "the start checkpoint"})
    return model.state_dict()


def interpolate(start: dict, end: dict, alpha: float) -> dict:
    """(1 - alpha) * start + alpha * end, key by key; integer buffers (counters) come from end."""
    if set(start) != set(end):
        raise ValueError(f"the checkpoints differ in parameters: {sorted(set(start) ^ set(end))}")
    out = {}
    for key, e in end.items():
        s = start[key]
        if s.shape != e.shape:
            raise ValueError(f"{key}: shape {tuple(s.shape)} against {tuple(e.shape)}")
        out[key] = torch.lerp(s, e, alpha) if e.is_floating_point() else e.clone()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--start", required=True, help="the fine-tune's init_from checkpoint")
    ap.add_argument("--end", required=True, help="the fine-tuned checkpoint")
    ap.add_argument("--alpha", type=float, required=True, help="0 = start, 1 = end")
    ap.add_argument("-o", "--output", required=True, help="checkpoint for models/export.py")
    args = ap.parse_args(argv)
    if not 0.0 <= args.alpha <= 1.0:
        ap.error("--alpha must be within [0, 1]")
    start_blob = torch.load(args.start, map_location="cpu")
    end_blob = torch.load(args.end, map_location="cpu")
    if os.path.exists(args.output) and any(os.path.samefile(args.output, p)
                                           for p in (args.start, args.end)):
        ap.error(f"{args.output}: is an input; write the interpolation elsewhere")
    if start_blob["family"] != end_blob["family"]:
        ap.error(f"a {start_blob['family']} start and a {end_blob['family']} end")
    state = interpolate(start_state(start_blob, end_blob), end_blob["state_dict"], args.alpha)
    blob = dict(end_blob, state_dict=state, interpolation={
        "start": args.start, "end": args.end, "alpha": args.alpha,
        "method": "(1 - alpha) * start + alpha * end (WiSE-FT)"})
    blob["provenance"] = (f"weights interpolated {1 - args.alpha:g} x {args.start} + "
                          f"{args.alpha:g} x {args.end}")
    train.save_atomically(blob, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
