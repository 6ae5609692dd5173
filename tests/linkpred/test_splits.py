"""Random 70/10/20 link splits: sizes, disjointness, valid negatives, seeds."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.errors import InputError
from linkpred.splits import random_link_split, sample_non_edges

from ._tiny import random_graph


def keys(e, n):
    e = np.sort(e, axis=1)
    return set((e[:, 0] * n + e[:, 1]).tolist())


def test_split_partition_and_negatives():
    g = random_graph(40, 0.2, seed=0)
    s = random_link_split(g, seed=3)
    n, m = g.num_nodes, g.num_edges
    tr, va, te = (keys(s[p]["edge"], n) for p in ("train", "valid", "test"))
    assert len(va) == int(0.1 * m) and len(te) == int(0.2 * m)
    assert len(tr) + len(va) + len(te) == m
    assert tr | va | te == keys(g.edges(), n)
    assert not (tr & va or tr & te or va & te)
    neg_v, neg_t = keys(s["valid"]["edge_neg"], n), keys(s["test"]["edge_neg"], n)
    assert len(neg_v) == len(va) and len(neg_t) == len(te)  # one negative per positive
    assert not ((neg_v | neg_t) & keys(g.edges(), n)) and not neg_v & neg_t
    for part in ("valid", "test"):
        e = s[part]["edge_neg"]
        assert e.dtype == np.int64 and (e[:, 0] != e[:, 1]).all()


def test_split_seeded():
    g = random_graph(30, 0.2, seed=1)
    a, b, c = (random_link_split(g, seed=s) for s in (5, 5, 6))
    for part in ("train", "valid", "test"):
        np.testing.assert_array_equal(a[part]["edge"], b[part]["edge"])
    assert not np.array_equal(a["test"]["edge"], c["test"]["edge"])


def test_split_bad_input():
    g = random_graph(10, 0.3)
    with pytest.raises(InputError):
        random_link_split(g, 0.5, 0.6)
    with pytest.raises(InputError):
        sample_non_edges(3, 5, np.array([[0, 1]]), np.random.default_rng(0))
