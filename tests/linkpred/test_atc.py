"""ATC against a dense float64 transcription of the spec, seeds, and agreement with exact TC."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy.stats import spearmanr

import graphlab as gl
from graphlab.errors import InputError
from linkpred.atc import approximate_tc, approximate_tcs, atc_embedding
from linkpred.tc import topological_concentrations


def atc_reference(a: np.ndarray, q: np.ndarray, hops: int, dim: int, seed: int, similarity: str):
    """Spec steps 1-4 with dense float64 matrices; R drawn as documented (CPU generator)."""
    n = a.shape[0]
    op = (a + np.eye(n)) / (a.sum(axis=1) + 1.0)[:, None]
    gen = torch.Generator().manual_seed(seed)
    r = (torch.randn(n, dim, generator=gen, dtype=torch.float32) / dim).double().numpy()
    z, acc = r, np.zeros_like(r)
    for _ in range(hops):
        z = op @ z
        acc += z
    z = acc / hops
    if similarity == "cosine":
        z = z / np.linalg.norm(z, axis=1, keepdims=True)
    out = np.zeros(n)
    for v in range(n):
        us = np.flatnonzero(q[v])
        if us.size:
            out[v] = np.mean([z[v] @ z[u] for u in us])
    return out


def dense(n, pairs):
    a = np.zeros((n, n))
    for u, v in pairs:
        if u != v:
            a[u, v] = a[v, u] = 1.0
    return a


N = 10
EDGES = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (5, 6), (5, 7), (6, 7), (1, 0), (8, 5)]
QUERY = [(0, 4), (3, 5), (9, 1), (4, 4), (6, 8)]


@pytest.mark.parametrize("similarity", ["cosine", "inner"])
@pytest.mark.parametrize("hops", [1, 2, 3])
def test_matches_dense_reference(hops: int, similarity: str) -> None:
    g = gl.Graph.from_coo(*np.array(EDGES).T, num_nodes=N)
    a = dense(N, EDGES)
    q = dense(N, QUERY)
    res = approximate_tcs(g, {"test": QUERY}, hops=hops, dim=16, seed=3, similarity=similarity)
    scale = 1.0 if similarity == "cosine" else 1.0 / 16**2
    for name, mask in (("train", a), ("test", q)):
        ref = atc_reference(a, mask, hops, 16, 3, similarity)
        np.testing.assert_allclose(res[name], ref, atol=2e-6 * scale, rtol=2e-5)
    # node 9 is isolated in training: no training neighbour -> 0, but its test pair counts
    assert res["train"][9] == 0 and res["test"][9] != 0
    assert res["test"][2] == 0  # no test neighbour


def test_seed_reproducible_and_seed_sensitive() -> None:
    ds = gl.load_dataset("cora")
    one = approximate_tc(ds.graph, hops=2, seed=11)
    two = approximate_tc(ds.graph, hops=2, seed=11, device="cpu")
    other = approximate_tc(ds.graph, hops=2, seed=12, device=torch.device("cpu"))
    np.testing.assert_array_equal(one, two)
    assert not np.array_equal(one, other)
    z1 = atc_embedding(ds.graph, hops=2, dim=8, seed=5)
    z2 = atc_embedding(ds.graph, hops=2, dim=8, seed=5)
    assert torch.equal(z1, z2) and z1.shape == (ds.graph.num_nodes, 8)
    assert np.all(np.abs(one) <= 1 + 1e-6)


def test_rank_agreement_with_exact_tc_on_real_graphs() -> None:
    # cora, K = 2, nodes of training degree > 1 (TC is 0 below that by definition)
    cora = gl.load_dataset("cora").graph
    deg = cora.degree()
    tc = topological_concentrations(cora, hops=2)["train"]
    atc = approximate_tcs(cora, hops=2)["train"]
    assert spearmanr(tc[deg > 1], atc[deg > 1]).statistic > 0.6
    # ogbl-ddi, K = 1, the test variant (the paper's use: explaining test performance)
    ddi = gl.load_dataset("ogbl-ddi")
    test = {"test": ddi.split["test"]["edge"]}
    tc = topological_concentrations(ddi.graph, test, hops=1, train=False)["test"]
    atc = approximate_tcs(ddi.graph, test, hops=1, train=False)["test"]
    assert spearmanr(tc, atc).statistic > 0.85


def test_bad_input() -> None:
    g = gl.Graph.from_coo(*np.array(EDGES).T, num_nodes=N)
    with pytest.raises(InputError, match="hops"):
        approximate_tc(g, hops=0)
    for dim in (0, -3, 2.5):
        with pytest.raises(InputError, match="dim"):
            approximate_tc(g, dim=dim)
    with pytest.raises(InputError, match="seed"):
        approximate_tc(g, seed=-1)
    with pytest.raises(InputError, match="similarity"):
        approximate_tc(g, similarity="euclid")
    with pytest.raises(InputError, match="no edges"):
        approximate_tc(gl.Graph.from_coo([], [], num_nodes=3))
    with pytest.raises(InputError, match="outside"):
        approximate_tc(g, [(0, N)])


def test_messages_are_graphlab_validation_ones() -> None:
    g = gl.Graph.from_coo(*np.array(EDGES).T, num_nodes=N)
    with pytest.raises(InputError, match=r"^hops \(K\) must be an integer >= 1, got True$"):
        approximate_tc(g, hops=True)
    with pytest.raises(InputError, match=r"^dim \(feature dimension\) must be an integer >= 1"):
        approximate_tc(g, dim=0)
    with pytest.raises(InputError, match=r"^seed must be an integer >= 0, got -1$"):
        approximate_tc(g, seed=-1)
    with pytest.raises(InputError, match="similarity must be one of 'cosine', 'inner'"):
        approximate_tc(g, similarity="euclid")
    directed = gl.Graph.from_coo([0, 1], [1, 2], directed=True)
    with pytest.raises(InputError, match=r"^approximate topological concentration needs an undi"):
        approximate_tc(directed)


def test_memory_budget_is_honoured() -> None:
    """ATC takes the budget: too small for its [N, d] arrays is an error, a budget that forces
    row blocks in the similarity step gives the same numbers."""
    from graphlab.errors import MemoryBudgetError

    g = gl.Graph.from_coo(*np.array(EDGES).T, num_nodes=N)
    with pytest.raises(MemoryBudgetError, match="too small for ATC"):
        approximate_tc(g, dim=64, memory_budget=1000)
    need = 3 * N * 8 * 4
    ref = approximate_tcs(g, {"q": [(0, 1), (2, 3)]}, dim=8, seed=3)
    tight = approximate_tcs(g, {"q": [(0, 1), (2, 3)]}, dim=8, seed=3, memory_budget=need)
    for name in ref:
        np.testing.assert_array_equal(tight[name], ref[name])
