import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab import Graph
from linkpred.propagation import MessageGraph, constant_sparse_mm

from ._tiny import random_graph


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 25), st.integers(0, 2**32 - 1), st.booleans(), st.sampled_from(["gcn", "sage"])
)
def test_entries_are_the_graph_plus_one_loop_per_node_in_csr_order(n, seed, loops, norm):
    rng = np.random.default_rng(seed)
    g = Graph.from_edge_index(rng.integers(0, n, (2, 3 * n)), n, self_loops=loops)
    mg = MessageGraph(g, norm)
    rows, cols = g.row_np(), g.indices_np
    off = rows != cols
    r = np.concatenate([rows[off], np.arange(n)])
    c = np.concatenate([cols[off], np.arange(n)])
    order = np.lexsort((c, r))
    np.testing.assert_array_equal(mg.row.numpy(), r[order])
    np.testing.assert_array_equal(mg.col.numpy(), c[order])
    # base weights: GCN symmetric normalisation or SAGE row means, over d + 1
    d_hat = np.bincount(rows[off], minlength=n) + 1.0
    expected = (
        1 / np.sqrt(d_hat[r[order]] * d_hat[c[order]]) if norm == "gcn" else 1 / d_hat[r[order]]
    )
    np.testing.assert_allclose(mg.w0.numpy(), expected, rtol=1e-6)


# ---------------------------------------------------------------- constant_sparse_mm


def _sparse(rows, cols, density, seed):
    rng = np.random.default_rng(seed)
    a = (rng.random((rows, cols)) < density) * rng.normal(size=(rows, cols))
    return torch.tensor(a, dtype=torch.float32).to_sparse_csr()


@pytest.mark.parametrize(("rows", "cols", "density"), [(30, 30, 0.2), (25, 60, 0.05), (1, 4, 1.0)])
def test_constant_sparse_mm_is_torch_bit_for_bit(rows, cols, density):
    a = _sparse(rows, cols, density, seed=rows)
    w = torch.randn(7, cols, requires_grad=True)  # b = w.t(): a non-contiguous operand
    g = torch.randn(rows, 7)
    ref = torch.sparse.mm(a, w.t())
    ref.backward(g)
    ref_grad, w.grad = w.grad.clone(), None
    for _ in range(2):  # the second time, the kept transpose
        out = constant_sparse_mm(a, w.t())
        out.backward(g)
        assert torch.equal(out, ref) and torch.equal(w.grad, ref_grad)
        w.grad = None
    with torch.no_grad():
        assert torch.equal(constant_sparse_mm(a, w.t()), ref)


def test_constant_sparse_mm_sees_values_changed_in_place():
    mg = MessageGraph(random_graph(9, 0.4, seed=3), "gcn")
    w = mg.w0.clone()
    adj = mg.adj_t(w)
    assert mg.adj_t(w) is adj and mg.adj_t(w.clone()) is not adj  # one tensor per weights
    b = torch.randn(9, 3, requires_grad=True)
    constant_sparse_mm(adj, b).sum().backward()
    w.mul_(torch.rand(w.shape))  # adj shares w's memory: an asymmetric adjacency now
    b.grad = None
    constant_sparse_mm(adj, b).sum().backward()
    dense_adj = adj.to_dense()
    torch.testing.assert_close(b.grad, dense_adj.t() @ torch.ones(9, 3))
