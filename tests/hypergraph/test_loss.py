from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab.errors import InputError
from hypergraph.cliques import maximal_cliques
from hypergraph.core import Hypergraph
from hypergraph.loss import maximal_clique_hyperedges, nested_hyperedges, projection_loss
from hypergraph.projection import clique_expansion
from hypergraph.readwrite import read_benson


def test_no_pattern_means_exact_reconstruction():
    # disjoint-ish hyperedges, none nested, no triangle of pairs: E = Q(G)
    H = Hypergraph.from_edges([[0, 1, 2], [2, 3], [3, 4, 5], [6]])
    loss = projection_loss(H)
    assert loss.num_nested == 0 and loss.num_cliques_not_hyperedges == 0
    assert loss.num_hyperedges_not_cliques == 0
    assert loss.jaccard == 1.0 and loss.precision == 1.0 and loss.recall == 1.0


def test_pattern_1_nested():
    H = Hypergraph.from_edges([[0, 1, 2, 3], [0, 1], [1, 2, 3], [3], [4, 5]])
    loss = projection_loss(H)
    assert loss.num_hyperedges == 5
    assert loss.num_nested == 3  # {0,1}, {1,2,3}, {3} lie inside {0,1,2,3}
    assert loss.num_maximal_cliques == 2
    assert loss.num_hyperedges_not_cliques == 3
    assert loss.num_cliques_not_hyperedges == 0
    assert loss.nested_share == pytest.approx(3 / 5)
    assert loss.jaccard == pytest.approx(2 / 5)


def test_pattern_2_triangle_of_pairs():
    H = Hypergraph.from_edges([[0, 1], [1, 2], [0, 2]])
    loss = projection_loss(H)
    assert loss.num_nested == 0
    assert loss.num_maximal_cliques == 1 and loss.num_cliques_not_hyperedges == 1
    assert loss.pattern2_share == 1.0 and loss.not_clique_share == 1.0
    assert loss.jaccard == 0.0


def test_repeats_and_unused_node_ids_do_not_count():
    # node 7 is in no hyperedge (unused id): not a size-1 clique; repeats change nothing
    H = Hypergraph.from_edges([[0, 1], [0, 1], [2]], num_nodes=8)
    loss = projection_loss(H)
    assert loss.num_hyperedges == 2 and loss.num_maximal_cliques == 2
    assert loss.jaccard == 1.0


def test_as_dict_is_json_ready():
    import json

    d = projection_loss(Hypergraph.from_edges([[0, 1], [1, 2], [0, 2]])).as_dict()
    assert json.loads(json.dumps(d))["jaccard"] == 0.0
    assert {"nested_share", "pattern2_share", "not_clique_share"} <= set(d)


def test_nested_in_blocks_matches_one_block():
    rng = np.random.default_rng(0)
    edges = [rng.choice(30, size=rng.integers(1, 6), replace=False).tolist() for _ in range(300)]
    H = Hypergraph.from_edges(edges)
    full = nested_hyperedges(H)
    small = nested_hyperedges(H, memory_budget=16_384)
    assert np.array_equal(full, small) and full.any()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=0, max_size=5), min_size=1, max_size=40),
    st.sampled_from([None, 2_048, 8_192]),
)
def test_maximal_clique_hyperedges_are_those_in_the_clique_list(edges, budget):
    """The test on the hyperedges themselves agrees with membership in the listed cliques,
    in one block or in many (a budget of a few rows)."""
    H = Hypergraph.from_edges(edges, num_nodes=12)
    u = H.unique(times="drop")
    listed = u.isin(maximal_cliques(clique_expansion(u), nodes=u.covered()))
    assert np.array_equal(maximal_clique_hyperedges(H, memory_budget=budget), listed)


def _brute_loss(edges):
    E = {frozenset(e) for e in edges}
    G = nx.Graph()
    for e in E:
        G.add_nodes_from(e)
        G.add_edges_from(itertools.combinations(sorted(e), 2))
    Q = {frozenset(c) for c in nx.find_cliques(G)}
    nested = sum(any(e < f for f in E) for e in E)
    return len(E), len(Q), nested, len(E - Q), len(Q - E), len(E & Q)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 8), min_size=1, max_size=5), min_size=1, max_size=15))
def test_matches_brute_force(edges):
    loss = projection_loss(Hypergraph.from_edges(edges, num_nodes=12))
    assert (
        loss.num_hyperedges,
        loss.num_maximal_cliques,
        loss.num_nested,
        loss.num_hyperedges_not_cliques,
        loss.num_cliques_not_hyperedges,
        loss.num_matched,
    ) == _brute_loss(edges)


# The figures the issue fixes: max-clique Jaccard on the SHyRe query (test) hypergraphs.
@pytest.mark.parametrize(
    ("name", "jaccard"),
    [("directors", 1.0), ("crime", 0.788), ("hosts", 0.224), ("enron", 0.042)],
)
def test_max_clique_jaccard_on_shyre_test_sets(name, jaccard, shyre_pairs):
    loss = projection_loss(shyre_pairs(name).test)
    if jaccard == 1.0:
        assert loss.jaccard == 1.0  # exactly: Directors has neither pattern
        assert loss.num_nested == 0 and loss.num_cliques_not_hyperedges == 0
    else:
        assert loss.jaccard == pytest.approx(jaccard, abs=5e-4)


def test_exact_counts_on_shyre_test_sets(shyre_pairs):
    # |E|, |Q|, |E ∩ Q| of the test halves (cross-checked with networkx.find_cliques)
    expected = {
        "crime": (256, 207, 204),
        "hosts": (218, 361, 106),
        "enron": (756, 362, 45),
        "school2": (3909, 3279, 167),
        "foursquare": (1019, 8135, 803),
    }
    for name, (e, q, both) in expected.items():
        loss = projection_loss(shyre_pairs(name).test)
        assert (loss.num_hyperedges, loss.num_maximal_cliques, loss.num_matched) == (e, q, both)


def test_primary_school_loses_every_hyperedge(folder):
    loss = projection_loss(read_benson(folder("contact-primary-school")))
    assert loss.num_hyperedges == 12_704
    assert loss.num_maximal_cliques == 100_153
    assert loss.num_matched == 0 and loss.jaccard == 0.0


def test_clique_limit_reaches_the_caller():
    H = Hypergraph.from_edges(
        [list(p) for p in itertools.combinations(range(8), 2) if p != (0, 1) and p != (2, 3)]
    )
    with pytest.raises(InputError, match="max_cliques=3"):
        projection_loss(H, max_cliques=3)
