"""Node statistics of undirected graphs, vectorised over all nodes.

Every function takes a :class:`graphlab.Graph` and returns a numpy array indexed by node id;
:func:`node_statistics` gathers several into one pandas frame. Weights are ignored: the
statistics are those of the 0/1 adjacency (as networkx computes them without ``weight=``).
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import scipy.sparse as sp

from .errors import MemoryBudgetError
from .graph import Graph
from .kernels import (
    BYTES_PER_PRODUCT_ENTRY,
    blockwise,
    common_neighbor_counts,
    masked_product,
    node_triangles,
    walk_presence_rowsums,
)
from .parallel import remote_executor
from .validation import check_int, check_memory_budget, require_simple

__all__ = [
    "clustering",
    "degree",
    "edge_triangles",
    "ego_density",
    "node_statistics",
    "triangles",
]


def degree(graph: Graph) -> np.ndarray:
    """Number of neighbours of every node.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0], [1, 2]])
    >>> degree(g)
    array([2, 1, 1])
    """
    return graph.degree()


def edge_triangles(graph: Graph, *, memory_budget: int | str | None = None) -> np.ndarray:
    """Number of triangles through each stored entry ``(u, v)``: ``|N(u) ∩ N(v)|``.

    Aligned with ``graph.indices`` (both directions of an edge carry the same count).

    Parameters
    ----------
    graph : Graph
        Undirected, without self-loops.
    memory_budget : int or str, optional
        Bytes of working memory (``512M``-style text accepted): the neighbour bitsets of
        :func:`graphlab.kernels.common_neighbor_counts` are used only if they fit it.
        :func:`graphlab.validation.check_memory_budget`'s default when omitted.

    Raises
    ------
    InputError
        On a directed graph, self-loops or a malformed budget.
    MemoryBudgetError
        If the budget cannot hold the scan kernel's ``N`` bytes of marks.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> edge_triangles(g, memory_budget="1K")
    array([1, 1, 1, 1, 1, 1, 0, 0])
    """
    g = require_simple(graph, "edge_triangles")
    return common_neighbor_counts(g.indptr_np, g.indices_np, memory_budget=memory_budget)


def triangles(
    graph: Graph, *, memory_budget: int | str | None = None, executor: Any = None
) -> np.ndarray:
    """Number of triangles each node belongs to.

    .. math:: T(v) = \\tfrac12 \\sum_{u \\in N(v)} |N(v) \\cap N(u)| = \\tfrac12 (A^3)_{vv}

    Computed by :func:`graphlab.kernels.node_triangles` (the forward algorithm on a
    degree-ordered orientation, or neighbour bitsets on dense graphs), never from ``A^3``. With an
    ``executor`` that runs blocks elsewhere (:mod:`graphlab.parallel`, Dask) row blocks of pair
    intersections run as its tasks (integer counts: the same numbers); a
    :class:`~graphlab.parallel.SerialExecutor` is the same as none.

    Parameters
    ----------
    graph : Graph
        Undirected, without self-loops.
    memory_budget : int or str, optional
        Bytes of working memory, see :func:`graphlab.kernels.node_triangles`.
    executor : graphlab.parallel.Executor, optional
        Where the row blocks run (this process when omitted).

    Raises
    ------
    InputError
        On a directed graph, self-loops or a malformed budget.
    MemoryBudgetError
        If the budget cannot hold one row's working memory.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])   # triangle 0-1-2 plus 2-3
    >>> triangles(g)
    array([1, 1, 1, 0])
    """
    g = require_simple(graph, "triangles")
    if remote_executor(executor) is not None:  # a serial executor takes the path of None
        ip, ix = g.indptr_np, g.indices_np
        sums = walk_presence_rowsums(
            ip, ix, [(ip, ix)], [1.0], [1.0], memory_budget=memory_budget, executor=executor
        )[0]
        return sums.astype(np.int64) // 2
    return node_triangles(g.indptr_np, g.indices_np, memory_budget=memory_budget)


def clustering(
    graph: Graph,
    *,
    triangle_counts: np.ndarray | None = None,
    memory_budget: int | str | None = None,
) -> np.ndarray:
    """Local clustering coefficient of every node.

    .. math:: C(v) = \\frac{2\\,T(v)}{d_v (d_v - 1)}, \\qquad C(v) = 0 \\text{ if } d_v < 2

    Equals ``networkx.clustering`` on the unweighted graph.

    Parameters
    ----------
    graph : Graph
        Undirected, without self-loops.
    triangle_counts : array, optional
        :func:`triangles` of the graph, when already computed.
    memory_budget : int or str, optional
        Bytes of working memory for :func:`triangles`, see :func:`edge_triangles`.

    Raises
    ------
    InputError
        On a directed graph, self-loops or a malformed budget.

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
    g = require_simple(graph, "clustering")
    if triangle_counts is None:  # not triangles(): g is checked (an O(nnz) self-loop scan)
        t = node_triangles(g.indptr_np, g.indices_np, memory_budget=memory_budget)
    else:
        t = triangle_counts
    d = g.degree().astype(np.float64)
    pairs = d * (d - 1)
    return np.divide(2.0 * t, pairs, out=np.zeros_like(pairs), where=pairs > 0)


