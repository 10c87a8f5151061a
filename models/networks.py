"""The two mixer families under one name, for training and export.

    waveform  automix_net.AutomixNet: the paper's TCN/BLSTM that synthesises the mix waveform
    console   console_net.ConsoleNet: the same kind of body setting a differentiable console
"""

from __future__ import annotations

import torch

from models import automix_net, console_net

FAMILIES = ("waveform", "console")


def build(family: str, preset: str, training: bool = False) -> torch.nn.Module:
    """A freshly initialised network; `training` selects exact but training-friendly forms."""
    if family == "waveform":
        model = automix_net.build_model(preset)
        model.fft_depthwise = training  # exact, 5x cheaper backward (docs/model.md)
        return model
    if family == "console":
        return console_net.build_console(preset)
    raise KeyError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")


def is_conditioned(model: torch.nn.Module) -> bool:
    """Whether the network takes the FX-normalization account as a second input."""
    return bool(getattr(getattr(model, "cfg", None), "conditioned", False))


def account_version(model: torch.nn.Module) -> int:
    """The FX-normalization account version a conditioned network reads (fx_account.py); 1 for
    the others, whose datasets then carry an account nobody reads."""
    return int(getattr(getattr(model, "cfg", None), "account_version", 1))


def run(model: torch.nn.Module, x: torch.Tensor, account: torch.Tensor) -> torch.Tensor:
    """The network's output on stems x (B, 8, T); conditioned networks also get the account."""
    return model(x, account) if is_conditioned(model) else model(x)


def mix_of(output: torch.Tensor) -> torch.Tensor:
    """The stereo mix (B, 2, T) of either family's output (console: mix then contributions)."""
    return output[:, :2]
