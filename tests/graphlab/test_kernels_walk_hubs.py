"""The K = 2 hub kernels (graphlab.kernels.walk_hubs) against the dense algebra and the
middle-node kernel, on graphs whose hubs share neighbours."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import graphlab as gl
import graphlab.kernels.walk_hubs as wh
from graphlab.generators import hyperbolic_graph
from graphlab.kernels import walk_presence_rowsums
from graphlab.kernels.walk_hubs import HubWalkPlan, choose_hubs, hub_split
from graphlab.kernels.walk_sparse import plan_walks, walk_presence_sparse


def brute(a: np.ndarray, mask: np.ndarray, wc, pc) -> np.ndarray:
    a2 = a @ a
    w = wc[0] * a + wc[1] * a2
    pi = pc[0] * (a > 0) + pc[1] * (a2 > 0)
    return (mask * (w @ pi)).sum(axis=1)


def hubby_graph(n: int, hubs: int, seed: int, p_hub: float = 0.5, extra: int = 2) -> gl.Graph:
    """Sparse random edges plus ``hubs`` hubs, each adjacent to a random half of the nodes:
    the hubs share most of their neighbours, and are adjacent to one another."""
    rng = np.random.default_rng(seed)
    src = [rng.integers(0, n, extra * n)]
    dst = [rng.integers(0, n, extra * n)]
    for h in range(hubs):
        nb = np.flatnonzero(rng.random(n) < p_hub)
        src.append(np.full(nb.shape[0], h))
        dst.append(nb)
    return gl.Graph.from_coo(np.concatenate(src), np.concatenate(dst), num_nodes=n)


def random_mask(n: int, rng: np.random.Generator, p: float = 0.1) -> tuple[np.ndarray, ...]:
    m = sp.csr_array((rng.random((n, n)) < p).astype(float))
    m.sort_indices()
    return m.indptr.astype(np.int64), m.indices.astype(np.int64)


def dense(mask: tuple[np.ndarray, ...], n: int) -> np.ndarray:
    mp, mi = mask
    return sp.csr_array((np.ones(mi.shape[0]), mi, mp), shape=(n, n)).toarray()


@pytest.fixture
def many_hubs(monkeypatch):
    # small test graphs: let every node of degree >= 2x the mean be a hub candidate
    monkeypatch.setattr(wh, "HUB_MIN_DEGREE_FACTOR", 2.0)


@pytest.mark.parametrize("split", ["auto", "pulled", "direct"])
@pytest.mark.parametrize("max_hubs", [0, 1, 3, 64, 100])
def test_hub_kernels_match_dense_algebra_with_shared_hubs(split, max_hubs, many_hubs, monkeypatch):
    # every entry pulled (middle + hub kernels), every entry direct (direct + hub kernels), or
    # the cost-based mix; 100 hubs take two signature words
    cost = {"auto": wh.DIRECT_STEP_COST, "pulled": 1e12, "direct": 0.0}[split]
    monkeypatch.setattr(wh, "DIRECT_STEP_COST", cost)
    n = 160
    g = hubby_graph(n, 6, seed=max_hubs)
    if max_hubs == 100:  # many hubs: a denser graph whose every node is a candidate
        g = hubby_graph(n, 110, seed=1, p_hub=0.3, extra=0)
        monkeypatch.setattr(wh, "HUB_MIN_DEGREE_FACTOR", 0.1)
    ip, ix = g.indptr_np, g.indices_np
    rng = np.random.default_rng(max_hubs)
    q = random_mask(n, rng)
    wc, pc = rng.random(2) + 0.1, rng.random(2) + 0.1
    plan = plan_walks(ip, ix, [(ip, ix), q], wc, pc, 1 << 30, max_hubs=max_hubs)
    assert isinstance(plan, HubWalkPlan)
    assert plan.hubs.shape[0] == min(max_hubs, 6) if max_hubs < 100 else 100
    if max_hubs == 100:
        assert plan.sig.shape[1] == 2
    n_direct = plan.direct_indices.shape[0]
    if split == "pulled":
        assert n_direct == 0
    if split == "direct":
        assert plan.pull_indices.shape[0] == 0
    got = walk_presence_sparse(plan)
    a = g.to_scipy().toarray()
    for s, mask in enumerate((a, dense(q, n))):
        np.testing.assert_allclose(got[s], brute(a, mask, wc, pc), rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 40),
    st.integers(0, 5),
    st.integers(0, 2**31),
    st.sampled_from([0.0, 3.5, 1e12]),
    st.sampled_from([1, 2, 64]),
)
def test_hub_kernels_property(n, hubs, seed, cost, max_hubs):
    # random graphs with planted hubs sharing neighbours, random split costs and hub counts,
    # an asymmetric mask with diagonal entries: the sums equal the dense algebra
    rng = np.random.default_rng(seed)
    g = hubby_graph(n, min(hubs, n), seed, p_hub=rng.uniform(0.2, 0.9), extra=1)
    ip, ix = g.indptr_np, g.indices_np
    q = random_mask(n, rng, 0.3)
    wc, pc = rng.random(2), rng.random(2)
    old = (wh.DIRECT_STEP_COST, wh.HUB_MIN_DEGREE_FACTOR)
    wh.DIRECT_STEP_COST, wh.HUB_MIN_DEGREE_FACTOR = cost, 1.0
    try:
        plan = plan_walks(ip, ix, [(ip, ix), q], wc, pc, 1 << 30, max_hubs=max_hubs)
        got = walk_presence_sparse(plan)
    finally:
        wh.DIRECT_STEP_COST, wh.HUB_MIN_DEGREE_FACTOR = old
    a = g.to_scipy().toarray()
    for s, mask in enumerate((a, dense(q, n))):
        np.testing.assert_allclose(got[s], brute(a, mask, wc, pc), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1])
def test_hub_kernels_equal_the_middle_node_kernel_on_a_heavy_tailed_graph(seed):
    # the registered graphs' model at a small size, TC's coefficients: the hub path and the
    # pulled/pushed middle-node kernel agree to rounding
    g = hyperbolic_graph(3000, 12.0, seed=seed)
    ip, ix = g.indptr_np, g.indices_np
    beta = 1.0 / float(g.degree().mean())
    coef = np.array([1.0, beta])
    rng = np.random.default_rng(seed)
    q = random_mask(g.num_nodes, rng, 0.001)
    new = plan_walks(ip, ix, [(ip, ix), q], coef, coef, 1 << 30)
    assert isinstance(new, HubWalkPlan) and new.hubs.shape[0] > 0
    assert new.direct_indices.shape[0] > 0 and new.pull_indices.shape[0] > 0
    old = plan_walks(ip, ix, [(ip, ix), q], coef, coef, 1 << 30, hubs=False)
    np.testing.assert_allclose(walk_presence_sparse(new), walk_presence_sparse(old), rtol=1e-12)
    # walk_presence_rowsums takes the hub path at K = 2
    via = walk_presence_rowsums(ip, ix, [(ip, ix)], coef, coef, method="sparse")
    np.testing.assert_allclose(via[0], walk_presence_sparse(old)[0], rtol=1e-12)


def test_signatures_and_classes(many_hubs):
    g = hubby_graph(80, 4, seed=3)
    ip, ix = g.indptr_np, g.indices_np
    s = hub_split(ip, ix, [(ip, ix)])
    assert s.hubs.tolist() == choose_hubs(g.degree()).tolist()
    a = g.to_scipy().toarray() > 0
    for i, h in enumerate(s.hubs):
        bit = (s.sig[:, 0] >> np.uint64(i)) & np.uint64(1)
        assert np.array_equal(bit.astype(bool), a[h])
    has = s.sig[:, 0] != 0
    assert np.array_equal(s.cls >= 0, has)
    assert np.array_equal(s.class_sig[s.cls[has], 0], s.sig[has, 0])
    assert len(set(s.class_sig[:, 0].tolist())) == s.class_sig.shape[0]
    # the split keeps every entry once: pulled + direct = the mask
    assert sum(int(p.sum()) for p in s.pulled_per_row) + int(s.direct[0].sum()) == ix.shape[0]


def test_isolated_nodes_and_an_empty_mask():
    g = gl.Graph.from_coo(np.array([0, 0, 0, 1]), np.array([1, 2, 3, 2]), num_nodes=7)
    ip, ix = g.indptr_np, g.indices_np
    empty = (np.zeros(8, dtype=np.int64), np.zeros(0, dtype=np.int64))
    got = walk_presence_rowsums(ip, ix, [(ip, ix), empty], [1.0, 0.5], [1.0, 0.25])
    a = g.to_scipy().toarray()
    np.testing.assert_allclose(got[0], brute(a, a, [1.0, 0.5], [1.0, 0.25]), rtol=1e-12)
    assert not got[1].any()
