"""Projection of a hypergraph to a graph: clique expansion and star expansion.

The clique expansion (projection) of :math:`H = (V, E)` is the graph :math:`G = (V, E_G)` with
:math:`\\{u, v\\} \\in E_G` iff some hyperedge holds both :math:`u` and :math:`v`. With the
node-by-hyperedge incidence matrix :math:`B` it is computed as one sparse product,

.. math::

    W = B B^\\top - \\operatorname{diag}(B B^\\top), \\qquad
    W_{uv} = |\\{e \\in E : u, v \\in e\\}|,

never by looping over pairs. Size-1 hyperedges only add their node (every node of ``H`` is a
node of ``G``, isolated or not).
"""

from __future__ import annotations

from typing import Any, Literal, overload

import numpy as np
import scipy.sparse as sp

from graphlab.datasets import TimestampedGraph
from graphlab.errors import InputError
from graphlab.graph import Graph

from .core import Hypergraph

__all__ = ["clique_expansion", "pair_first_times", "star_expansion", "timestamped_graph"]

_PAIR_CHUNK = 1 << 22  # node pairs generated at once by pair_first_times


def _check(h: Any) -> Hypergraph:
    if not isinstance(h, Hypergraph):
        raise InputError(f"expected a Hypergraph, got {type(h).__name__}")
    return h


@overload
def clique_expansion(
    h: Hypergraph,
    *,
    weighted: bool = ...,
    count_repeats: bool = ...,
    first_times: Literal[False] = ...,
) -> Graph: ...
@overload
def clique_expansion(
    h: Hypergraph,
    *,
    weighted: bool = ...,
    count_repeats: bool = ...,
    first_times: Literal[True],
) -> tuple[Graph, np.ndarray]: ...
def clique_expansion(
    h: Hypergraph,
    *,
    weighted: bool = False,
    count_repeats: bool = True,
    first_times: bool = False,
) -> Graph | tuple[Graph, np.ndarray]:
    """Project a hypergraph to its clique expansion, a :class:`graphlab.Graph`.

    .. math::

        W = B B^\\top - \\operatorname{diag}(B B^\\top)

    Parameters
    ----------
    h : Hypergraph
    weighted : bool, default False
        Keep :math:`W_{uv}`, the number of hyperedges holding both ends, as edge weight. The
        unweighted (0/1) projection is the setting of Wang & Kleinberg.
    count_repeats : bool, default True
        With ``weighted``, count every occurrence of a repeated hyperedge; ``False`` counts
        each distinct hyperedge once (:math:`B` of ``h.unique()``).
    first_times : bool, default False
        Also return, per edge of the projection, the earliest time of a hyperedge holding both
        ends (needs ``h.times``): a timestamped graph built from real group interactions.

    Returns
    -------
    Graph
        Undirected, ``h.num_nodes`` nodes, no self-loops.
    times : ndarray, shape [num_edges]
        Only with ``first_times``: aligned with ``graph.edges()``.

    Raises
    ------
    InputError
        If ``first_times`` is asked for a hypergraph without times.

    Examples
    --------
    >>> H = Hypergraph.from_edges([[0, 1, 2], [1, 2], [1, 2], [3]], times=[5, 1, 9, 2])
    >>> G = clique_expansion(H)
    >>> G, G.edges().tolist()
    (Graph(num_nodes=4, num_edges=3, directed=False, weighted=False), [[0, 1], [0, 2], [1, 2]])
    >>> clique_expansion(H, weighted=True).edge_weights().tolist()
    [1.0, 1.0, 3.0]
    >>> clique_expansion(H, weighted=True, count_repeats=False).edge_weights().tolist()
    [1.0, 1.0, 2.0]
    >>> clique_expansion(H, first_times=True)[1].tolist()
    [5, 5, 1]

    References
    ----------
    Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its
    Remediation", ICLR 2024, arXiv:2401.08519.
    """
    h = _check(h)
    src = h if count_repeats or not weighted else h.unique()
    b = src.incidence(np.float64 if weighted else np.float32)
    w = sp.csr_array(b @ b.T)
    w.setdiag(0)
    w.eliminate_zeros()
    w.sort_indices()
    g = Graph(
        w.indptr.astype(np.int64),
        w.indices.astype(np.int64),
        h.num_nodes,
        w.data.astype(np.float64) if weighted else None,
        validate=False,
    )
    if not first_times:
        return g
    return g, pair_first_times(h, g)


