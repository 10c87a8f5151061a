#!/usr/bin/python3
"""Train a mixer on the corpus: FX-normalized stems in, the producer's mix out.

    nohup nice -n 10 /usr/bin/python3 -m models.train --config models/configs/console_small.json \
        --run models/runs/console_small_2 > /work/train.log 2>&1 &

Everything about a run is in its config file (models/configs/*.json) and its run folder:

    RUN/config.json      the configuration used (copied at the start; a resumed run must match)
    RUN/log.jsonl        one line per epoch: lr, train loss, validation loss per input variant, time
    RUN/last.pt          model, optimiser, epoch and every random generator's state (resume point)
    RUN/best.pt          the weights with the lowest mean validation loss so far

A run resumes from RUN/last.pt when it exists (the same config is required; only the learning rates
of epochs not yet trained may change), and continues exactly
as an uninterrupted run would: the data order comes from a numpy Generator whose state is saved.
Checkpoints are written atomically (temp file + rename) after every epoch. Validation uses the
validation split only; the test split is never read here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))  # config paths (init_from) are relative to it
from models import dataset as ds
from models import console_net as cn
from models import losses, networks
from models.formats import SAMPLE_RATE

LENGTH_MULTIPLE = 64


def check_resumable(saved: dict, config: dict, epochs_done: int, path: str) -> None:
    """A run resumes only with its own config, except that the learning-rate schedule of the epochs
    not yet trained may change (to shorten or lengthen a run that turns out slower or faster than
    planned): the epochs already trained must have had the same rates under both schedules, so the
    run stays equal to one trained with the new schedule from the start."""
    rest_saved = {k: v for k, v in saved.items() if k != "lr_schedule"}
    rest_new = {k: v for k, v in config.items() if k != "lr_schedule"}
    same_past = all(lr_at(saved["lr_schedule"], e) == lr_at(config["lr_schedule"], e)
                    for e in range(epochs_done))
    if rest_saved != rest_new or not same_past:
        raise SystemExit(f"{path}: was made with another config; use a new --run folder")


def lr_at(schedule, epoch: int) -> float:
    """Learning rate of a 0-based epoch from [[epochs, lr], ...]."""
    for count, lr in schedule:
        if epoch < count:
            return lr
        epoch -= count
    return schedule[-1][1]


def total_epochs(schedule) -> int:
    return sum(count for count, _ in schedule)


def git_commit() -> str:
    try:
        return subprocess.run(["git", "-C", HERE, "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def repository_path(path: str) -> str:
    """`path` as configs write init_from: relative to the repository root when inside it (so that a
    run started with --init-from resumes under the config it recorded), else absolute."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, ROOT)
    return absolute if relative.startswith("..") else relative


def save_atomically(obj, path: str) -> None:
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def load_init_weights(model: torch.nn.Module, blob: dict, config: dict) -> None:
    """Loads another run's weights: the same preset exactly, or a preset that the configured one
    extends only by parameters that start as "no change" (console_net.NEUTRAL_ADDITIONS), so the
    fine-tuned network starts by mixing exactly as the checkpoint did."""
    if blob["preset"] == config["preset"]:
        model.load_state_dict(blob["state_dict"])
        return
    try:
        result = model.load_state_dict(blob["state_dict"], strict=False)
    except RuntimeError as e:  # shapes differ: another size
        raise SystemExit(f"init_from {config['init_from']}: {e}") from e
    added = [k for k in result.missing_keys if not k.startswith(cn.NEUTRAL_ADDITIONS)]
    if result.unexpected_keys or added:
        raise SystemExit(f"init_from {config['init_from']}: a {blob['preset']} checkpoint does "
                         f"not fit preset {config['preset']} (missing {added}, unexpected "
                         f"{result.unexpected_keys})")


