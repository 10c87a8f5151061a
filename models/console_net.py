"""The console mixer: a TCN/BLSTM network that sets a mixing console, applied in the same graph.

Where the waveform network (automix_net.py) synthesises the mix sample by sample, this network
looks at low-rate frames of the four FX-normalized stems and predicts, for every stem, the
settings of a differentiable channel strip (after Steinmetz et al. 2021, "Automatic multitrack
mixing with a differentiable mixing console of neural audio effects"):

    gain (dB, time-varying, ~0.1 s smoothing, +-40 dB)  - fader automation
    compressor: threshold (dB relative to the stem's own power-mean level) and ratio, with a 6 dB
                soft knee on the level of 46 ms frames every 23 ms
    EQ: ten octave bands 31.25 Hz .. 16 kHz, +-12 dB, on a partition-of-unity raised-cosine basis
    width (0..2, mid/side) and pan (-1..1, constant-power balance)
    reverb send (presets with reverb_send): a per-window send of the stem's console output into
                one fixed stereo room shared by all stems (decaying noise), +-max_send linear

The console runs in the STFT domain (Hann window, 50 % overlap, exact overlap-add resynthesis),
so a static setting is an exact linear-phase filter and the network cannot create waveform
artefacts: the output is always a sum of filtered, scaled, panned copies of the inputs.

Input  (B, 8, T) float32: [voc L, voc R, bass L, bass R, drums L, drums R, other L, other R].
       Conditioned presets also take account (B, 4, fx_account.SIZE): what FX normalization did
       to each stem (level change and EQ response, fx_account.py). Its level and EQ reach the
       fader and EQ through per-stem learnable "undo" weights that start at -1, so an untrained
       conditioned console restores each stem's own level and tone (close to the plain sum of
       the unnormalized stems) and training learns the departures from it; the account also
       feeds the body, which sees every stem's.
Output (B, 10, T): [mix L, mix R, then the per-stem contributions vocals L/R ... other L/R]; the
       contributions sum exactly (to float rounding) to the mix. No tanh: the product's master stage
       owns the ceiling.
settings(x) -> (B, 4, N_SETTINGS): the per-window settings, readable by a user (SETTING_NAMES).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Dict, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

from models import fx_account
from models.formats import SAMPLE_RATE, STEM_ORDER, WINDOW_SAMPLES

N_STEMS = len(STEM_ORDER)
IN_CHANNELS = 2 * N_STEMS
# Octave EQ band centres: 31.25 Hz * 2^k, k = 0..9 (the ISO octave series to within 1 %).
EQ_CENTRES_HZ = tuple(31.25 * 2.0**k for k in range(10))
# Per-window settings the `settings` method returns, in this order (then one entry per EQ band).
SETTING_NAMES = ("gain_db", "gain_reduction_db", "compressor_threshold_db",
                 "compressor_ratio", "pan", "width") + tuple(
                     f"eq_{c:g}hz_db" for c in EQ_CENTRES_HZ)


@dataclasses.dataclass(frozen=True)
class ConsoleConfig:
    """Sizes of the console network. The frame rate is SAMPLE_RATE / hop."""

    n_fft: int = 2048
    hop: int = 1024  # 23 ms frames (50 % overlap): fine for the compressor, cheap
    n_bands: int = 32  # log-spaced analysis bands per stem feature
    width: int = 64  # body channels
    tcn_blocks: int = 6  # dilations 1, 2, ..., 32 frames (receptive field ~3 s each way)
    lstm_hidden: int = 48
    max_gain_db: float = 40.0
    # dB per unit of the gain head's output: Adam moves a parameter by ~lr per step, so without a
    # scale a 20 dB level change would take ~20,000 steps.
    gain_scale_db: float = 10.0
    max_eq_db: float = 12.0
    gain_smooth_frames: int = 5  # ~0.1 s moving average of the gain track
    gr_smooth_frames: int = 1  # none beyond the 46 ms window moving average of the gain reduction (attack/release)
    knee_db: float = 6.0
    conditioned: bool = False  # takes the FX-normalization account as a second input
    # Which account (fx_account.py): 1 = level change + octave EQ (undone approximately),
    # 2 = flat gain + 1/6-octave EQ curve (undone exactly but for the compressor).
    account_version: int = 1
    # A reverb send per stem into one fixed room (reverb_ir): the producers' effect tails that no
    # EQ or fader can make (models/README.md, Spectrogram). The send starts at 0, so a console
    # initialised from a preset without it mixes exactly as that preset did.
    reverb_send: bool = False
    reverb_rt60_s: float = 0.8
    reverb_length_s: float = 1.0
    max_send: float = 0.5  # linear; 0.5 is a send of -6 dB

    def as_dict(self) -> Dict[str, float]:
        return dataclasses.asdict(self)


PRESETS: Dict[str, ConsoleConfig] = {
    "console_small": ConsoleConfig(),
    "console_tiny": ConsoleConfig(width=16, tcn_blocks=2, lstm_hidden=8, n_bands=8),
    "console_cond": ConsoleConfig(conditioned=True),
    "console_cond_tiny": ConsoleConfig(width=16, tcn_blocks=2, lstm_hidden=8, n_bands=8,
                                       conditioned=True),
    "console_cond2": ConsoleConfig(conditioned=True, account_version=2),
    "console_cond2_tiny": ConsoleConfig(width=16, tcn_blocks=2, lstm_hidden=8, n_bands=8,
                                        conditioned=True, account_version=2),
    "console_cond2_reverb": ConsoleConfig(conditioned=True, account_version=2, reverb_send=True),
    "console_cond2_reverb_tiny": ConsoleConfig(width=16, tcn_blocks=2, lstm_hidden=8, n_bands=8,
                                               conditioned=True, account_version=2,
                                               reverb_send=True),
}
# Settings of the presets with a reverb send, appended after SETTING_NAMES.
REVERB_SETTING = "reverb_send_db"
# Parameters a preset may add to another one's and that start as "no change" (the send at 0): a
# run may fine-tune from a checkpoint of that other preset (train.py, init_from).
NEUTRAL_ADDITIONS = ("send_head.",)


# The room is applied by FFT convolution over the window plus zero padding (linear, not circular,
# when the padding is at least the room's length). Windows are 440,960 samples (the training crop
# and the engine's recommended segment, formats.WINDOW_SAMPLES): padding them to 2**19 samples instead of by the room's 44,100
# avoids an FFT of 485,060 = 2^2 * 5 * 79 * 307 points, which pocketfft computes several times
# slower. Other window lengths are exact too, at whatever FFT length they give.
REVERB_WINDOW = WINDOW_SAMPLES
REVERB_FFT_LENGTH = 2 ** 19


def reverb_padding(room_length: int) -> int:
    """Zeros appended to each window before the room's convolution (see REVERB_FFT_LENGTH)."""
    return max(room_length, REVERB_FFT_LENGTH - REVERB_WINDOW)


