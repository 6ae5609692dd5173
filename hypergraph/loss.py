"""What projection loses: the two patterns of Wang & Kleinberg and the max-clique baseline.

For a hypergraph :math:`H = (V, E)` (as the set of its distinct hyperedges) with projection
:math:`G` and maximal cliques :math:`\\mathcal{Q}(G)`:

* **Pattern 1** (nested hyperedges): :math:`e \\subsetneq e'` for some :math:`e' \\in E`; the
  clique of :math:`e` vanishes inside that of :math:`e'`.
* **Pattern 2**: a maximal clique of :math:`G` that is no hyperedge, made of edges of several
  overlapping hyperedges (the triangle of :math:`\\{a,b\\}, \\{b,c\\}, \\{a,c\\}`).

:math:`E = \\mathcal{Q}(G)` exactly when neither pattern occurs; then "all maximal cliques" is
an exact reconstruction. Its quality in general is the Jaccard score

.. math::

    J = \\frac{|\\mathcal{Q}(G) \\cap E|}{|\\mathcal{Q}(G) \\cup E|}.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from graphlab.errors import InputError
from graphlab.graph import Graph
from graphlab.kernels import BYTES_PER_PRODUCT_ENTRY, blockwise, product_row_nnz_bound

from .cliques import DEFAULT_MAX_CLIQUES, DEFAULT_MAX_DEGREE, count_maximal_cliques
from .core import Hypergraph
from .projection import clique_expansion

__all__ = ["ProjectionLoss", "maximal_clique_hyperedges", "nested_hyperedges", "projection_loss"]


@dataclass(frozen=True)
class ProjectionLoss:
    """Counts of what the projection of a hypergraph loses (all on distinct hyperedges).

    Attributes
    ----------
    num_hyperedges : int
        :math:`|E|`, distinct hyperedges.
    num_maximal_cliques : int
        :math:`|\\mathcal{Q}(G)|`.
    num_nested : int
        Hyperedges contained in another hyperedge (Pattern 1).
    num_hyperedges_not_cliques : int
        Hyperedges that are not maximal cliques of the projection.
    num_cliques_not_hyperedges : int
        Maximal cliques that are not hyperedges (Pattern 2).
    num_matched : int
        :math:`|\\mathcal{Q}(G) \\cap E|`.
    """

    num_hyperedges: int
    num_maximal_cliques: int
    num_nested: int
    num_hyperedges_not_cliques: int
    num_cliques_not_hyperedges: int
    num_matched: int

    @property
    def nested_share(self) -> float:
        """Share of hyperedges nested in another hyperedge (Pattern 1)."""
        return self.num_nested / self.num_hyperedges if self.num_hyperedges else 0.0

    @property
    def not_clique_share(self) -> float:
        """Share of hyperedges that are not maximal cliques."""
        return self.num_hyperedges_not_cliques / self.num_hyperedges if self.num_hyperedges else 0.0

    @property
    def pattern2_share(self) -> float:
        """Share of maximal cliques that are not hyperedges (Pattern 2)."""
        n = self.num_maximal_cliques
        return self.num_cliques_not_hyperedges / n if n else 0.0

    @property
    def jaccard(self) -> float:
        """Jaccard score of "all maximal cliques" as a reconstruction of the hyperedges."""
        union = self.num_hyperedges + self.num_maximal_cliques - self.num_matched
        return self.num_matched / union if union else 1.0

    @property
    def precision(self) -> float:
        return self.num_matched / self.num_maximal_cliques if self.num_maximal_cliques else 0.0

    @property
    def recall(self) -> float:
        return self.num_matched / self.num_hyperedges if self.num_hyperedges else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Counts and shares as a JSON-ready dictionary."""
        out: dict[str, Any] = asdict(self)
        for key in (
            "nested_share",
            "not_clique_share",
            "pattern2_share",
            "jaccard",
            "precision",
            "recall",
        ):
            out[key] = getattr(self, key)
        return out


