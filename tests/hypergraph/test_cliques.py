from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab.errors import InputError
from graphlab.graph import Graph
from hypergraph.cliques import count_maximal_cliques, maximal_cliques
from hypergraph.projection import clique_expansion


def _nx_cliques(g: Graph) -> set[frozenset[int]]:
    return {frozenset(c) for c in nx.find_cliques(g.to_networkx())}


def test_hand_checked_cliques():
    # two triangles sharing an edge (not a K4), a pendant edge, an isolated node
    edges = [[0, 1], [0, 2], [1, 2], [1, 3], [2, 3], [3, 4]]
    G = Graph.from_edge_index(np.array(edges).T, num_nodes=6)
    Q = maximal_cliques(G)
    assert Q.num_nodes == 6
    assert Q.edge_set() == {frozenset(s) for s in ([0, 1, 2], [1, 2, 3], [3, 4], [5])}
    assert all(list(e) == sorted(e) for e in Q.edges())
    assert maximal_cliques(G, min_size=3).edge_set() == {frozenset({0, 1, 2}), frozenset({1, 2, 3})}
    assert maximal_cliques(G, nodes=[0, 1]).edge_set() == Q.edge_set() - {frozenset({5})}


def test_complete_graph_is_one_clique_and_wide_bitsets():
    n = 150  # more than two 64-bit words per bitset row
    iu = np.triu_indices(n, 1)
    G = Graph.from_coo(iu[0], iu[1], n)
    assert maximal_cliques(G).edges() == [tuple(range(n))]


def test_empty_graph():
    assert maximal_cliques(Graph.from_coo([], [], 0)).num_edges == 0
    assert maximal_cliques(Graph.from_coo([], [], 3)).edges() == [(0,), (1,), (2,)]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 25), st.floats(0.05, 0.9), st.integers(0, 2**31 - 1))
def test_matches_networkx_on_random_graphs(n, p, seed):
    rng = np.random.default_rng(seed)
    mask = np.triu(rng.random((n, n)) < p, 1)
    r, c = np.nonzero(mask)
    G = Graph.from_coo(r, c, n)
    Q = maximal_cliques(G)
    assert Q.num_edges == Q.num_distinct  # each clique reported once
    assert Q.edge_set() == _nx_cliques(G)


def test_moon_moser_graph_hits_the_count_limit():
    # complement of a perfect matching on 2k nodes: 2**k maximal cliques
    k = 12
    n = 2 * k
    A = np.ones((n, n), dtype=bool)
    np.fill_diagonal(A, False)
    A[np.arange(0, n, 2), np.arange(1, n, 2)] = False
    A[np.arange(1, n, 2), np.arange(0, n, 2)] = False
    G = Graph.from_scipy(__import__("scipy.sparse", fromlist=["csr_array"]).csr_array(A))
    assert maximal_cliques(G).num_edges == 2**k
    with pytest.raises(InputError, match=r"more than max_cliques=1,000 maximal cliques"):
        maximal_cliques(G, max_cliques=1000)
    with pytest.raises(InputError, match="max_cliques"):
        maximal_cliques(G, max_cliques=1000, backend="networkx")
    with pytest.raises(InputError, match=r"degree 22 > max_degree=10"):
        maximal_cliques(G, max_degree=10)


def test_bad_arguments():
    G = Graph.from_edge_index([[0], [1]])
    with pytest.raises(InputError, match="undirected"):
        maximal_cliques(Graph.from_edge_index([[0], [1]], directed=True))
    with pytest.raises(InputError, match="max_cliques"):
        maximal_cliques(G, max_cliques=0)
    with pytest.raises(InputError, match="backend"):
        maximal_cliques(G, backend="igraph")
    with pytest.raises(InputError, match=r"graphlab\.Graph"):
        maximal_cliques(nx.Graph())


def test_self_loops_are_ignored():
    G = Graph.from_edge_index([[0, 0, 1], [0, 1, 2]], self_loops=True)
    assert maximal_cliques(G).edge_set() == {frozenset({0, 1}), frozenset({1, 2})}


