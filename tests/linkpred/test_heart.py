"""HeaRT: the negatives against a plain re-statement of the recipe, PPR, the metrics, the cache,
training selection and ``analyze --eval heart`` (tiny graphs, few epochs)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from scipy.stats import rankdata

from graphlab import Graph
from graphlab.cli import main
from linkpred.data import from_split
from linkpred.heart import (
    HeartNegatives,
    heart_metrics,
    heart_negatives,
    heart_ranks,
    ppr_rows,
)
from linkpred.splits import random_link_split
from linkpred.train import TrainConfig, train

from ._tiny import dense, random_graph


@pytest.fixture(autouse=True)
def one_thread_and_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("GRAPHLAB_CACHE", str(tmp_path / "cache"))
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)


def test_ppr_exact_solves_the_linear_system_and_push_approaches_it():
    g = random_graph(15, 0.25, seed=1)
    a = dense(g)
    walk = a / a.sum(0, keepdims=True)
    want = 0.15 * np.linalg.inv(np.eye(15) - 0.85 * walk)  # column u: PPR from u
    got = ppr_rows(g, np.arange(15), eps=1e-9)
    assert np.allclose(got, want.T, atol=1e-9)
    push = ppr_rows(g, np.arange(15), eps=1e-9, exact_below=0)
    assert np.abs(push - want.T).max() < 1e-6
    path = Graph.from_edge_index([np.arange(14), np.arange(1, 15)])
    coarse = ppr_rows(path, [0], eps=1e-2, exact_below=0)
    assert (coarse == 0).any() and coarse[0, 0] > 0  # the tolerance leaves far nodes at 0


def reference_negatives(g, pos, known, x, k, eps):
    """The recipe of create_heart_negatives.py, restated with loops (no random fill)."""
    a = dense(g)
    deg = a.sum(1)
    n = g.num_nodes
    ra = np.array([[sum(a[u, z] * a[v, z] / deg[z] for z in range(n) if deg[z]) for v in range(n)]
                   for u in range(n)])  # fmt: skip
    ppr = ppr_rows(g, np.arange(n), eps=eps)
    xn = x / np.linalg.norm(x, axis=1, keepdims=True)
    cos = xn @ xn.T
    kn = dense(known) > 0

    def ranks(row):
        out = np.empty(n)
        pos_ = row > 0
        r = rankdata(row[pos_], method="min")
        r = r.max() - r + 1
        out[pos_] = r
        out[row == 0] = r.max() + 1
        out[row < 0] = r.max() + 2
        return out

    def corrupt(u, other):
        masked = kn[u].copy()
        masked[u] = masked[other] = True
        rows = [m[u].copy() for m in (ra, ppr, cos)]
        for r in rows:
            r[masked] = -1
        comb = np.min([ranks(r) for r in rows], axis=0)
        return sorted(range(n), key=lambda v: (comb[v], v))[:k]

    return [[(s, v) for v in corrupt(s, t)] + [(v, t) for v in corrupt(t, s)] for s, t in pos]


def test_negatives_follow_the_recipe():
    g = random_graph(20, 0.25, seed=2)
    x = np.random.default_rng(0).random((20, 6))
    pos = [[0, 5], [3, 11], [7, 19]]
    known = random_graph(20, 0.3, seed=2)  # another filter graph than the heuristics'
    got = heart_negatives(g, pos, known, x, num_negatives=6, eps=1e-9)
    want = reference_negatives(g, pos, known, x, 3, 1e-9)
    assert got.tolist() == [[list(p) for p in row] for row in want]
    kn = dense(known) > 0
    for (s, t), row in zip(pos, got, strict=True):
        assert (row[:3, 0] == s).all() and (row[3:, 1] == t).all()
        for u, v in row:
            assert u != v and not kn[u, v] and {u, v} != {s, t}


def test_random_fill_when_few_nodes_score_and_seeded():
    # two components: the nodes of the other one score 0 under RA and PPR (no features)
    g = Graph.from_edge_index([[0, 1, 2, 4, 5], [1, 2, 3, 5, 6]], num_nodes=8)
    a = heart_negatives(g, [[0, 3]], num_negatives=10, eps=1e-9, seed=4)
    b = heart_negatives(g, [[0, 3]], num_negatives=10, eps=1e-9, seed=4)
    c = heart_negatives(g, [[0, 3]], num_negatives=10, eps=1e-9, seed=5)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    src = a[0, :5, 1]
    assert src[0] == 2  # the one scored node (1 is a neighbour, 3 the other end)
    assert set(src[1:]) <= {4, 5, 6, 7}  # then zero-score nodes, drawn with replacement


def test_bad_arguments():
    g = random_graph(10, 0.3, seed=0)
    from graphlab.errors import InputError

    with pytest.raises(InputError, match="even"):
        heart_negatives(g, [[0, 1]], num_negatives=5)
    with pytest.raises(InputError, match="outside"):
        heart_negatives(g, [[0, 10]], num_negatives=4)
    with pytest.raises(InputError, match=r"\[P, M\]"):
        heart_metrics(torch.ones(3), torch.ones(2, 4))


def test_metrics_count_ties_half_and_match_a_loop():
    gen = torch.Generator().manual_seed(0)
    pos = torch.randint(0, 5, (50,), generator=gen).float()
    neg = torch.randint(0, 5, (50, 20), generator=gen).float()
    ranks = heart_ranks(pos, neg)
    for i in range(50):
        above = sum(float(v) > float(pos[i]) for v in neg[i])
        tied = sum(float(v) == float(pos[i]) for v in neg[i])
        assert ranks[i] == 1 + above + tied / 2
    m = heart_metrics(pos, neg, ks=(1, 10))
    assert m["mrr"] == pytest.approx(float((1 / ranks).mean()))
    assert m["hits@10"] == pytest.approx(float((ranks <= 10).float().mean()))


@pytest.fixture(scope="module")
def data():
    g = random_graph(40, 0.15, seed=11)
    split = random_link_split(g, seed=0)
    x = np.random.default_rng(0).normal(size=(40, 5)).astype(np.float32)
    return from_split("tiny", 40, split, x, k=5)


def test_cached_set_is_read_back(data, tmp_path, monkeypatch):
    first = HeartNegatives.for_data(data, num_negatives=8, cache=tmp_path)
    assert first.valid.shape == (len(data.split["valid"]["edge"]), 8, 2)
    files = list(tmp_path.glob("heart-tiny-*.npz"))
    assert len(files) == 1

    def fail(*a, **k):
        raise AssertionError("recomputed")

    monkeypatch.setattr("linkpred.heart.heart_negatives", fail)
    again = HeartNegatives.for_data(data, num_negatives=8, cache=tmp_path)
    assert np.array_equal(first.test, again.test)
    with pytest.raises(AssertionError, match="recomputed"):  # another seed: another file
        HeartNegatives.for_data(data, num_negatives=8, seed=1, cache=tmp_path)


@pytest.mark.parametrize("model", ["sage", "ncn"])
def test_training_selects_on_heart_mrr(data, model):
    cfg = TrainConfig(dataset="tiny", model=model, hidden=8, num_layers=1, dropout=0.0,
                      lr=0.01, epochs=3, batch_size=16, patience=0, runs=2,
                      evaluation="heart")  # fmt: skip
    s = train(cfg, data=data)
    assert s["metric"] == "heart-mrr" and set(s["heart"]) >= {"mrr", "hits@10"}
    assert s["heart"]["mrr"]["mean"] == pytest.approx(s["test_mean"])
    assert 0 < s["test_mean"] <= 1


def test_cli_train_and_analyze_heart(tmp_path, capsys):
    g = random_graph(40, 0.15, seed=11)
    edges = tmp_path / "edges.csv"
    edges.write_text("".join(f"{u},{v}\n" for u, v in g.edges()))
    out = tmp_path / "run"
    argv = ["train", str(edges), "--model", "ncn", "--epochs", "2", "--hidden", "8",
            "--eval", "heart", "--out", str(out), "--json"]  # fmt: skip
    assert main(argv) == 0
    s = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert s["metric"] == "heart-mrr"
    assert main(["analyze", str(out), "--eval", "heart", "--json"]) == 0
    a = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert a["test"]["mrr"] == pytest.approx(s["test_mean"])
    ranks = (out / "analysis/heart_run=0/heart_ranks.csv").read_text().splitlines()
    assert ranks[0] == "part,u,v,score,rank" and len(ranks) > 1
    # the all-node ranking knows pair decoders only: an NCN run is refused, not half-ranked
    assert main(["analyze", str(out)]) == 2
    assert "use --eval heart" in capsys.readouterr().err
