"""fx_account.with_input_gains: the account of stems that arrived at other levels."""

import unittest

import numpy as np

from models import fx_account


class InputGains(unittest.TestCase):
    def test_level_fields_fall_by_the_gain_and_the_eq_stays(self):
        rng = np.random.default_rng(1)
        account = rng.normal(0, 6, (4, fx_account.size(2))).astype(np.float32)
        account[2] = 0  # a stem the normalization skipped: nothing to account for
        gains = np.array([3.0, -7.5, 4.0, 0.5])
        out = fx_account.with_input_gains(account, gains, 2)
        for stem in (0, 1, 3):
            np.testing.assert_allclose(out[stem, :2], account[stem, :2] - gains[stem], atol=1e-5)
        np.testing.assert_array_equal(out[:, 2:], account[:, 2:])
        np.testing.assert_array_equal(out[2], 0)
        self.assertFalse(np.shares_memory(out, account))

    def test_version_1_has_one_level_field(self):
        account = np.ones((4, fx_account.size(1)), np.float32)
        out = fx_account.with_input_gains(account, np.full(4, 2.0), 1)
        np.testing.assert_allclose(out[:, 0], -1.0)
        np.testing.assert_array_equal(out[:, 1:], 1.0)


if __name__ == "__main__":
    unittest.main()
