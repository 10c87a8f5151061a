"""Training code on a tiny synthetic corpus: the loss falls, and resuming continues identically.

The corpus is two 3-second "songs" whose mix is a known console setting of the stems (gains and a
pan), so a console network can learn it in a few steps. CI never trains a real model.
"""

import json
import os
import shutil
import tempfile
import unittest

import numpy as np
import soundfile as sf
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
from models import losses, train

SR = 44100
STEMS = ("vocals", "bass", "drums", "other")


def make_corpus(root: str, songs, seconds: float = 3.0) -> None:
    rng = np.random.default_rng(7)
    n = int(seconds * SR)
    t = np.arange(n) / SR
    gains = {"vocals": 2.0, "bass": 0.5, "drums": 1.0, "other": 0.25}
    for k, song in enumerate(songs):
        mix = np.zeros((n, 2), np.float32)
        accounts = {}
        for i, stem in enumerate(STEMS):
            tone = np.sin(2 * np.pi * (110 * (i + 1) + 20 * k) * t) * (0.5 + 0.5 * np.sin(3 * t))
            x = (0.05 * tone[:, None] + 0.01 * rng.standard_normal((n, 2))).astype(np.float32)
            for variant in ("dry", "wet"):
                folder = os.path.join(root, "cache", song, variant)
                os.makedirs(folder, exist_ok=True)
                sf.write(os.path.join(folder, stem + ".wav"), x, SR, subtype="FLOAT")
            # The account of a normalization that changed the stem's level by -gain (dB), as
            # normalize_corpus.py keeps it: undoing it gives exactly the mix.
            accounts[stem] = {"eq": {"input_lufs": -20.0, "response_db_at_hz": {}},
                              "loudness": {"input_lufs": -20.0,
                                           "gain_db": -20 * np.log10(gains[stem])}}
            mix += gains[stem] * x
        for variant in ("dry", "wet"):
            with open(os.path.join(root, "cache", song, variant, "cache.json"), "w") as f:
                json.dump({"fx_normalization_report": {"stems": accounts}}, f)
        os.makedirs(os.path.join(root, "corpus", "songs", song), exist_ok=True)
        sf.write(os.path.join(root, "corpus", "songs", song, "mix.wav"), mix, SR, subtype="FLOAT")
    with open(os.path.join(root, "splits.json"), "w") as f:
        json.dump({"train": songs[:-1], "validation": songs[-1:], "test": []}, f)


CONFIG = {"family": "console", "preset": "console_tiny", "segment_seconds": 1.0,
          "batch_size": 2, "steps_per_epoch": 4, "lr_schedule": [[6, 1e-2]],
          "weight_decay": 0.0, "grad_clip": 1.0, "variants": ["dry", "wet"],
          "validation_crops_per_song": 2, "seed": 3, "threads": 1}


