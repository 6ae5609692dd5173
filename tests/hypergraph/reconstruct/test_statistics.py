"""rho(n, k) by inverted index against the brute-force double loop; sampler accounting."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from hypergraph.cliques import maximal_cliques
from hypergraph.core import Hypergraph
from hypergraph.projection import clique_expansion
from hypergraph.reconstruct.sampler import greedy_plan, sample_subcliques, sorted_sets
from hypergraph.reconstruct.statistics import clique_statistics, containment, rho_bruteforce


def random_hypergraph(seed: int, n: int = 14, m: int = 18, max_size: int = 5) -> Hypergraph:
    rng = np.random.default_rng(seed)
    edges = [
        rng.choice(n, size=int(rng.integers(1, max_size + 1)), replace=False).tolist()
        for _ in range(m)
    ]
    return Hypergraph.from_edges(edges, num_nodes=n)


@pytest.mark.parametrize("seed", range(12))
def test_rho_equals_bruteforce(seed):
    h = random_hypergraph(seed)
    q = maximal_cliques(clique_expansion(h), nodes=h.covered())
    st = clique_statistics(h, q)
    brute = rho_bruteforce(h, q)
    rho = st.rho
    assert brute, "the case must have cells"
    for (n, k), value in brute.items():
        assert rho[n, k] == pytest.approx(value), (n, k)
    # and zero outside the cells of existing clique sizes
    sizes = set(q.edge_sizes().tolist())
    for n in range(rho.shape[0]):
        if n not in sizes:
            assert not rho[n].any()


def test_containment_counts():
    q = Hypergraph.from_edges([[0, 1, 2, 3], [2, 3, 4], [4, 5]])
    s = Hypergraph.from_edges([[2, 3], [4], [0, 4], [0, 1, 2, 3], [5]])
    count, present = containment(s, q, sizes=True)
    assert count.tolist() == [2, 2, 0, 1, 1]
    assert present[0, [3, 4]].tolist() == [1, 1] and present[0].sum() == 2
    assert present[1, [2, 3]].tolist() == [1, 1]


@pytest.mark.parametrize("budget", [1, 7, 40, 1e9])
def test_plan_spends_at_most_the_budget(budget):
    h = random_hypergraph(5, n=30, m=40, max_size=6)
    q = maximal_cliques(clique_expansion(h), nodes=h.covered())
    st = clique_statistics(h, q)
    plan = greedy_plan(st, budget)
    cost = sum(r * st.num_cliques[n] * comb(n, k) for n, k, r in plan.cells)
    assert cost == pytest.approx(plan.cost) and plan.cost <= budget + 1e-9
    assert all(k < n and 0 < r <= 1 for n, k, r in plan.cells)
    assert plan.covered <= plan.total
    # a huge budget covers every training hyperedge that is inside some clique
    if budget == 1e9:
        assert plan.covered == plan.total
        sub, _ = sample_subcliques(sorted_sets(q), plan, seed=0)
        cands = set(sub.edge_set()) | set(q.edge_set())
        assert h.unique().edge_set() <= cands


def test_sampler_is_seeded_and_sorted():
    h = random_hypergraph(8, n=40, m=60, max_size=7)
    q = sorted_sets(maximal_cliques(clique_expansion(h)))
    st = clique_statistics(h, q)
    plan = greedy_plan(st, 30)
    assert any(r < 1 for _, _, r in plan.cells)
    a, pa = sample_subcliques(q, plan, seed=1)
    b, pb = sample_subcliques(q, plan, seed=1)
    assert a.equals(b) and np.array_equal(pa, pb)
    assert a.edges() == sorted(a.edges(), key=lambda e: (len(e), e))
