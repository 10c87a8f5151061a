#!/usr/bin/python3
"""Export an AutomixNet to a TorchScript file that the C++ `model` engine loads.

    /usr/bin/python3 models/export.py --checkpoint ckpt.pt --preset n32_small -o mixer.pt
    /usr/bin/python3 models/export.py --random --seed 1 --preset n16_small -o /tmp/random.pt  # tests only

The model is traced (torch.jit.script fails on this architecture, spec §4.7) in eval mode, on CPU, in
float32, and the trace is checked against eager mode at a second, different length.  The metadata
(schema in docs/model.md, FORMAT_VERSION below) is stored INSIDE the file as the extra file
`automix.json`, so a model can never be separated from its description.

--reference-input/--reference-output run the EAGER model on a raw float32 file (planar 8 x T) and
write its raw float32 output (planar 2 x T): the oracle of the C++ parity test.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import warnings

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import automix_net as an  # noqa: E402

# Version of the metadata schema in `automix.json`; the C++ loader rejects newer major versions.
FORMAT_VERSION = 1
FORMAT_NAME = "automix-mixer"
METADATA_FILE = "automix.json"
ARCHITECTURE = "fxnorm-tcn-blstm"
SAMPLE_RATE = 44100  # spec §1.1: 44.1 kHz only
# Spec §4.1: training segment 440,960 samples (10 s rounded down to a multiple of 64); segments of that
# length are what the network saw in training, and model-cost.md §4 keeps them under 2 GB.
RECOMMENDED_SEGMENT = 440960
# Crossfade length between consecutive segments (docs/model.md, "Segmentation"): 0.5 s.
RECOMMENDED_OVERLAP = 22016
# Trace length: 2 s (model-cost.md §6), a multiple of 64.
TRACE_LENGTH = 88192
# A second, different length on which the trace is checked against eager mode.
VERIFY_LENGTH = 163136


def round_up(value: int, multiple: int) -> int:
    return -(-value // multiple) * multiple


def make_metadata(model: an.AutomixNet, preset: str, trained: bool, provenance: str,
                  segment: int = RECOMMENDED_SEGMENT, overlap: int = RECOMMENDED_OVERLAP) -> dict:
    cfg = model.cfg
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "architecture": ARCHITECTURE,
        "preset": preset,
        "sizes": cfg.as_dict(),
        "parameter_count": an.count_parameters(model),
        "sample_rate": SAMPLE_RATE,
        "stem_order": list(an.STEM_ORDER),
        "channels_per_stem": an.CHANNELS_PER_STEM,
        "output_channels": an.OUT_CHANNELS,
        "input_layout": "(batch, 8, T) float32, stems in stem_order, L then R",
        "output_layout": "(batch, 2, T) float32 in (-1, 1)",
        "length_multiple": cfg.max_pooling,
        "recommended_segment_samples": segment,
        "recommended_overlap_samples": overlap,
        "context_samples": round_up(cfg.receptive_field_samples(), cfg.max_pooling),
        "trained": trained,
        "provenance": provenance,
        "torch_version": torch.__version__,
        "exported_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def load_checkpoint(path: str, preset: str) -> tuple:
    """A state dict, or a dict {"config": {...sizes}, "state_dict": ...} written by training."""
    blob = torch.load(path, map_location="cpu")
    if isinstance(blob, dict) and "state_dict" in blob:
        sizes = blob.get("config", {})
        model = an.AutomixNet(an.MixerConfig(**sizes)) if sizes else an.build_model(preset)
        state = blob["state_dict"]
    else:
        model, state = an.build_model(preset), blob
    model.load_state_dict(state, strict=True)
    return model, blob.get("provenance", "") if isinstance(blob, dict) else ""


def trace(model: an.AutomixNet, length: int = TRACE_LENGTH,
          verify_length: int = VERIFY_LENGTH) -> torch.jit.ScriptModule:
    """Traces on CPU/float32 and checks the trace against eager mode at a different length."""
    model = model.float().cpu().eval()
    model.fft_depthwise = False  # the FFT form's frame count depends on T: not length-generic
    gen = torch.Generator().manual_seed(1234)
    with torch.no_grad(), warnings.catch_warnings():
        # The tracer warns about shape *checks* inside GroupNorm/LSTM (constant for any T); the
        # real generalisation check is the comparison with eager mode below.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        traced = torch.jit.trace(model, 0.1 * torch.randn(1, an.IN_CHANNELS, length, generator=gen),
                                 check_trace=False)
        probe = 0.1 * torch.randn(1, an.IN_CHANNELS, verify_length, generator=gen)
        diff = (traced(probe) - model(probe)).abs().max().item()
    if diff > 1e-5:
        raise RuntimeError(f"trace does not generalise to T={verify_length}: max |diff| {diff}")
    return traced


def save(traced: torch.jit.ScriptModule, metadata: dict, path: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = path + ".tmp"
    torch.jit.save(traced, tmp, _extra_files={METADATA_FILE: json.dumps(metadata, indent=2)})
    os.replace(tmp, path)  # never leave a half-written model behind


def run_reference(model: an.AutomixNet, input_path: str, output_path: str) -> None:
    raw = torch.from_numpy(np.fromfile(input_path, dtype="<f4"))
    if raw.numel() % an.IN_CHANNELS:
        raise ValueError(f"{input_path}: size is not a multiple of {an.IN_CHANNELS} channels")
    x = raw.reshape(1, an.IN_CHANNELS, -1)
    with torch.no_grad():
        y = model.eval()(x)
    y[0].contiguous().numpy().astype("<f4").tofile(output_path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", help="state dict (or {config, state_dict}) from training")
    src.add_argument("--random", action="store_true",
                     help="random weights (tests and benchmarks only; marked trained=false)")
    ap.add_argument("--seed", type=int, default=0, help="seed for --random")
    ap.add_argument("--preset", default="paper", choices=sorted(an.PRESETS))
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--provenance", default="", help="free text stored in the metadata")
    ap.add_argument("--segment-samples", type=int, default=RECOMMENDED_SEGMENT)
    ap.add_argument("--overlap-samples", type=int, default=RECOMMENDED_OVERLAP)
    ap.add_argument("--reference-input", help="raw float32 planar (8, T): run the eager model on it")
    ap.add_argument("--reference-output", help="where to write the eager output, raw float32 (2, T)")
    args = ap.parse_args(argv)

    if args.random:
        torch.manual_seed(args.seed)
        model = an.build_model(args.preset)
        trained = False
        provenance = args.provenance or (
            f"RANDOM WEIGHTS (seed {args.seed}, preset {args.preset}): for tests and benchmarks "
            "only, produces no useful mix")
    else:
        model, ckpt_provenance = load_checkpoint(args.checkpoint, args.preset)
        trained = True
        provenance = args.provenance or ckpt_provenance or f"checkpoint {args.checkpoint}"
    model.eval()
    if args.segment_samples % model.cfg.max_pooling or args.overlap_samples < 0:
        ap.error("segment must be a multiple of 64 and overlap non-negative")

    traced = trace(model)
    save(traced, make_metadata(model, args.preset, trained, provenance, args.segment_samples,
                               args.overlap_samples), args.output)
    if args.reference_input:
        if not args.reference_output:
            ap.error("--reference-input needs --reference-output")
        run_reference(model, args.reference_input, args.reference_output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
