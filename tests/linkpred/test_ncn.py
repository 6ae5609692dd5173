"""NCN / NCNC: the common-neighbour sum against brute force, shapes, gradients, completion,
target link removal, and training through the trainer (tiny graphs, few epochs)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from graphlab import Graph
from graphlab.errors import InputError
from linkpred.data import from_split
from linkpred.models import MODELS, GNNEncoder
from linkpred.ncn import (
    NCN_PRESETS,
    NCNCPredictor,
    NCNLinkPredictor,
    NCNPredictor,
    NCNSettings,
    Pattern,
    cn_sum,
    common_neighbors,
    remove_pairs,
)
from linkpred.propagation import MessageGraph
from linkpred.splits import random_link_split
from linkpred.train import TrainConfig, Trainer, train

from ._tiny import dense, random_graph


@pytest.fixture(autouse=True)
def one_thread():
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)


def pattern_of(g: Graph) -> Pattern:
    return Pattern.from_adj_t(MessageGraph(g, "gcn").adj_t())


def all_pairs(n: int) -> tuple[torch.Tensor, torch.Tensor]:
    iu = np.triu_indices(n, 0)
    return torch.as_tensor(iu[0]), torch.as_tensor(iu[1])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_common_neighbors_equal_brute_force(seed):
    g = random_graph(15, 0.3, seed=seed)
    a = dense(g) > 0
    src, dst = all_pairs(15)
    b, k = common_neighbors(pattern_of(g), src, dst)
    got = sorted(zip(b.tolist(), k.tolist(), strict=True))
    want = [
        (i, x)
        for i, (s, d) in enumerate(zip(src.tolist(), dst.tolist(), strict=True))
        for x in range(15)
        if a[s, x] and a[d, x]
    ]
    assert got == want


def test_cn_sum_equals_loop_and_passes_gradients():
    g = random_graph(12, 0.35, seed=3)
    a = dense(g) > 0
    h = torch.randn(12, 4, dtype=torch.float64, requires_grad=True)
    src, dst = all_pairs(12)
    out = cn_sum(pattern_of(g), h, src, dst)
    want = torch.stack([
        sum((h[x] for x in range(12) if a[s, x] and a[d, x]), torch.zeros(4, dtype=h.dtype))
        for s, d in zip(src.tolist(), dst.tolist(), strict=True)
    ])  # fmt: skip
    assert torch.allclose(out, want)
    # the sum is linear in h: its gradient is the common-neighbour count of each node
    out.sum().backward()
    counts = sum(a[s] & a[d] for s, d in zip(src.tolist(), dst.tolist(), strict=True))
    assert torch.allclose(h.grad, torch.as_tensor(counts, dtype=h.dtype)[:, None].expand(12, 4))


def test_pattern_drops_self_loops_and_a_pair_is_not_its_own_common_neighbour():
    g = Graph.from_edge_index([[0, 1], [1, 2]])
    p = pattern_of(g)
    assert p.degree().tolist() == [1, 2, 1]
    b, k = common_neighbors(p, torch.tensor([0, 0]), torch.tensor([1, 2]))
    assert list(zip(b.tolist(), k.tolist(), strict=True)) == [(1, 1)]


@pytest.mark.parametrize("kind", [NCNPredictor, NCNCPredictor])
def test_predictor_shapes_and_gradients(kind):
    g = random_graph(12, 0.3, seed=4)
    pred = kind(6, 8, dropout=0.1, edge_dropout=0.2, two_layer_out=True)
    h = torch.randn(12, 6, requires_grad=True)
    src, dst = torch.tensor([0, 1, 2, 3]), torch.tensor([4, 5, 6, 7])
    out = pred(h, pattern_of(g), src, dst)
    assert out.shape == (4,)
    out.sum().backward()
    assert h.grad is not None and h.grad.abs().sum() > 0
    for name, p in pred.named_parameters():
        assert p.grad is not None, name


def test_ncnc_completion_equals_brute_force():
    g = random_graph(10, 0.35, seed=5)
    a = dense(g) > 0
    torch.manual_seed(0)
    pred = NCNCPredictor(4, 8, scale=2.0, offset=0.5, pt=0.6, alpha=0.8).eval()
    h = torch.randn(10, 4)
    p = pattern_of(g)
    src, dst = all_pairs(10)
    ht = pred.node_repr(h)
    with torch.no_grad():
        got = pred(h, p, src, dst)
        rows = []
        for s, d in zip(src.tolist(), dst.tolist(), strict=True):
            xcn = torch.zeros(4)
            for k in range(10):
                if a[s, k] and a[d, k]:
                    xcn += ht[k]
                elif a[s, k] and k != d:  # k neighbours s only: p(d, k)
                    logit = NCNPredictor.forward(pred, h, p, torch.tensor([d]), torch.tensor([k]))
                    xcn += pred.completion(logit)[0] * ht[k]
                elif a[d, k] and k != s:
                    logit = NCNPredictor.forward(pred, h, p, torch.tensor([s]), torch.tensor([k]))
                    xcn += pred.completion(logit)[0] * ht[k]
            rows.append(xcn)
        want = pred.head(h, torch.stack(rows), src, dst)
    assert torch.allclose(got, want, atol=1e-5)


def test_ncnc_completion_carries_no_gradient_and_ncn_is_ncnc_with_alpha_0():
    g = random_graph(10, 0.35, seed=6)
    torch.manual_seed(1)
    ncnc = NCNCPredictor(4, 8, alpha=0.0).eval()
    ncn = NCNPredictor(4, 8).eval()
    ncn.load_state_dict(ncnc.state_dict())
    h = torch.randn(10, 4)
    src, dst = all_pairs(10)
    p = pattern_of(g)
    assert torch.allclose(ncnc(h, p, src, dst), ncn(h, p, src, dst), atol=1e-6)


@pytest.mark.parametrize("norm", ["gcn", "sage"])
def test_remove_pairs_is_the_message_graph_without_them(norm):
    g = random_graph(12, 0.3, seed=7)
    gone = g.edges()[:3]
    keep = g.edges()[3:]
    mg = MessageGraph(g, norm)
    got = remove_pairs(mg.crow, mg.col, mg.w0, torch.as_tensor(gone), renormalise=norm)
    want = MessageGraph(Graph.from_coo(keep[:, 0], keep[:, 1], num_nodes=12), norm).adj_t()
    assert torch.allclose(got.to_dense(), want.to_dense())
    w = torch.rand(mg.nnz)
    kept = remove_pairs(mg.crow, mg.col, w, torch.as_tensor(gone)).to_dense()
    full = mg.adj_t(w).to_dense()
    for u, v in gone:
        full[u, v] = full[v, u] = 0
    assert torch.equal(kept, full)


def test_link_predictor_uses_the_structure_of_the_encoded_graph():
    g = random_graph(12, 0.3, seed=8)
    model = NCNLinkPredictor(12, 5, 8, settings=NCNSettings(edge_dropout=0.0)).eval()
    x = torch.randn(12, 5)
    mg = MessageGraph(g, "gcn")
    pairs = torch.as_tensor(g.edges()[:4])
    h = model.encode(x, mg.adj_t())
    s_full = model.score(h, pairs)
    assert s_full.shape == (4,) and model.score(h, pairs.T).shape == (4,)
    # the same h scored on a graph without those edges: other common neighbours, other scores
    model.encode(x, remove_pairs(mg.crow, mg.col, mg.w0, pairs, "gcn"))
    assert model.pattern is not None and model.pattern.col.numel() < mg.nnz - 12
    assert model.decoder(h[pairs[:, 0]] * h[pairs[:, 1]]).shape == (4,)
    assert not any(n.startswith("decoder") for n in model.state_dict())


@pytest.fixture(scope="module")
def data():
    g = random_graph(40, 0.15, seed=11)
    split = random_link_split(g, seed=0)
    x = np.random.default_rng(0).normal(size=(40, 5)).astype(np.float32)
    return from_split("tiny", 40, split, x, k=5)


def config(**kw):
    base = {"dataset": "tiny", "model": "ncn", "hidden": 8, "num_layers": 1, "dropout": 0.0,
            "lr": 0.01, "epochs": 3, "batch_size": 16, "patience": 0}  # fmt: skip
    base.update(kw)
    return TrainConfig(**base)


@pytest.mark.parametrize("model", ["ncn", "ncnc"])
def test_trains_and_reproduces(data, model):
    assert MODELS[model].scorer == model
    a = train(config(model=model), data=data)
    b = train(config(model=model), data=data)
    assert a == b and a["model"] == model and 0 <= a["test_mean"] <= 1


def test_trainer_removes_the_batch_edges_and_reweights(data, monkeypatch):
    cfg = config(reweight=True, alpha=0.5, interval=1, warmup=1)
    t = Trainer(cfg, data, 0)
    seen = []
    orig = t._without

    def spy(pairs):
        seen.append(pairs)
        return orig(pairs)

    monkeypatch.setattr(t, "_without", spy)
    t.fit()
    assert t.target_link_removal and len(seen) == 3 * -(-len(data.split["train"]["edge"]) // 16)
    assert t.reweighter is not None and t.reweighter.num_updates == 2
    lrs = [g["lr"] for g in t.optimizer.param_groups]
    assert lrs[0] == 0.01 and lrs[1] == pytest.approx(0.01 * NCNSettings().lr_ratio)


def test_gnn_dropout_drops_the_linear_transform_before_propagation():
    # the released encoder (--gnndp): dropout(X W) propagated, A dropout(X W) + b
    assert [NCN_PRESETS[d].gnn_dropout for d in ("cora", "citeseer", "pubmed")] == [
        0.05, 0.75, 0.1]  # fmt: skip
    g = random_graph(12, 0.3, seed=9)
    adj = MessageGraph(g, "gcn").adj_t()
    x = torch.randn(12, 5)
    settings = NCNSettings(input_dropout=0.0, tail_dropout=0.0, gnn_dropout=0.5)
    model = NCNLinkPredictor(12, 5, 8, settings=settings)
    conv = model.encoder.convs[0]
    torch.manual_seed(3)
    h = model.encode(x, adj)
    torch.manual_seed(3)
    xw = torch.nn.functional.dropout(x @ conv.lin.weight.t(), 0.5, training=True)
    want = adj.to_dense() @ xw + conv.bias
    torch.testing.assert_close(h, want)
    assert (xw == 0).any()
    model.eval()  # no dropout: PyG's GCNConv
    torch.testing.assert_close(model.encode(x, adj), adj.to_dense() @ (x @ conv.lin.weight.t())
                               + conv.bias)  # fmt: skip
    with pytest.raises(InputError, match="lin_dropout needs a gcn encoder"):
        GNNEncoder(5, 8, conv="sage", lin_dropout=0.5)
    sage = NCNLinkPredictor(12, 5, 8, conv="sage", settings=settings)
    assert sage.encoder.lin_dropout == 0.0
