"""SHyRe's training-side choice of its decision rule (``threshold="select"``) and the
cross-fitted classifiers that predict the query: a baseline wins where it is exact, the
classifier wins where both baselines are wrong by construction."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from hypergraph.core import Hypergraph
from hypergraph.projection import clique_expansion
from hypergraph.reconstruct import CliqueCover, MaxCliques, SHyRe, reconstruction_scores
from hypergraph.reconstruct.shyre import FOLDS, RULES


def lattice_edges(rows: int, cols: int) -> Hypergraph:
    """Every edge of a triangulated grid as a size-2 hyperedge: each edge lies in a triangle,
    so the maximal cliques of the projection (triangles) are never hyperedges and the clique
    cover's sets are mostly triangles (plus the few edges left over); the hyperedges are
    sub-cliques that only a classifier finds."""
    node = np.arange(rows * cols).reshape(rows, cols)
    pairs = [
        *zip(node[:-1, :].ravel(), node[1:, :].ravel(), strict=True),
        *zip(node[:, :-1].ravel(), node[:, 1:].ravel(), strict=True),
        *zip(node[:-1, :-1].ravel(), node[1:, 1:].ravel(), strict=True),
    ]
    return Hypergraph.from_edges([[int(a), int(b)] for a, b in pairs])


def disjoint_groups(sizes: list[int]) -> Hypergraph:
    """Disjoint hyperedges: the projection's maximal cliques are exactly the hyperedges."""
    start = np.cumsum([0, *sizes])
    return Hypergraph.from_edges([list(range(a, b)) for a, b in itertools.pairwise(start)])


def scores(pred: Hypergraph, truth: Hypergraph) -> float:
    return float(reconstruction_scores(pred, truth)["jaccard"])


@pytest.mark.parametrize("classifier", ["lr", "mlp"])
def test_a_baseline_wins_where_it_is_exact(classifier):
    train = disjoint_groups([3, 4, 2, 5, 3, 3, 4, 2, 6, 3, 2, 4])
    query = disjoint_groups([4, 3, 3, 2, 5, 4, 3, 2, 3])
    model = SHyRe(200, classifier=classifier).fit(train)
    assert model.selection_["max-cliques"] == model.selection_["clique-cover"] == 1.0
    # a classifier rule may tie at 1.0 on the training side: the baseline takes the tie
    assert model.rule_ == "clique-cover"
    g = clique_expansion(query)
    pred = model.predict(g)
    assert pred.equals(CliqueCover().fit().predict(g), metadata=False)
    assert scores(pred, query) == 1.0


def test_the_classifier_wins_where_both_baselines_are_wrong():
    train, query = lattice_edges(6, 7), lattice_edges(5, 8)
    model = SHyRe(2_000, classifier="lr").fit(train)
    assert model.selection_["max-cliques"] == 0.0
    assert model.selection_["clique-cover"] < 0.1
    assert model.rule_ in ("threshold", "tuned", "auto")
    assert model.selection_[model.rule_] > 0.9
    g = clique_expansion(query)
    j = scores(model.predict(g), query)
    assert j > 0.9
    assert scores(MaxCliques().fit().predict(g), query) == 0.0
    assert scores(CliqueCover().fit().predict(g), query) < 0.1


def test_selection_scores_every_rule_and_keeps_the_best():
    train = lattice_edges(5, 6)
    model = SHyRe(1_000, classifier="lr").fit(train)
    assert set(model.selection_) == set(RULES)
    best = max(model.selection_.values())
    # the first best in RULES order: the baselines come first and win their ties
    assert model.rule_ == next(r for r in RULES if model.selection_[r] == best)


def test_the_query_is_predicted_by_the_fold_classifiers_that_were_scored():
    train, query = lattice_edges(5, 6), lattice_edges(4, 5)
    model = SHyRe(1_000, classifier="lr").fit(train)
    g = clique_expansion(query)
    cand, proba = model.predict_candidates(g)
    for group, avg in zip((cand.maximal, ~cand.maximal), model.models_, strict=True):
        assert len(avg.models) == FOLDS
        x = cand.features[group]
        mean = np.mean([m.predict_proba(x)[:, 1] for m in avg.models], axis=0)
        np.testing.assert_allclose(proba[group], mean)
    # a fixed threshold needs no scores: one classifier per group fitted on all candidates
    fixed = SHyRe(1_000, classifier="lr", threshold=0.5).fit(train)
    assert not any(hasattr(m, "models") for m in fixed.models_)
