"""SHyRe's training subsample beyond ``max_train`` (every row of the rare class is kept and
the probabilities are corrected back to the full set's base rate: a known prior shift), and
the calibration check that decides whether ``"select"`` considers the expected-Jaccard rule."""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from hypergraph.core import Hypergraph
from hypergraph.reconstruct import SHyRe
from hypergraph.reconstruct.shyre import (
    CALIBRATION_Z,
    RULES,
    calibration_z,
    correct_prior,
    rare_class_subsample,
)


def shifted_data(n: int = 40_000, rate: float = 0.01, seed: int = 0):
    """One feature, class 1 at ``rate``: x ~ N(2, 1) for class 1, N(0, 1) for class 0."""
    rng = np.random.default_rng(seed)
    y = rng.random(n) < rate
    x = rng.normal(np.where(y, 2.0, 0.0), 1.0)[:, None]
    return x, y


def test_keeps_every_rare_row_and_the_size():
    _, y = shifted_data()
    rows, odds = rare_class_subsample(y, 5_000, np.random.default_rng(1))
    assert rows.size == 5_000 and np.unique(rows).size == 5_000
    assert y[rows].sum() == y.sum()  # no positive lost
    # c = s0 / s1: all positives kept (s1 = 1), negatives at 5000 - P out of N - P
    assert np.isclose(odds, (5_000 - y.sum()) / (~y).sum())
    # the rare class may be the negatives (label 0): then they are the ones kept
    rows_neg, odds_neg = rare_class_subsample(~y, 5_000, np.random.default_rng(1))
    assert y[rows_neg].sum() == y.sum()
    assert np.isclose(odds_neg, 1 / odds)
    # a rare class above half the subsample is itself subsampled to half
    rows_half, _ = rare_class_subsample(y, 2 * int(y.sum()) - 10, np.random.default_rng(1))
    assert y[rows_half].sum() == int(y.sum()) - 5


def test_correction_restores_the_base_rate_under_the_known_prior_shift():
    x, y = shifted_data()
    rows, odds = rare_class_subsample(y, 4_000, np.random.default_rng(2))
    fitted = LogisticRegression().fit(x[rows], y[rows])
    raw = fitted.predict_proba(x)[:, 1]
    fixed = correct_prior(raw, odds)
    # the subsample has about 10% positives, the full set 1%: the raw model predicts the
    # subsample's rate, the corrected one the full set's
    assert raw.mean() > 5 * y.mean()
    assert abs(fixed.mean() - y.mean()) < 0.2 * y.mean()
    # and agrees with a model fitted on every row
    full = LogisticRegression().fit(x, y).predict_proba(x)[:, 1]
    assert np.max(np.abs(fixed - full)) < 0.02
    assert np.array_equal(np.argsort(fixed), np.argsort(raw))  # a monotone map: ranks kept


def test_no_correction_without_resampling():
    p = np.linspace(0, 1, 11)
    np.testing.assert_allclose(correct_prior(p, 1.0), p)


def test_calibration_z_flags_probabilities_that_do_not_add_up():
    rng = np.random.default_rng(3)
    p = rng.beta(0.5, 20, 200_000)  # a huge pool of small probabilities, as on senate
    y = rng.random(p.size) < p  # labels drawn from them: calibrated
    assert abs(calibration_z(p, y)) < CALIBRATION_Z
    # the same pool with every probability's odds tripled sums to about three times the
    # positives: far outside
    assert calibration_z(correct_prior(p, 3.0), y) > 10 * CALIBRATION_Z


def test_select_leaves_out_the_expected_jaccard_rule_when_miscalibrated(monkeypatch):
    import hypergraph.reconstruct.shyre as shyre

    train = Hypergraph.from_edges([[0, 1, 2], [2, 3], [3, 4], [2, 4], [5, 6, 7, 8], [5, 6]])
    model = SHyRe(50, classifier="lr").fit(train)
    assert abs(model.calibration_z_) <= CALIBRATION_Z
    assert set(model.selection_) == set(RULES)
    monkeypatch.setattr(shyre, "CALIBRATION_Z", -1.0)  # no |z| is within: never calibrated
    strict = SHyRe(50, classifier="lr").fit(train)
    assert set(strict.selection_) == set(RULES) - {"auto"} and strict.rule_ != "auto"
    assert strict.calibration_z_ == model.calibration_z_
