"""Exact topological concentration (TC) of every node, for any number of hops.

TC measures how much a node's neighbours share its K-hop neighbourhood. With ``A`` the 0/1
adjacency of the undirected **training** graph, walk counts :math:`(A^i)_{vx}` and presence
:math:`P^j_{ux} = 1[(A^j)_{ux} > 0]`, the pair score of a node ``v`` with a neighbour ``u`` is

.. math::
    I_K(v, u) = \\frac{\\sum_{i=1}^K \\sum_{j=1}^K \\beta^{i+j-2} \\sum_x (A^i)_{vx} P^j_{ux}}
                     {\\sum_{i=1}^K \\sum_{j=1}^K \\beta^{i+j-2}
                      \\left(\\sum_x (A^i)_{vx} - c_{ij}\\right)}

with :math:`c_{11} = 1` for the training variant only (``u`` is not its own common neighbour),
and the node's TC is the mean of :math:`I_K(v, u)` over its training neighbours (0 when
:math:`d_{tr}(v) \\le 1`) or over its validation / test ("query") neighbours (0 when it has none
or no training neighbour). Walks are always on the training graph.

How it is computed: both double sums factor, with :math:`W = \\sum_i \\beta^{i-1} A^i` and
:math:`\\Pi = \\sum_j \\beta^{j-1} P^j`. The denominator does not depend on ``u``,

.. math:: D(v) = \\Big(\\sum_i \\beta^{i-1} (A^i \\mathbf 1)_v\\Big)
                 \\Big(\\sum_j \\beta^{j-1}\\Big) - [\\text{train}],

(walk counts by ``K`` sparse matrix-vector products), and the numerator summed over the
neighbours is :math:`\\sum_{u \\in N_s(v)} (W \\Pi)_{vu}`, the row sum of ``(A^i) ⊙ (Q · P^j)``
of the spec summed over ``i, j``. :func:`graphlab.kernels.walk_presence_rowsums` evaluates it
for all variants at once: common-neighbour intersections at K = 1, per-node sparse walks in
numba on sparse graphs, dense BLAS row blocks on dense ones, under a memory budget.

References
----------
Y. Wang, T. Zhao, Y. Zhao, Y. Liu, X. Cheng, N. Shah, T. Derr, "A Topological Perspective on
Demystifying GNN-Based Link Prediction Performance", ICLR 2024, arXiv:2310.04612.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import scipy.sparse as sp

from graphlab.graph import Graph
from graphlab.kernels import walk_presence_rowsums
from graphlab.validation import check_int, check_real

from .queries import query_graphs, training_graph

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import torch

    from .atc import Similarity

__all__ = [
    "default_beta",
    "tc_frame",
    "topological_concentration",
    "topological_concentrations",
]

Method = Literal["auto", "sparse", "dense"]


# --------------------------------------------------------------------------- input checks
def default_beta(graph: Graph) -> float:
    """Default hop decay: one over the mean training degree over all nodes (isolated included).

    .. math:: \\beta = \\frac{N}{\\sum_v d_{tr}(v)}

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 1], [1, 2]], num_nodes=4)   # degrees 1, 2, 1, 0
    >>> default_beta(g)
    1.0
    """
    return _mean_degree_inverse(training_graph(graph))


def _mean_degree_inverse(train: Graph) -> float:
    return train.num_nodes / float(train.nnz)


def _beta(train: Graph, beta: float | None) -> float:
    # ``train`` is already the training graph: checking it again costs O(nnz) self-loop scans
    if beta is None:
        return _mean_degree_inverse(train)
    return check_real(beta, "beta (hop decay)", low=0, low_open=True)


# --------------------------------------------------------------------------- exact TC
def topological_concentrations(
    graph: Graph,
    query_edges: Mapping[str, Any] | None = None,
    *,
    hops: int = 1,
    beta: float | None = None,
    train: bool = True,
    memory_budget: int | None = None,
    method: Method = "auto",
    executor: Any = None,
    max_steps: float | None = None,
) -> dict[str, np.ndarray]:
    """Exact TC of every node for the training variant and several query variants in one pass.

    .. math::
        TC_{tr}(v) = \\frac{1}{d_{tr}(v)} \\sum_{u \\in N_{tr}(v)} I^{train}_K(v, u)
        \\ \\ (d_{tr}(v) > 1), \\qquad
        TC_s(v) = \\frac{1}{d_s(v)} \\sum_{u \\in N_s(v)} I_K(v, u)
        \\ \\ (d_s(v) > 0,\\ d_{tr}(v) > 0),

    0 otherwise; :math:`I_K` as in the module docstring. All variants share one walk pass.

    Parameters
    ----------
    graph : Graph
        Undirected training graph (weights and self-loops are ignored).
    query_edges : mapping of str to int array [E, 2], optional
        Query edge sets by name (e.g. ``{"valid": ..., "test": ...}``); each gives a variant over
        those neighbours, walks still on ``graph``.
    hops : int, default 1
        K, the number of hops (>= 1).
    beta : float, optional
        Hop decay (> 0); :func:`default_beta` when omitted.
    train : bool, default True
        Include the training variant (key ``"train"``).
    memory_budget : int, optional
        Bytes of working memory; picks the row blocks / number of workers.
    method : {"auto", "sparse", "dense"}, default "auto"
        Kernel choice, see :func:`graphlab.kernels.walk_presence_rowsums`.
    executor : graphlab.parallel.Executor, optional
        Where the row blocks run: this process when omitted, or a Dask cluster
        (``graphlab.parallel.get_executor("dask", scheduler=...)``); the same numbers either way.
    max_steps : float, optional
        Most estimated walk steps a sparse run at K >= 2 may take (``$GRAPHLAB_MAX_WALK_STEPS``
        or 2e12, about 20 minutes on two cores (17 at K = 2), when omitted; ``float("inf")`` for no
        limit). A larger run is refused before it starts, with its estimated steps, time and
        memory (:func:`graphlab.kernels.walk_sparse.check_walk_cost`).

    Returns
    -------
    dict of str to ndarray of float64, shape [N]
        ``"train"`` first (if asked), then the query variants in the given order.

    Raises
    ------
    InputError
        No edges, a directed graph, ``hops < 1``, ``beta <= 0``, query edges outside the graph.
    MemoryBudgetError
        If the budget cannot hold one row's working memory.
    WalkCostError
        If the run at K >= 2 would exceed ``max_steps`` (an :class:`InputError`).

    Examples
    --------
    Triangle 0-1-2 with a pendant node 3 on node 2; query (test) edges 0-3 and 1-3:

    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> tc = topological_concentrations(g, {"test": [[0, 3], [1, 3]]})
    >>> tc["train"].round(4).tolist()      # K = 1: the clustering coefficient
    [1.0, 1.0, 0.3333, 0.0]
    >>> tc["test"].round(4).tolist()       # 0: N(0) ∩ N(3) = {2}, 1/2; 3: 1/1 from both
    [0.5, 0.5, 0.0, 1.0]

    K = 2, beta = 1, by hand for node 0: walks ``A_0 = (0,1,1,0)``, ``A^2_0 = (2,1,1,1)``, so
    ``D = (2 + 5) * 2 - 1 = 13``; neighbour 1 has presence ``P^1_1 = (1,0,1,0)``,
    ``P^2_1 = (1,1,1,1)``, numerator ``1 + 2 + 3 + 5 = 11``; neighbour 2 likewise
    ``1 + 2 + 4 + 4 = 11``; TC = 11/13. Node 2: ``(13 + 13 + 8) / 3 / 15 = 34/45``.

    >>> topological_concentrations(g, hops=2, beta=1.0)["train"].round(4).tolist()
    [0.8462, 0.8462, 0.7556, 0.0]

    References
    ----------
    Wang et al., ICLR 2024, arXiv:2310.04612; definitions as restated in shared/SPEC-tc.md.
    """
    return _concentrations(
        training_graph(graph), query_edges, hops, beta, train, memory_budget, method, executor,
        max_steps,
    )  # fmt: skip


def _concentrations(
    g: Graph,
    query_edges: Mapping[str, Any] | None,
    hops: int,
    beta: float | None,
    train: bool,
    memory_budget: int | None,
    method: Method,
    executor: Any,
    max_steps: float | None,
) -> dict[str, np.ndarray]:
    # topological_concentrations on the training graph ``g`` (training_graph's output: checking
    # it again would cost O(nnz) self-loop scans)
    k = check_int(hops, "hops (K)", low=1)
    b = _beta(g, beta)
    queries = query_graphs(g, query_edges)
    indptr, indices = g.indptr_np, g.indices_np
    masks: list[tuple[np.ndarray, np.ndarray]] = []
    names: list[str] = []
    if train:
        masks.append((indptr, indices))
        names.append("train")
    for name, q in queries.items():
        masks.append((q.indptr_np, q.indices_np))
        names.append(name)
    coef = b ** np.arange(k, dtype=np.float64)
    numer = walk_presence_rowsums(
        indptr, indices, masks, coef, coef, memory_budget=memory_budget, method=method,
        desc=f"TC K={k}", executor=executor, max_steps=max_steps,
    )  # fmt: skip
    # denominators: sum_i beta^(i-1) (A^i 1)_v, times sum_j beta^(j-1)
    deg = g.degree().astype(np.float64)
    walks, wsum = deg, coef[0] * deg
    if k > 1:  # the pattern's values (one float per entry) only where walks go further
        ones = np.ones(indices.shape[0])
        adj = sp.csr_array((ones, indices, indptr), shape=(g.num_nodes,) * 2)
    for i in range(1, k):
        walks = adj @ walks
        wsum = wsum + coef[i] * walks
    base = wsum * coef.sum()
    out: dict[str, np.ndarray] = {}
    for s, name in enumerate(names):
        if name == "train":
            ok = deg > 1
            denom = deg * (base - 1.0)
        else:
            qdeg = np.diff(masks[s][0]).astype(np.float64)
            ok = (qdeg > 0) & (deg > 0)
            denom = qdeg * base
        tc = np.zeros(g.num_nodes)
        np.divide(numer[s], denom, out=tc, where=ok)
        out[name] = tc
    return out


def topological_concentration(
    graph: Graph,
    query_edges: Any = None,
    *,
    hops: int = 1,
    beta: float | None = None,
    memory_budget: int | None = None,
    method: Method = "auto",
    max_steps: float | None = None,
) -> np.ndarray:
    """Exact TC of every node: the training variant, or the query variant given query edges.

    :math:`TC_{tr}(v)` averages :math:`I^{train}_K(v, u)` over training neighbours (0 at degree
    <= 1); with ``query_edges`` it is :math:`TC_s(v)`, the mean of :math:`I_K(v, u)` over the
    query neighbours (0 without any, or without training neighbours). At K = 1 the training
    variant is the local clustering coefficient and the query variant is
    :math:`\\frac{1}{d_s(v)} \\sum_{u \\in N_s(v)} |N_{tr}(v) \\cap N_{tr}(u)| / d_{tr}(v)`.
    See :func:`topological_concentrations` (several variants in one pass) for the parameters.

    Parameters
    ----------
    graph : Graph
        Undirected training graph.
    query_edges : int array [E, 2], optional
        Validation or test edges; the training variant when omitted.
    hops, beta, memory_budget, method, max_steps
        As in :func:`topological_concentrations`.

    Returns
    -------
    ndarray of float64, shape [N]

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> topological_concentration(g).round(4).tolist()
    [1.0, 1.0, 0.3333, 0.0]
    >>> topological_concentration(g, [[0, 3]]).round(4).tolist()
    [0.5, 0.0, 0.0, 1.0]

    References
    ----------
    Wang et al., ICLR 2024, arXiv:2310.04612.
    """
    if query_edges is None:
        res = topological_concentrations(
            graph, hops=hops, beta=beta, memory_budget=memory_budget, method=method,
            max_steps=max_steps,
        )  # fmt: skip
        return res["train"]
    res = topological_concentrations(
        graph, {"query": query_edges}, hops=hops, beta=beta, train=False,
        memory_budget=memory_budget, method=method, max_steps=max_steps,
    )  # fmt: skip
    return res["query"]


def tc_frame(
    graph: Graph,
    query_edges: Mapping[str, Any] | None = None,
    *,
    hops: int = 1,
    approx: bool = False,
    beta: float | None = None,
    memory_budget: int | None = None,
    method: Method = "auto",
    dim: int = 64,
    seed: int = 0,
    similarity: Similarity = "cosine",
    device: str | torch.device | None = None,
    executor: Any = None,
    max_steps: float | None = None,
) -> pd.DataFrame:
    """One row per node: ``node``, ``degree``, then ``tc_train`` and ``tc_<name>`` per query set.

    ``node`` is the node's id (:meth:`graphlab.Graph.ids`: the file's id for a graph read with
    ``relabel=True``); ``query_edges`` are positions ``0 .. num_nodes - 1`` as everywhere in
    the API (:func:`graphlab.readwrite.map_ids` maps a file's ids to them).

    With ``approx=True`` the columns are ``atc_train``, ``atc_<name>`` from
    :func:`linkpred.atc.approximate_tcs` (``dim``, ``seed``, ``similarity``, ``device`` and
    ``memory_budget`` apply); otherwise exact TC from :func:`topological_concentrations`
    (``beta``, ``memory_budget``, ``method``, ``executor``, ``max_steps`` apply).

    Unlike the array functions (which give 0 there), the table leaves a value empty (NaN)
    where the node has no neighbour in that split: no training neighbour for ``*_train``, no
    query neighbour (self-loop pairs are none) for ``*_<name>``, so that a column's mean is
    the mean over the nodes the split gives neighbours to. Where the node has neighbours in
    the split the values are those of the array functions (0 included: a degree-1 node's
    ``tc_train``, the clustering coefficient; a query neighbour of a node without training
    neighbours).

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> tc_frame(g, {"test": [[0, 3]]}).round(4)
       node  degree  tc_train  tc_test
    0     0       2    1.0000      0.5
    1     1       2    1.0000      NaN
    2     2       3    0.3333      NaN
    3     3       1    0.0000      1.0
    """
    import pandas as pd

    if approx:
        from .atc import approximate_tcs  # here: torch costs seconds to import

        values = approximate_tcs(
            graph, query_edges, hops=hops, dim=dim, seed=seed, similarity=similarity,
            device=device, memory_budget=memory_budget,
        )  # fmt: skip
        prefix = "atc"
    g = training_graph(graph)
    if not approx:
        values = _concentrations(
            g, query_edges, hops, beta, True, memory_budget, method, executor, max_steps
        )
        prefix = "tc"
    degree = g.degree()  # training degree, self-loops not counted
    has = {"train": degree > 0}
    for name, q in query_graphs(g, query_edges).items():
        has[name] = q.degree() > 0
    frame = pd.DataFrame({"node": graph.ids(), "degree": degree})
    for name, col in values.items():
        frame[f"{prefix}_{name}"] = np.where(has[name], col, np.nan)
    return frame