def nested_hyperedges(h: Hypergraph, *, memory_budget: int | None = None) -> np.ndarray:
    """Per distinct hyperedge of ``h``: whether it is a proper subset of another (Pattern 1).

    With :math:`B` the incidence of the distinct hyperedges, :math:`e \\subsetneq e'` iff
    :math:`(B^\\top B)_{e e'} = |e|` for some :math:`e' \\neq e`; the overlap matrix is computed
    in row blocks under ``memory_budget`` bytes (:mod:`graphlab.kernels`).

    Returns
    -------
    ndarray of bool, shape [h.num_distinct]
        Aligned with ``h.unique()``.

    Examples
    --------
    >>> H = Hypergraph.from_edges([[0, 1, 2], [0, 1], [2], [2, 3], [0, 1]])
    >>> nested_hyperedges(H).tolist()
    [False, True, True, False]
    """
    u = h.unique(times="drop")
    m = u.num_edges
    if m == 0:
        return np.zeros(0, dtype=bool)
    sizes = u.edge_sizes()
    bt = sp.csr_array(
        (np.ones(u.num_incidences, dtype=np.int32), u.edge_nodes, u.edge_ptr),
        shape=(m, u.num_nodes),
    )
    b = sp.csr_array(bt.T)

    def block(rows: slice) -> np.ndarray:
        c = sp.csr_array(bt[rows] @ b)
        r = np.repeat(np.arange(rows.start, rows.stop), np.diff(c.indptr))
        hit = (c.data == sizes[r]) & (c.indices != r)
        out = np.zeros(rows.stop - rows.start, dtype=bool)
        out[r[hit] - rows.start] = True
        return out

    cost = product_row_nnz_bound(bt, b) * BYTES_PER_PRODUCT_ENTRY
    nested = blockwise(block, cost, memory_budget, desc="nested hyperedges")
    # an empty hyperedge is nested in any other hyperedge
    return nested | ((sizes == 0) & (m > 1))


def maximal_clique_hyperedges(
    h: Hypergraph, *, memory_budget: int | str | None = None
) -> np.ndarray:
    """Per distinct hyperedge of ``h``: whether it is a maximal clique of the projection.

    A hyperedge :math:`e` is a clique of the projection :math:`G`; it is a maximal one when no
    node outside it is adjacent to all of it. With :math:`B` the incidence of the distinct
    hyperedges and :math:`A` the adjacency of :math:`G`, :math:`(B (A + I))_{e v}` counts the
    members of :math:`e` that are :math:`v` or adjacent to it, so :math:`e` is maximal iff
    exactly :math:`|e|` nodes reach :math:`|e|` (its members). Computed in row blocks under
    ``memory_budget`` bytes, without listing any clique. An empty hyperedge is none.

    Returns
    -------
    ndarray of bool, shape [h.num_distinct]
        Aligned with ``h.unique()``.

    Examples
    --------
    >>> H = Hypergraph.from_edges([[0, 1], [1, 2], [0, 2], [3, 4, 5], [3, 4], [6]])
    >>> maximal_clique_hyperedges(H).tolist()   # the pairs lie in the triangle {0, 1, 2}
    [False, False, False, True, False, True]
    """
    u = h.unique(times="drop")
    return _maximal_clique_mask(u, clique_expansion(u), memory_budget)


def _maximal_clique_mask(u: Hypergraph, g: Graph, memory_budget: int | str | None) -> np.ndarray:
    """:func:`maximal_clique_hyperedges` of distinct hyperedges ``u`` with projection ``g``."""
    m = u.num_edges
    if m == 0:
        return np.zeros(0, dtype=bool)
    sizes = u.edge_sizes()
    n = u.num_nodes
    reach = sp.csr_array(
        (np.ones(g.indices_np.shape[0], dtype=np.int32), g.indices_np, g.indptr_np), shape=(n, n)
    ) + sp.eye_array(n, dtype=np.int32, format="csr")
    bt = sp.csr_array(
        (np.ones(u.num_incidences, dtype=np.int32), u.edge_nodes, u.edge_ptr), shape=(m, n)
    )

    def block(rows: slice) -> np.ndarray:
        c = sp.csr_array(bt[rows] @ reach)
        r = np.repeat(np.arange(rows.start, rows.stop), np.diff(c.indptr))
        full = np.bincount(r[c.data == sizes[r]] - rows.start, minlength=rows.stop - rows.start)
        return full == sizes[rows]

    cost = product_row_nnz_bound(bt, reach) * BYTES_PER_PRODUCT_ENTRY
    return blockwise(block, cost, memory_budget, desc="maximal-clique hyperedges") & (sizes > 0)


