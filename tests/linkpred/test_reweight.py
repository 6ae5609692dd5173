"""TC reweighting against a brute-force dense implementation of the spec's update rule."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from graphlab.errors import InputError
from graphlab.stats import clustering
from linkpred.models import LinkPredictor
from linkpred.propagation import MessageGraph
from linkpred.reweight import TCReweighter, weighted_tc

from ._tiny import dense, random_graph


def dense_base(a: np.ndarray, norm: str) -> np.ndarray:
    ah = a + np.eye(a.shape[0])
    d = ah.sum(1)
    if norm == "gcn":
        return ah / np.sqrt(np.outer(d, d))
    return ah / d[:, None]


def brute_force_update(model, x, a, w_current, norm, alpha, temperature=1.0):
    """The spec's rule, entry by entry, on dense matrices (w[r, c] weights c -> r)."""
    n = a.shape[0]
    w0 = dense_base(a, norm)
    mask = (a + np.eye(n)) > 0
    with torch.no_grad():
        h = model.encode(x, torch.tensor(w_current, dtype=torch.float32).to_sparse_csr()).double()
        h_tilde = torch.tensor(w0) @ h
        s = np.zeros((n, n))
        for r in range(n):
            for c in range(n):
                if mask[r, c]:
                    z = (h_tilde[c] * h[r]).float()
                    s[r, c] = torch.sigmoid(model.decoder(z[None])).item()
    w = np.zeros((n, n))
    for c in range(n):
        rows = np.flatnonzero(mask[:, c])
        e = np.exp(s[rows, c] / temperature)
        a_col = e / e.sum()
        w[rows, c] = w0[rows, c] + alpha * a_col * w0[:, c].sum()
    return w


def to_dense(mg: MessageGraph, w: torch.Tensor) -> np.ndarray:
    out = np.zeros((mg.num_nodes, mg.num_nodes))
    out[mg.row.numpy(), mg.col.numpy()] = w.double().numpy()
    return out


@pytest.mark.parametrize(("norm", "model_kind"), [("gcn", "gcn"), ("sage", "sage")])
def test_update_matches_brute_force(norm, model_kind):
    g = random_graph(10, 0.3, seed=1)
    a = dense(g)
    torch.manual_seed(0)
    model = LinkPredictor(g.num_nodes, 5, 8, num_layers=2, model=model_kind).eval()
    x = torch.randn(g.num_nodes, 5)
    mg = MessageGraph(g, norm)
    np.testing.assert_allclose(to_dense(mg, mg.w0), dense_base(a, norm), rtol=1e-6)
    rw = TCReweighter(mg, alpha=0.7, interval=1, warmup=0)
    expected = brute_force_update(model, x, a, dense_base(a, norm), norm, 0.7)
    got = rw.update(lambda adj: model.encode(x, adj), model.decoder)
    np.testing.assert_allclose(to_dense(mg, got), expected, rtol=1e-5, atol=1e-7)
    # second update: the encoder now sees the new weights, but the update restarts from w0
    expected2 = brute_force_update(model, x, a, to_dense(mg, got), norm, 0.7)
    got2 = rw.update(lambda adj: model.encode(x, adj), model.decoder)
    np.testing.assert_allclose(to_dense(mg, got2), expected2, rtol=1e-5, atol=1e-7)
    assert rw.num_updates == 2 and len(rw.log) == 2


@pytest.mark.parametrize("temperature", [0.1, 0.5, 3.0])
def test_temperature_matches_brute_force_and_bounds(temperature):
    """softmax(s / tau): the brute force at any tau; the share ratio of two receivers of one
    sender stays below e^(1/tau); a large tau tends to the uniform control."""
    g = random_graph(10, 0.4, seed=2)
    a = dense(g)
    torch.manual_seed(1)
    model = LinkPredictor(g.num_nodes, 5, 8, num_layers=2, model="gcn").eval()
    x = torch.randn(g.num_nodes, 5)
    mg = MessageGraph(g, "gcn")

    def run(**kw):
        rw = TCReweighter(mg, alpha=1.0, **kw)
        return rw.update(lambda adj: model.encode(x, adj), model.decoder)

    got = run(temperature=temperature)
    expected = brute_force_update(model, x, a, dense_base(a, "gcn"), "gcn", 1.0, temperature)
    np.testing.assert_allclose(to_dense(mg, got), expected, rtol=1e-5, atol=1e-7)
    # the extra weight per sender is the same at every temperature; its split is bounded
    extra = to_dense(mg, got) - dense_base(a, "gcn")
    np.testing.assert_allclose(extra.sum(0), dense_base(a, "gcn").sum(0), rtol=1e-5)
    ratio = np.nanmax(np.where(extra > 0, extra, np.nan), 0) / np.nanmin(
        np.where(extra > 0, extra, np.nan), 0
    )
    assert np.all(ratio < np.exp(1 / temperature) * (1 + 1e-5))
    far = run(temperature=1e6)
    uni = TCReweighter(mg, alpha=1.0, mode="uniform").update(_refuse, _refuse)
    np.testing.assert_allclose(far.numpy(), uni.numpy(), rtol=1e-5)
    with pytest.raises(InputError, match="temperature"):
        TCReweighter(mg, temperature=0.0)