def reverb_ir(rt60_s: float, length_s: float, seed: int = 2022) -> torch.Tensor:
    """(2, L) a fixed stereo room: independent Gaussian noise per channel under an exponential
    decay of 60 dB in rt60_s, a 5 ms fade-in (no direct sound: the dry signal is the console's),
    each channel scaled to unit energy so that a send of 1 returns a steady signal's own power.
    Seeded, so every build of the network holds the same room."""
    n = int(round(length_s * SAMPLE_RATE))
    gen = torch.Generator().manual_seed(seed)
    noise = torch.randn(2, n, generator=gen, dtype=torch.float64)
    t = torch.arange(n, dtype=torch.float64) / SAMPLE_RATE
    envelope = torch.pow(10.0, -3.0 * t / rt60_s) * torch.clamp(t / 0.005, max=1.0)
    ir = noise * envelope
    return (ir / ir.pow(2).sum(dim=1, keepdim=True).sqrt()).float()


def log_band_matrix(n_bins: int, n_bands: int, fmin: float = 30.0,
                    fmax: float = 18000.0) -> torch.Tensor:
    """Triangular bands, equally spaced in log frequency, each row normalised to sum 1."""
    freqs = torch.arange(n_bins, dtype=torch.float64) * SAMPLE_RATE / (2 * (n_bins - 1))
    edges = torch.logspace(math.log10(fmin), math.log10(fmax), n_bands + 2, dtype=torch.float64)
    m = torch.zeros(n_bands, n_bins, dtype=torch.float64)
    for b in range(n_bands):
        lo, mid, hi = edges[b], edges[b + 1], edges[b + 2]
        up = (freqs - lo) / (mid - lo)
        down = (hi - freqs) / (hi - mid)
        m[b] = torch.clamp(torch.minimum(up, down), min=0.0)
        if m[b].sum() == 0:  # a band narrower than a bin: take the nearest bin
            m[b, int(torch.argmin((freqs - mid).abs()))] = 1.0
    return (m / m.sum(dim=1, keepdim=True)).float()