def pair_first_times(h: Hypergraph, graph: Graph | None = None) -> np.ndarray:
    """Earliest time at which each node pair of the projection shares a hyperedge.

    .. math::

        t(u, v) = \\min \\{ t(e) : u, v \\in e \\}

    Pairs are generated per hyperedge size class in vectorised chunks of the distinct
    hyperedges (each at its earliest time) and reduced with a minimum.

    Parameters
    ----------
    h : Hypergraph
        With ``times``.
    graph : Graph, optional
        The unweighted or weighted clique expansion of ``h`` (computed when omitted); the
        result is aligned with ``graph.edges()``.

    Returns
    -------
    ndarray, shape [num_edges], dtype of ``h.times``

    Raises
    ------
    InputError
        If ``h`` has no times, or ``graph`` is not the projection of ``h``.

    Examples
    --------
    >>> H = Hypergraph.from_edges([[0, 1], [0, 1, 2]], times=[7, 3])
    >>> pair_first_times(H).tolist()
    [3, 3, 3]
    """
    h = _check(h)
    if h.times is None:
        raise InputError(
            "first times need hyperedge times, and this hypergraph has none (--times needs a "
            "dataset with times, e.g. contact-primary-school)"
        )
    u = h.unique(times="min")
    times = u.times
    assert times is not None
    is_dt = np.issubdtype(times.dtype, np.datetime64)
    tvals = times.view(np.int64) if is_dt else times
    n = max(h.num_nodes, 1)
    sizes = u.edge_sizes()
    keys_parts: list[np.ndarray] = []
    time_parts: list[np.ndarray] = []
    for k in np.unique(sizes[sizes >= 2]).tolist():
        members = np.flatnonzero(sizes == k)
        iu, ju = np.triu_indices(k, 1)
        step = max(1, _PAIR_CHUNK // iu.shape[0])
        for s in range(0, members.shape[0], step):
            chunk = members[s : s + step]
            block = u.edge_nodes[u.edge_ptr[chunk][:, None] + np.arange(k)]
            keys = (block[:, iu] * n + block[:, ju]).ravel()
            t = np.repeat(tvals[chunk], iu.shape[0])
            keys_parts.append(keys)
            time_parts.append(t)
            if sum(p.shape[0] for p in keys_parts) > 4 * _PAIR_CHUNK:
                keys_parts, time_parts = _min_reduce(keys_parts, time_parts)
    if not keys_parts:
        keys_parts, time_parts = [np.zeros(0, dtype=np.int64)], [tvals[:0]]
    key_list, time_list = _min_reduce(keys_parts, time_parts)
    keys, t = key_list[0], time_list[0]
    if graph is not None:
        e = graph.edges()
        if e.shape[0] != keys.shape[0] or not np.array_equal(e[:, 0] * n + e[:, 1], keys):
            raise InputError("graph is not the clique expansion of this hypergraph")
    return t.view(times.dtype) if is_dt else t


def _min_reduce(
    keys_parts: list[np.ndarray], time_parts: list[np.ndarray]
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    keys = np.concatenate(keys_parts)
    t = np.concatenate(time_parts)
    order = np.lexsort((t, keys))
    keys, t = keys[order], t[order]
    first = np.r_[True, keys[1:] != keys[:-1]] if keys.size else np.zeros(0, dtype=bool)
    return [keys[first]], [t[first]]


def star_expansion(h: Hypergraph, *, unique: bool = False) -> Graph:
    """The star (bipartite) expansion: node ``v`` joined to node ``n + e`` for ``v`` in ``e``.

    Parameters
    ----------
    h : Hypergraph
    unique : bool, default False
        One hyperedge node per distinct hyperedge instead of one per occurrence.

    Returns
    -------
    Graph
        Undirected, ``n + m`` nodes (nodes first, then hyperedges), unweighted.

    Examples
    --------
    >>> H = Hypergraph.from_edges([[0, 1], [1, 2, 3]])
    >>> star_expansion(H).edges().tolist()
    [[0, 4], [1, 4], [1, 5], [2, 5], [3, 5]]
    """
    h = _check(h)
    src = h.unique() if unique else h
    return Graph.from_coo(
        src.edge_nodes,
        h.num_nodes + src.edge_index_of_incidences(),
        h.num_nodes + src.num_edges,
    )


def timestamped_graph(obj: Any) -> TimestampedGraph | None:
    """The projection of a timestamped hypergraph with the time each pair first meets.

    Registered as a ``graphlab.timestamped_graph`` converter, so that analyses of timestamped
    graphs (``graphlab shift``) take timestamped hypergraphs without importing this package.

    Returns
    -------
    TimestampedGraph or None
        ``None`` if ``obj`` is not a :class:`Hypergraph` with times.

    Examples
    --------
    >>> h = Hypergraph.from_edges([[0, 1, 2], [2, 3]], times=[5, 1])
    >>> tg = timestamped_graph(h)
    >>> tg.graph.edges().tolist(), tg.times.tolist()
    ([[0, 1], [0, 2], [1, 2], [2, 3]], [5, 5, 5, 1])
    """
    if not isinstance(obj, Hypergraph) or obj.times is None:
        return None
    graph, first = clique_expansion(obj, first_times=True)
    return TimestampedGraph(obj.name or "hypergraph", graph, first)
