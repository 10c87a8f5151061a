"""The FxNorm-automix mixer network ("ours"), re-implemented from the paper
(docs/reference.md#network-layers).

Input  (B, 8, T) float32, channels [voc L, voc R, bass L, bass R, drums L, drums R, other L, other R],
       T a multiple of 64 (the max-pool / nearest-upsample factor M).
Output (B, 2, T) stereo mix in (-1, 1) after tanh.  The reference returns (1, B, 2, T) with a leading
       n_targets = 1 axis; it is dropped here because there is always exactly one target (the mix).

Module and parameter names follow the reference state dict (conv_1, conv_2.0, layerNorm,
bottleneck_conv1x1, repeats.r.x.*, output.{0,1}, blstm, se_block.net.{0,2}), so a reference state dict
of the paper size loads with strict=True.

Sizes are configurable (MixerConfig); named presets are in PRESETS.  Only `paper` is the published
configuration; the smaller ones are members of the same family that two CPU cores can train
(parameter counts in docs/model.md, "Presets and parameter counts").
"""

from __future__ import annotations

import dataclasses
import math
from typing import Dict

import torch
import torch.nn as nn
import torch.nn.functional as F

from models.formats import STEM_ORDER

# docs/reference.md#network-layers steps 5 and 7: GroupNorm epsilon of every normalisation layer.
GROUP_NORM_EPS = 1e-8
# Chrono init draws the forget bias as ln(U(1, CHRONO_T_MAX - 1))
# (docs/reference.md#network-initialization).
CHRONO_T_MAX = 32
# Stems and channels (docs/reference.md#network-input-and-output).
CHANNELS_PER_STEM = 2
IN_CHANNELS = len(STEM_ORDER) * CHANNELS_PER_STEM
OUT_CHANNELS = 2


@dataclasses.dataclass(frozen=True)
class MixerConfig:
    """Sizes of the network; defaults are the paper's (docs/reference.md#network-sizes)."""

    n_features: int = 128  # N: front-end (conv_1) filters
    kernel_size: int = 64  # L: front-end kernel, shared with the decoder
    depthwise_kernel: int = 128  # K2: conv_2 (depthwise, after |.|) kernel
    max_pooling: int = 64  # M: pooling / upsampling factor; T must be a multiple of it
    bottleneck: int = 256  # B: TCN residual width
    hidden: int = 128  # H: TCN block hidden width
    skip: int = 64  # Sc: TCN skip width
    tcn_kernel: int = 3  # P: TCN depthwise kernel
    blocks_per_repeat: int = 6  # X: dilations 1, 2, ..., 2^(X-1)
    repeats: int = 4  # R
    lstm_hidden: int = 64  # BLSTM hidden size per direction
    lstm_layers: int = 3
    se_ratio: int = 16  # SE expansion ratio (an expansion, not a squeeze: layers step 13)

    def as_dict(self) -> Dict[str, int]:
        return dataclasses.asdict(self)

    def receptive_field_samples(self) -> int:
        """Receptive field of the convolutional path in samples, plus conv_2's length, which the
        reference's guard formula ignores (docs/reference.md#network-receptive-field).  The BLSTM,
        the GroupNorms and the SE mean make the true receptive field the whole input; this is the
        part that a segment edge disturbs most."""
        pooled = 1 + self.repeats * (self.tcn_kernel - 1) * (2**self.blocks_per_repeat - 1)
        return pooled * self.max_pooling + (self.kernel_size - 1) + (self.depthwise_kernel - 1)


PRESETS: Dict[str, MixerConfig] = {
    # docs/reference.md#network-sizes: 2,752,817 parameters.
    "paper": MixerConfig(),
    # Narrower networks: the BLSTM's hidden size stays tied to N/2, as in the paper.
    "n64": MixerConfig(n_features=64, lstm_hidden=32),
    "n32": MixerConfig(n_features=32, lstm_hidden=16),
    "n32_small": MixerConfig(n_features=32, depthwise_kernel=64, repeats=2, bottleneck=128,
                             hidden=64, lstm_hidden=16),
    "n16_small": MixerConfig(n_features=16, depthwise_kernel=64, repeats=2, bottleneck=128,
                             hidden=64, lstm_hidden=8),
}


def same_padding(kernel: int) -> tuple:
    """PyTorch 'same' padding for stride 1: the extra sample of an even kernel goes right."""
    left = (kernel - 1) // 2
    return left, kernel - 1 - left