def eq_basis(n_bins: int) -> torch.Tensor:
    """(10, n_bins) raised-cosine bumps in log2 frequency, one octave to each side of a centre.

    Consecutive bumps sum to one, and the first/last are held flat below/above their centre, so
    equal band gains give a flat curve: the EQ can only shape, never ripple."""
    freqs = torch.arange(n_bins, dtype=torch.float64) * SAMPLE_RATE / (2 * (n_bins - 1))
    octave = torch.log2(torch.clamp(freqs, min=1.0) / EQ_CENTRES_HZ[0])
    k = len(EQ_CENTRES_HZ)
    octave = torch.clamp(octave, 0.0, float(k - 1))
    basis = torch.zeros(k, n_bins, dtype=torch.float64)
    for b in range(k):
        d = (octave - b).abs()
        basis[b] = torch.where(d < 1.0, 0.5 * (1.0 + torch.cos(math.pi * d)), torch.zeros_like(d))
    return (basis / basis.sum(dim=0, keepdim=True)).float()


def log_interpolation(points_hz, n_bins: int) -> torch.Tensor:
    """(len(points_hz), n_bins): linear interpolation in log frequency of values given at
    `points_hz` (ascending), held flat below the first and above the last point."""
    freqs = torch.arange(n_bins, dtype=torch.float64) * SAMPLE_RATE / (2 * (n_bins - 1))
    grid = torch.log2(torch.tensor(points_hz, dtype=torch.float64))
    x = torch.log2(torch.clamp(freqs, min=1.0)).clamp(float(grid[0]), float(grid[-1]))
    m = torch.zeros(len(points_hz), n_bins, dtype=torch.float64)
    upper = torch.clamp(torch.searchsorted(grid, x, right=True), 1, len(points_hz) - 1)
    lower = upper - 1
    t = (x - grid[lower]) / (grid[upper] - grid[lower])
    cols = torch.arange(n_bins)
    m[lower, cols] = 1.0 - t
    m[upper, cols] += t
    return m.float()


