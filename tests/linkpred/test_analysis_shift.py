"""Correlations, per-period shift against brute force, split shift, plots, run analysis."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from graphlab.errors import InputError
from linkpred.analysis import correlations, plot_binned, tc_degree_correlations
from linkpred.data import from_split
from linkpred.shift import period_shift, plot_period_shift, split_shift
from linkpred.splits import random_link_split

from ._tiny import random_graph


def test_correlations_match_scipy():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"m": rng.random(30), "f": rng.random(30), "c": np.ones(30)})
    df.loc[3, "f"] = np.nan
    out = correlations(df, ["m"], ["f", "c"])
    sub = df[["m", "f"]].dropna()
    row = out[out.feature == "f"].iloc[0]
    assert row.n == 29
    assert row.pearson == pytest.approx(stats.pearsonr(sub.m, sub.f)[0])
    assert row.spearman == pytest.approx(stats.spearmanr(sub.m, sub.f)[0])
    assert np.isnan(out[out.feature == "c"].pearson.iloc[0])  # constant column
    with pytest.raises(InputError):
        correlations(df, ["m"], ["nope"])


def brute_force_period(edges, times, n, bounds):
    out = []
    for p in range(1, len(bounds) - 1):
        lo, hi = bounds[p], bounds[p + 1]
        past = [tuple(e) for e, t in zip(edges, times) if t < lo]
        new = [tuple(e) for e, t in zip(edges, times) if lo <= t < hi]
        if not past or not new:
            continue
        nb = {v: set() for v in range(n)}
        for u, v in past:
            nb[u].add(v)
            nb[v].add(u)
        joined = {v: set() for v in range(n)}
        for u, v in new:
            joined[u].add(v)
            joined[v].add(u)
        vals = [np.mean([len(nb[v] & nb[u]) / len(nb[v]) for u in joined[v]])
                for v in range(n) if nb[v] and joined[v]]  # fmt: skip
        out.append((p, len(vals), np.mean(vals) if vals else np.nan))
    return out


def test_period_shift_brute_force():
    rng = np.random.default_rng(1)
    g = random_graph(25, 0.3, seed=2)
    e = g.edges()
    t = rng.integers(0, 50, size=len(e))
    bounds = [0, 10, 20, 30, 40, 50]
    got = period_shift(e, t, 25, periods=bounds)
    exp = brute_force_period(e, t, 25, bounds)
    assert got["period"].tolist() == [p for p, _, _ in exp]
    assert got["nodes"].tolist() == [k for _, k, _ in exp]
    assert got["tc_new"].to_numpy() == pytest.approx([m for _, _, m in exp])
    q = period_shift(e, t, 25, periods=4)  # equal-count periods
    assert len(q) == 3 and q["new_edges"].sum() <= len(e)
    with pytest.raises(InputError):
        period_shift(e, t[:-1], 25)
    with pytest.raises(InputError):
        period_shift(e, t, 25, periods=[3, 2, 1])


def test_split_shift_and_plots(tmp_path):
    g = random_graph(60, 0.12, seed=3)
    data = from_split("tiny", 60, random_link_split(g, seed=1), None, k=10)
    res = split_shift(data)
    assert res["nodes"] > 0
    assert 0 <= res["tc_test"] <= 1 and 0 <= res["tc_train"] <= 1
    frame = pd.DataFrame({"tc_train": np.linspace(0, 1, 20), "degree": np.arange(1, 21),
                          "hits": np.linspace(0, 1, 20)})  # fmt: skip
    for path in (
        plot_binned(frame, "tc_train", ["hits"], tmp_path / "a.png", bins=4),
        plot_binned(frame, "degree", ["hits"], tmp_path / "b.png", log=True),
        plot_period_shift(
            pd.DataFrame({"period": [1, 2], "tc_new": [0.1, 0.2], "tc_train": [0.5, 0.4]}),
            tmp_path / "c.png",
        ),
    ):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = pd.DataFrame({"degree": [1, 2, 3, 4, 0], "tc_train": [0.0, 0.1, 0.3, 0.2, 0.0],
                          "density": [1.0, 0.9, 0.5, 0.4, 0.0]})  # fmt: skip
    out = tc_degree_correlations(table)
    assert set(out.metric) == {"tc_train", "density"} and (out.n == 4).all()
