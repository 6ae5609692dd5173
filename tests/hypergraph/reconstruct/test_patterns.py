"""Baselines and SHyRe on hand-made hypergraphs with each loss pattern, and on Directors."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab import Graph
from graphlab.errors import InputError
from hypergraph.core import Hypergraph
from hypergraph.projection import clique_expansion
from hypergraph.reconstruct import (
    CliqueCover,
    MaxCliques,
    SHyRe,
    edge_clique_cover,
    load_pair,
    reconstruction_scores,
)


def nested_copies(copies: int) -> Hypergraph:
    """Pattern 1: {a,b,c} nested in {a,b,c,d}; pendants make a, b, c busier than d."""
    edges = []
    for c in range(copies):
        o = 7 * c
        edges += [[o, o + 1, o + 2, o + 3], [o, o + 1, o + 2]]
        edges += [[o, o + 4], [o + 1, o + 5], [o + 2, o + 6]]
    return Hypergraph.from_edges(edges)


def triangle_copies(copies: int) -> Hypergraph:
    """Pattern 2: three pairs {a,b}, {b,c}, {a,c} whose projection is the triangle {a,b,c}."""
    edges = []
    for c in range(copies):
        o = 3 * c
        edges += [[o, o + 1], [o + 1, o + 2], [o, o + 2]]
    return Hypergraph.from_edges(edges)


def jaccard(method, train, test) -> float:
    pred = method.fit(train).predict(clique_expansion(test))
    return reconstruction_scores(pred, test)["jaccard"]


def test_pattern1_nested_hyperedges():
    train, test = nested_copies(20), nested_copies(10)
    # the baselines return the 4-clique and miss the nested triple: 4 of 5 per copy
    assert jaccard(MaxCliques(), train, test) == pytest.approx(0.8)
    assert jaccard(CliqueCover(), train, test) == pytest.approx(0.8)
    # SHyRe samples the 3-subsets of 4-cliques and learns which one is a hyperedge
    model = SHyRe(100, classifier="lr").fit(train)
    assert model.plan_.cells == ((4, 3, 1.0),)
    pred = model.predict(clique_expansion(test))
    assert pred.edge_set() == test.edge_set()


def test_pattern2_triangle_of_pairs():
    train, test = triangle_copies(20), triangle_copies(10)
    assert MaxCliques().fit().predict(clique_expansion(test)).edge_set() == {
        frozenset({3 * c, 3 * c + 1, 3 * c + 2}) for c in range(10)
    }
    assert jaccard(MaxCliques(), train, test) == 0.0
    assert jaccard(CliqueCover(), train, test) == 0.0
    # all training triangles are false: constant classifiers, exact reconstruction
    model = SHyRe(60).fit(train)
    assert model.plan_.cells == ((3, 2, 1.0),)
    assert jaccard(model, train, test) == 1.0


def test_directors_exact_with_max_cliques():
    pair = load_pair("shyre-directors")
    pred = MaxCliques().fit(pair.train).predict(clique_expansion(pair.test))
    assert pred.edge_set() == pair.test.edge_set()
    s = reconstruction_scores(pred, pair.test)
    assert (s["jaccard"], s["precision"], s["recall"], s["f1"]) == (1.0, 1.0, 1.0, 1.0)


def test_clique_cover_covers_every_edge_and_isolated_nodes():
    rng = np.random.default_rng(3)
    edges = rng.integers(0, 40, size=(2, 150))
    g = Graph.from_edge_index(edges, num_nodes=45)
    cover = edge_clique_cover(g, isolated=True)
    proj = clique_expansion(cover)
    assert proj.equals(g)
    iso = set(np.flatnonzero(g.degree() == 0).tolist())
    assert {e[0] for e in cover.edges() if len(e) == 1} == iso
    # every set is a clique of g
    adj = g.to_scipy().toarray() > 0
    for e in cover.edges():
        sub = adj[np.ix_(e, e)]
        assert sub.sum() == len(e) * (len(e) - 1)


def test_nodes_restricts_size1_candidates():
    h = Hypergraph.from_edges([[0, 1], [3]], num_nodes=5)
    g = clique_expansion(h)
    assert MaxCliques().fit().predict(g).edges() == [(2,), (3,), (4,), (0, 1)]
    assert MaxCliques().fit().predict(g, nodes=h.covered()).edges() == [(3,), (0, 1)]
    cover = CliqueCover(isolated=True).fit().predict(g, nodes=h.covered())
    assert cover.edges() == [(3,), (0, 1)]


def test_bad_input():
    h = triangle_copies(3)
    g = clique_expansion(h)
    with pytest.raises(InputError, match="no hyperedge"):
        SHyRe(10).fit(Hypergraph.from_edges([], num_nodes=4))
    with pytest.raises(InputError, match="no hyperedge"):
        MaxCliques().fit(Hypergraph.from_edges([]))
    for bad in (0, -5, float("nan"), "10"):
        with pytest.raises(InputError, match="budget"):
            SHyRe(bad).fit(h)
    with pytest.raises(InputError, match="not fitted"):
        SHyRe(10).predict(g)
    with pytest.raises(InputError, match="project"):
        SHyRe(10).fit(h).predict(h)
    with pytest.raises(InputError, match="classifier"):
        SHyRe(10, classifier="svm").fit(h)
    with pytest.raises(InputError, match="undirected"):
        MaxCliques().fit().predict(Graph.from_edge_index([[0], [1]], directed=True))
    # node ids that do not match between reconstruction and truth
    with pytest.raises(InputError, match="node ids do not match"):
        reconstruction_scores(Hypergraph.from_edges([[0, 1]]), Hypergraph.from_edges([[0, 5]]))


def test_only_size1_hyperedges_is_well_defined():
    train = Hypergraph.from_edges([[i] for i in range(10)])
    model = SHyRe(10).fit(train)
    assert model.plan_.cells == ()
    query = Graph.from_edge_index([[0, 1], [1, 2]], num_nodes=6)  # a path and 3 isolated nodes
    pred = model.predict(query)
    # the only maximal cliques seen in training were isolated nodes, all hyperedges: every
    # maximal clique of the query is predicted (the MaxCliques answer), documented
    assert pred.edges() == [(3,), (4,), (5,), (0, 1), (1, 2)]
    assert pred.edge_set() == MaxCliques().fit().predict(query).edge_set()