class TemporalBlock(nn.Module):
    """Residual dilated conv block over frames: conv -> PReLU -> GroupNorm, plus the input."""

    def __init__(self, channels: int, dilation: int):
        super().__init__()
        self.conv = nn.Conv1d(channels, channels, 3, dilation=dilation, padding=dilation)
        self.act = nn.PReLU()
        self.norm = nn.GroupNorm(1, channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.norm(self.act(self.conv(x)))


def moving_average(x: torch.Tensor, frames: int) -> torch.Tensor:
    """Centred moving average over the last axis of (B, C, F); edges average what exists."""
    if frames <= 1:
        return x
    return F.avg_pool1d(x, frames, stride=1, padding=frames // 2, count_include_pad=False)


class ConsoleNet(nn.Module):
    """Predicts channel-strip settings per stem and applies them (module docstring)."""

    def __init__(self, cfg: ConsoleConfig = ConsoleConfig()):
        super().__init__()
        self.cfg = cfg
        n_bins = cfg.n_fft // 2 + 1
        self.register_buffer("window", torch.hann_window(cfg.n_fft), persistent=False)
        self.register_buffer("bands", log_band_matrix(n_bins, cfg.n_bands), persistent=False)
        self.register_buffer("eq_basis", eq_basis(n_bins), persistent=False)
        w = cfg.width
        self.encoder = nn.Conv1d(3 * cfg.n_bands + 1, w, 1)  # shared by the four stems
        self.stem_embedding = nn.Parameter(torch.zeros(N_STEMS, w, 1))
        self.encoder_act = nn.PReLU()
        self.mixer_in = nn.Conv1d(N_STEMS * w, w, 1)  # every stem sees every other stem
        self.tcn = nn.Sequential(*[TemporalBlock(w, 2**i) for i in range(cfg.tcn_blocks)])
        self.blstm = nn.LSTM(w, cfg.lstm_hidden, batch_first=True, bidirectional=True)
        h = 2 * cfg.lstm_hidden
        self.frame_head = nn.Conv1d(h, N_STEMS, 1)  # gain track per stem
        self.static_head = nn.Linear(h, N_STEMS * (4 + len(EQ_CENTRES_HZ)))
        # Start as a unity console: zero gain, no EQ, centre, width 1, ratio ~1.
        for head in (self.frame_head, self.static_head):
            nn.init.zeros_(head.weight)
            nn.init.zeros_(head.bias)
        if cfg.conditioned:
            self.account_size = fx_account.size(cfg.account_version)
            self.account_in = nn.Linear(self.account_size, w)
            nn.init.zeros_(self.account_in.weight)
            nn.init.zeros_(self.account_in.bias)
            # -1: undo the normalization's level and EQ change (module docstring).
            self.undo_level = nn.Parameter(torch.full((N_STEMS,), -1.0))
            self.undo_eq = nn.Parameter(torch.full((N_STEMS, 1), -1.0))
        self.setting_names = SETTING_NAMES + ((REVERB_SETTING,) if cfg.reverb_send else ())
        if cfg.reverb_send:
            self.register_buffer("reverb_ir", reverb_ir(cfg.reverb_rt60_s, cfg.reverb_length_s),
                                 persistent=False)
            self.send_head = nn.Linear(h, N_STEMS)
            nn.init.zeros_(self.send_head.weight)
            nn.init.zeros_(self.send_head.bias)
        if cfg.conditioned and cfg.account_version == 2:
            # The 1/6-octave EQ curve onto the console's bins, and onto the octave centres for
            # the settings a user reads.
            self.register_buffer("fine_to_bins", log_interpolation(fx_account.SIXTH_OCTAVE_HZ,
                                                                    n_bins), persistent=False)
            centres = log_interpolation(fx_account.SIXTH_OCTAVE_HZ, 4097)  # 5.4 Hz bins
            idx = [int(round(c * 4096 / (SAMPLE_RATE / 2))) for c in EQ_CENTRES_HZ]
            self.register_buffer("fine_to_centres", centres[:, idx].contiguous(),
                                 persistent=False)

    # --- analysis -------------------------------------------------------------------------
    @torch.no_grad()
    def set_initial_gain(self, gain_db: float) -> None:
        """Starts every stem's fader at `gain_db` (training: the typical level difference between
        the normalized stems' sum and the producers' mixes), instead of learning it step by step."""
        self.frame_head.bias.fill_(gain_db / self.cfg.gain_scale_db)

    def _stft(self, x: torch.Tensor) -> torch.Tensor:
        b, c, t = x.shape
        spec = torch.stft(x.reshape(b * c, t), self.cfg.n_fft, self.cfg.hop, window=self.window,
                          center=True, pad_mode="constant", return_complex=True)
        return spec.reshape(b, c, spec.shape[-2], spec.shape[-1])

    def _controls(self, spec: torch.Tensor,
                  account: Optional[torch.Tensor]) -> Tuple[torch.Tensor, ...]:
        """Settings from the (B, 8, bins, F) spectra (and the account of conditioned presets):
        frame gains (B,4,F) and static settings."""
        cfg = self.cfg
        b = spec.shape[0]
        frames = spec.shape[-1]
        power = (spec.real**2 + spec.imag**2).reshape(b, N_STEMS, 2, spec.shape[-2], frames)
        left, right = power[:, :, 0], power[:, :, 1]
        st = spec.reshape(b, N_STEMS, 2, spec.shape[-2], frames)
        side = st[:, :, 0] - st[:, :, 1]
        side_power = side.real**2 + side.imag**2
        mid_power = 0.5 * (left + right)
        eps = 1e-10
        band = lambda p: torch.log10(torch.einsum("kf,bsft->bskt", self.bands, p) + eps)
        level = torch.log10(mid_power.sum(dim=2, keepdim=True) + eps)  # (B, 4, 1, F)
        feats = torch.cat([band(mid_power), band(side_power) - band(mid_power),
                           band(left) - band(right), level], dim=2) * 0.5
        h = self.encoder(feats.reshape(b * N_STEMS, feats.shape[2], frames))
        h = h.reshape(b, N_STEMS, cfg.width, frames) + self.stem_embedding
        if account is not None:
            h = h + self.account_in(0.1 * account).unsqueeze(-1)  # dB / 10: order-one inputs
        h = self.encoder_act(h)
        h = self.tcn(self.mixer_in(h.reshape(b, N_STEMS * cfg.width, frames)))
        h, _ = self.blstm(h.transpose(1, 2))
        h = h.transpose(1, 2)  # (B, 2H, F)
        raw_gain = self.frame_head(h) * cfg.gain_scale_db
        static = self.static_head(h.mean(dim=2)).reshape(b, N_STEMS, 4 + len(EQ_CENTRES_HZ))
        gain_db = cfg.max_gain_db * torch.tanh(raw_gain / cfg.max_gain_db)
        eq_db = cfg.max_eq_db * torch.tanh(static[..., 4:] / cfg.max_eq_db)
        if account is not None and self.cfg.account_version == 2:
            # Version 2: the flat gain and the whole EQ curve are undone; the curve goes straight
            # to the console's bins, the learned octave EQ acts on top of it, and the settings
            # show the sum at the octave centres.
            gain_db = gain_db + (self.undo_level * account[..., 0]).unsqueeze(-1)
            fine = self.undo_eq * account[..., 2:]
            curve_db = (torch.einsum("bsk,kf->bsf", eq_db, self.eq_basis) +
                        torch.einsum("bsk,kf->bsf", fine, self.fine_to_bins))
            eq_db = eq_db + torch.einsum("bsk,kc->bsc", fine, self.fine_to_centres)
        else:
            if account is not None:  # the undo is exact; only the learned departures are bounded
                gain_db = gain_db + (self.undo_level * account[..., 0]).unsqueeze(-1)
                eq_db = eq_db + self.undo_eq * account[..., 1:]
            curve_db = torch.einsum("bsk,kf->bsf", eq_db, self.eq_basis)
        gain_db = moving_average(gain_db, cfg.gain_smooth_frames)
        threshold_rel = 24.0 * torch.tanh(static[..., 0] / 24.0)
        ratio = 1.0 + 9.0 * torch.sigmoid(static[..., 1] - 5.0)
        pan = torch.tanh(static[..., 2])
        width = 2.0 * torch.sigmoid(static[..., 3])
        # Compressor on the frame level (dB of mean power), threshold relative to the stem's
        # power-mean level, so one setting means the same on a loud and a quiet stem.
        frame_db = 10.0 * torch.log10(mid_power.mean(dim=2) + eps)  # (B, 4, F)
        mean_db = 10.0 * torch.log10(mid_power.mean(dim=(2, 3)) + eps)  # (B, 4)
        threshold_db = mean_db + threshold_rel
        over = F.softplus((frame_db - threshold_db.unsqueeze(-1)) / cfg.knee_db) * cfg.knee_db
        reduction_db = -(1.0 - 1.0 / ratio).unsqueeze(-1) * over
        reduction_db = moving_average(reduction_db, cfg.gr_smooth_frames)
        if cfg.reverb_send:
            send = cfg.max_send * torch.tanh(self.send_head(h.mean(dim=2)))  # (B, 4)
        else:
            send = torch.zeros_like(pan)
        return gain_db, reduction_db, threshold_rel, ratio, pan, width, eq_db, curve_db, send

    # --- the console -----------------------------------------------------------------------
    def _console(self, spec: torch.Tensor, gain_db, reduction_db, pan, width, curve_db,
               length: int) -> torch.Tensor:
        b = spec.shape[0]
        bins, frames = spec.shape[-2], spec.shape[-1]
        st = spec.reshape(b, N_STEMS, 2, bins, frames)
        eq = torch.pow(10.0, curve_db / 20.0)  # (B, 4, bins)
        g = torch.pow(10.0, (gain_db + reduction_db) / 20.0)  # (B, 4, F)
        gain = eq.unsqueeze(-1) * g.unsqueeze(-2)  # (B, 4, bins, F)
        mid = 0.5 * (st[:, :, 0] + st[:, :, 1]) * gain
        side = 0.5 * (st[:, :, 0] - st[:, :, 1]) * (gain * width[..., None, None])
        theta = (pan + 1.0) * (math.pi / 4.0)
        left = (mid + side) * (math.sqrt(2.0) * torch.cos(theta))[..., None, None]
        right = (mid - side) * (math.sqrt(2.0) * torch.sin(theta))[..., None, None]
        out = torch.stack([left, right], dim=2).reshape(b * IN_CHANNELS, bins, frames)
        wave = torch.istft(out, self.cfg.n_fft, self.cfg.hop, window=self.window, center=True,
                           length=length)
        return wave.reshape(b, IN_CHANNELS, length)

    def _account(self, x: torch.Tensor, account: Optional[torch.Tensor]) -> Optional[torch.Tensor]:
        if not self.cfg.conditioned:
            return None
        if account is None:  # stems that were not normalized: nothing to undo
            return x.new_zeros(x.shape[0], N_STEMS, self.account_size)
        return account

    def _settings_of(self, gain_db, reduction_db, threshold, ratio, pan, width, eq_db,
                     curve_db, send) -> torch.Tensor:
        """(B, 4, len(self.setting_names)) from the controls, in that order."""
        parts = [gain_db.mean(dim=-1, keepdim=True), reduction_db.mean(dim=-1, keepdim=True),
                 threshold.unsqueeze(-1), ratio.unsqueeze(-1), pan.unsqueeze(-1),
                 width.unsqueeze(-1), eq_db]
        if self.cfg.reverb_send:  # the send's size in dB (its sign only picks the room's polarity)
            parts.append(20.0 * torch.log10(send.abs().unsqueeze(-1) + 1e-6))
        return torch.cat(parts, dim=-1)

    def _reverb(self, contributions: torch.Tensor, send: torch.Tensor) -> torch.Tensor:
        """(B, 8, T): each stem's contribution plus its send of its own mid signal into the
        room, by linear FFT convolution within the window. Every length is taken from the input's
        shape, so a traced graph runs at any window length. The tail past the window's end is
        dropped; the engine's crossfade covers the first ~0.5 s of it (-30 dB at rt60 0.8 s)."""
        b = contributions.shape[0]
        length = contributions.shape[-1]
        st = contributions.reshape(b, N_STEMS, 2, length)
        mid = 0.5 * (st[:, :, 0] + st[:, :, 1])  # (B, 4, T)
        pad = reverb_padding(self.reverb_ir.shape[-1])
        signal = torch.cat([mid, torch.zeros_like(mid[..., :1]).expand(-1, -1, pad)], dim=-1)
        room = torch.cat([self.reverb_ir.unsqueeze(0),  # (1, 2, T + pad), like the signal
                          self.reverb_ir.new_zeros(1, 2, pad - self.reverb_ir.shape[-1]),
                          torch.zeros_like(st[:1, 0])], dim=-1)
        wet = torch.fft.irfft(torch.fft.rfft(signal).unsqueeze(2) *
                              torch.fft.rfft(room).unsqueeze(1), n=signal.shape[-1])
        wet = wet.narrow(-1, 0, length) * send[..., None, None]  # (B, 4, 2, T)
        return (st + wet).reshape(b, IN_CHANNELS, length)

    def mix_and_settings(self, x: torch.Tensor, account: Optional[torch.Tensor] = None
                         ) -> Tuple[torch.Tensor, torch.Tensor]:
        """forward() and settings() from one analysis pass (what the C++ engine calls)."""
        spec = self._stft(x)
        controls = self._controls(spec, self._account(x, account))
        gain_db, reduction_db, _, _, pan, width, _, curve_db, send = controls
        contributions = self._console(spec, gain_db, reduction_db, pan, width, curve_db,
                                      x.shape[-1])
        if self.cfg.reverb_send:
            contributions = self._reverb(contributions, send)
        b = x.shape[0]
        mix = contributions.reshape(b, N_STEMS, 2, x.shape[-1]).sum(dim=1)
        return torch.cat([mix, contributions], dim=1), self._settings_of(*controls)

    def forward(self, x: torch.Tensor, account: Optional[torch.Tensor] = None) -> torch.Tensor:
        """(B, 10, T): the mix, then the four stems' contributions (module docstring)."""
        return self.mix_and_settings(x, account)[0]

    def settings(self, x: torch.Tensor, account: Optional[torch.Tensor] = None) -> torch.Tensor:
        """(B, 4, len(self.setting_names)): mean gain and gain reduction over the window, then the
        window's static settings (threshold relative to the stem's level, ratio, pan, width, EQ).
        Analysis only: the console itself (the inverse STFT) is not run."""
        return self._settings_of(*self._controls(self._stft(x), self._account(x, account)))


def build_console(preset: str = "console_small", **overrides) -> ConsoleNet:
    """A freshly initialised console network of a named preset, with optional size overrides."""
    if preset not in PRESETS:
        raise KeyError(f"unknown preset {preset!r}; known: {', '.join(PRESETS)}")
    return ConsoleNet(dataclasses.replace(PRESETS[preset], **overrides))
