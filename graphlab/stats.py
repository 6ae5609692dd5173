"""Node statistics of undirected graphs, vectorised over all nodes.

Every function takes a :class:`graphlab.Graph` and returns a numpy array indexed by node id;
:func:`node_statistics` gathers several into one pandas frame. Weights are ignored: the
statistics are those of the 0/1 adjacency (as networkx computes them without ``weight=``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from .errors import InputError
from .graph import Graph
from .kernels import (
    BYTES_PER_PRODUCT_ENTRY,
    blockwise,
    common_neighbor_counts,
    masked_product,
    walk_presence_rowsums,
)

__all__ = [
    "clustering",
    "degree",
    "edge_triangles",
    "ego_density",
    "node_statistics",
    "triangles",
]


def _simple(graph: Graph, what: str) -> Graph:
    if graph.directed:
        raise InputError(f"{what} is defined here for undirected graphs; got a directed graph")
    if graph.num_self_loops:
        raise InputError(f"{what} needs a graph without self-loops")
    return graph


def degree(graph: Graph) -> np.ndarray:
    """Number of neighbours of every node.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0], [1, 2]])
    >>> degree(g)
    array([2, 1, 1])
    """
    return graph.degree()


def edge_triangles(graph: Graph) -> np.ndarray:
    """Number of triangles through each stored entry ``(u, v)``: ``|N(u) ∩ N(v)|``.

    Aligned with ``graph.indices`` (both directions of an edge carry the same count).
    """
    g = _simple(graph, "edge_triangles")
    return common_neighbor_counts(g.indptr_np, g.indices_np)


def triangles(graph: Graph, *, executor: Any = None) -> np.ndarray:
    """Number of triangles each node belongs to.

    .. math:: T(v) = \\tfrac12 \\sum_{u \\in N(v)} |N(v) \\cap N(u)| = \\tfrac12 (A^3)_{vv}

    Computed from per-edge common-neighbour counts
    (:func:`graphlab.kernels.common_neighbor_counts`), never from ``A^3``. With an
    ``executor`` (:mod:`graphlab.parallel`) row blocks of pair intersections run as its tasks
    (integer counts: the same numbers).

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])   # triangle 0-1-2 plus 2-3
    >>> triangles(g)
    array([1, 1, 1, 0])
    """
    if executor is not None:
        g = _simple(graph, "triangles")
        ip, ix = g.indptr_np, g.indices_np
        sums = walk_presence_rowsums(ip, ix, [(ip, ix)], [1.0], [1.0], executor=executor)[0]
        return sums.astype(np.int64) // 2
    per_entry = edge_triangles(graph)
    return _row_sums(graph, per_entry) // 2


def _row_sums(graph: Graph, values: np.ndarray) -> np.ndarray:
    ip = graph.indptr_np
    sums = np.add.reduceat(np.r_[values, 0], ip[:-1]) if values.size else np.zeros(graph.num_nodes)
    return np.where(np.diff(ip) > 0, sums, 0).astype(values.dtype if values.size else np.int64)


def clustering(graph: Graph, *, triangle_counts: np.ndarray | None = None) -> np.ndarray:
    """Local clustering coefficient of every node.

    .. math:: C(v) = \\frac{2\\,T(v)}{d_v (d_v - 1)}, \\qquad C(v) = 0 \\text{ if } d_v < 2

    Equals ``networkx.clustering`` on the unweighted graph.

    Parameters
    ----------
    graph : Graph
        Undirected, without self-loops.
    triangle_counts : array, optional
        :func:`triangles` of the graph, when already computed.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> clustering(g)
    array([1.        , 1.        , 0.33333333, 0.        ])

    References
    ----------
    D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world' networks",
    Nature 393, 1998.
    """
    t = triangles(graph) if triangle_counts is None else triangle_counts
    d = graph.degree().astype(np.float64)
    pairs = d * (d - 1)
    return np.divide(2.0 * t, pairs, out=np.zeros_like(pairs), where=pairs > 0)


def ego_density(
    graph: Graph,
    hops: int = 1,
    *,
    memory_budget: int | None = None,
    triangle_counts: np.ndarray | None = None,
    executor: Any = None,
) -> np.ndarray:
    """Edge density of every node's k-hop ego subgraph.

    The ego subgraph of ``v`` is induced by ``S_k(v)``, the nodes within ``k`` hops of ``v``
    (``v`` included). With ``n_v = |S_k(v)|`` and ``m_v`` its number of edges,

    .. math:: \\rho_k(v) = \\frac{2\\, m_v}{n_v (n_v - 1)}, \\qquad
              m_v = \\tfrac12\\, r_v^\\top A\\, r_v

    where ``r_v`` is the 0/1 indicator of ``S_k(v)``; ``rho = 0`` when ``n_v < 2``. At
    ``k = 1`` this is ``(d_v + T(v)) / (d_v (d_v + 1) / 2)``. For ``k >= 2`` the reach rows are
    built block by block (``R <- pattern(R (A + I))``) and ``m_v`` is the row sum of
    :func:`graphlab.kernels.masked_product` ``(R, A, R)``: no |V| x |V| matrix is held whole.

    Parameters
    ----------
    graph : Graph
        Undirected, without self-loops.
    hops : int, default 1
        ``k >= 1``.
    memory_budget : int, optional
        Bytes a block of reach rows may use; see :mod:`graphlab.kernels`.
    triangle_counts : array, optional
        :func:`triangles`, reused at ``k = 1``.
    executor : graphlab.parallel.Executor, optional
        Where the row blocks run (this process when omitted; e.g. a Dask cluster).

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 1, 2], [1, 2, 3]])   # path 0-1-2-3
    >>> ego_density(g, 1)
    array([1.        , 0.66666667, 0.66666667, 1.        ])
    >>> ego_density(g, 2)
    array([0.66666667, 0.5       , 0.5       , 0.66666667])
    """
    g = _simple(graph, "ego_density")
    if not isinstance(hops, (int, np.integer)) or hops < 1:
        raise InputError(f"hops must be an integer >= 1, got {hops!r}")
    d = g.degree().astype(np.float64)
    if hops == 1:
        t = triangles(g, executor=executor) if triangle_counts is None else triangle_counts
        n_sub, m_sub = d + 1.0, d + t
    else:
        n_sub, m_sub = _reach_counts(g, int(hops), memory_budget, executor)
    pairs = n_sub * (n_sub - 1.0)
    return np.divide(2.0 * m_sub, pairs, out=np.zeros_like(pairs), where=pairs > 0)


def _reach_block(data: tuple, rows: slice) -> tuple[np.ndarray, np.ndarray]:
    a_loop, a, hops = data
    reach = a_loop[rows]
    for _ in range(hops - 1):
        reach = reach @ a_loop
        reach.data[:] = 1.0
    reach.sort_indices()
    inner = masked_product(reach, a, reach)
    counts = np.diff(reach.indptr).astype(np.float64)
    edges = np.add.reduceat(np.r_[inner, 0.0], reach.indptr[:-1]) / 2.0
    return counts, edges


def _reach_counts(
    graph: Graph, hops: int, memory_budget: int | None, executor: Any = None
) -> tuple[Any, Any]:
    a = graph.to_scipy()
    a_loop = (a + sp.eye_array(graph.num_nodes, format="csr")).tocsr()
    # walk counts of (A + I)^k bound the reach of each row (never above N)
    bound = np.ones(graph.num_nodes)
    for _ in range(hops):
        bound = np.minimum(a_loop @ bound, graph.num_nodes)
    # a block holds its reach rows, one product's temporaries and the masked values
    row_bytes = 3 * BYTES_PER_PRODUCT_ENTRY * bound
    return blockwise(
        _reach_block, row_bytes, memory_budget, desc=f"{hops}-hop ego density",
        executor=executor, data=(a_loop, a, hops),
    )  # fmt: skip


def node_statistics(
    graph: Graph, *, hops: int = 1, memory_budget: int | None = None, executor: Any = None
) -> Any:
    """Degree, triangles, clustering and k-hop ego density of every node, as a pandas frame.

    Columns: ``node``, ``degree``, ``triangles``, ``clustering``, ``ego_density`` (of the
    ``hops``-hop ego subgraph). With an ``executor`` (:mod:`graphlab.parallel`, e.g. a Dask
    cluster) the triangle counts and the ego-density row blocks run as its tasks; the numbers
    are the same.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> node_statistics(g)[["node", "degree", "triangles"]].to_numpy().tolist()
    [[0, 2, 1], [1, 2, 1], [2, 3, 1], [3, 1, 0]]
    """
    import pandas as pd

    t = triangles(graph, executor=executor)
    return pd.DataFrame(
        {
            "node": np.arange(graph.num_nodes),
            "degree": graph.degree(),
            "triangles": t,
            "clustering": clustering(graph, triangle_counts=t),
            "ego_density": ego_density(
                graph, hops, memory_budget=memory_budget, triangle_counts=t, executor=executor
            ),
        }
    )
