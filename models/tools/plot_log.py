#!/usr/bin/python3
"""Training curves of one or more runs as an SVG (train and validation loss per epoch).

    /usr/bin/python3 -m models.tools.plot_log models/runs/console_small models/runs/waveform_n16_small \
        -o models/training_curves.svg
"""

from __future__ import annotations

import argparse
import json
import os

W, H, PAD = 640, 360, 50
COLOURS = ("#1f6fb4", "#d2561b", "#2a9d47", "#8a3ab9")


def read_log(run: str) -> list:
    with open(os.path.join(run, "log.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def points(log: list, key: str) -> list:
    """(epoch, loss) of one curve; a fine-tune's epoch 0 (its starting weights) has no train loss."""
    pts = [(e["epoch"], e[key] if key == "train_loss" else e[key]["mean"]) for e in log
           if key in e]
    return [(ep, v) for ep, v in pts if v < 1e9]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("runs", nargs="+")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    logs = {os.path.basename(os.path.normpath(r)): read_log(r) for r in args.runs}
    values = [v for log in logs.values() for key in ("train_loss", "validation")
              for _, v in points(log, key)]
    lo, hi = min(values), max(values)
    first = min(e["epoch"] for log in logs.values() for e in log)
    epochs = max(e["epoch"] for log in logs.values() for e in log)
    x = lambda e: PAD + (W - 2 * PAD) * (e - first) / max(1, epochs - first)
    y = lambda v: H - PAD - (H - 2 * PAD) * (v - lo) / max(1e-9, hi - lo)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="black"/>',
           f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{H - PAD}" stroke="black"/>',
           f'<text x="{W / 2}" y="{H - 12}" text-anchor="middle">epoch ({first} to {epochs})</text>',
           f'<text x="14" y="{H / 2}" transform="rotate(-90 14 {H / 2})" text-anchor="middle">'
           f'loss (models/losses.py)</text>',
           f'<text x="{PAD - 4}" y="{y(hi) + 4}" text-anchor="end">{hi:.2f}</text>',
           f'<text x="{PAD - 4}" y="{y(lo) + 4}" text-anchor="end">{lo:.2f}</text>']
    for k, (name, log) in enumerate(logs.items()):
        c = COLOURS[k % len(COLOURS)]
        for key, dash in (("train_loss", ""), ("validation", "5,4")):
            pts = points(log, key)
            path = " ".join(f"{x(ep):.1f},{y(v):.1f}" for ep, v in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke="{c}" stroke-width="2" '
                       f'stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{W - PAD - 200}" y="{PAD + 16 * k}" fill="{c}">{name}: train '
                   f'(solid), validation (dashed)</text>')
    out.append("</svg>")
    with open(args.output, "w") as f:
        f.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
