"""Encoders and decoders against dense formulas; PyG consistency; bad input."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from graphlab.errors import InputError
from linkpred.layers import WeightedSAGEConv
from linkpred.models import (
    BatchRows,
    GNNEncoder,
    InnerProductDecoder,
    LinkPredictor,
    MLPDecoder,
)
from linkpred.propagation import MessageGraph

from ._tiny import random_graph


def dense_w(mg: MessageGraph, w: torch.Tensor) -> torch.Tensor:
    out = torch.zeros(mg.num_nodes, mg.num_nodes)
    out[mg.row, mg.col] = w
    return out


@pytest.fixture
def setup():
    torch.manual_seed(0)
    g = random_graph(11, 0.3, seed=3)
    mg = MessageGraph(g, "sage")
    w = torch.rand(mg.nnz) + 0.05  # asymmetric weights: orientation matters
    x = torch.randn(g.num_nodes, 6)
    return g, mg, w, x


def test_weighted_sage_dense_formula(setup):
    _, mg, w, x = setup
    conv = WeightedSAGEConv(6, 4)
    W = dense_w(mg, w)
    expected = (W @ x) @ conv.lin_l.weight.T + conv.lin_l.bias + x @ conv.lin_r.weight.T
    torch.testing.assert_close(conv(x, mg.adj_t(w)), expected, rtol=1e-5, atol=1e-6)
    # the edge_index path of MessagePassing: row 0 senders c, row 1 receivers r
    ei = torch.stack([mg.col, mg.row])
    torch.testing.assert_close(conv(x, ei, w), expected, rtol=1e-5, atol=1e-6)
    no_root = WeightedSAGEConv(6, 4, root_weight=False)
    torch.testing.assert_close(
        no_root(x, mg.adj_t(w)), (W @ x) @ no_root.lin_l.weight.T + no_root.lin_l.bias,
        rtol=1e-5, atol=1e-6,
    )  # fmt: skip


def test_weighted_sage_message_and_aggregate(setup, monkeypatch):
    """A sparse adj_t takes PyG's fused path (message_and_aggregate, one spmm), an edge_index
    the message path; they agree, and gradients flow through both."""
    _, mg, w, x = setup
    conv = WeightedSAGEConv(6, 4)
    calls = []
    fused = WeightedSAGEConv.message_and_aggregate

    def spy(self, adj_t, x):
        calls.append(adj_t.layout)
        return fused(self, adj_t, x)

    monkeypatch.setattr(WeightedSAGEConv, "message_and_aggregate", spy)
    xs = x.clone().requires_grad_(True)
    a = conv(xs, mg.adj_t(w))
    assert calls == [torch.sparse_csr]
    (ga,) = torch.autograd.grad(a.sum(), xs)
    b = conv(xs, torch.stack([mg.col, mg.row]), w)
    assert len(calls) == 1  # the edge_index path does not fuse
    (gb,) = torch.autograd.grad(b.sum(), xs)
    torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(ga, gb, rtol=1e-5, atol=1e-6)
    # the same numbers as the plain sparse-dense product the layer used before
    plain = conv.lin_l(torch.sparse.mm(mg.adj_t(w), x)) + conv.lin_r(x)
    torch.testing.assert_close(a, plain, rtol=0, atol=0)


def test_weighted_sage_sparse_features(setup, monkeypatch):
    """Bag-of-words features given as CSR: the dense formula and the dense path's gradients,
    with no product of two sparse matrices (torch 2.13 leaks memory in that product)."""
    _, mg, w, x = setup
    x = torch.where(x > 0.5, x, torch.zeros(()))
    conv = WeightedSAGEConv(6, 4)
    real_mm = torch.sparse.mm

    def dense_right(a, b):
        assert b.layout == torch.strided, "a sparse @ sparse product was formed"
        return real_mm(a, b)

    dense_out = conv(x, mg.adj_t(w))
    dense_grads = torch.autograd.grad(dense_out.pow(2).sum(), list(conv.parameters()))
    monkeypatch.setattr(torch.sparse, "mm", dense_right)
    sparse_out = conv(x.to_sparse_csr(), mg.adj_t(w))
    sparse_grads = torch.autograd.grad(sparse_out.pow(2).sum(), list(conv.parameters()))
    torch.testing.assert_close(sparse_out, dense_out, rtol=1e-5, atol=1e-6)
    for gs, gd in zip(sparse_grads, dense_grads, strict=True):
        torch.testing.assert_close(gs, gd, rtol=1e-5, atol=1e-6)


def test_model_registry_is_the_one_check():
    from linkpred.models import MODELS, check_model

    assert list(MODELS) == ["gcn", "sage", "graphconv", "ncn", "ncnc"]
    with pytest.raises(
        InputError,
        match=r"^model must be one of 'gcn', 'sage', 'graphconv', 'ncn', 'ncnc', got 'gat'$",
    ):
        LinkPredictor(5, 3, 4, model="gat")
    with pytest.raises(InputError, match="NCNLinkPredictor"):
        LinkPredictor(5, 3, 4, model="ncn")
    with pytest.raises(InputError, match=r"^model must be one of"):
        GNNEncoder(3, 4, conv="gat")
    assert check_model("graphconv") == "graphconv"


def test_weighted_sage_base_weights_is_mean(setup):
    g, mg, _, x = setup
    conv = WeightedSAGEConv(6, 4, root_weight=False, bias=False)
    a = torch.tensor(g.to_scipy().toarray(), dtype=torch.float32) + torch.eye(g.num_nodes)
    mean = (a @ x) / a.sum(1, keepdim=True)
    torch.testing.assert_close(conv(x, mg.adj_t()), mean @ conv.lin_l.weight.T)


def test_gcn_encoder_dense_and_pyg(setup):
    from torch_geometric.nn import GCNConv

    g, _, _, x = setup
    mg = MessageGraph(g, "gcn")
    enc = GNNEncoder(6, 5, num_layers=1, conv="gcn")
    conv = enc.convs[0]
    W = dense_w(mg, mg.w0)
    expected = W @ (x @ conv.lin.weight.T) + conv.bias
    torch.testing.assert_close(enc(x, mg.adj_t()), expected, rtol=1e-5, atol=1e-6)
    # with the base weights it is PyG's normalised GCN with self-loops
    ref = GCNConv(6, 5)
    ref.load_state_dict(conv.state_dict())
    ei = torch.from_numpy(np.stack([g.indices_np, g.row_np()]))
    torch.testing.assert_close(enc(x, mg.adj_t()), ref(x, ei), rtol=1e-5, atol=1e-6)


def test_graphconv_dense(setup):
    _, mg, w, x = setup
    enc = GNNEncoder(6, 3, conv="graphconv")
    conv = enc.convs[0]
    W = dense_w(mg, w)
    expected = conv.lin_rel(W @ x) + conv.lin_root(x)
    torch.testing.assert_close(enc(x, mg.adj_t(w)), expected, rtol=1e-5, atol=1e-6)


def test_depth_residual_dropout(setup):
    _, mg, w, x = setup
    adj = mg.adj_t(w)
    enc = GNNEncoder(6, 6, num_layers=3, conv="sage", residual=True, dropout=0.5).eval()
    h = x
    for i, conv in enumerate(enc.convs):
        out = conv(h, adj)
        out = torch.relu(out) if i < 2 else out
        h = out + h
    torch.testing.assert_close(enc(adj_t=adj, x=x), h)
    enc.train()
    torch.manual_seed(1)
    a = enc(x, adj)
    torch.manual_seed(1)
    torch.testing.assert_close(a, enc(x, adj))  # dropout reproducible from the seed
    torch.manual_seed(2)
    assert not torch.allclose(a, enc(x, adj))  # and active in training mode
    assert len(GNNEncoder(6, 4, num_layers=4).convs) == 4


def test_decoders():
    z = torch.tensor([[1.0, -2.0, 0.5]])
    assert InnerProductDecoder()(z).item() == pytest.approx(-0.5)
    mlp = MLPDecoder(3, 4, num_layers=2)
    expected = mlp.lins[1](torch.relu(mlp.lins[0](z))).squeeze(-1)
    torch.testing.assert_close(mlp(z), expected)
    assert len(MLPDecoder(3, 4, num_layers=1).lins) == 1


def test_link_predictor_embeddings_and_scores(setup):
    g, mg, _, x = setup
    model = LinkPredictor(g.num_nodes, None, 8, num_layers=2, model="gcn", decoder="inner")
    assert model.embedding is not None and model.embedding.weight.shape == (g.num_nodes, 8)
    h = model.encode(None, mg.adj_t())
    pairs = torch.tensor([[0, 1], [2, 3], [4, 4]])
    expected = (h[pairs[:, 0]] * h[pairs[:, 1]]).sum(1)
    torch.testing.assert_close(model.score(h, pairs), expected)
    torch.testing.assert_close(model.score(h, pairs.T.contiguous()), expected)
    # embeddings are learnable
    loss = model(None, mg.adj_t(), pairs).sum()
    loss.backward()
    assert model.embedding.weight.grad is not None
    featured = LinkPredictor(g.num_nodes, 6, 8, model="sage")
    assert featured.embedding is None
    assert featured.encode(x, mg.adj_t()).shape == (g.num_nodes, 8)


@pytest.mark.parametrize("world", [2, 3])
def test_decoder_dropout_of_a_shard_is_the_global_batch_rows(world):
    # each rank of a data-parallel run draws the global batch's masks and keeps its rows: its
    # logits and the global RNG afterwards are bit for bit those of the whole batch
    dec = MLPDecoder(4, 8, num_layers=3, dropout=0.3).train()
    z = torch.randn(11, 4)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(5)
        full = dec(z)
        after = torch.rand(3)
    for rank in range(world):
        local = torch.arange(11)[rank::world]
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(5)
            part = dec(z[local], BatchRows(local, 11))
            assert torch.equal(torch.rand(3), after)
        assert torch.equal(part, full[local])


@pytest.mark.parametrize(
    "kwargs",
    [{"model": "gat"}, {"decoder": "bilinear"}, {"num_layers": 0}, {"dropout": 1.5}],
)
def test_bad_models(kwargs):
    with pytest.raises(InputError):
        LinkPredictor(5, 3, 4, **kwargs)


def test_message_graph_bad_input():
    from graphlab import Graph

    with pytest.raises(InputError):
        MessageGraph(random_graph(5, 0.5), "sym")
    with pytest.raises(InputError):
        MessageGraph(Graph.from_edge_index([[0], [1]], directed=True), "gcn")
    mg = MessageGraph(random_graph(5, 0.5), "gcn")
    with pytest.raises(InputError):
        mg.adj_t(torch.ones(3))