class Training(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        make_corpus(cls.tmp.name, ["a", "b", "c"])

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def trainer(self, run: str, config=CONFIG) -> train.Trainer:
        root = self.tmp.name
        return train.Trainer(dict(config), os.path.join(root, run), os.path.join(root, "corpus"),
                             os.path.join(root, "cache"), os.path.join(root, "splits.json"),
                             verbose=False)

    def test_songs_without_dry_stems_train_on_their_wet_stems(self):
        # A tracker song: a wet cache only, no dry/ folder in the corpus (docs/corpus.md).
        root = self.tmp.name
        shutil.copytree(os.path.join(root, "cache", "a", "wet"),
                        os.path.join(root, "cache", "wet_only", "wet"))
        song_dir = os.path.join(root, "corpus", "songs", "wet_only")
        os.makedirs(os.path.join(song_dir, "wet"))
        shutil.copy(os.path.join(root, "corpus", "songs", "a", "mix.wav"), song_dir)
        splits = os.path.join(root, "splits_wet_only.json")
        with open(splits, "w") as f:
            json.dump({"train": ["a", "wet_only"], "validation": ["c"], "test": []}, f)
        try:
            t = train.Trainer(dict(CONFIG), os.path.join(root, "run_wet_only"),
                              os.path.join(root, "corpus"), os.path.join(root, "cache"), splits,
                              verbose=False)
            items = sorted((song, variant) for song, variant, _ in t.train_data.items)
            self.assertEqual(items, [("a", "dry"), ("a", "wet"), ("wet_only", "wet")])
        finally:
            shutil.rmtree(os.path.join(root, "cache", "wet_only"))
            shutil.rmtree(song_dir)

    def test_loss_falls(self):
        t = self.trainer("falls")
        before = t.validate()["mean"]
        t.fit()
        self.assertLess(t.validate()["mean"], 0.8 * before)
        with open(os.path.join(self.tmp.name, "falls", "log.jsonl")) as f:
            self.assertEqual(len(f.readlines()), 6)

    def test_conditioned_console_starts_by_undoing_the_normalization(self):
        # The synthetic mix is the stems at the levels their account says normalization removed,
        # so an untrained conditioned console is already close, and an unconditioned one is not.
        plain = self.trainer("plain_init").validate()["mean"]
        cond = self.trainer("cond_init", dict(CONFIG, preset="console_cond_tiny"))
        self.assertLess(cond.validate()["mean"], 0.3 * plain)
        cond.fit(max_epochs=1)
        self.assertTrue(np.isfinite(cond.validate()["mean"]))

    def test_level_jitter_hides_the_incoming_balance_and_is_scored_separately(self):
        # The synthetic mix is exactly the undone account, so a conditioned console that trusts
        # the account scores worse once the account carries arbitrary levels.
        config = dict(CONFIG, preset="console_cond_tiny", level_jitter_db=10.0)
        val = self.trainer("jitter", config).validate()
        self.assertEqual(sorted(val), ["dry", "dry_levels", "mean", "wet", "wet_levels"])
        self.assertGreater(val["dry_levels"], 1.5 * val["dry"])
        self.assertEqual(val, self.trainer("jitter_again", config).validate())  # fixed draws
        plain = self.trainer("no_jitter", dict(config, level_jitter_db=0.0)).validate()
        self.assertEqual(sorted(plain), ["dry", "mean", "wet"])
        self.assertAlmostEqual(plain["dry"], val["dry"], places=6)

    def test_dynamic_weight_adds_the_dynamic_term_to_training_and_validation(self):
        spectral = self.trainer("spectral_only").validate()
        config = dict(CONFIG, dynamic_weight=5.0)
        combined = self.trainer("with_dynamic", config).validate()
        self.assertEqual(sorted(combined["dynamic_term"]), ["dry", "wet"])
        for variant in ("dry", "wet"):
            self.assertGreater(combined["dynamic_term"][variant], 0.0)
            self.assertAlmostEqual(combined[variant], spectral[variant]
                                   + 5.0 * combined["dynamic_term"][variant], places=5)
        self.assertAlmostEqual(combined["mean"], (combined["dry"] + combined["wet"]) / 2)
        t = self.trainer("with_dynamic_fit", config)
        t.fit(max_epochs=1)
        self.assertTrue(np.isfinite(t.validate()["mean"]))

    def test_fine_tuning_scores_its_starting_weights_as_epoch_0(self):
        start = self.trainer("start", dict(CONFIG, preset="console_cond2_tiny"))
        start.fit(max_epochs=1)
        config = dict(CONFIG, preset="console_cond2_reverb_tiny",
                      init_from=os.path.join(self.tmp.name, "start", "last.pt"))
        tuned = self.trainer("tuned", config)
        initial = tuned.validate()["mean"]
        tuned.fit(max_epochs=1)
        with open(os.path.join(self.tmp.name, "tuned", "log.jsonl")) as f:
            log = [json.loads(line) for line in f]
        self.assertEqual([e["epoch"] for e in log], [0, 1])
        self.assertAlmostEqual(log[0]["validation"]["mean"], initial, places=6)
        self.assertEqual(tuned.best, min(e["validation"]["mean"] for e in log))

    def test_init_from_on_the_command_line_is_stored_as_configs_write_it(self):
        # A config names its start relative to the repository root; --init-from given as an
        # absolute path inside the repository must store the same string, or the rerun of
        # models/reproduce.sh would refuse to resume a committed run ("another config").
        root = os.path.normpath(os.path.join(os.path.dirname(train.__file__), ".."))
        relative = os.path.join("models", "runs", "x", "best.pt")
        self.assertEqual(train.repository_path(os.path.join(root, relative)), relative)
        outside = os.path.join(self.tmp.name, "best.pt")
        self.assertEqual(train.repository_path(outside), os.path.abspath(outside))

    def test_resume_continues_identically(self):
        config = dict(CONFIG, lr_schedule=[[2, 1e-2], [1, 1e-3]])
        straight = self.trainer("straight", config)
        straight.fit()
        first = self.trainer("resumed", config)
        first.fit(max_epochs=2)
        second = self.trainer("resumed", config)  # a new process would build it the same way
        second.fit()
        self.assertEqual(second.epoch, 3)
        for (name, a), b in zip(straight.model.state_dict().items(),
                                second.model.state_dict().values()):
            self.assertTrue(torch.equal(a, b), name)

    def test_resume_may_change_the_schedule_of_untrained_epochs_only(self):
        config = dict(CONFIG, lr_schedule=[[2, 1e-2], [2, 1e-3]])
        straight = self.trainer("short_straight", dict(config, lr_schedule=[[2, 1e-2], [1, 1e-4]]))
        straight.fit()
        first = self.trainer("shortened", config)
        first.fit(max_epochs=2)
        shortened = self.trainer("shortened", dict(config, lr_schedule=[[2, 1e-2], [1, 1e-4]]))
        shortened.fit()
        self.assertEqual(shortened.epoch, 3)
        for (name, a), b in zip(straight.model.state_dict().items(),
                                shortened.model.state_dict().values()):
            self.assertTrue(torch.equal(a, b), name)
        rewritten_past = self.trainer("shortened", dict(config, lr_schedule=[[1, 1e-2], [3, 1e-3]]))
        with self.assertRaises(SystemExit):
            rewritten_past.fit()

    def test_loss_gradient_is_finite_on_digital_silence(self):
        # |z| has a 0/0 gradient at z = 0; a silent output frame must not turn the weights NaN.
        out = torch.zeros(1, 2, SR, requires_grad=True)
        loss, _ = losses.stereo_spectral_loss(out, 0.1 * torch.randn(1, 2, SR))
        loss.backward()
        self.assertTrue(torch.isfinite(out.grad).all())

    def test_loss_stays_bounded_for_a_mono_target(self):
        # A mono target has an all-zero side (D) spectrum; the output's small side error must not
        # be divided by ~0 (a mono tracker song once gave a validation loss of 5.8e9).
        torch.manual_seed(1)
        mono = 0.1 * torch.randn(1, 1, SR)
        target = torch.cat([mono, mono], dim=1)
        output = target + 1e-3 * torch.randn(1, 2, SR)
        loss, terms = losses.stereo_spectral_loss(output, target)
        self.assertLess(float(loss), 50.0)  # ~10 here; 1.3e9 when SC divided by the zero side
        self.assertGreater(terms["sc_diff_4096"], 0.1)  # the side error still counts
        stereo_loss, _ = losses.stereo_spectral_loss(target, target)
        self.assertLess(float(stereo_loss), float(loss))

    def test_loss_is_zero_for_identical_signals_and_grows_with_error(self):
        y = 0.1 * torch.randn(1, 2, SR)
        zero, _ = losses.stereo_spectral_loss(y, y)
        small, _ = losses.stereo_spectral_loss(1.1 * y, y)
        large, _ = losses.stereo_spectral_loss(2.0 * y, y)
        self.assertAlmostEqual(float(zero), 0.0, places=6)
        self.assertLess(float(small), float(large))


if __name__ == "__main__":
    unittest.main()
