"""Bootstrap correlations and bins against scipy and brute force."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from linkpred.report.stats import (
    binned_means,
    bootstrap_correlations,
    degree_bin_edges,
    degree_groups,
    tc_bin_edges,
)


def frame(n=200, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random(n)
    return pd.DataFrame(
        {
            "m": x + rng.normal(0, 0.3, n),
            "f": x,
            "g": rng.integers(0, 5, n),
            "h": np.where(rng.random(n) < 0.2, np.nan, x**2),
        }
    )


def test_point_estimates_are_scipys():
    df = frame()
    r = bootstrap_correlations(df, "m", ["f", "g", "h"], resamples=50, desc=None)
    for _, row in r.iterrows():
        sub = df[["m", row.feature]].dropna()
        assert row.n == len(sub)
        assert row.pearson == pytest.approx(sps.pearsonr(sub.m, sub[row.feature])[0], abs=1e-12)
        assert row.spearman == pytest.approx(sps.spearmanr(sub.m, sub[row.feature])[0], abs=1e-12)


def test_interval_matches_a_plain_bootstrap_loop():
    df = frame(60, seed=4)
    r = bootstrap_correlations(df, "m", ["g"], resamples=300, seed=9, desc=None).iloc[0]
    # the same draws, one resample at a time, with scipy
    rng = np.random.default_rng(9)
    idx = rng.integers(0, 60, size=(300, 60))
    m, g = df.m.to_numpy(), df.g.to_numpy(float)
    sp = [sps.spearmanr(m[i], g[i])[0] for i in idx]
    pe = [sps.pearsonr(m[i], g[i])[0] for i in idx]
    assert r.spearman_low == pytest.approx(np.percentile(sp, 2.5))
    assert r.spearman_high == pytest.approx(np.percentile(sp, 97.5))
    assert r.pearson_low == pytest.approx(np.percentile(pe, 2.5))
    assert r.pearson_high == pytest.approx(np.percentile(pe, 97.5))


def test_seeded():
    df = frame()
    a = bootstrap_correlations(df, "m", ["f"], resamples=100, seed=1, desc=None)
    b = bootstrap_correlations(df, "m", ["f"], resamples=100, seed=1, desc=None)
    c = bootstrap_correlations(df, "m", ["f"], resamples=100, seed=2, desc=None)
    pd.testing.assert_frame_equal(a, b)
    assert a.pearson_low[0] != c.pearson_low[0]


def test_intervals_narrow_with_more_nodes_and_cover_the_estimate():
    small = bootstrap_correlations(frame(50), "m", ["f"], resamples=400, desc=None).iloc[0]
    large = bootstrap_correlations(frame(2000), "m", ["f"], resamples=400, desc=None).iloc[0]
    for r in (small, large):
        assert r.pearson_low <= r.pearson <= r.pearson_high
    assert large.pearson_high - large.pearson_low < small.pearson_high - small.pearson_low


def test_constant_or_tiny_columns_give_nan():
    df = pd.DataFrame({"m": [1.0, 1.0, 1.0, 1.0], "f": [1, 2, 3, 4]})
    r = bootstrap_correlations(df, "m", ["f"], resamples=10, desc=None).iloc[0]
    assert np.isnan(r.pearson) and np.isnan(r.spearman_low)
    r = bootstrap_correlations(df.head(2), "f", ["m"], resamples=10, desc=None).iloc[0]
    assert r.n == 2 and np.isnan(r.spearman)


@pytest.mark.parametrize("bad", [{"resamples": 0}, {"confidence": 1.0}, {"seed": -1}])
def test_bad_settings(bad):
    from graphlab.errors import InputError

    with pytest.raises(InputError):
        bootstrap_correlations(frame(), "m", ["f"], desc=None, **bad)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.floats(0, 1)), min_size=1, max_size=60))
def test_bins_partition_the_rows(rows):
    df = pd.DataFrame(rows, columns=["d", "m"])
    for edges, integer in ((degree_bin_edges(int(df.d.max())), True), (tc_bin_edges(), False)):
        col = "d" if integer else "m"
        b = binned_means(df, col, "m", edges, integer=integer)
        assert b.nodes.sum() == len(df)
        # brute force: each row in the one bin [low, high) that holds it (last bin closed)
        for _, r in b.iterrows():
            last = r.high == edges[-1]
            sel = (df[col] >= r.low) & ((df[col] <= r.high) if last else (df[col] < r.high))
            assert r.nodes == sel.sum()
            if r.nodes:
                assert r["mean"] == pytest.approx(df.m[sel].mean())
    g = degree_groups(df.rename(columns={"d": "degree"}), "m")
    assert g.nodes.sum() == len(df) and g.share.sum() == pytest.approx(1.0)