def test_dblp_projection_cliques(shyre_pairs):
    # timings (0.4-1.3 s here against 10-17 s for networkx) belong to the benchmarks, not tests
    H = shyre_pairs("dblp").test
    G = clique_expansion(H)
    Q = maximal_cliques(G)
    assert (G.num_nodes, G.num_edges, Q.num_edges) == (319_916, 721_662, 166_571)
    assert Q.num_distinct == Q.num_edges


def test_memory_budget_bounds_the_neighbourhood_bitsets():
    from graphlab.errors import MemoryBudgetError
    from hypergraph.cliques import ego_bitset_bytes

    G = Graph.from_edge_index([[0] * 99, list(range(1, 100))], num_nodes=100)  # a star
    need = int(ego_bitset_bytes(99))
    with pytest.raises(MemoryBudgetError, match=r"node 0 has degree 99.*memory budget"):
        maximal_cliques(G, memory_budget=need - 1)
    assert maximal_cliques(G, memory_budget=need).edge_set() == _nx_cliques(G)
    # the budget takes the flag's forms too
    assert maximal_cliques(G, memory_budget="1M").num_edges == 99
    with pytest.raises(MemoryBudgetError):
        maximal_cliques(G, memory_budget="1K")


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 25),
    st.floats(0.0, 0.9),
    st.integers(0, 3),
    st.booleans(),
    st.integers(0, 2**31 - 1),
)
def test_count_is_the_length_of_the_list(n, p, min_size, restrict, seed):
    """Counting without listing gives the number of cliques the list holds, nodes filter and
    min_size included."""
    rng = np.random.default_rng(seed)
    r, c = np.nonzero(np.triu(rng.random((n, n)) < p, 1))
    G = Graph.from_coo(r, c, n)
    nodes = rng.random(n) < 0.5 if restrict else None
    listed = maximal_cliques(G, min_size=min_size, nodes=nodes)
    assert count_maximal_cliques(G, min_size=min_size, nodes=nodes) == listed.num_edges


def test_count_keeps_the_limits():
    k = 12  # the Moon-Moser graph on 24 nodes: 2**12 maximal cliques
    A = np.ones((2 * k, 2 * k), dtype=bool)
    np.fill_diagonal(A, False)
    A[np.arange(0, 2 * k, 2), np.arange(1, 2 * k, 2)] = False
    A[np.arange(1, 2 * k, 2), np.arange(0, 2 * k, 2)] = False
    G = Graph.from_scipy(__import__("scipy.sparse", fromlist=["csr_array"]).csr_array(A))
    assert count_maximal_cliques(G) == 2**k
    with pytest.raises(InputError, match=r"more than max_cliques=1,000 maximal cliques"):
        count_maximal_cliques(G, max_cliques=1000)
    with pytest.raises(InputError, match=r"degree 22 > max_degree=10"):
        count_maximal_cliques(G, max_degree=10)
    with pytest.raises(InputError, match="undirected"):
        count_maximal_cliques(Graph.from_edge_index([[0], [1]], directed=True))


@pytest.mark.parametrize("count_only", [False, True])
def test_left_out_isolated_nodes_do_not_count_towards_the_cap(count_only):
    """Unused ids (isolated nodes outside `nodes`) are no cliques: a cap equal to the number
    of cliques reported is enough, one less is not; a cap beyond int64 is no cap."""
    G = Graph.from_edge_index([[0, 1, 3], [1, 2, 4]], num_nodes=10)  # 5..9 unused
    nodes = np.arange(5)
    fn = count_maximal_cliques if count_only else maximal_cliques

    def size(x):
        return x if count_only else x.num_edges

    assert size(fn(G, nodes=nodes, max_cliques=3)) == 3
    with pytest.raises(InputError, match="more than max_cliques=2 "):
        fn(G, nodes=nodes, max_cliques=2)
    assert size(fn(G, nodes=nodes, max_cliques=2 * 10**21)) == 3
    if not count_only:
        assert maximal_cliques(G, nodes=nodes, max_cliques=3, backend="networkx").num_edges == 3