def test_temperature_settings():
    from linkpred.config import TrainConfig

    cfg = TrainConfig.for_dataset("cora", protocol="paper", reweight=True, epochs=3)
    hot = cfg.replace(reweight_temperature=0.25)
    d = cfg.to_dict()
    del d["reweight_temperature"]  # runs written before the setting keep their fingerprint
    assert TrainConfig.from_dict(d).fingerprint() == cfg.fingerprint() != hot.fingerprint()
    with pytest.raises(InputError, match="needs --reweight"):
        TrainConfig.for_dataset("cora", reweight_temperature=0.5)
    with pytest.raises(InputError, match="needs --reweight"):
        cfg.replace(reweight_mode="uniform", reweight_temperature=0.5)


def test_not_cumulative_and_alpha_zero():
    g = random_graph(9, 0.4, seed=2)
    mg = MessageGraph(g, "gcn")
    h = torch.randn(g.num_nodes, 4)
    rw = TCReweighter(mg, alpha=1.5)
    w1 = rw.update(lambda adj: h, lambda z: z.sum(-1)).clone()
    w2 = rw.update(lambda adj: h, lambda z: z.sum(-1))  # encoder ignores weights: same result
    torch.testing.assert_close(w1, w2)
    # each sender c hands out alpha * sum_r w0_rc extra in total (softmax over the column)
    extra = torch.zeros(g.num_nodes).index_add_(0, mg.col, w1 - mg.w0)
    col = torch.zeros(g.num_nodes).index_add_(0, mg.col, mg.w0)
    torch.testing.assert_close(extra, 1.5 * col)
    zero = TCReweighter(mg, alpha=0.0).update(lambda adj: h, lambda z: z.sum(-1))
    torch.testing.assert_close(zero, mg.w0)


def test_orientation_message_c_to_r():
    # path 0 - 1 - 2 with SAGE weights: node 1 averages over {0, 1, 2}, node 0 over {0, 1}
    from graphlab import Graph

    mg = MessageGraph(Graph.from_edge_index([[0, 1], [1, 2]]), "sage")
    w = torch.arange(1, mg.nnz + 1, dtype=torch.float32)  # every entry distinct
    x = torch.tensor([[1.0], [10.0], [100.0]])
    out = torch.sparse.mm(mg.adj_t(w), x).squeeze(1)
    expected = [sum(float(w[e]) * float(x[mg.col[e]]) for e in range(mg.nnz) if mg.row[e] == r)
                for r in range(3)]  # fmt: skip
    assert out.tolist() == pytest.approx(expected)


def test_schedule():
    mg = MessageGraph(random_graph(5, 0.5), "gcn")
    assert [e for e in range(1, 12) if TCReweighter(mg, interval=1, warmup=0).due(e)] == list(
        range(1, 12)
    )
    assert [e for e in range(1, 30) if TCReweighter(mg, interval=10, warmup=5).due(e)] == [
        6,
        16,
        26,
    ]


@pytest.mark.parametrize("bad", [{"alpha": -1.0}, {"interval": 0}, {"warmup": -2},
                                 {"alpha": float("nan")}])  # fmt: skip
def test_bad_settings(bad):
    with pytest.raises(InputError):
        TCReweighter(MessageGraph(random_graph(5, 0.5), "gcn"), **bad)


