#!/usr/bin/python3
"""Export a mixer (waveform or console family) to a TorchScript file the C++ `model` engine loads.

    /usr/bin/python3 -m models.export --checkpoint models/runs/console_small_2/best.pt -o models/automix.pt
    /usr/bin/python3 -m models.export --random --seed 1 --preset n16_small -o /tmp/random.pt  # tests only

The model is traced (torch.jit.script fails on the waveform architecture,
docs/reference.md#network-export) in eval mode, on CPU, in float32, and the trace is checked against
eager mode at a second, different length and batch.
The metadata (schema in docs/model.md) is stored INSIDE the file as the extra file `automix.json`, so a
model can never be separated from its description.

Format 2 adds the per-stem contributions to the output: (B, 10, T) = the mix, then vocals L/R,
bass L/R, drums L/R, other L/R, which sum to the mix. Console models also carry a `settings` method:
(B, 4, K) per-window console settings named in the metadata. Format 3 (the default) adds, for
console models, `mix_and_settings` (both from one pass, what the C++ engine calls) and, for
conditioned presets, a second input: the FX-normalization account (B, 4, fx_account.SIZE) declared
under "conditioning". `--format-version 1` writes the old (B, 2, T) mix-only form (waveform family
only); every build still loads formats 1 and 2.

--reference-input/--reference-output run the EAGER model on a raw float32 file (planar 8 x T) and
write its raw float32 output (planar C x T, C = 2 or 10): the oracle of the C++ parity test.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import sys
import warnings

import numpy as np
import torch

from models import automix_net as an
from models import console_net as cn
from models import fx_account, networks
# FORMAT_VERSION: the metadata schema of `automix.json`; the C++ loader rejects newer versions.
# SAMPLE_RATE: 44.1 kHz only (docs/reference.md#conventions).
from models.formats import MODEL_FORMAT_NAME as FORMAT_NAME
from models.formats import MODEL_FORMAT_VERSION as FORMAT_VERSION
from models.formats import MODEL_METADATA_FILE as METADATA_FILE
from models.formats import SAMPLE_RATE, WINDOW_SAMPLES
from models.normalize_corpus import sha256_file  # one file hash for cache and export

ARCHITECTURES = {"waveform": "fxnorm-tcn-blstm", "console": "console-tcn-blstm"}
# docs/reference.md#network-input-and-output: training segment 440,960 samples (10 s rounded down
# to a multiple of 64); segments of that length are what the network saw in training, and at
# 0.06-0.2 GB per second of input (docs/model.md, "Segmented inference") they stay under 2 GB.
RECOMMENDED_SEGMENT = WINDOW_SAMPLES
# Crossfade length between consecutive segments (docs/model.md, "Segmentation"): 0.5 s.
RECOMMENDED_OVERLAP = 22016
# Segments per network call in the C++ engine (docs/model.md, "Batching"; measured there with
# bench/mix_bench.sh on idle cores). Batching pays off for the waveform family, whose convolutions
# get wider matrix products; the console family's cost is mostly its STFTs, so larger batches only
# add memory (4-minute song: batch 1 20.1 s / 922 MB, batch 4 23.8 s / 1,650 MB).
RECOMMENDED_BATCH = {"waveform": 4, "console": 1}
# Trace length: 2 s, a multiple of 64. The traced graph is length- and batch-generic
# (docs/model.md, "Export format"), so a short trace only keeps export fast.
TRACE_LENGTH = 88192
# A second, different length on which the trace is checked against eager mode.
VERIFY_LENGTH = 163136
# Console models: samples discarded at inner window edges (their settings are per window, so a
# short context suffices; the STFT frames at a window's edge see half a window of zeros).
CONSOLE_CONTEXT = 22016


def round_up(value: int, multiple: int) -> int:
    return -(-value // multiple) * multiple


def family_of(model: torch.nn.Module) -> str:
    return "console" if isinstance(model, cn.ConsoleNet) else "waveform"


def make_metadata(model: torch.nn.Module, preset: str, trained: bool, provenance: str,
                  segment: int = RECOMMENDED_SEGMENT, overlap: int = RECOMMENDED_OVERLAP,
                  format_version: int = FORMAT_VERSION, extra: dict = None) -> dict:
    family = family_of(model)
    cfg = model.cfg
    contributions = format_version >= 2
    if family == "waveform":
        multiple = cfg.max_pooling
        context = round_up(cfg.receptive_field_samples(), multiple)
    else:
        multiple = 64
        context = CONSOLE_CONTEXT
    meta = {
        "format": FORMAT_NAME,
        "format_version": format_version,
        "architecture": ARCHITECTURES[family],
        "family": family,
        "preset": preset,
        "sizes": cfg.as_dict(),
        "parameter_count": sum(p.numel() for p in model.parameters()),
        "sample_rate": SAMPLE_RATE,
        "stem_order": list(an.STEM_ORDER),
        "channels_per_stem": an.CHANNELS_PER_STEM,
        "output_channels": an.OUT_CHANNELS,
        "input_layout": "(batch, 8, T) float32, stems in stem_order, L then R",
        "output_layout": ("(batch, 10, T) float32: mix L, R, then each stem's contribution L, R in "
                          "stem_order; the contributions sum to the mix") if contributions else
                         "(batch, 2, T) float32 in (-1, 1)",
        "length_multiple": multiple,
        "recommended_segment_samples": segment,
        "recommended_overlap_samples": overlap,
        "recommended_batch": RECOMMENDED_BATCH[family],
        "context_samples": context,
        "trained": trained,
        "provenance": provenance,
        "torch_version": torch.__version__,
        "exported_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    if contributions:
        meta["contribution_channels"] = an.IN_CHANNELS
    if family == "console":
        meta["settings"] = {"method": "mix_and_settings" if format_version >= 3 else "settings",
                            "layout": "(batch, 4, K) per window, stem_order",
                            "names": list(model.setting_names)}
    if networks.is_conditioned(model):
        version = networks.account_version(model)
        meta["conditioning"] = {"input": "fx_account", "version": version,
                                "size": fx_account.size(version),
                                "fields": list(fx_account.FIELDS[version]),
                                "layout": "(batch, 4, size) float32, stem_order",
                                "source": "the FX-normalization report's per-stem stages"}
    meta.update(extra or {})
    return meta


def load_checkpoint(path: str, preset: str) -> tuple:
    """(model, preset, checkpoint dict) from a training checkpoint (family, preset, state_dict), an
    older {config: sizes, state_dict} file, or a bare waveform state dict."""
    blob = torch.load(path, map_location="cpu")
    if isinstance(blob, dict) and "family" in blob:
        preset = blob["preset"]
        model = networks.build(blob["family"], preset)
        state = blob["state_dict"]
    elif isinstance(blob, dict) and "state_dict" in blob:
        sizes = blob.get("config", {})
        model = an.AutomixNet(an.MixerConfig(**sizes)) if sizes else an.build_model(preset)
        state = blob["state_dict"]
    else:
        model, state, blob = an.build_model(preset), blob, {}
    model.load_state_dict(state, strict=True)
    return model, preset, blob


def exportable(model: torch.nn.Module, format_version: int) -> torch.nn.Module:
    """The module whose forward is traced: the waveform net gets its contributions wrapper."""
    if family_of(model) == "waveform":
        model.fft_depthwise = False  # the FFT form's frame count depends on T: not length-generic
        return an.WithContributions(model) if format_version >= 2 else model
    if format_version < 2:
        raise ValueError("console models need format 2 (their output includes contributions)")
    if format_version < 3 and networks.is_conditioned(model):
        raise ValueError("conditioned console models need format 3 (a second input)")
    return model


def trace(model: torch.nn.Module, length: int = TRACE_LENGTH, verify_length: int = VERIFY_LENGTH,
          format_version: int = 1) -> torch.jit.ScriptModule:
    """Traces on CPU/float32 and checks the trace against eager mode at another length and batch.

    The default format 1 keeps this callable as before for the waveform tests and fixtures."""
    module = exportable(model.float().cpu().eval(), format_version).eval()
    gen = torch.Generator().manual_seed(1234)
    conditioned = networks.is_conditioned(module)

    def inputs(batch: int, frames: int) -> tuple:
        x = 0.1 * torch.randn(batch, an.IN_CHANNELS, frames, generator=gen)
        if not conditioned:
            return (x,)
        size = fx_account.size(networks.account_version(module))
        return (x, 6.0 * torch.randn(batch, cn.N_STEMS, size, generator=gen))

    example = inputs(1, length)
    methods = {"forward": example}
    if isinstance(module, cn.ConsoleNet):
        methods["settings"] = example
        if format_version >= 3:
            methods["mix_and_settings"] = example
    with torch.no_grad(), warnings.catch_warnings():
        # The tracer warns about shape *checks* inside GroupNorm/LSTM (constant for any T); the
        # real generalisation check is the comparison with eager mode below.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        traced = torch.jit.trace_module(module, methods, check_trace=False)
        probe = inputs(2, verify_length)
        diff = (traced(*probe) - module(*probe)).abs().max().item()
        if "settings" in methods:
            diff = max(diff, (traced.settings(*probe) - module.settings(*probe)).abs().max().item())
        if "mix_and_settings" in methods:
            for a, b in zip(traced.mix_and_settings(*probe), module.mix_and_settings(*probe)):
                diff = max(diff, (a - b).abs().max().item())
    if diff > 1e-5:
        raise RuntimeError(f"trace does not generalise to (2, 8, {verify_length}): max |diff| {diff}")
    return traced


def save(traced: torch.jit.ScriptModule, metadata: dict, path: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = path + ".tmp"
    torch.jit.save(traced, tmp, _extra_files={METADATA_FILE: json.dumps(metadata, indent=2)})
    os.replace(tmp, path)  # never leave a half-written model behind


def run_reference(module: torch.nn.Module, input_path: str, output_path: str,
                  account_path: str = "") -> None:
    raw = torch.from_numpy(np.fromfile(input_path, dtype="<f4"))
    if raw.numel() % an.IN_CHANNELS:
        raise ValueError(f"{input_path}: size is not a multiple of {an.IN_CHANNELS} channels")
    x = raw.reshape(1, an.IN_CHANNELS, -1)
    args = (x,)
    if networks.is_conditioned(module):
        size = fx_account.size(networks.account_version(module))
        account = (torch.from_numpy(np.fromfile(account_path, dtype="<f4"))
                   if account_path else torch.zeros(cn.N_STEMS * size))
        args = (x, account.reshape(1, cn.N_STEMS, size))
    with torch.no_grad():
        y = module.eval()(*args)
    y[0].contiguous().numpy().astype("<f4").tofile(output_path)


def cache_fxnorm(cache: str, songs=None) -> dict:
    """The FX-normalization identity recorded in a training cache's cache.json files (the same in
    all of them, or the export refuses: a model must have learned from one normalization). The
    identity is the normalization's report and code (git trees of src/fxnorm and src/dsp), as for
    normalize_corpus.is_current: a cache filled at several commits with the same code is one
    normalization, and all its commits are recorded. With `songs` (the checkpoint's training and
    validation songs), only their folders count: songs a run did not read may be cached by
    another normalization."""
    if not cache:
        return {}
    seen, commits = {}, set()
    folders = [os.path.join(cache, s) for s in songs] if songs else [cache]
    for root, _, files in (w for folder in folders for w in os.walk(folder)):
        if "cache.json" in files:
            with open(os.path.join(root, "cache.json")) as f:
                c = json.load(f)
            report = {k: v for k, v in c.get("fx_normalization_report", {}).items()
                      if k != "stems"}  # per-song accounts differ by design
            key = json.dumps({"report": report, "code": c.get("fx_normalization")},
                             sort_keys=True)
            seen[key] = seen.get(key, 0) + 1
            commits.add(c.get("source_commit") or "")
    if len(seen) != 1:
        raise SystemExit(f"{cache}: {len(seen)} different FX normalizations in the cache")
    info = json.loads(next(iter(seen)))
    report = info.pop("report")
    return dict(info, source_commit="+".join(sorted(commits)), mode=report.get("mode", "default"),
                version=report.get("version", ""))


def training_metadata(blob: dict, run_dir: str, targets: str, fxnorm: dict) -> dict:
    """What the model was trained on and how, from the checkpoint and its run folder."""
    info = {k: blob[k] for k in ("epoch", "best", "audio_seconds", "train_seconds", "commit",
                                 "train_songs", "config", "interpolation") if k in blob}
    if not math.isfinite(info.get("best", 0.0)):  # no validation yet (epoch 0): JSON has no inf
        info["best"] = None
    log = os.path.join(run_dir, "log.jsonl")
    if os.path.isfile(log):
        with open(log) as f:
            info["log_epochs"] = sum(1 for _ in f)
    out = {"training": info}
    if targets:
        out["fx_normalization"] = dict(fxnorm, targets_file=os.path.basename(targets),
                                       targets_sha256=sha256_file(targets))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--checkpoint", help="training checkpoint (models/train.py) or a state dict")
    src.add_argument("--random", action="store_true",
                     help="random weights (tests and benchmarks only; marked trained=false)")
    ap.add_argument("--seed", type=int, default=0, help="seed for --random")
    ap.add_argument("--family", default="waveform", choices=networks.FAMILIES,
                    help="network family for --random")
    ap.add_argument("--preset", default="paper",
                    help=f"size preset for --random: {', '.join(sorted(an.PRESETS) + sorted(cn.PRESETS))}")
    ap.add_argument("--format-version", type=int, default=FORMAT_VERSION, choices=(1, 2, 3))
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--provenance", default="", help="free text stored in the metadata")
    ap.add_argument("--targets", default="",
                    help="FX-normalization targets the model was trained with (hash recorded)")
    ap.add_argument("--cache", default="",
                    help="the training cache (models/normalize_corpus.py): records the "
                         "FX-normalization mode, version and source commit the model learned from")
    ap.add_argument("--segment-samples", type=int, default=RECOMMENDED_SEGMENT)
    ap.add_argument("--overlap-samples", type=int, default=RECOMMENDED_OVERLAP)
    ap.add_argument("--reference-input", help="raw float32 planar (8, T): run the eager model on it")
    ap.add_argument("--reference-output", help="where to write the eager output, raw float32 (C, T)")
    ap.add_argument("--reference-account",
                    help="conditioned models: raw float32 (4, account size) for the reference run")
    args = ap.parse_args(argv)

    extra = {}
    if args.random:
        torch.manual_seed(args.seed)
        model = networks.build(args.family, args.preset)
        preset, trained = args.preset, False
        provenance = args.provenance or (
            f"RANDOM WEIGHTS (seed {args.seed}, {args.family} preset {args.preset}): for tests "
            "and benchmarks only, produces no useful mix")
    else:
        model, preset, blob = load_checkpoint(args.checkpoint, args.preset)
        trained = blob.get("epoch", 1) > 0  # a checkpoint saved before any step is not trained
        provenance = args.provenance or blob.get("provenance", "") or f"checkpoint {args.checkpoint}"
        read = sorted(set(blob.get("train_songs", [])) | set(blob.get("validation_songs", [])))
        extra = training_metadata(blob, os.path.dirname(os.path.abspath(args.checkpoint)),
                                  args.targets, cache_fxnorm(args.cache, read))
    model.eval()
    if args.segment_samples % 64 or args.overlap_samples < 0:
        ap.error("segment must be a multiple of 64 and overlap non-negative")

    traced = trace(model, format_version=args.format_version)
    save(traced, make_metadata(model, preset, trained, provenance, args.segment_samples,
                               args.overlap_samples, args.format_version, extra), args.output)
    if args.reference_input:
        if not args.reference_output:
            ap.error("--reference-input needs --reference-output")
        run_reference(exportable(model, args.format_version), args.reference_input,
                      args.reference_output, args.reference_account or "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
