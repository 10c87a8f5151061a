#!/usr/bin/python3
"""Measures how far segmented inference is from one single pass (docs/model.md, "Segmentation").

Mirrors the C++ plan (src/mixer/segmentation.cpp): windows of S samples at k * hop,
hop = S - 2C - O, the last window ending at the padded song end, C samples of context discarded at
inner edges, raised-cosine crossfades of O samples.  Random weights: this measures the method, not
a trained model.

    /usr/bin/python3 -m models.tools.segmentation_study --preset n16_small --seconds 60
"""

import argparse
import math

import torch

from models import automix_net as an

from models.formats import SAMPLE_RATE as RATE


def synthetic_song(frames: int, seed: int) -> torch.Tensor:
    """Same recipe as tests/unit/mixer_model_engine_test.cpp (not bit-identical noise)."""
    g = torch.Generator().manual_seed(seed)
    t = torch.arange(frames, dtype=torch.float64) / RATE
    rows = []
    for k, base in enumerate([440.0, 55.0, 110.0, 330.0]):
        env = 0.25 + 0.75 * torch.sin(math.pi * t / (2.3 + 1.1 * k)).abs()
        for c in range(2):
            tone = 0.2 * torch.sin(2 * math.pi * base * (1 + 0.01 * c) * t) + \
                0.1 * torch.sin(2 * math.pi * base * 2.51 * t)
            noise = torch.randn(frames, generator=g, dtype=torch.float64)
            rows.append(env * (tone + 0.05 * (3 if k == 2 else 1) * noise))
    return torch.stack(rows).float()


def segmented(model, x: torch.Tensor, seg: int, ctx: int, ovl: int) -> torch.Tensor:
    n = x.shape[-1]
    padded = -(-n // 64) * 64
    xp = torch.nn.functional.pad(x, (0, padded - n))
    if padded <= seg:
        return model(xp[None])[0, :, :n]
    hop = seg - 2 * ctx - ovl
    count = 1 + -(-(padded - seg) // hop)
    starts = [k * hop for k in range(count - 1)] + [padded - seg]
    out = torch.zeros(2, padded)
    i = torch.arange(ovl, dtype=torch.float64)
    fall = (torch.cos(0.5 * math.pi * (i + 0.5) / max(ovl, 1)) ** 2).float()
    for k, a in enumerate(starts):
        y = model(xp[None, :, a:a + seg])[0]
        w = torch.zeros(seg)
        lo = 0 if k == 0 else starts[k - 1] + seg - ctx - ovl - a
        hi = seg if k == count - 1 else seg - ctx
        w[lo:hi] = 1
        if k > 0 and ovl:
            w[lo:lo + ovl] = 1 - fall
        if k < count - 1 and ovl:
            w[hi - ovl:hi] = fall
        out[:, a:a + seg] += w * y
    return out[:, :n]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--preset", default="n16_small")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--segments", default="5,10,20", help="window lengths in seconds")
    ap.add_argument("--overlaps", default="0,0.25,0.5,1", help="crossfade lengths in seconds")
    ap.add_argument("--contexts", default="-1,0", help="context in samples; -1 = the model's")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    model = an.build_model(args.preset).eval()
    torch.set_num_threads(1)
    x = synthetic_song(int(args.seconds * RATE), 5)
    with torch.inference_mode():
        ref = segmented(model, x, 1 << 40, 0, 0)
        peak = ref.abs().max().item()
        rms = ref.pow(2).mean().sqrt().item()
        print(f"preset {args.preset}, {args.seconds} s, single-pass peak {peak:.4f} rms {rms:.4f}")
        for s in args.segments.split(","):
            seg = int(float(s) * RATE) // 64 * 64
            for c in args.contexts.split(","):
                ctx = -(-model.cfg.receptive_field_samples() // 64) * 64 if int(c) < 0 else int(c)
                for o in args.overlaps.split(","):
                    ovl = round(float(o) * RATE / 64) * 64
                    d = segmented(model, x, seg, ctx, ovl) - ref
                    print(f"segment {s:>4} s context {ctx:6d} overlap {o:>4} s: "
                          f"max|d|/peak {d.abs().max().item() / peak:.2e}  "
                          f"rms(d)/rms {d.pow(2).mean().sqrt().item() / rms:.2e}  "
                          f"SNR {20 * math.log10(rms / max(d.pow(2).mean().sqrt().item(), 1e-30)):.1f} dB")


if __name__ == "__main__":
    main()