def test_pyg_softmax_matches_hand_written_group_softmax():
    """The reweighting's softmax over entries sharing a sender is PyG's; it agrees with the
    hand-written one it replaced (benchmarks/bench_softmax.py) and with a dense softmax."""
    import importlib.util
    from pathlib import Path

    from torch_geometric.utils import softmax

    path = Path(__file__).parents[2] / "benchmarks" / "bench_softmax.py"
    spec = importlib.util.spec_from_file_location("bench_softmax", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    gen = torch.Generator().manual_seed(3)
    s = torch.rand(5000, generator=gen)
    idx = torch.randint(0, 700, (5000,), generator=gen)
    out = softmax(s, idx, num_nodes=701)  # group 700 is empty
    torch.testing.assert_close(out, bench.hand_written_softmax(s, idx, 701), rtol=1e-6, atol=0)
    for gidx in range(0, 700, 97):
        sel = idx == gidx
        if sel.any():
            torch.testing.assert_close(out[sel], torch.softmax(s[sel], 0))


def test_weighted_tc_uniform_is_clustering():
    g = random_graph(30, 0.2, seed=4)
    mg = MessageGraph(g, "gcn")
    assert weighted_tc(mg, torch.ones(mg.nnz)) == pytest.approx(clustering(g).mean())


def test_weighted_tc_brute_force():
    g = random_graph(8, 0.5, seed=5)
    a = dense(g)
    mg = MessageGraph(g, "gcn")
    torch.manual_seed(0)
    w = torch.rand(mg.nnz) + 0.1
    wd = to_dense(mg, w)
    tcs = []
    for v in range(8):
        nb = np.flatnonzero(a[v])
        if len(nb) <= 1:
            tcs.append(0.0)
            continue
        scores = []
        for u in nb:
            others = [x for x in nb if x != u]
            scores.append(sum(wd[v, x] * a[u, x] for x in others) / sum(wd[v, x] for x in others))
        tcs.append(np.mean(scores))
    assert weighted_tc(mg, w) == pytest.approx(np.mean(tcs))


# ---------------------------------------------------------------- the uniform control


def _refuse(*_):
    raise AssertionError("the uniform control must not look at the model")


@pytest.mark.parametrize("norm", ["gcn", "sage"])
def test_uniform_control_matches_brute_force_and_tc_totals(norm):
    g = random_graph(11, 0.35, seed=4)
    a = dense(g)
    n = g.num_nodes
    mg = MessageGraph(g, norm)
    uni = TCReweighter(mg, alpha=1.3, mode="uniform")
    first = uni.update(_refuse, _refuse)  # no TC signal: the model is never called
    got = to_dense(mg, first)
    # brute force: each group c (the entries that share c) gets alpha * sum_r w0[r, c] more,
    # split evenly over its entries
    w0 = dense_base(a, norm)
    mask = (a + np.eye(n)) > 0
    expected = w0 + 1.3 * mask * (w0.sum(0) / mask.sum(0))[None, :]
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)
    # the TC rule with a random predictor adds the same total to every group, placed otherwise
    torch.manual_seed(1)
    model = LinkPredictor(n, 5, 8, num_layers=2, model="gcn" if norm == "gcn" else "sage").eval()
    x = torch.randn(n, 5)
    tc = to_dense(mg, TCReweighter(mg, alpha=1.3).update(
        lambda adj: model.encode(x, adj), model.decoder))  # fmt: skip
    np.testing.assert_allclose((tc - w0).sum(0), (got - w0).sum(0), rtol=1e-5)
    assert not np.allclose(tc, got, atol=1e-6)
    # the same weights whatever the model, at every update, and the same schedule
    assert uni.update(_refuse, _refuse) is first and uni.num_updates == 2  # one adjacency
    assert len(uni.log) == 2 and uni.log[0]["tc_after"] == uni.log[1]["tc_before"]


def test_reweight_mode_settings():
    from linkpred.config import TrainConfig

    with pytest.raises(InputError, match="reweight mode"):
        TCReweighter(MessageGraph(random_graph(5, 0.5), "gcn"), mode="random")
    cfg = TrainConfig.for_dataset("cora", protocol="paper", reweight=True, epochs=3)
    uni = cfg.replace(reweight_mode="uniform")
    # runs written before the setting existed keep their fingerprint; the control has its own
    d = cfg.to_dict()
    del d["reweight_mode"]
    assert TrainConfig.from_dict(d).fingerprint() == cfg.fingerprint() != uni.fingerprint()
    assert (uni.alpha, uni.interval, uni.warmup) == (cfg.alpha, cfg.interval, cfg.warmup)
    with pytest.raises(InputError, match="needs reweighting on"):
        TrainConfig.for_dataset("cora", reweight_mode="uniform")
    with pytest.raises(InputError, match="reweight_mode"):
        cfg.replace(reweight_mode="softmax")


def test_tc_log_before_is_the_previous_after():
    g = random_graph(9, 0.4, seed=5)
    mg = MessageGraph(g, "gcn")
    h = torch.randn(g.num_nodes, 4)
    rw = TCReweighter(mg, alpha=0.9)
    for _ in range(3):
        rw.update(lambda adj: h @ torch.randn(4, 4), lambda z: z.sum(-1))
    for prev, cur in zip(rw.log, rw.log[1:]):
        assert cur["tc_before"] == prev["tc_after"]
    assert rw.log[-1]["tc_after"] == pytest.approx(weighted_tc(mg, rw.weight))
    assert rw.log[0]["tc_before"] == pytest.approx(weighted_tc(mg))