def ego_density(
    graph: Graph,
    hops: int = 1,
    *,
    memory_budget: int | str | None = None,
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
    :func:`graphlab.kernels.masked_product` ``(R, A, R)``: no ``|V| x |V|`` matrix is held whole.

    Parameters
    ----------
    graph : Graph
        Undirected, without self-loops.
    hops : int, default 1
        ``k >= 1`` (a ``bool`` is refused, as everywhere: ``True`` is not one hop).
    memory_budget : int or str, optional
        Bytes of working memory: a block of reach rows plus the masked product's accumulators
        at ``k >= 2``, the triangle kernel's at ``k = 1`` (see :mod:`graphlab.kernels`).
    triangle_counts : array, optional
        :func:`triangles`, reused at ``k = 1``.
    executor : graphlab.parallel.Executor, optional
        Where the row blocks run (this process when omitted; e.g. a Dask cluster).

    Raises
    ------
    InputError
        On a directed graph, self-loops, ``hops`` not an integer >= 1 or a malformed budget.
    MemoryBudgetError
        If the budget cannot hold one row's working memory.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 1, 2], [1, 2, 3]])   # path 0-1-2-3
    >>> ego_density(g, 1)
    array([1.        , 0.66666667, 0.66666667, 1.        ])
    >>> ego_density(g, 2)
    array([0.66666667, 0.5       , 0.5       , 0.66666667])
    """
    g = require_simple(graph, "ego_density")
    k = check_int(hops, "hops (K)", low=1)
    d = g.degree().astype(np.float64)
    if k == 1:
        t = (
            triangles(g, memory_budget=memory_budget, executor=executor)
            if triangle_counts is None
            else triangle_counts
        )
        n_sub, m_sub = d + 1.0, d + t
    else:
        n_sub, m_sub = _reach_counts(g, k, memory_budget, executor)
    pairs = n_sub * (n_sub - 1.0)
    return np.divide(2.0 * m_sub, pairs, out=np.zeros_like(pairs), where=pairs > 0)


def _reach_block(data: tuple, rows: slice) -> tuple[np.ndarray, np.ndarray]:
    a_loop, a_csc, hops, acc_budget = data
    reach = a_loop[rows]
    for _ in range(hops - 1):
        reach = reach @ a_loop
        reach.data[:] = 1.0
    reach.sort_indices()
    inner = masked_product(reach, a_csc, reach, memory_budget=acc_budget)
    counts = np.diff(reach.indptr).astype(np.float64)
    edges = np.add.reduceat(np.r_[inner, 0.0], reach.indptr[:-1]) / 2.0
    return counts, edges


#: Most multiply-adds of the scipy reach products of one block of :func:`ego_density`: about
#: 0.3 s here, so that Python gets control (and Ctrl-C is honoured) between blocks.
REACH_BLOCK_FLOPS = 5e7


def _reach_counts(
    graph: Graph, hops: int, memory_budget: int | str | None, executor: Any = None
) -> tuple[Any, Any]:
    budget = check_memory_budget(memory_budget)
    n = graph.num_nodes
    # The masked product's accumulators (8 N bytes per running thread) share the budget with
    # the block of reach rows: as many threads as fit in at most half of it, the rest for rows.
    acc_budget = int(min(8 * max(n, 1) * numba.get_num_threads(), budget // 2))
    a = graph.to_scipy()
    a_loop = (a + sp.eye_array(graph.num_nodes, format="csr")).tocsr()
    # A as CSC with int64 indices (A is symmetric: A's CSR arrays read as CSC): the masked
    # product of every block reads its columns without a transpose or a conversion
    a_csc = sp.csc_array(
        (a.data.astype(np.float64), a.indices.astype(np.int64), a.indptr.astype(np.int64)),
        shape=a.shape,
    )
    # walk counts of (A + I)^k bound the reach of each row (never above N), and those of
    # (A + I) times them an estimate of the reach products' multiply-adds (never above nnz)
    bound = np.ones(graph.num_nodes)
    flops = np.zeros(graph.num_nodes)
    for t in range(hops):
        walks = a_loop @ bound
        if t > 0:
            flops += np.minimum(walks, a_loop.nnz)
        bound = np.minimum(walks, graph.num_nodes)
    # a block holds its reach rows, one product's temporaries and the masked values; and it
    # does at most REACH_BLOCK_FLOPS of uninterruptible scipy products (Ctrl-C between blocks)
    block_budget = budget - acc_budget
    row_bytes = np.maximum(
        3 * BYTES_PER_PRODUCT_ENTRY * bound,
        np.minimum(flops * (block_budget / REACH_BLOCK_FLOPS), block_budget),
    )
    if acc_budget < 8 * max(n, 1):
        raise MemoryBudgetError(
            f"memory budget of {budget:,} bytes is too small for one row: the {hops}-hop ego "
            f"density needs {8 * max(n, 1):,} bytes of accumulators for {n:,} nodes and its "
            "reach rows besides; raise the memory budget"
        )
    return blockwise(
        _reach_block, row_bytes, block_budget, desc=f"{hops}-hop ego density",
        executor=executor, data=(a_loop, a_csc, hops, acc_budget),
    )  # fmt: skip


def node_statistics(
    graph: Graph,
    *,
    hops: int = 1,
    memory_budget: int | str | None = None,
    executor: Any = None,
) -> Any:
    """Degree, triangles, clustering and k-hop ego density of every node, as a pandas frame.

    Columns: ``node`` (the node's id, :meth:`Graph.ids`: the file's id of a graph read with
    ``relabel=True``), ``degree``, ``triangles``, ``clustering``, ``ego_density`` (of the
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

    check_int(hops, "hops (K)", low=1)  # before the triangles, not after them
    t = triangles(graph, memory_budget=memory_budget, executor=executor)
    return pd.DataFrame(
        {
            "node": graph.ids(),
            "degree": graph.degree(),
            "triangles": t,
            "clustering": clustering(graph, triangle_counts=t),
            "ego_density": ego_density(
                graph, hops, memory_budget=memory_budget, triangle_counts=t, executor=executor
            ),
        }
    )
