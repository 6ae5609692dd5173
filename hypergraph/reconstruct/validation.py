"""Checks of the reconstructors' inputs, on the rules of :mod:`graphlab.validation`.

Every reconstructor validates its training hypergraph with :func:`check_training` and its
query with :func:`check_query`, so all of them refuse the same inputs with the same messages.
"""

from __future__ import annotations

from typing import Any

from graphlab.errors import InputError
from graphlab.graph import Graph
from graphlab.validation import check_real, require_undirected

from ..core import Hypergraph

__all__ = ["check_budget", "check_query", "check_training"]


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