def fft_depthwise_conv1d(x: torch.Tensor, weight: torch.Tensor, pad: tuple,
                         frame: int = 8192) -> torch.Tensor:
    """Depthwise (groups = channels) cross-correlation computed by overlap-save FFT.

    Exactly the same operation as F.conv1d(F.pad(x, pad), weight, groups=C) up to float rounding;
    it is much cheaper in backward for long kernels (the K = 128 depthwise kernels' gradient is the
slow part of a training step in the direct form), so use it for training.  Not
    used for export (no gain in inference, and its frame count depends on T).
    """
    channels, kernel = weight.shape[0], weight.shape[-1]
    length = x.shape[-1]
    frame = max(frame, 1 << (2 * kernel - 1).bit_length())
    valid = frame - kernel + 1
    n_frames = max(1, math.ceil(length / valid))
    total = n_frames * valid + kernel - 1
    xp = F.pad(x, (pad[0], total - length - pad[0]))
    frames = xp.unfold(-1, frame, valid)  # (B, C, n_frames, frame)
    # Cross-correlation = convolution with the flipped kernel; its valid outputs start at K-1.
    w_spec = torch.fft.rfft(weight.reshape(channels, kernel).flip(-1), n=frame)
    y = torch.fft.irfft(torch.fft.rfft(frames, n=frame) * w_spec[None, :, None, :], n=frame)
    y = y[..., kernel - 1:].reshape(x.shape[0], channels, n_frames * valid)
    return y[..., :length]


class TemporalBlock(nn.Module):
    """Conv-TasNet block (network-layers step 7): conv -> PReLU -> GroupNorm order."""

    def __init__(self, cfg: MixerConfig, dilation: int):
        super().__init__()
        self.conv1x1 = nn.Conv1d(cfg.bottleneck, cfg.hidden, 1)
        self.nonlinearity1 = nn.PReLU()
        self.norm1 = nn.GroupNorm(1, cfg.hidden, eps=GROUP_NORM_EPS)
        self.depthwise_conv = nn.Conv1d(cfg.hidden, cfg.hidden, cfg.tcn_kernel, dilation=dilation,
                                        padding=dilation * (cfg.tcn_kernel - 1) // 2,
                                        groups=cfg.hidden)
        self.nonlinearity2 = nn.PReLU()
        self.norm2 = nn.GroupNorm(1, cfg.hidden, eps=GROUP_NORM_EPS)
        self.skip_out = nn.Conv1d(cfg.hidden, cfg.skip, 1)
        self.res_out = nn.Conv1d(cfg.hidden, cfg.bottleneck, 1)

    def forward(self, x: torch.Tensor):
        h = self.norm1(self.nonlinearity1(self.conv1x1(x)))
        h = self.norm2(self.nonlinearity2(self.depthwise_conv(h)))
        return x + self.res_out(h), self.skip_out(h)


class SEBlock(nn.Module):
    """Excitation with a whole-sequence mean (network-layers step 13); `net` keys match the reference."""

    def __init__(self, channels: int, ratio: int):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(channels, channels * ratio), nn.ReLU(),
                                 nn.Linear(channels * ratio, channels), nn.Sigmoid())

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        scale = self.net(z.abs().mean(dim=-1))
        return z * scale.unsqueeze(-1)


