"""Exact TC against a brute-force transcription of the definition (shared/SPEC-tc.md)."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphlab as gl
from graphlab.errors import InputError, MemoryBudgetError
from graphlab.kernels import walk_presence_rowsums
from graphlab.kernels.walk_sparse import walk_scratch_bytes
from linkpred.heuristics import common_neighbors
from linkpred.tc import (
    default_beta,
    tc_frame,
    topological_concentration,
    topological_concentrations,
)

METHODS = ["sparse", "dense", "auto"]


# --------------------------------------------------------------------------- the definition
def dense_adjacency(n: int, pairs) -> np.ndarray:
    """0/1 symmetric adjacency without self-loops from a raw pair list (duplicates allowed)."""
    a = np.zeros((n, n))
    for u, v in pairs:
        if u != v:
            a[u, v] = a[v, u] = 1.0
    return a


def tc_reference(a: np.ndarray, hops: int, beta: float, q: np.ndarray | None = None) -> np.ndarray:
    """TC straight from the spec: per node, per neighbour, the double sum over (i, j)."""
    n = a.shape[0]
    walks = [np.linalg.matrix_power(a, i) for i in range(1, hops + 1)]
    presence = [(w > 0).astype(float) for w in walks]
    train = q is None
    nbr = a if train else q
    out = np.zeros(n)
    for v in range(n):
        us = np.flatnonzero(nbr[v])
        d_tr = a[v].sum()
        if (train and d_tr <= 1) or (not train and (us.size == 0 or d_tr == 0)):
            continue
        scores = []
        for u in us:
            num = den = 0.0
            for i in range(1, hops + 1):
                for j in range(1, hops + 1):
                    w = beta ** (i + j - 2)
                    c = 1.0 if (train and i == 1 and j == 1) else 0.0
                    num += w * float(walks[i - 1][v] @ presence[j - 1][u])
                    den += w * (walks[i - 1][v].sum() - c)
            scores.append(num / den)
        out[v] = np.mean(scores)
    return out


def graph_of(n: int, pairs) -> gl.Graph:
    arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return gl.Graph.from_coo(arr[:, 0], arr[:, 1], num_nodes=n)


# a triangle with a pendant path, a star, an isolated node, a degree-1 pair, duplicates and
# both directions listed
SMALL_N = 12
SMALL_EDGES = [
    (0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (1, 0), (2, 3),  # triangle + tail, duplicates
    (5, 6), (5, 7), (5, 8), (6, 7),  # star with a chord
    (9, 10),  # a lone edge: two degree-1 nodes
]  # fmt: skip
SMALL_QUERY = [(0, 4), (4, 0), (3, 5), (11, 2), (9, 1), (6, 8), (6, 8), (10, 10)]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("hops", [1, 2, 3])
def test_matches_definition_on_small_graph(hops: int, method: str) -> None:
    g = graph_of(SMALL_N, SMALL_EDGES)
    a = dense_adjacency(SMALL_N, SMALL_EDGES)
    q = dense_adjacency(SMALL_N, SMALL_QUERY)
    beta = 1.0 / a.sum(axis=1).mean()
    res = topological_concentrations(g, {"test": SMALL_QUERY}, hops=hops, method=method)
    np.testing.assert_allclose(res["train"], tc_reference(a, hops, beta), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(res["test"], tc_reference(a, hops, beta, q), rtol=1e-12, atol=1e-14)
    # the isolated node 11 and the degree-1 nodes get 0 in the training variant
    assert res["train"][11] == 0 and res["train"][4] == 0 and res["train"][9] == 0
    # node 11 has a test neighbour but no training neighbour: 0
    assert res["test"][11] == 0
    # node 10 has only a self-loop query pair, which is no neighbour: 0
    assert res["test"][10] == 0
    # node 6: test neighbour 8, N(6) ∩ N(8) = {5}: positive at every K
    assert res["test"][6] > 0


def test_explicit_beta_and_single_variant_wrappers() -> None:
    g = graph_of(SMALL_N, SMALL_EDGES)
    a = dense_adjacency(SMALL_N, SMALL_EDGES)
    q = dense_adjacency(SMALL_N, SMALL_QUERY)
    tr = topological_concentration(g, hops=3, beta=0.7)
    te = topological_concentration(g, SMALL_QUERY, hops=3, beta=0.7)
    np.testing.assert_allclose(tr, tc_reference(a, 3, 0.7), rtol=1e-12)
    np.testing.assert_allclose(te, tc_reference(a, 3, 0.7, q), rtol=1e-12)
    # [2, E] layout of the query edges gives the same
    te2 = topological_concentration(g, np.asarray(SMALL_QUERY).T, hops=3, beta=0.7)
    np.testing.assert_array_equal(te, te2)


def test_default_beta_counts_isolated_nodes() -> None:
    g = graph_of(6, [(0, 1), (1, 2)])  # degrees 1 2 1 0 0 0: mean 4/6
    assert default_beta(g) == pytest.approx(1.5)


def test_duplicates_self_loops_and_weights_are_ignored() -> None:
    pairs = np.array(SMALL_EDGES)
    plain = graph_of(SMALL_N, SMALL_EDGES)
    with_loops = gl.Graph.from_coo(
        np.r_[pairs[:, 0], 3, 5], np.r_[pairs[:, 1], 3, 5], num_nodes=SMALL_N, self_loops=True
    )
    weighted = gl.Graph.from_coo(
        pairs[:, 0], pairs[:, 1], num_nodes=SMALL_N, edge_weight=np.arange(len(pairs)) + 1.0
    )
    ref = topological_concentration(plain, hops=2)
    np.testing.assert_array_equal(topological_concentration(with_loops, hops=2), ref)
    np.testing.assert_array_equal(topological_concentration(weighted, hops=2), ref)
    # duplicated query pairs (and both directions) are one neighbour
    once = topological_concentration(plain, [(0, 4), (3, 5)], hops=2)
    many = topological_concentration(plain, [(0, 4), (4, 0), (0, 4), (3, 5), (5, 3)], hops=2)
    np.testing.assert_array_equal(once, many)


@st.composite
def small_graphs(draw):
    n = draw(st.integers(2, 11))
    pair = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
    edges = draw(st.lists(pair, min_size=1, max_size=3 * n))
    if all(u == v for u, v in edges):
        edges.append((0, 1))
    query = draw(st.lists(pair, max_size=2 * n))
    hops = draw(st.integers(1, 3))
    beta = draw(st.floats(0.05, 2.0))
    return n, edges, query, hops, beta


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_graphs(), st.sampled_from(["sparse", "dense"]))
def test_property_random_graphs_match_definition(case, method) -> None:
    n, edges, query, hops, beta = case
    g = graph_of(n, edges)
    a = dense_adjacency(n, edges)
    q = dense_adjacency(n, query)
    res = topological_concentrations(
        g, {"q": np.asarray(query, dtype=np.int64).reshape(-1, 2)}, hops=hops, beta=beta,
        method=method,
    )  # fmt: skip
    np.testing.assert_allclose(res["train"], tc_reference(a, hops, beta), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(res["q"], tc_reference(a, hops, beta, q), rtol=1e-10, atol=1e-12)
    for values in res.values():
        assert np.all(values >= 0) and np.all(values <= 1 + 1e-12)


@settings(max_examples=25, deadline=None)
@given(small_graphs(), st.randoms(use_true_random=False))
def test_property_relabelling_permutes_tc(case, rnd) -> None:
    n, edges, query, hops, beta = case
    perm = list(range(n))
    rnd.shuffle(perm)
    perm = np.array(perm)
    e = np.asarray(edges)
    qa = np.asarray(query, dtype=np.int64).reshape(-1, 2)
    res = topological_concentrations(graph_of(n, e), {"q": qa}, hops=hops, beta=beta)
    moved = topological_concentrations(graph_of(n, perm[e]), {"q": perm[qa]}, hops=hops, beta=beta)
    for name in res:
        np.testing.assert_allclose(moved[name][perm], res[name], rtol=1e-12, atol=1e-14)


def test_sparse_and_dense_agree_on_a_larger_random_graph() -> None:
    rng = np.random.default_rng(3)
    n = 300
    g = gl.Graph.from_coo(rng.integers(0, n, 1500), rng.integers(0, n, 1500), num_nodes=n)
    query = rng.integers(0, n, (400, 2))
    sparse = topological_concentrations(g, {"q": query}, hops=3, method="sparse")
    dense = topological_concentrations(g, {"q": query}, hops=3, method="dense")
    for name in sparse:
        np.testing.assert_allclose(sparse[name], dense[name], rtol=1e-11, atol=1e-14)


def test_k1_bitset_and_merge_paths_agree() -> None:
    """K = 1 by bitsets (default budget) and by sorted merges (budget below the bitsets)."""
    rng = np.random.default_rng(5)
    n = 300
    g = gl.Graph.from_coo(rng.integers(0, n, 3000), rng.integers(0, n, 3000), num_nodes=n)
    query = {"q": rng.integers(0, n, (500, 2))}
    bits = topological_concentrations(g, query, hops=1)
    merge = topological_concentrations(g, query, hops=1, memory_budget=5000)  # bitsets: 12000
    gemm = topological_concentrations(g, query, hops=1, method="dense")
    for name in bits:
        np.testing.assert_allclose(bits[name], gemm[name], rtol=1e-12)
        np.testing.assert_allclose(merge[name], gemm[name], rtol=1e-12)
        assert (bits[name] > 0).sum() > 50


# --------------------------------------------------------------------------- K = 1 identities
def test_k1_train_is_networkx_clustering() -> None:
    ds = gl.load_dataset("cora")
    tc = topological_concentration(ds.graph, hops=1)
    clust = nx.clustering(ds.graph.to_networkx())
    np.testing.assert_allclose(tc, [clust[v] for v in range(ds.graph.num_nodes)], atol=1e-12)


def test_k1_query_identity_on_ogbl_ddi() -> None:
    """TC_te(v) = mean over test neighbours u of |N_tr(v) ∩ N_tr(u)| / deg_tr(v) (spec)."""
    ds = gl.load_dataset("ogbl-ddi")
    g = ds.graph
    test = ds.split["test"]["edge"]
    tc = topological_concentration(g, test, hops=1)
    both = np.concatenate([test, test[:, ::-1]])
    both = np.unique(both[both[:, 0] != both[:, 1]], axis=0)
    cn = common_neighbors(g, both).astype(np.float64)
    deg = g.degree().astype(np.float64)
    n = g.num_nodes
    qdeg = np.bincount(both[:, 0], minlength=n)
    ratio = cn / np.maximum(deg[both[:, 0]], 1)
    expect = np.zeros(n)
    np.divide(np.bincount(both[:, 0], ratio, minlength=n), qdeg, out=expect, where=qdeg > 0)
    expect[deg == 0] = 0.0
    np.testing.assert_allclose(tc, expect, rtol=1e-12, atol=1e-15)
    assert (tc > 0).sum() > 1000  # not a vacuous comparison of zeros


# --------------------------------------------------------------------------- memory budget
def test_small_budgets_still_give_exact_results() -> None:
    g = graph_of(SMALL_N, SMALL_EDGES)
    ref = topological_concentrations(g, {"t": SMALL_QUERY}, hops=3)
    n = SMALL_N
    # dense: three and a half N x N matrices (float64 + a float32 copy of A), then a block of
    # two rows at a time
    dense = topological_concentrations(
        g, {"t": SMALL_QUERY}, hops=3, method="dense", memory_budget=4 * n * n * 8 + 4 * n * 8
    )
    # sparse: room for exactly one worker
    one_worker = walk_scratch_bytes(n, 2) + 8 * n
    sparse = topological_concentrations(
        g, {"t": SMALL_QUERY}, hops=3, method="sparse", memory_budget=one_worker
    )
    for name in ref:
        np.testing.assert_allclose(dense[name], ref[name], rtol=1e-12)
        np.testing.assert_allclose(sparse[name], ref[name], rtol=1e-12)


def test_dense_path_without_float32_shortcut(monkeypatch) -> None:
    """Walk counts past 2^24 are multiplied in float64: force that branch on a small graph."""
    import graphlab.kernels.walks as walks

    g = graph_of(SMALL_N, SMALL_EDGES)
    ref = topological_concentrations(g, {"t": SMALL_QUERY}, hops=3, method="sparse")
    monkeypatch.setattr(walks, "_FLOAT32_EXACT", 0.0)
    dense = topological_concentrations(g, {"t": SMALL_QUERY}, hops=3, method="dense")
    for name in ref:
        np.testing.assert_allclose(dense[name], ref[name], rtol=1e-12)


@pytest.mark.parametrize(("hops", "method"), [(1, "sparse"), (2, "sparse"), (2, "dense")])
def test_budget_too_small_for_one_row(hops: int, method: str) -> None:
    g = graph_of(SMALL_N, SMALL_EDGES)
    with pytest.raises(MemoryBudgetError, match="too small"):
        topological_concentration(g, hops=hops, method=method, memory_budget=64)


def test_auto_falls_back_to_sparse_when_dense_does_not_fit() -> None:
    rng = np.random.default_rng(0)
    n = 60
    g = gl.Graph.from_coo(rng.integers(0, n, 600), rng.integers(0, n, 600), num_nodes=n)
    budget = 2 * n * n * 8  # too small for the dense matrices, enough for sparse workers
    auto = topological_concentration(g, hops=2, memory_budget=budget)
    np.testing.assert_allclose(auto, topological_concentration(g, hops=2, method="dense"))


# --------------------------------------------------------------------------- bad input
def test_bad_input_is_a_clear_error() -> None:
    g = graph_of(SMALL_N, SMALL_EDGES)
    with pytest.raises(InputError, match=r"outside 0\.\.11"):
        topological_concentration(g, [(0, 12)])
    with pytest.raises(InputError, match="outside"):
        topological_concentration(g, [(-1, 2)])
    with pytest.raises(InputError, match="integer"):
        topological_concentration(g, [(0.5, 2.0)])
    with pytest.raises(InputError, match="no edges"):
        topological_concentration(gl.Graph.from_coo([], [], num_nodes=5))
    with pytest.raises(InputError, match="no edges"):
        topological_concentration(gl.Graph.from_coo([3], [3], num_nodes=5, self_loops=True))
    for hops in (0, -1, 1.5, True, "2"):
        with pytest.raises(InputError, match="hops"):
            topological_concentration(g, hops=hops)
    for beta in (0, -0.5, math.nan, math.inf, "1"):
        with pytest.raises(InputError, match="beta"):
            topological_concentration(g, beta=beta)
    with pytest.raises(InputError, match="undirected"):
        topological_concentration(gl.Graph.from_coo([0, 1], [1, 2], directed=True))
    with pytest.raises(InputError, match="method"):
        topological_concentration(g, method="fast")
    with pytest.raises(InputError, match="must map"):
        topological_concentrations(g, [(0, 1)])
    with pytest.raises(InputError, match=r"graphlab\.Graph"):
        topological_concentration(np.eye(3))


def test_kernel_rejects_mismatched_coefficients_and_masks() -> None:
    g = graph_of(4, [(0, 1), (1, 2)])
    ip, ix = g.indptr_np, g.indices_np
    with pytest.raises(InputError, match="one length"):
        walk_presence_rowsums(ip, ix, [(ip, ix)], [1.0, 1.0], [1.0])
    with pytest.raises(InputError, match="mask 0"):
        walk_presence_rowsums(ip, ix, [(ip[:-1], ix)], [1.0], [1.0])


# --------------------------------------------------------------------------- frame
def test_frame_columns_and_values() -> None:
    g = graph_of(SMALL_N, SMALL_EDGES)
    frame = tc_frame(g, {"valid": SMALL_QUERY[:3], "test": SMALL_QUERY[3:]}, hops=2)
    assert list(frame.columns) == ["node", "degree", "tc_train", "tc_valid", "tc_test"]
    np.testing.assert_array_equal(frame["degree"], g.degree())
    # empty (NaN) exactly where the node has no neighbour in the split, the array values elsewhere
    train = topological_concentration(g, hops=2)
    assert np.flatnonzero(frame["tc_train"].isna()).tolist() == [11]  # the isolated node
    np.testing.assert_array_equal(frame["tc_train"].fillna(0), train)
    assert frame.loc[[4, 9, 10], "tc_train"].tolist() == [0, 0, 0]  # degree 1: defined, 0
    test = topological_concentration(g, SMALL_QUERY[3:], hops=2)
    has_test = {11, 2, 9, 1, 6, 8}  # node 10's only pair is a self-loop: no neighbour
    assert set(np.flatnonzero(frame["tc_test"].notna()).tolist()) == has_test
    np.testing.assert_array_equal(frame["tc_test"].fillna(0), test)
    assert frame["tc_test"][11] == 0  # a test neighbour but no training one: defined, 0
    assert set(np.flatnonzero(frame["tc_valid"].notna()).tolist()) == {0, 4, 3, 5}
    approx = tc_frame(g, {"test": SMALL_QUERY}, approx=True, hops=2)
    assert list(approx.columns) == ["node", "degree", "atc_train", "atc_test"]
    assert np.flatnonzero(approx["atc_train"].isna()).tolist() == [11]
    assert np.flatnonzero(approx["atc_test"].isna()).tolist() == [7, 10]


def test_messages_are_graphlab_validation_ones() -> None:
    g = graph_of(SMALL_N, SMALL_EDGES)
    with pytest.raises(InputError, match=r"^hops \(K\) must be an integer >= 1, got True$"):
        topological_concentration(g, hops=True)
    with pytest.raises(
        InputError, match=r"^beta \(hop decay\) must be a finite number > 0, got 0$"
    ):
        topological_concentration(g, beta=0)
    directed = gl.Graph.from_coo([0, 1], [1, 2], directed=True)
    with pytest.raises(
        InputError, match=r"^topological concentration needs an undirected graph; got a directed"
    ):
        topological_concentration(directed)
    with pytest.raises(
        InputError, match=r"^common_neighbors needs an undirected graph; got a directed graph$"
    ):
        common_neighbors(directed, [[0, 1]])
