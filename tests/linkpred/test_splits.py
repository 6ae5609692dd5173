"""Random 70/10/20 link splits: sizes, disjointness, valid negatives, seeds."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.errors import InputError
from linkpred.splits import ncnc_link_split, random_link_split, sample_non_edges

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


# ---------------------------------------------------------------- the NCNC split (paper protocol)


def test_ncnc_split_sizes_follow_the_authors_code():
    """train_test_split_edges(data, 0.2, 0.2): n = floor(0.2 E) candidates and n test edges,
    2n negatives; int(n * 0.1 / 0.2) candidates stay in validation, the rest train."""
    for n_nodes, p, seed in ((40, 0.2, 0), (55, 0.15, 1), (30, 0.3, 2)):
        g = random_graph(n_nodes, p, seed=seed)
        m = g.num_edges
        s = ncnc_link_split(g, seed=seed)
        n = int(0.2 * m)
        nv = int(n * 0.1 / 0.2)
        assert len(s["valid"]["edge"]) == nv and len(s["test"]["edge"]) == n
        assert len(s["train"]["edge"]) == m - n - nv
        assert len(s["valid"]["edge_neg"]) == n and len(s["test"]["edge_neg"]) == n
        # about two validation negatives per positive (exactly n / floor(n/2))
        assert len(s["valid"]["edge_neg"]) / nv == pytest.approx(n / nv)


def test_ncnc_split_partition_disjoint_negatives_not_edges():
    g = random_graph(50, 0.2, seed=4)
    n = g.num_nodes
    s = ncnc_link_split(g, seed=9)
    tr, va, te = (keys(s[p]["edge"], n) for p in ("train", "valid", "test"))
    assert tr | va | te == keys(g.edges(), n)
    assert len(tr) + len(va) + len(te) == g.num_edges  # each edge once, no overlap
    nv, nt = keys(s["valid"]["edge_neg"], n), keys(s["test"]["edge_neg"], n)
    assert len(nv) == len(s["valid"]["edge_neg"]) and len(nt) == len(s["test"]["edge_neg"])
    assert not (nv & nt) and not ((nv | nt) & keys(g.edges(), n))
    for part in ("train", "valid", "test"):
        e = s[part]["edge"]
        assert e.dtype == np.int64 and e.shape[1] == 2 and (e[:, 0] != e[:, 1]).all()


def test_ncnc_split_seeded():
    g = random_graph(40, 0.25, seed=3)
    a, b, c = (ncnc_link_split(g, seed=s) for s in (7, 7, 8))
    for part in ("train", "valid", "test"):
        for key in a[part]:
            np.testing.assert_array_equal(a[part][key], b[part][key])
    assert not np.array_equal(a["valid"]["edge"], c["valid"]["edge"])


def test_ncnc_split_bad_ratios():
    g = random_graph(20, 0.3)
    for val, test in ((0.3, 0.2), (0.1, 0.5), (0.0, 0.2)):
        with pytest.raises(InputError):
            ncnc_link_split(g, val, test)