def projection_loss(
    h: Hypergraph,
    *,
    max_cliques: int = DEFAULT_MAX_CLIQUES,
    max_degree: int = DEFAULT_MAX_DEGREE,
    memory_budget: int | None = None,
) -> ProjectionLoss:
    """Measure what the clique expansion of ``h`` loses.

    Works on the set of distinct hyperedges (repeats do not change the projection). The
    maximal cliques are those of the unweighted projection; a node in no hyperedge (an unused
    id of a 1-based file) is not counted as a size-1 clique, an isolated node of a size-1
    hyperedge is, as in the reference code. The cliques are counted, never listed
    (:func:`hypergraph.cliques.count_maximal_cliques`), and which hyperedges are maximal
    cliques is tested on the hyperedges themselves (:func:`maximal_clique_hyperedges`), so
    memory does not grow with the number of cliques.

    .. math::

        \\text{nested share} = \\frac{|\\{e \\in E: \\exists e' \\in E, e \\subsetneq e'\\}|}{|E|},
        \\quad
        \\text{pattern-2 share} = \\frac{|\\mathcal{Q}(G) \\setminus E|}{|\\mathcal{Q}(G)|},
        \\quad
        J = \\frac{|\\mathcal{Q}(G) \\cap E|}{|\\mathcal{Q}(G) \\cup E|}.

    Parameters
    ----------
    h : Hypergraph
    max_cliques, max_degree : int
        Limits of :func:`hypergraph.cliques.maximal_cliques`.
    memory_budget : int or str, optional
        Bytes per block of the nested-hyperedge product, and of one node's bitsets in the
        clique enumeration.

    Returns
    -------
    ProjectionLoss

    Raises
    ------
    InputError
        If ``h`` is not a Hypergraph or the clique enumeration hits a limit.

    Examples
    --------
    A triangle of pairs (Pattern 2) and a pair nested in a triple (Pattern 1):

    >>> H = Hypergraph.from_edges([[0, 1], [1, 2], [0, 2], [3, 4, 5], [3, 4]])
    >>> loss = projection_loss(H)
    >>> loss.num_maximal_cliques, loss.num_nested, loss.num_cliques_not_hyperedges
    (2, 1, 1)
    >>> round(loss.jaccard, 4)   # only {3, 4, 5} is recovered: 1 / (5 + 2 - 1)
    0.1667

    References
    ----------
    Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its
    Remediation", ICLR 2024, arXiv:2401.08519, Section 3 (the two patterns) and the
    "max clique" baseline.
    """
    if not isinstance(h, Hypergraph):
        raise InputError(f"expected a Hypergraph, got {type(h).__name__}")
    u = h.unique(times="drop")
    g = clique_expansion(u)
    num_cliques = count_maximal_cliques(
        g,
        max_cliques=max_cliques,
        max_degree=max_degree,
        nodes=u.covered(),
        memory_budget=memory_budget,
    )
    in_q = _maximal_clique_mask(u, g, memory_budget)
    matched = int(in_q.sum())
    return ProjectionLoss(
        num_hyperedges=u.num_edges,
        num_maximal_cliques=num_cliques,
        num_nested=int(nested_hyperedges(u, memory_budget=memory_budget).sum()),
        num_hyperedges_not_cliques=u.num_edges - matched,
        num_cliques_not_hyperedges=num_cliques - matched,
        num_matched=matched,
    )
