"""The greedy clique cover follows the reference code's rule (Wang & Kleinberg's release).

That code visits the edges in the pop order of a Python set of tuples (an order set by CPython's
hashing, unrelated to the ids), grows the clique of an uncovered edge by the common neighbour
joined to it by the most uncovered edges (ties: the first in a set's iteration order), stops when
no candidate adds an uncovered edge, returns each clique once and no isolated node (our default
adds the isolated nodes; ``isolated=False`` is the reference's setting).
"""

from __future__ import annotations

import numpy as np
import pytest

from graphlab import Graph
from hypergraph.projection import clique_expansion
from hypergraph.reconstruct import CliqueCover, load_pair, reconstruction_scores
from hypergraph.reconstruct.baselines import edge_clique_cover, hash_order, node_order

# N(0)={1,2,5}  N(1)={0,2,3,5}  N(2)={0,1,3}  N(3)={1,2,4,5}  N(4)={3}  N(5)={0,1,3}
EDGES = [(0, 1), (0, 2), (0, 5), (1, 2), (1, 3), (1, 5), (2, 3), (3, 4), (3, 5)]


def small_graph(num_nodes: int = 6) -> Graph:
    u, v = zip(*EDGES, strict=True)
    return Graph.from_edge_index([list(u), list(v)], num_nodes=num_nodes)


def test_orders_are_fixed():
    u, v = (np.array(x) for x in zip(*EDGES, strict=True))
    order = [EDGES[i] for i in hash_order(u, v, 6)]
    assert order == [(1, 5), (0, 5), (2, 3), (0, 1), (0, 2), (1, 2), (1, 3), (3, 4), (3, 5)]
    assert node_order(6).tolist() == [1, 3, 0, 2, 5, 4]
    # the node order of the first ids does not depend on how many nodes follow
    assert node_order(1000)[np.isin(node_order(1000), range(6))].tolist() == [1, 3, 0, 2, 5, 4]


def test_reference_rule_by_hand():
    # (1,5): common neighbours 0 and 3 each add 2 uncovered edges; 3 comes first in the node
    #        order (smallest id would take 0) -> {1,3,5}, and no common neighbour is left
    # (0,5): common neighbour 1 adds 0-1 (1-5 is covered) -> {0,1,5}
    # (2,3): common neighbour 1 adds 1-2 -> {1,2,3}
    # (0,1): covered
    # (0,2): common neighbour 1 adds no uncovered edge: stop at {0,2} (not maximal)
    # (1,2), (1,3): covered; (3,4): no common neighbour -> {3,4}; (3,5): covered
    cover = edge_clique_cover(small_graph())
    assert cover.edges() == [(0, 2), (3, 4), (0, 1, 5), (1, 2, 3), (1, 3, 5)]
    assert clique_expansion(cover).equals(small_graph())
    # growing each clique to a maximal one turns {0,2} into {0,1,2}
    assert edge_clique_cover(small_graph(), to_maximal=True).edges() == [
        (3, 4),
        (0, 1, 2),
        (0, 1, 5),
        (1, 2, 3),
        (1, 3, 5),
    ]


def test_isolated_nodes_by_default_not_in_the_reference_setting():
    g = small_graph(8)
    assert all(len(e) > 1 for e in edge_clique_cover(g, isolated=False).edges())
    singles = [e for e in edge_clique_cover(g).edges() if len(e) == 1]
    assert singles == [(6,), (7,)]
    assert CliqueCover().fit().predict(g, nodes=[0, 7]).edges()[0] == (7,)


def test_deterministic_and_seeded():
    g = small_graph()
    assert edge_clique_cover(g).edges() == edge_clique_cover(g).edges()
    assert edge_clique_cover(g, seed=3).edges() == edge_clique_cover(g, seed=3).edges()
    for seed in range(5):
        assert clique_expansion(edge_clique_cover(g, seed=seed)).equals(g)


def test_foursquare_matches_the_paper():
    """The paper reports 79.9; the reference code gives 79.89 (its CPython set order)."""
    pair = load_pair("shyre-foursquare")
    g = clique_expansion(pair.test)
    pred = CliqueCover(isolated=False).fit(pair.train).predict(g)  # the reference's setting
    assert 100 * reconstruction_scores(pred, pair.test)["jaccard"] == pytest.approx(79.9, abs=0.5)
    # pinned: the reference's rule in its fixed order gives 80.29 (issue 12 item 4; was 76.0
    # with sorted edges and smallest-id tie-breaks)
    assert round(100 * reconstruction_scores(pred, pair.test)["jaccard"], 2) == 80.29
    # the default adds the isolated nodes as size-1 hyperedges: not lower
    default = reconstruction_scores(CliqueCover().fit().predict(g), pair.test)["jaccard"]
    assert default >= reconstruction_scores(pred, pair.test)["jaccard"]
    # not a lucky order: seeded random orders under the same rule average to the same figure
    # (the reference's rule over 40 random orders: 79.99 +- 0.57)
    js = [
        reconstruction_scores(CliqueCover(seed=s, isolated=False).fit().predict(g), pair.test)[
            "jaccard"
        ]
        for s in range(10)
    ]
    assert 100 * np.mean(js) == pytest.approx(79.9, abs=1.0)
