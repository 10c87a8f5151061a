"""Training examples: crops of FX-normalized stems (the cache) and the producer's mix (the corpus).

An example is a window of `segment` frames of the four normalized stems of one song, in one input
variant (`dry`: the product's real use, or `wet`: the paper's out-of-domain method), and the same
window of the song's mix.wav. Crops are drawn by the caller's numpy Generator, so a training run is
reproducible and resumes identically from a checkpoint that stores the generator's state.

Target level (decided, docs/model.md "Training"): the producer's mix is used at its own level.
The inputs are loudness-normalized, so the network learns the typical level producers mix these
stems to; the product's master stage (true-peak ceiling) then keeps the output from clipping.
"""

from __future__ import annotations

import json
import os
import time
from typing import List, Sequence, Tuple

import numpy as np
import soundfile as sf

from models import fx_account
from models.formats import STEM_ORDER as STEMS
# A crop whose mix is quieter than this (RMS, dBFS) is silence at a song's edge: drawn again.
SILENT_CROP_DB = -60.0
MAX_DRAWS = 20


def split_songs(splits_path: str, split: str, available: Sequence[str]) -> List[str]:
    """The songs of one split (models/data/splits.json) that exist in `available`."""
    with open(splits_path) as f:
        names = json.load(f)[split]
    return [n for n in names if n in set(available)]


def _read(path: str, start: int, frames: int) -> np.ndarray:
    """(frames, 2) float32 from `start`, zero-padded past the end."""
    x, _ = sf.read(path, start=start, frames=frames, dtype="float32", always_2d=True)
    if x.shape[1] == 1:
        x = np.repeat(x, 2, axis=1)
    if x.shape[0] < frames:
        x = np.concatenate([x, np.zeros((frames - x.shape[0], 2), np.float32)])
    return x[:, :2]


def song_source(corpus: str, song: str) -> str:
    """The corpus source of a song (song.json's "source": lmms, midi, tracker, user)."""
    with open(os.path.join(corpus, "songs", song, "song.json")) as f:
        return json.load(f).get("source", "")


def read_account(cache_folder: str, version: int = 1) -> np.ndarray:
    """(4, fx_account.size(version)): what FX normalization did to each stem of one cache folder,
    from the report its cache.json keeps (normalize_corpus.py, cache format 2); zeros for older
    caches."""
    with open(os.path.join(cache_folder, "cache.json")) as f:
        report = json.load(f).get("fx_normalization_report", {})
    return fx_account.song_account(report.get("stems", {}), version=version)


class MixDataset:
    """Every (song, variant) pair with a cache folder and a mix."""

    def __init__(self, corpus: str, cache: str, songs: Sequence[str], variants: Sequence[str],
                 segment: int, account_version: int = 1, level_jitter_db: float = 0.0):
        self.corpus, self.cache, self.segment = corpus, cache, segment
        self.account_version, self.level_jitter_db = account_version, level_jitter_db
        self.items: List[Tuple[str, str, int]] = []
        self.accounts: List[np.ndarray] = []
        for song in songs:
            mix = os.path.join(corpus, "songs", song, "mix.wav")
            if not os.path.isfile(mix):
                continue
            frames = sf.info(mix).frames
            for variant in variants:
                if all(os.path.isfile(self._stem_path(song, variant, s)) for s in STEMS):
                    self.items.append((song, variant, frames))
                    self.accounts.append(read_account(os.path.join(cache, song, variant),
                                                     account_version))
        if not self.items:
            raise RuntimeError(f"no normalized songs found in {cache} for {list(songs)}")

    def _stem_path(self, song: str, variant: str, stem: str) -> str:
        return os.path.join(self.cache, song, variant, stem + ".wav")

    def read(self, index: int, start: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Input (8, segment), target (2, segment) and the FX-normalization account (4, SIZE) of
        item `index` from frame `start`."""
        song, variant, _ = self.items[index]
        x = np.concatenate([_read(self._stem_path(song, variant, s), start, self.segment).T
                            for s in STEMS])
        y = _read(os.path.join(self.corpus, "songs", song, "mix.wav"), start, self.segment).T
        return x, y, self.accounts[index]

    def read_retrying(self, index: int, start: int, attempts: int = 5):
        """read(), waiting out a cache folder being replaced by normalize_corpus.py (it swaps a
        complete folder in by rename, so a reader can only miss it for an instant)."""
        for attempt in range(attempts):
            try:
                return self.read(index, start)
            except (OSError, RuntimeError):
                if attempt + 1 == attempts:
                    raise
                time.sleep(1.0)
        raise AssertionError("unreachable")

    def random_example(self, rng: np.random.Generator
                       ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A random crop of a song drawn uniformly (each song weighs the same, as in the paper),
        with left and right swapped in input and target half of the time (a valid mix mirrored)."""
        for _ in range(MAX_DRAWS):
            index = int(rng.integers(len(self.items)))
            frames = self.items[index][2]
            start = int(rng.integers(max(1, frames - self.segment + 1)))
            swap = bool(rng.integers(2))
            x, y, account = self.read_retrying(index, start)
            if 10 * np.log10(np.mean(y.astype(np.float64)**2) + 1e-20) > SILENT_CROP_DB:
                break
        if swap:
            x = x.reshape(4, 2, -1)[:, ::-1].reshape(8, -1)
            y = y[::-1]
        return np.ascontiguousarray(x), np.ascontiguousarray(y), self.jittered(account, rng)

    def jittered(self, account: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """The account as if each stem had arrived at a level drawn uniformly from
        +-level_jitter_db (a recording session's arbitrary levels): the normalized audio is the
        same, only the level the console would restore changes. Unchanged when the jitter is 0."""
        if self.level_jitter_db <= 0:
            return account
        gains = rng.uniform(-self.level_jitter_db, self.level_jitter_db, account.shape[0])
        return fx_account.with_input_gains(account, gains, self.account_version)

    def level_gap_db(self, per_item: int = 4, undo_level: bool = False) -> float:
        """Median over crops of 10 log10(mix power / power of the plain sum of the inputs): the
        gain a console needs on average to bring normalized stems to the producers' level.
        With `undo_level`, each stem first gets its level back (as a conditioned console starts)."""
        gaps = []
        for index, start in self.fixed_examples(per_item):
            x, y, account = self.read(index, start)
            stems = x.reshape(4, 2, -1).astype(np.float64)
            if undo_level:
                stems = stems * (10.0**(-account[:, 0] / 20.0))[:, None, None]
            mix = stems.sum(axis=0)
            p_in, p_out = np.mean(mix**2), np.mean(y.astype(np.float64)**2)
            if p_in > 1e-10 and p_out > 1e-10:
                gaps.append(10 * np.log10(p_out / p_in))
        return float(np.median(gaps)) if gaps else 0.0

    def fixed_examples(self, per_item: int) -> List[Tuple[int, int]]:
        """Evenly spaced (item, start) crops for validation: the same every epoch."""
        crops = []
        for index, (_, _, frames) in enumerate(self.items):
            span = max(0, frames - self.segment)
            for k in range(per_item):
                crops.append((index, int(span * (k + 0.5) / per_item)))
        return crops
