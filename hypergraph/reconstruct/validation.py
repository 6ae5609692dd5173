"""Checks of the reconstructors' inputs, on the rules of :mod:`graphlab.validation`.

Every reconstructor validates its training hypergraph with :func:`check_training` and its
query with :func:`check_query`, so all of them refuse the same inputs with the same messages.
"""

from __future__ import annotations

from typing import Any

from graphlab.errors import InputError
from graphlab.graph import Graph
from graphlab.validation import check_int, check_real, check_seed, require_undirected

from ..core import Hypergraph

__all__ = [
    "MAX_ENSEMBLE",
    "check_budget",
    "check_classifier_seed",
    "check_ensemble",
    "check_query",
    "check_training",
]

#: Most classifiers one averaged prediction may take (``ensemble``): averaging more changes
#: nothing measurable (3 against 1 moved SHyRe's Jaccard by at most 0.2 points on the
#: benchmark's first cases, at 3x the time), and a typo in the flag should not mean a run of
#: days.
MAX_ENSEMBLE = 100


def check_ensemble(ensemble: Any) -> int:
    """The number of classifiers averaged: an integer in ``1 .. MAX_ENSEMBLE``.

    >>> check_ensemble(3)
    3
    """
    return check_int(ensemble, "ensemble", low=1, high=MAX_ENSEMBLE)


def check_classifier_seed(seed: Any, count: int = 1) -> int:
    """A seed for ``count`` scikit-learn classifiers seeded ``seed .. seed + count - 1``:
    scikit-learn takes ``random_state`` below :math:`2^{32}`.

    >>> check_classifier_seed(2**32 - 2, count=2)
    4294967294
    >>> check_classifier_seed(2**32 - 1, count=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: seed must be at most 4,294,967,294 (the 2 classifiers ...
    """
    value = check_seed(seed)
    top = 2**32 - count
    if value > top:
        seeded = f"the {count} classifiers are seeded seed .. seed + {count - 1}, and "
        seeded *= count > 1
        raise InputError(
            f"seed must be at most {top:,} ({seeded}scikit-learn's random_state must be below "
            f"2**32), got {value}"
        )
    return value


def check_training(h: Any) -> Hypergraph:
    """Validate a training hypergraph; return its distinct non-empty hyperedges.

    Raises
    ------
    InputError
        If ``h`` is not a Hypergraph or has no (non-empty) hyperedge.

    Examples
    --------
    >>> check_training(Hypergraph.from_edges([[0, 1], [0, 1], [2]])).edges()
    [(0, 1), (2,)]
    """
    if not isinstance(h, Hypergraph):
        raise InputError(f"the training hypergraph must be a Hypergraph, got {type(h).__name__}")
    u = h.unique()
    if u.num_edges == 0 or int(u.edge_sizes().max(initial=0)) == 0:
        raise InputError("the training hypergraph has no hyperedge: nothing to learn from")
    if (u.edge_sizes() == 0).any():
        u = u.select(u.edge_sizes() > 0)
    return u


def check_query(graph: Any) -> Graph:
    """Validate a query projection: an undirected :class:`graphlab.Graph`.

    Raises
    ------
    InputError
        If ``graph`` is a Hypergraph (project it first), not a Graph, or directed.
    """
    if isinstance(graph, Hypergraph):
        raise InputError(
            "predict takes the projected graph; project the hypergraph first "
            "(hypergraph.projection.clique_expansion)"
        )
    if not isinstance(graph, Graph):
        raise InputError(f"the query must be a graphlab.Graph, got {type(graph).__name__}")
    return require_undirected(graph, "reconstruction from a projection")


def check_budget(budget: Any) -> float:
    """The sampler budget :math:`\\beta` (a number of sampled subsets) as a positive float.

    >>> check_budget(0)
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: budget must be a finite number > 0, got 0
    """
    return check_real(budget, "budget", low=0, low_open=True)
