"""Triangles per node by the forward algorithm and by bitsets, against networkx."""

from __future__ import annotations

from itertools import pairwise

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graphlab as gl
from graphlab.errors import InputError, MemoryBudgetError
from graphlab.generators import hyperbolic_graph
from graphlab.kernels import node_triangles, oriented_csr
from graphlab.kernels.triangles import forward_triangles, orient


@st.composite
def graphs(draw):
    n = draw(st.integers(2, 30))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=150))
    pairs = [(u, v) for u, v in pairs if u != v]
    if not pairs:
        pairs = [(0, 1)]
    src, dst = zip(*pairs)
    return gl.Graph.from_edge_index([list(src), list(dst)], num_nodes=n)


def reference(g):
    tri = nx.triangles(g.to_networkx())
    return np.array([tri[v] for v in range(g.num_nodes)])


@settings(max_examples=60, deadline=None)
@given(graphs(), st.sampled_from(["auto", "forward", "bitset"]))
def test_matches_networkx(g, method):
    got = node_triangles(g.indptr_np, g.indices_np, method=method)
    assert got.dtype == np.int64
    assert np.array_equal(got, reference(g))


def test_heavy_tailed_graph_both_kernels_agree():
    g = hyperbolic_graph(4000, 12.0, seed=5)
    fwd = node_triangles(g.indptr_np, g.indices_np, method="forward")
    bits = node_triangles(g.indptr_np, g.indices_np, method="bitset")
    assert np.array_equal(fwd, bits)
    assert np.array_equal(fwd, reference(g))


@settings(max_examples=40, deadline=None)
@given(graphs(), st.lists(st.integers(0, 30), max_size=4), st.integers(1, 2))
def test_row_blocks_of_the_forward_kernel_add_up(g, cuts, workers):
    # each triangle is found once, from its lowest vertex: any partition of the rows (the
    # Dask tasks of TC at K = 1) adds up to the whole count
    n = g.num_nodes
    optr, oidx, work = orient(g.indptr_np, g.indices_np)
    bounds = sorted({0, n, *(min(c, n) for c in cuts)})
    dmax = int(g.degree().max())
    total = sum(
        forward_triangles(optr, oidx, work, slice(lo, hi), workers, dmax)
        for lo, hi in pairwise(bounds)
    )
    assert np.array_equal(total, reference(g))


@settings(max_examples=40, deadline=None)
@given(graphs())
def test_orientation_keeps_each_edge_once_towards_higher_degree(g):
    optr, oidx = oriented_csr(g.indptr_np, g.indices_np)
    deg = g.degree()
    rows = np.repeat(np.arange(g.num_nodes), np.diff(optr))
    assert optr[-1] == g.num_edges
    key = lambda u, v: (deg[u], u) < (deg[v], v)  # noqa: E731
    assert all(key(u, v) for u, v in zip(rows, oidx))
    got = {(min(u, v), max(u, v)) for u, v in zip(rows, oidx)}
    assert got == {tuple(e) for e in g.edges().tolist()}
    for u in range(g.num_nodes):  # rows stay sorted
        assert np.all(np.diff(oidx[optr[u] : optr[u + 1]]) > 0)


def test_budget_and_method_checks():
    g = hyperbolic_graph(500, 6.0, seed=0)
    with pytest.raises(MemoryBudgetError, match="triangle kernel"):
        node_triangles(g.indptr_np, g.indices_np, method="forward", memory_budget=100)
    with pytest.raises(InputError, match="method"):
        node_triangles(g.indptr_np, g.indices_np, method="scan")
    # a budget too small for the bitsets makes "auto" take the forward kernel
    small = node_triangles(g.indptr_np, g.indices_np, memory_budget=20_000)
    assert np.array_equal(small, reference(g))