class Trainer:
    """One training run: data, model, optimiser and the bookkeeping around them."""

    def __init__(self, config: dict, run: str, corpus: str, cache: str, splits: str,
                 rescan: bool = False, verbose: bool = True):
        self.cfg, self.run = config, run
        self.corpus, self.cache, self.splits = corpus, cache, splits
        self.rescan, self.verbose = rescan, verbose
        torch.manual_seed(config["seed"])
        torch.set_num_threads(config.get("threads", 1))
        self.segment = (int(config["segment_seconds"] * SAMPLE_RATE) // LENGTH_MULTIPLE *
                        LENGTH_MULTIPLE)
        self.model = networks.build(config["family"], config["preset"], training=True)
        self.scan()  # after the model: the data carry the account version it reads
        self.initial_gain_db = None
        if config.get("init_from"):
            # Fine-tuning: start from another run's weights (same family and preset), with a fresh
            # optimiser and schedule. The path is relative to the repository root. Those weights
            # include the fader gain, so no initial gain is measured.
            blob = torch.load(os.path.join(ROOT, config["init_from"]), map_location="cpu")
            if blob["family"] != config["family"]:
                raise SystemExit(f"init_from {config['init_from']}: a {blob['family']} "
                                 f"checkpoint, not {config['family']}")
            load_init_weights(self.model, blob, config)
            self.initial_gain_db = blob.get("initial_gain_db")
        elif config.get("initial_gain_db") == "auto" and hasattr(self.model, "set_initial_gain"):
            self.initial_gain_db = self.train_data.level_gap_db(
                undo_level=networks.is_conditioned(self.model))
            self.model.set_initial_gain(self.initial_gain_db)
        self.opt = torch.optim.Adam(self.model.parameters(), lr=lr_at(config["lr_schedule"], 0),
                                    weight_decay=config["weight_decay"], amsgrad=True)
        self.rng = np.random.default_rng(config["seed"])
        self.epoch, self.best = 0, float("inf")
        self.audio_seconds = 0.0
        self.train_seconds = 0.0
        self.skipped_steps = 0

    def scan(self) -> bool:
        """(Re)builds the data sets from the cache; True when the validation songs changed."""
        available = sorted(os.listdir(self.cache)) if os.path.isdir(self.cache) else []

        def cached(song: str, variant: str) -> bool:
            return os.path.isfile(os.path.join(self.cache, song, variant, "cache.json"))

        def in_corpus(song: str, variant: str) -> bool:
            return os.path.isdir(os.path.join(self.corpus, "songs", song, variant))

        # A song is ready when every configured variant it has is cached: tracker songs have no
        # dry stems (docs/corpus.md), so they train on their wet stems alone.
        # "sources" (optional): only songs of these corpus sources (docs/corpus.md), e.g. ["lmms"].
        sources = self.cfg.get("sources")
        complete = [s for s in available
                    if any(cached(s, v) for v in self.cfg["variants"])
                    and all(cached(s, v) for v in self.cfg["variants"] if in_corpus(s, v))
                    and (not sources or ds.song_source(self.corpus, s) in sources)]
        self.train_data = ds.MixDataset(self.corpus, self.cache,
                                        ds.split_songs(self.splits, "train", complete),
                                        self.cfg["variants"], self.segment,
                                        networks.account_version(self.model),
                                        self.cfg.get("level_jitter_db", 0.0))
        val_songs = ds.split_songs(self.splits, "validation", complete)
        changed = val_songs != getattr(self, "val_songs", None)
        self.val_songs = val_songs
        self.val_data, self.val_crops = None, []
        if val_songs:  # none yet while the cache is being built (--rescan): no validation
            self.val_data = ds.MixDataset(self.corpus, self.cache, val_songs,
                                          self.cfg["variants"], self.segment,
                                          networks.account_version(self.model),
                                          self.cfg.get("level_jitter_db", 0.0))
            self.val_crops = self.val_data.fixed_examples(self.cfg["validation_crops_per_song"])
        return changed

    # --- checkpoints -------------------------------------------------------------------------
    def state(self) -> dict:
        return {"config": self.cfg, "family": self.cfg["family"], "preset": self.cfg["preset"],
                "state_dict": self.model.state_dict(), "optimizer": self.opt.state_dict(),
                "epoch": self.epoch, "best": self.best, "rng": self.rng.bit_generator.state,
                "torch_rng": torch.get_rng_state(), "audio_seconds": self.audio_seconds,
                "train_seconds": self.train_seconds, "commit": git_commit(),
                "validation_songs": self.val_songs, "initial_gain_db": self.initial_gain_db,
                "train_songs": sorted({s for s, _, _ in self.train_data.items})}

    def load(self, path: str) -> None:
        blob = torch.load(path, map_location="cpu")
        check_resumable(blob["config"], self.cfg, blob["epoch"], path)
        self.model.load_state_dict(blob["state_dict"])
        self.opt.load_state_dict(blob["optimizer"])
        self.epoch, self.best = blob["epoch"], blob["best"]
        self.rng.bit_generator.state = blob["rng"]
        torch.set_rng_state(blob["torch_rng"])
        self.audio_seconds = blob["audio_seconds"]
        self.train_seconds = blob["train_seconds"]

    # --- one step, one epoch -----------------------------------------------------------------
    def batch(self):
        pairs = [self.train_data.random_example(self.rng) for _ in range(self.cfg["batch_size"])]
        x = torch.from_numpy(np.stack([p[0] for p in pairs]))
        y = torch.from_numpy(np.stack([p[1] for p in pairs]))
        account = torch.from_numpy(np.stack([p[2] for p in pairs]))
        return x, y, account

    def step(self) -> float:
        self.model.train()
        x, y, account = self.batch()
        loss, _ = losses.mix_loss(networks.mix_of(networks.run(self.model, x, account)), y,
                                  self.cfg.get("dynamic_weight", 0.0))
        self.opt.zero_grad()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg["grad_clip"])
        if not (torch.isfinite(loss) and torch.isfinite(norm)):
            # As the paper's GradScaler does: a step with a non-finite loss or gradient is skipped,
            # never applied (one such step turns every weight into NaN).
            self.skipped_steps += 1
            return float("nan")
        self.opt.step()
        self.audio_seconds += x.shape[0] * x.shape[-1] / SAMPLE_RATE
        return float(loss)

    @torch.no_grad()
    def validate(self) -> dict:
        self.model.eval()
        per_variant, dynamic = {}, {}
        for crop, (index, start) in enumerate(self.val_crops):
            x, y, account = self.val_data.read(index, start)
            inputs = [(self.val_data.items[index][1], account)]
            if self.val_data.level_jitter_db > 0:
                # With level jitter, each crop is also scored at arbitrary levels, drawn by the
                # crop's index so that every epoch sees the same ones (variant "<name>_levels").
                inputs.append((inputs[0][0] + "_levels",
                               self.val_data.jittered(account, np.random.default_rng(crop))))
            for name, acc in inputs:
                out = networks.mix_of(networks.run(self.model, torch.from_numpy(x)[None],
                                                   torch.from_numpy(acc)[None]))
                loss, terms = losses.mix_loss(out, torch.from_numpy(y)[None],
                                              self.cfg.get("dynamic_weight", 0.0))
                per_variant.setdefault(name, []).append(float(loss))
                if "dynamic" in terms:
                    dynamic.setdefault(name, []).append(terms["dynamic"])
        result = {v: float(np.mean(l)) for v, l in per_variant.items()}
        result["mean"] = float(np.mean(list(result.values()))) if result else float("inf")
        if dynamic:  # the dynamic term alone, per variant (already inside the losses above)
            result["dynamic_term"] = {v: float(np.mean(l)) for v, l in dynamic.items()}
        return result

    def train_epoch(self) -> dict:
        # With --rescan, songs normalized while the run goes on join it at the next epoch; a
        # changed validation set makes earlier validation losses incomparable, so "best" restarts.
        if self.rescan and self.scan():
            self.best = float("inf")
        lr = lr_at(self.cfg["lr_schedule"], self.epoch)
        for group in self.opt.param_groups:
            group["lr"] = lr
        start = time.time()
        train_losses = [v for v in (self.step() for _ in range(self.cfg["steps_per_epoch"]))
                        if np.isfinite(v)]
        self.train_seconds += time.time() - start
        val = self.validate()
        self.epoch += 1
        improved = val["mean"] < self.best
        if improved:
            self.best = val["mean"]
        return {"epoch": self.epoch, "lr": lr,
                "train_loss": float(np.mean(train_losses)) if train_losses else float("nan"),
                "validation": val, "best": improved, "epoch_seconds": round(time.time() - start, 1),
                "audio_hours_seen": round(self.audio_seconds / 3600, 3),
                "train_songs": len({s for s, _, _ in self.train_data.items}),
                "validation_songs": len(self.val_songs),
                "train_hours": round(self.train_seconds / 3600, 3),
                "skipped_steps": self.skipped_steps}

    def record(self, entry: dict) -> None:
        """Appends an epoch's entry to RUN/log.jsonl and, when it is the best so far, saves the
        weights (without optimiser and random states) as RUN/best.pt."""
        with open(os.path.join(self.run, "log.jsonl"), "a") as f:
            f.write(json.dumps(entry) + "\n")
        if self.verbose:
            print(json.dumps(entry), flush=True)
        if entry["best"]:
            save_atomically({k: v for k, v in self.state().items()
                             if k not in ("optimizer", "rng", "torch_rng")},
                            os.path.join(self.run, "best.pt"))

    def fit(self, max_epochs: int = 0) -> None:
        os.makedirs(self.run, exist_ok=True)
        last = os.path.join(self.run, "last.pt")
        if os.path.isfile(last):
            self.load(last)
            if self.verbose:
                print(f"resumed {last} at epoch {self.epoch}", flush=True)
        else:
            with open(os.path.join(self.run, "config.json"), "w") as f:
                json.dump(self.cfg, f, indent=2)
            if self.cfg.get("init_from"):
                # A fine-tuning run scores its starting weights first (epoch 0), so that "best"
                # means better than where it started and best.pt never holds worse weights.
                val = self.validate()
                self.best = val["mean"]
                self.record({"epoch": 0, "init_from": self.cfg["init_from"], "validation": val,
                             "best": True, "validation_songs": len(self.val_songs)})
        end = total_epochs(self.cfg["lr_schedule"])
        if max_epochs:
            end = min(end, self.epoch + max_epochs)
        while self.epoch < end:
            self.record(self.train_epoch())
            save_atomically(self.state(), last)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--run", required=True, help="run folder (checkpoints, log)")
    ap.add_argument("--corpus", default=os.environ.get("AUTOMIX_CORPUS", "/work/corpus"))
    ap.add_argument("--cache", default=os.environ.get("AUTOMIX_CACHE", "/work/cache/fxnorm"))
    ap.add_argument("--splits", default=os.path.join(HERE, "data", "splits.json"))
    ap.add_argument("--max-epochs", type=int, default=0, help="stop after this many more epochs")
    ap.add_argument("--init-from", metavar="CHECKPOINT",
                    help="fine-tune from this checkpoint instead of the config's init_from")
    ap.add_argument("--rescan", action="store_true",
                    help="pick up newly normalized songs at every epoch (while the cache grows)")
    args = ap.parse_args(argv)
    with open(args.config) as f:
        config = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
    if args.init_from:  # e.g. models/reproduce.sh fine-tunes the base run it has just trained
        config["init_from"] = repository_path(args.init_from)
    Trainer(config, args.run, args.corpus, args.cache, args.splits,
            rescan=args.rescan).fit(args.max_epochs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
