"""Hits@K / per-node ranking metrics against hand-computed values; chunking changes nothing."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from graphlab import Graph
from graphlab.errors import InputError
from linkpred.metrics import hits_at_k, rank_metrics
from linkpred.models import InnerProductDecoder, MLPDecoder
from linkpred.node_eval import per_node_metrics, score_block

from ._tiny import random_graph


def test_hits_at_k_by_hand():
    pos = torch.tensor([0.9, 0.6, 0.3, 0.1])
    neg = torch.tensor([0.8, 0.5, 0.4, 0.2, 0.0])
    # K=1: threshold 0.8 -> only 0.9 above; K=3: threshold 0.4 -> 0.9, 0.6
    assert hits_at_k(pos, neg, 1) == pytest.approx(0.25)
    assert hits_at_k(pos, neg, 3) == pytest.approx(0.5)
    assert hits_at_k(pos, neg, 100) == pytest.approx(1.0)  # fewer negatives than K
    with pytest.raises(InputError):
        hits_at_k(pos, neg, 0)


def test_rank_metrics_by_hand():
    inf = -math.inf
    scores = torch.tensor(
        [
            [0.1, 0.9, 0.8, 0.7, 0.6, inf],  # targets at ranks 2 and 4
            [0.5, 0.4, 0.3, 0.2, 0.1, 0.0],  # target at rank 6
            [inf, 0.2, 0.9, 0.1, 0.3, 0.4],  # target ranked first
        ]
    )
    targets = torch.zeros_like(scores, dtype=torch.bool)
    targets[0, [2, 4]] = True
    targets[1, 5] = True
    targets[2, 2] = True
    out = rank_metrics(scores, targets, k=3)
    d = lambda i: 1 / math.log2(i + 1)  # noqa: E731 - discount of position i (1-based)
    assert out["hits"].tolist() == [1.0, 0.0, 1.0]
    assert out["recall"].tolist() == pytest.approx([0.5, 0.0, 1.0])
    assert out["ndcg"].tolist() == pytest.approx([d(2) / (d(1) + d(2)), 0.0, 1.0])
    assert out["mrr"].tolist() == pytest.approx([0.5, 1 / 6, 1.0])
    assert out["num_targets"].tolist() == [2, 1, 1]


def test_rank_metrics_no_targets_and_shapes():
    out = rank_metrics(torch.rand(2, 4), torch.zeros(2, 4, dtype=torch.bool), k=2)
    assert out["mrr"].tolist() == [0.0, 0.0]
    with pytest.raises(InputError):
        rank_metrics(torch.rand(2, 4), torch.zeros(2, 3, dtype=torch.bool), k=2)


def brute_force_node_metrics(h, dec, g, targets, k):
    n = g.num_nodes
    a = g.to_scipy().toarray() > 0
    t = np.zeros((n, n), dtype=bool)
    for u, v in targets:
        t[u, v] = t[v, u] = True
    rows = {}
    with torch.no_grad():
        for v in range(n):
            if not t[v].any():
                continue
            s = np.array([dec((h[v] * h[x])[None]).item() for x in range(n)])
            s[a[v]] = -np.inf
            s[v] = -np.inf
            order = np.argsort(-s, kind="stable")
            top = order[:k]
            m = t[v, top].sum()
            best = s[t[v]].max()
            rank = 1 + (s > best).sum()
            disc = 1 / np.log2(np.arange(2, k + 2))
            dcg = (t[v, top] * disc[: len(top)]).sum()
            idcg = disc[: min(k, t[v].sum())].sum()
            rows[v] = (float(rank <= k), m / t[v].sum(), dcg / idcg, 1 / rank)
    return rows


@pytest.mark.parametrize("decoder", ["inner", "mlp"])
@pytest.mark.parametrize("max_elements", [1 << 20, 37])  # 37: one row and a few columns at a time
def test_per_node_metrics_brute_force(decoder, max_elements):
    torch.manual_seed(0)
    g = random_graph(15, 0.2, seed=7)
    h = torch.randn(15, 4)
    dec = InnerProductDecoder() if decoder == "inner" else MLPDecoder(4, 6).eval()
    non_edges = [(u, v) for u in range(15) for v in range(u + 1, 15) if not g.to_scipy()[u, v]]
    targets = np.array(non_edges[::7])
    df = per_node_metrics(h, dec, g, targets, k=3, max_elements=max_elements)
    expected = brute_force_node_metrics(h, dec, g, targets, 3)
    assert df["node"].tolist() == sorted(expected)
    for row in df.itertuples(index=False):
        assert (row[2], row[3], row[4], row[5]) == pytest.approx(expected[row.node], rel=1e-5)


def test_score_block_chunks_agree():
    torch.manual_seed(1)
    h = torch.randn(9, 3)
    dec = MLPDecoder(3, 5).eval()
    rows = torch.tensor([0, 4, 8])
    full = score_block(h, dec, rows, max_elements=1 << 20)
    torch.testing.assert_close(score_block(h, dec, rows, max_elements=10), full)
    direct = torch.stack([dec(h[r] * h) for r in rows])
    torch.testing.assert_close(full, direct.detach())


def test_exclude_edges_masks_them():
    g = Graph.from_edge_index([[0], [1]], num_nodes=4)
    h = torch.tensor([[1.0, 0.0], [0.5, 0.5], [0.9, 0.1], [0.8, 0.0]])
    base = per_node_metrics(h, InnerProductDecoder(), g, [[0, 3]], k=1)
    assert base.loc[base.node == 0, "mrr"].item() == pytest.approx(0.5)  # node 2 outranks 3
    masked = per_node_metrics(h, InnerProductDecoder(), g, [[0, 3]], k=1, exclude_edges=[[0, 2]])
    assert masked.loc[masked.node == 0, "mrr"].item() == pytest.approx(1.0)


def test_per_node_bad_input():
    g = random_graph(5, 0.5)
    with pytest.raises(InputError):
        per_node_metrics(torch.randn(4, 2), InnerProductDecoder(), g, [[0, 1]])
    with pytest.raises(InputError):
        per_node_metrics(torch.randn(5, 2), InnerProductDecoder(), g, [[0, 9]])
