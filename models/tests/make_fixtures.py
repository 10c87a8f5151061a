#!/usr/bin/python3
"""Writes deliberately broken model files for the C++ loader tests (tests/unit/mixer_*_test.cpp).

    make_fixtures.py no-metadata OUT.pt              valid TorchScript, no automix.json inside
    make_fixtures.py patched OUT.pt '{"sample_rate": 48000}'   random n16_small, metadata patched
    make_fixtures.py reference MODEL.pt IN.f32 FRAMES OUT.f32
        PyTorch's output of a (shipped) TorchScript file for the C++ parity test: IN holds 8 planar
        float32 channels (any padded length >= FRAMES); the first FRAMES of each are zero-padded to
        the model's length_multiple, as the C++ engine does for a single pass, and the first FRAMES
        of every output channel are written planar. A conditioned model gets an all-zero account.
    make_fixtures.py account REPORT.json OUT.f32 [VERSION]
        models/fx_account.py's reading of an FX-normalization report (an object with "stems"):
        4 x fx_account.size(VERSION) float32 (default version 1), for the test that the C++
        reader agrees.
"""

import json
import sys

import numpy as np
import torch

from models import automix_net as an
from models import export, fx_account


def reference(model_path: str, input_path: str, frames: int, out: str) -> None:
    extra = {export.METADATA_FILE: ""}
    model = torch.jit.load(model_path, map_location="cpu", _extra_files=extra)
    meta = json.loads(extra[export.METADATA_FILE])
    multiple = meta["length_multiple"]
    x = torch.from_numpy(np.fromfile(input_path, dtype=np.float32).reshape(8, -1)[:, :frames])
    padded = -(-frames // multiple) * multiple
    x = torch.nn.functional.pad(x, (0, padded - frames)).unsqueeze(0)
    with torch.no_grad():
        args = (x,)
        if "conditioning" in meta:  # the C++ test gives no account: all zeros (nothing changed)
            args = (x, torch.zeros(1, 4, meta["conditioning"]["size"]))
        y = model(*args)[0, :, :frames].contiguous()
    y.numpy().astype(np.float32).tofile(out)


def main(argv):
    kind, out = argv[1], argv[2]
    if kind == "reference":
        reference(argv[2], argv[3], int(argv[4]), argv[5])
        return 0
    if kind == "account":
        with open(argv[2]) as f:
            report = json.load(f)
        version = int(argv[4]) if len(argv) > 4 else 1
        fx_account.song_account(report.get("stems", {}), version=version).astype(
            "<f4").tofile(argv[3])
        return 0
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
