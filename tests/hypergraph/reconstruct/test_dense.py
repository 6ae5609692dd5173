"""SHyRe on projections with too many maximal cliques, its training-side rule selection, and
the feature chunks: bounded work, never below the baselines' outputs it can choose."""

from __future__ import annotations

import numpy as np
import pytest

from graphlab.graph import Graph
from hypergraph.core import Hypergraph
from hypergraph.projection import clique_expansion
from hypergraph.reconstruct import CliqueCover, MaxCliques, SHyRe, load_pair, reconstruction_scores
from hypergraph.reconstruct.features import (
    COVER_FEATURE,
    GraphContext,
    candidate_features,
    feature_names,
)
from hypergraph.reconstruct.shyre import CLIQUE_BYTES, PRESETS, RULES


def moon_moser(parts: int) -> Graph:
    """The complete multipartite graph K_{3,...,3}: 3**parts maximal cliques on 3*parts nodes."""
    n = 3 * parts
    u, v = np.triu_indices(n, 1)
    keep = u // 3 != v // 3
    return Graph.from_edge_index(np.stack([u[keep], v[keep]]), num_nodes=n)


TRAIN = Hypergraph.from_edges(
    [[0, 1, 2], [2, 3], [3, 4], [2, 4], [5, 6, 7, 8], [5, 6], [8, 9], [9, 10, 11], [10, 12]]
)


def test_query_with_too_many_cliques_falls_back_to_the_clique_cover():
    g = moon_moser(6)  # 729 maximal cliques
    model = SHyRe(50, classifier="lr", max_cliques=100).fit(TRAIN)
    assert model.source_ == "maximal cliques" and model.notes_ == []
    cand, _ = model.predict_candidates(g)
    assert cand.source == "clique cover"
    assert "more than 100 maximal cliques" in cand.note and "clique-cover" in cand.note
    assert model.source_ == "clique cover" and len(model.notes_) == 1
    # the base candidates are the clique cover's sets, and no more than it and the budget
    cover = CliqueCover().fit().predict(g)
    assert cand.in_cover.sum() == cover.num_edges
    assert cand.maximal.sum() == cover.num_edges
    pred = model.predict(g)
    assert pred.num_nodes == g.num_nodes
    assert set(pred.edges()) <= set(cand.sets.edges())


def test_training_side_with_too_many_cliques_uses_the_cover_on_both_sides():
    dense = clique_expansion(Hypergraph.from_edges([[0, 1, 2], [3, 4, 5]]))
    h0 = Hypergraph.from_edges([[a, b] for a, b in moon_moser(5).edges().tolist() if a < b])
    model = SHyRe(50, classifier="lr", max_cliques=50).fit(h0)
    assert model.source_ == "clique cover"
    assert "training projection has more than 50" in model.notes_[0]
    # a sparse query is read with the same (cover) candidates as the training side
    cand, _ = model.predict_candidates(dense)
    assert cand.source == "clique cover"


def test_the_memory_budget_caps_the_cliques():
    g = moon_moser(6)
    model = SHyRe(50, classifier="lr", memory_budget=200 * CLIQUE_BYTES).fit(TRAIN)
    assert model._clique_cap() == 200
    cand, _ = model.predict_candidates(g)
    assert cand.source == "clique cover"
    assert SHyRe(50, memory_budget=300 * CLIQUE_BYTES, max_cliques=7)._clique_cap() == 7


def test_selected_baseline_rule_gives_that_baseline_exactly():
    # a hypergraph whose projection's maximal cliques are its hyperedges: max cliques are exact
    h = Hypergraph.from_edges([[3 * i, 3 * i + 1, 3 * i + 2] for i in range(12)] + [[36, 37]])
    model = SHyRe(50, classifier="lr").fit(h)
    assert model.selection_["max-cliques"] == 1.0
    assert model.rule_ in ("clique-cover", "max-cliques")  # baselines win their ties
    g = clique_expansion(h)
    base = {"max-cliques": MaxCliques(), "clique-cover": CliqueCover()}[model.rule_]
    assert model.predict(g).equals(base.fit().predict(g), metadata=False)


@pytest.mark.parametrize("name", ["shyre-crime", "shyre-enron"])
def test_never_below_the_baselines_on_the_training_side(name):
    p = load_pair(name)
    model = SHyRe(1000).fit(p.train)
    assert set(model.selection_) == set(RULES)
    assert model.selection_[model.rule_] == max(model.selection_.values())
    g = clique_expansion(p.test)
    j = reconstruction_scores(model.predict(g), p.test)["jaccard"]
    for base in (MaxCliques(), CliqueCover()):
        assert j >= reconstruction_scores(base.fit().predict(g), p.test)["jaccard"]


def test_paper_preset_is_the_papers_setting():
    m = SHyRe.preset("paper", 1000, seed=4)
    assert (m.features, m.threshold, m.cover_candidates, m.seed) == ("count", 0.5, False, 4)
    assert set(PRESETS) == {"paper"}
    p = load_pair("shyre-crime")
    m.fit(p.train)
    assert (m.rule_, m.thresholds_) == ("threshold", (0.5, 0.5))
    cand, _ = m.predict_candidates(clique_expansion(p.test))
    assert not cand.in_cover.any() and cand.features.shape[1] == len(feature_names("count"))


def test_features_in_chunks_equal_one_pass():
    p = load_pair("shyre-crime")
    g = clique_expansion(p.test)
    from hypergraph.cliques import maximal_cliques

    q = maximal_cliques(g)
    ctx = GraphContext.build(g, q)
    maximal = np.ones(q.num_edges)
    parents = np.zeros(q.num_edges)
    cover = np.arange(q.num_edges) % 2 == 0
    one = candidate_features(ctx, q, maximal, parents, "motif", in_cover=cover)
    chunked = candidate_features(ctx, q, maximal, parents, "motif", in_cover=cover, chunk=7)
    assert np.array_equal(one, chunked)
    assert one.shape[1] == len(feature_names("motif")) + 1
    assert np.array_equal(one[:, -1], cover.astype(np.float32)) and COVER_FEATURE


def test_max_cliques_baseline_refuses_past_the_budget():
    from hypergraph.cliques import CliqueLimitError

    g = moon_moser(6)  # 729 maximal cliques
    with pytest.raises(CliqueLimitError, match="memory budget"):
        MaxCliques(memory_budget=100 * CLIQUE_BYTES).fit().predict(g)
    assert MaxCliques(memory_budget=1000 * CLIQUE_BYTES).fit().predict(g).num_edges == 729
