"""Training loss of the mixers: the paper's stereo spectral loss, multi-resolution.

The paper ("La", docs/reference.md#training-loss) compares the magnitude spectra of the stereo
sum S = L + R and difference D = L - R of output and target with spectral convergence plus an L1
distance of log magnitudes. We keep that loss and change two things, both for a small corpus on a CPU:

* two resolutions (4096/1024 as in the paper, and 1024/256) instead of one, so transients and the
  low end are both resolved (Steinmetz et al.'s multi-resolution STFT loss);
* no A-weighting FIR pre-emphasis: a fixed filter applied to both signals cancels in the
  log-magnitude term, and the spectral-convergence term is already relative to the target's energy.

Spectral convergence is taken over the whole batch (as the paper) so that one near-mono target,
whose D spectrum is almost zero, cannot dominate a step. A batch of one (validation) or of mono
targets only (many tracker modules are mono) would still divide by ~0, so the D term's denominator
is at least SIDE_FLOOR times the target's S norm: a side signal 60 dB below the mid carries no
stereo image worth matching, and the D spectra's log term still penalises any side the output adds. The log term has a floor of LOG_FLOOR
(-120 dB of a full-scale bin), far below anything audible, so empty bins are not fitted.
"""

from __future__ import annotations

from typing import Dict, Sequence, Tuple

import torch

RESOLUTIONS: Tuple[Tuple[int, int], ...] = ((4096, 1024), (1024, 256))
LOG_FLOOR = 1e-3
SIDE_FLOOR = 1e-3  # -60 dB: the least D-spectrum norm, relative to S, that SC divides by


def _magnitude(x: torch.Tensor, n_fft: int, hop: int) -> torch.Tensor:
    window = torch.hann_window(n_fft, device=x.device, dtype=x.dtype).sqrt()
    spec = torch.stft(x, n_fft, hop, window=window, center=False, return_complex=True)
    # Not spec.abs(): its gradient at an exactly zero bin (digital silence in a crop) is 0/0 = NaN,
    # which ended the first console run at epoch 6. The floor is 1e-12 of a bin's magnitude.
    return torch.sqrt(spec.real**2 + spec.imag**2 + 1e-24)


def stereo_spectral_loss(output: torch.Tensor, target: torch.Tensor,
                         resolutions: Sequence[Tuple[int, int]] = RESOLUTIONS
                         ) -> Tuple[torch.Tensor, Dict[str, float]]:
    """Loss between stereo (B, 2, T) signals; returns (loss, its terms as floats)."""
    terms: Dict[str, float] = {}
    total = output.new_zeros(())
    pairs = (("sum", output[:, 0] + output[:, 1], target[:, 0] + target[:, 1]),
             ("diff", output[:, 0] - output[:, 1], target[:, 0] - target[:, 1]))
    for n_fft, hop in resolutions:
        side_floor = 0.0
        for name, out, tar in pairs:
            x, y = _magnitude(out, n_fft, hop), _magnitude(tar, n_fft, hop)
            norm_y = torch.linalg.norm(y)
            sc = torch.linalg.norm(y - x) / torch.clamp(norm_y + 1e-8, min=side_floor)
            if name == "sum":  # pairs lists S first; D's floor is relative to it (a constant)
                side_floor = SIDE_FLOOR * float(norm_y)
            lm = (torch.log(x + LOG_FLOOR) - torch.log(y + LOG_FLOOR)).abs().mean()
            total = total + sc + lm
            terms[f"sc_{name}_{n_fft}"] = float(sc)
            terms[f"lm_{name}_{n_fft}"] = float(lm)
    return total / len(resolutions), terms


# --- Dynamic features of the evaluation, differentiable (docs/metrics.md §2.4 and §3) ----------
# The spectral loss above compares magnitudes in frames of 23-93 ms; it barely sees how a mix's
# level moves against its own peak, which is what the evaluation's dynamic group scores: per frame
# of 4096 samples (hop 1024) of the peak-normalised signal, -rms_dB + 1, -spread + 1 and the
# reference's crest ratio peak_dB / rms_dB, each as a 40-frame running mean, compared with the
# symmetric bounded error |r - e| / (|r| + |e|). dynamic_feature_loss is that score on a crop.
DYN_FRAME, DYN_HOP, DYN_RUNNING_MEAN = 4096, 1024, 40
PEAK_NORMALIZE_DB = -1.0
# The evaluation floors |s| at 1e-30 (-600 dB), so one digitally silent sample moves a frame's
# spread by hundreds of dB there. A floor of -100 dBFS keeps the gradient finite and the loss
# about what is audible; it differs from the evaluation only on frames with exact zeros.
DYN_ABS_FLOOR = 1e-5


def dynamic_features(x: torch.Tensor, abs_floor: float = DYN_ABS_FLOOR) -> torch.Tensor:
    """(B, C, T) signals -> (B, 3, F'): running means of the channel-mean per-frame -rms_dB + 1,
    -spread + 1 and crest ratio of each signal peak-normalised to -1 dBFS (F' = frames - 39)."""
    peak = x.abs().amax(dim=(1, 2), keepdim=True).clamp_min(1e-8)
    x = x * (10 ** (PEAK_NORMALIZE_DB / 20) / peak)
    frames = x.unfold(-1, DYN_FRAME, DYN_HOP)  # (B, C, F, N)
    rms_db = 10 * torch.log10(frames.pow(2).mean(-1) + abs_floor**2)  # 20 log10(rms), floored
    log_abs = 20 * torch.log10(frames.abs() + abs_floor)
    spread = log_abs.mean(-1) - rms_db
    crest = (log_abs.amax(-1)) / rms_db
    feats = torch.stack([(-rms_db + 1).mean(1), (-spread + 1).mean(1), crest.mean(1)], dim=1)
    n = min(DYN_RUNNING_MEAN, feats.shape[-1])
    return torch.nn.functional.avg_pool1d(feats, n, stride=1)


def bounded_error(reference: torch.Tensor, estimate: torch.Tensor) -> torch.Tensor:
    """The evaluation's symmetric bounded error |r - e| / (|r| + |e|), elementwise (0 at 0, 0)."""
    return (reference - estimate).abs() / (reference.abs() + estimate.abs()).clamp_min(1e-12)


def dynamic_feature_loss(output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean bounded error of the dynamic features (rms, spread, crest), as the evaluation's
    dynamic group score but on a crop and in float: 0 for identical signals, in [0, 1]."""
    return bounded_error(dynamic_features(target), dynamic_features(output)).mean()


def mix_loss(output: torch.Tensor, target: torch.Tensor, dynamic_weight: float = 0.0
             ) -> Tuple[torch.Tensor, Dict[str, float]]:
    """The training loss: the stereo spectral loss, plus dynamic_weight times the dynamic feature
    loss when that weight is set (config key "dynamic_weight"; 0 = the spectral loss alone)."""
    loss, terms = stereo_spectral_loss(output, target)
    if dynamic_weight:
        dynamic = dynamic_feature_loss(output, target)
        terms["dynamic"] = float(dynamic)
        loss = loss + dynamic_weight * dynamic
    return loss, terms