class AutomixNet(nn.Module):
    """The mixer network of docs/reference.md#network-layers (forward order = step order)."""

    def __init__(self, cfg: MixerConfig = MixerConfig(), fft_depthwise: bool = False,
                 summed_decoder: bool = True):
        """fft_depthwise: compute conv_2 by FFT (training speed, exact).  summed_decoder: pre-sum the
        decoder weight over stems (network-layers step 14; exact, 4x fewer output channels)."""
        super().__init__()
        if cfg.kernel_size < 2:
            raise ValueError("kernel_size must be at least 2")
        self.cfg = cfg
        self.fft_depthwise = fft_depthwise
        self.summed_decoder = summed_decoder
        n = cfg.n_features
        self.pad_1 = same_padding(cfg.kernel_size)
        self.pad_2 = same_padding(cfg.depthwise_kernel)
        self.conv_1 = nn.Conv1d(IN_CHANNELS, n, cfg.kernel_size, bias=False)
        self.conv_2 = nn.Sequential(
            nn.Conv1d(n, n, cfg.depthwise_kernel, groups=n, bias=False), nn.Softplus())
        self.layerNorm = nn.GroupNorm(1, n, eps=GROUP_NORM_EPS)
        self.bottleneck_conv1x1 = nn.Conv1d(n, cfg.bottleneck, 1)
        self.repeats = nn.ModuleList(
            nn.ModuleList(TemporalBlock(cfg, 2**x) for x in range(cfg.blocks_per_repeat))
            for _ in range(cfg.repeats))
        self.output = nn.Sequential(nn.PReLU(), nn.Conv1d(cfg.skip, n, 1), nn.Softplus())
        self.blstm = nn.LSTM(n, cfg.lstm_hidden, num_layers=cfg.lstm_layers, bidirectional=True,
                             batch_first=True, dropout=0.1 if cfg.lstm_layers > 1 else 0.0)
        # Only when 2*hid != N (never in the presets, possible in a custom MixerConfig): map the
        # BLSTM output back to N mask channels.
        self.blstm_proj = nn.Linear(2 * cfg.lstm_hidden, n) if 2 * cfg.lstm_hidden != n else None
        self.se_block = SEBlock(n, cfg.se_ratio)
        self.reset_lstm_chrono()

    @torch.no_grad()
    def reset_lstm_chrono(self, generator: torch.Generator = None) -> None:
        """Chrono init: every LSTM bias zero except forget = ln(U(1, 31)), input = -forget."""
        n = self.cfg.lstm_hidden
        for name, p in self.blstm.named_parameters():
            if name.startswith("bias"):
                p.zero_()
                u = torch.empty(n).uniform_(1.0, CHRONO_T_MAX - 1, generator=generator)
                p[n:2 * n] = torch.log(u)
                p[0:n] = -p[n:2 * n]

    def decoder_weight(self) -> torch.Tensor:
        """conv_1's weight as the transposed-conv weight, optionally pre-summed over stems."""
        w = self.conv_1.weight  # (N, 8, L)
        if not self.summed_decoder:
            return w
        n, _, k = w.shape
        return w.reshape(n, len(STEM_ORDER), CHANNELS_PER_STEM, k).sum(dim=1)

    def decode(self, x: torch.Tensor, per_stem: bool) -> torch.Tensor:
        """Steps 1-14: the decoder output before the tanh, summed over stems (B, 2, T), or per stem
        (B, 8, T) when `per_stem` (the literal form, whatever `summed_decoder` says)."""
        cfg = self.cfg
        if not torch.jit.is_tracing():
            if x.dim() != 3 or x.shape[1] != IN_CHANNELS:
                raise ValueError(f"expected input (B, {IN_CHANNELS}, T), got {tuple(x.shape)}")
            if x.shape[-1] % cfg.max_pooling != 0 or x.shape[-1] == 0:
                raise ValueError(
                    f"T = {x.shape[-1]} must be a positive multiple of {cfg.max_pooling} "
                    "(the encoder's max-pool size)")
        # 1-2: adaptive front end, |.|
        p = self.conv_1(F.pad(x, self.pad_1))
        # 3: depthwise long conv + softplus
        if self.fft_depthwise:
            a = F.softplus(fft_depthwise_conv1d(p.abs(), self.conv_2[0].weight, self.pad_2))
        else:
            a = self.conv_2(F.pad(p.abs(), self.pad_2))
        # 4-6: pool, normalise over channels and time, bottleneck
        h = self.bottleneck_conv1x1(self.layerNorm(F.max_pool1d(a, cfg.max_pooling)))
        # 7: TCN, summed skip connections
        skip_sum = None
        for repeat in self.repeats:
            for block in repeat:
                h, s = block(h)
                skip_sum = s if skip_sum is None else skip_sum + s
        # 8-10: output 1x1, BLSTM (time-major inside batch_first), softplus
        u = self.output(skip_sum).transpose(1, 2)
        u, _ = self.blstm(u)
        if self.blstm_proj is not None:
            u = self.blstm_proj(u)
        u = F.softplus(u).transpose(1, 2)
        # 11-13: nearest upsampling, mask the signed front end, SE
        m = F.interpolate(u, scale_factor=float(cfg.max_pooling), mode="nearest")
        z = self.se_block(m * p)
        # 14: decoder = adjoint of conv_1 without its boundary frames: crop [left, T - right)
        left, right = self.pad_1
        if per_stem:
            return F.conv_transpose1d(z[..., left:-right], self.conv_1.weight)
        y = F.conv_transpose1d(z[..., left:-right], self.decoder_weight())
        # 15: sum over stems (already done by the summed weight)
        if not self.summed_decoder:
            y = y.reshape(y.shape[0], len(STEM_ORDER), CHANNELS_PER_STEM, -1).sum(dim=1)
        return y

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.tanh(self.decode(x, per_stem=False))


class WithContributions(nn.Module):
    """The waveform network with per-stem contributions (export format 2).

    Output (B, 10, T): the mix, then each stem's decoder output scaled by the tanh's gain at that
    sample, tanh(s)/s with s the summed decoder output, so the contributions sum exactly to the
    mix and each is the part of the mix that its stem's channels produced."""

    def __init__(self, net: AutomixNet):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.net.decode(x, per_stem=True)
        b, t = y.shape[0], y.shape[-1]
        s = y.reshape(b, len(STEM_ORDER), CHANNELS_PER_STEM, t).sum(dim=1)
        mix = torch.tanh(s)
        # tanh(s)/s -> 1 - s^2/3 near 0; the series avoids 0/0 without changing the result.
        safe = torch.where(s.abs() > 1e-4, s, torch.ones_like(s))
        gain = torch.where(s.abs() > 1e-4, mix / safe, 1.0 - s * s / 3.0)
        contributions = y.reshape(b, len(STEM_ORDER), CHANNELS_PER_STEM, t) * gain.unsqueeze(1)
        return torch.cat([mix, contributions.reshape(b, IN_CHANNELS, t)], dim=1)


def build_model(preset: str = "paper", **overrides) -> AutomixNet:
    """A freshly initialised network of a named preset, with optional size overrides."""
    if preset not in PRESETS:
        raise KeyError(f"unknown preset {preset!r}; known: {', '.join(PRESETS)}")
    return AutomixNet(dataclasses.replace(PRESETS[preset], **overrides))


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def parameters_by_module(model: nn.Module) -> Dict[str, int]:
    """Parameter count per top-level module (the granularity of docs/reference.md#network-sizes)."""
    counts: Dict[str, int] = {}
    for name, p in model.named_parameters():
        top = name.split(".")[0]
        counts[top] = counts.get(top, 0) + p.numel()
    return counts
