#!/usr/bin/python3
"""Writes deliberately broken model files for the C++ loader tests (tests/unit/mixer_*_test.cpp).

    make_fixtures.py no-metadata OUT.pt              valid TorchScript, no automix.json inside
    make_fixtures.py patched OUT.pt '{"sample_rate": 48000}'   random n16_small, metadata patched
"""

import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import automix_net as an  # noqa: E402
import export  # noqa: E402


def main(argv):
    kind, out = argv[1], argv[2]
    torch.manual_seed(0)
    model = an.build_model("n16_small").eval()
    traced = export.trace(model, length=1280, verify_length=1920)
    if kind == "no-metadata":
        torch.jit.save(traced, out)
    elif kind == "patched":
        meta = export.make_metadata(model, "n16_small", False, "test fixture")
        meta.update(json.loads(argv[3]))
        export.save(traced, meta, out)
    else:
        raise SystemExit(f"unknown fixture kind {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
