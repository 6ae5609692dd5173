"""Neighbourhood heuristics for link prediction: CN, Jaccard, Adamic–Adar, resource allocation.

Each scores given node pairs of an undirected :class:`graphlab.Graph` by merging the two sorted
neighbour rows (:func:`graphlab.kernels.pair_intersections`), pairs in parallel; the values equal
networkx's ``common_neighbors`` / ``jaccard_coefficient`` / ``adamic_adar_index`` /
``resource_allocation_index``.

References
----------
D. Liben-Nowell and J. Kleinberg, "The link-prediction problem for social networks", JASIST 58(7),
2007. L. A. Adamic and E. Adar, "Friends and neighbors on the Web", Social Networks 25(3), 2003.
T. Zhou, L. Lü and Y.-C. Zhang, "Predicting missing links via local information", EPJ B 71, 2009.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphlab.graph import Graph
from graphlab.kernels import pair_intersections
from graphlab.validation import require_undirected

from .queries import node_pairs

__all__ = ["adamic_adar", "common_neighbors", "jaccard", "resource_allocation"]


def _pairs(graph: Graph, pairs: Any, what: str) -> np.ndarray:
    require_undirected(graph, what)
    return node_pairs(graph, pairs)


def common_neighbors(graph: Graph, pairs: Any) -> np.ndarray:
    """Number of common neighbours :math:`|N(u) \\cap N(v)|` of each pair.

    Parameters
    ----------
    graph : Graph
        Undirected.
    pairs : array-like of int, shape [P, 2] or [2, P]

    Returns
    -------
    ndarray of int64, shape [P]

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> common_neighbors(g, [[0, 1], [1, 3], [0, 3]])
    array([1, 1, 1])
    """
    p = _pairs(graph, pairs, "common_neighbors")
    return pair_intersections(graph.indptr_np, graph.indices_np, p)[0]


def jaccard(graph: Graph, pairs: Any) -> np.ndarray:
    """Jaccard coefficient :math:`|N(u) \\cap N(v)| / |N(u) \\cup N(v)|` (0 for an empty union).

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> jaccard(g, [[0, 1], [0, 3]])
    array([0.33333333, 0.5       ])
    """
    p = _pairs(graph, pairs, "jaccard")
    cn = pair_intersections(graph.indptr_np, graph.indices_np, p)[0].astype(np.float64)
    d = graph.degree()
    union = d[p[:, 0]] + d[p[:, 1]] - cn
    return np.divide(cn, union, out=np.zeros_like(cn), where=union > 0)


def adamic_adar(graph: Graph, pairs: Any) -> np.ndarray:
    """Adamic–Adar index :math:`\\sum_{w \\in N(u) \\cap N(v)} 1 / \\log d_w`.

    A common neighbour of two distinct nodes has degree >= 2; for a pair ``(u, u)`` a neighbour
    of degree 1 would divide by ``log 1 = 0`` and contributes 0 instead.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> adamic_adar(g, [[0, 1]]).round(4)
    array([0.9102])
    """
    d = graph.degree().astype(np.float64)
    logd = np.log(d, out=np.zeros_like(d), where=d > 1)
    w = np.divide(1.0, logd, out=np.zeros_like(d), where=logd > 0)
    return pair_intersections(
        graph.indptr_np, graph.indices_np, _pairs(graph, pairs, "adamic_adar"), w
    )[1]


def resource_allocation(graph: Graph, pairs: Any) -> np.ndarray:
    """Resource-allocation index :math:`\\sum_{w \\in N(u) \\cap N(v)} 1 / d_w`.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> resource_allocation(g, [[0, 1], [0, 3]])
    array([0.33333333, 0.33333333])
    """
    d = graph.degree().astype(np.float64)
    w = np.divide(1.0, d, out=np.zeros_like(d), where=d > 0)
    return pair_intersections(
        graph.indptr_np, graph.indices_np, _pairs(graph, pairs, "resource_allocation"), w
    )[1]
