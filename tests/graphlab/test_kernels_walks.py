"""The kernels exact TC added to graphlab.kernels: bitset intersections, walks x presence."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import graphlab as gl
from graphlab.errors import InputError
from graphlab.generators import hyperbolic_graph
from graphlab.kernels import (
    bitset_common_neighbors,
    common_neighbor_counts,
    masked_product,
    walk_presence_rowsums,
)
from graphlab.kernels.walk_sparse import (
    WalkPlan,
    ball_estimate,
    plan_walks,
    split_masks,
    walk_presence_sparse,
)


@pytest.mark.parametrize("n", [1, 63, 64, 65, 200])
def test_bitset_counts_equal_sorted_row_counts(n: int) -> None:
    rng = np.random.default_rng(n)
    g = gl.Graph.from_coo(rng.integers(0, n, 5 * n), rng.integers(0, n, 5 * n), num_nodes=n)
    ip, ix = g.indptr_np, g.indices_np
    np.testing.assert_array_equal(
        bitset_common_neighbors(ip, ix, ip, ix), common_neighbor_counts(ip, ix)
    )
    q = gl.Graph.from_coo(rng.integers(0, n, 3 * n), rng.integers(0, n, 3 * n), num_nodes=n)
    a = g.to_scipy()
    np.testing.assert_array_equal(
        bitset_common_neighbors(ip, ix, q.indptr_np, q.indices_np),
        masked_product(a, a, q.to_scipy()).astype(np.int64),
    )
    with pytest.raises(InputError, match="mask"):
        bitset_common_neighbors(ip, ix, ip[:-1], ix)


def brute(a: np.ndarray, mask: np.ndarray, wc, pc) -> np.ndarray:
    powers = [np.linalg.matrix_power(a, i + 1) for i in range(len(wc))]
    w = sum(c * p for c, p in zip(wc, powers))
    pi = sum(c * (p > 0) for c, p in zip(pc, powers))
    return (mask * (w @ pi)).sum(axis=1)


@pytest.mark.parametrize("method", ["sparse", "dense", "auto"])
@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6])
def test_walk_presence_rowsums_match_dense_algebra(k: int, method: str) -> None:
    rng = np.random.default_rng(k)
    n = 40
    g = gl.Graph.from_coo(rng.integers(0, n, 70), rng.integers(0, n, 70), num_nodes=n)
    q = gl.Graph.from_coo(rng.integers(0, n, 30), rng.integers(0, n, 30), num_nodes=n)
    wc, pc = rng.random(k), rng.random(k)
    got = walk_presence_rowsums(
        g.indptr_np, g.indices_np, [(g.indptr_np, g.indices_np), (q.indptr_np, q.indices_np)],
        wc, pc, method=method,
    )  # fmt: skip
    a = g.to_scipy().toarray()
    for s, mask in enumerate((a, q.to_scipy().toarray())):
        np.testing.assert_allclose(got[s], brute(a, mask, wc, pc), rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 25), st.integers(0, 2**31), st.integers(1, 3))
def test_split_masks_keeps_every_entry_once(n: int, seed: int, hops: int) -> None:
    # pulled rows + pushed lists, transposed back, are the mask; each entry is handled from
    # the end with the smaller ball
    rng = np.random.default_rng(seed)
    g = gl.Graph.from_coo(rng.integers(0, n, 3 * n), rng.integers(0, n, 3 * n), num_nodes=n)
    mp, mi = _asymmetric_mask(n, rng)
    ball = ball_estimate(g.indptr_np, g.indices_np, hops)
    [(kp, ki)], [(pp, pi)] = split_masks([(mp, mi)], ball)
    kept = {(v, int(u)) for v in range(n) for u in ki[kp[v] : kp[v + 1]]}
    pushed = {(int(v), u) for u in range(n) for v in pi[pp[u] : pp[u + 1]]}
    assert not kept & pushed
    assert kept | pushed == {(v, int(u)) for v in range(n) for u in mi[mp[v] : mp[v + 1]]}
    assert all((ball[v], v) < (ball[u], u) for v, u in kept)
    assert all((ball[v], v) >= (ball[u], u) for v, u in pushed)
    for u in range(n):  # ascending: the kernel adds in a fixed order
        assert np.all(np.diff(pi[pp[u] : pp[u + 1]]) > 0)


def _asymmetric_mask(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    dense = rng.random((n, n)) < 0.2
    m = sp.csr_array(dense.astype(float))
    m.sort_indices()
    return m.indptr.astype(np.int64), m.indices.astype(np.int64)


@pytest.mark.parametrize("k", [2, 3])
def test_pushed_and_pulled_entries_on_a_heavy_tailed_graph(k: int) -> None:
    # hubs have the large balls: most of their entries are pushed from their neighbours, and
    # the sums still equal the dense algebra (the graph's own mask and an asymmetric one)
    g = hyperbolic_graph(300, 8.0, seed=k)
    ip, ix = g.indptr_np, g.indices_np
    rng = np.random.default_rng(k)
    q = _asymmetric_mask(g.num_nodes, rng)
    _, pushed = split_masks([(ip, ix), q], ball_estimate(ip, ix, k))
    assert 0 < pushed[0][0][-1] < ix.shape[0]
    # the graph's own mask is symmetric: pulled and pushed in one pass (fused), q is not
    # (hubs=False: at K = 2 the middle-node kernel is the reference of the hub kernels)
    wc, pc = rng.random(k), rng.random(k)
    plan = plan_walks(ip, ix, [(ip, ix), q], wc, pc, 1 << 30, hubs=False)
    assert isinstance(plan, WalkPlan) and plan.fused.tolist() == [1, 0]
    got = walk_presence_sparse(plan)
    a = g.to_scipy().toarray()
    qa = sp.csr_array((np.ones(q[1].shape[0]), q[1], q[0]), shape=a.shape).toarray()
    for s, mask in enumerate((a, qa)):
        np.testing.assert_allclose(got[s], brute(a, mask, wc, pc), rtol=1e-12)
