"""The :math:`\\rho(n, k)` statistic of SHyRe, computed with an inverted index.

.. math::

    \\rho(n, k) = \\frac{|A(n, k)|}{|Q_n| \\binom{n}{k}},

with :math:`Q_n` the size-:math:`n` maximal cliques of the projection :math:`G_0`,
:math:`E_k` the distinct size-:math:`k` hyperedges of :math:`H_0` and :math:`A(n, k) \\subseteq
E_k` those contained in some clique of :math:`Q_n`.

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its Remediation",
ICLR 2024, arXiv:2401.08519.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np

from graphlab.errors import InputError

from ..core import Hypergraph
from .kernels import containing, inverted_index

__all__ = ["CliqueStats", "clique_statistics", "containment", "rho_bruteforce"]


@dataclass(frozen=True)
class CliqueStats:
    """Counts behind :math:`\\rho` on one (hypergraph, maximal cliques) pair.

    Attributes
    ----------
    num_cliques : ndarray, shape [N + 1]
        ``num_cliques[n]`` = :math:`|Q_n|`.
    hits : ndarray, shape [N + 1, N + 1]
        ``hits[n, k]`` = :math:`|A(n, k)|`.
    cover_sizes : ndarray of uint8, shape [m, N + 1]
        Per distinct hyperedge, which maximal-clique sizes contain it (for the greedy sampler).
    edge_sizes : ndarray, shape [m]
        Size of each distinct hyperedge.
    """

    num_cliques: np.ndarray
    hits: np.ndarray
    cover_sizes: np.ndarray
    edge_sizes: np.ndarray

    @property
    def rho(self) -> np.ndarray:
        """``rho[n, k]`` (0 where :math:`|Q_n| = 0` or :math:`k > n`)."""
        big = self.hits.shape[0]
        denom = np.array(
            [[self.num_cliques[n] * comb(n, k) for k in range(big)] for n in range(big)],
            dtype=np.float64,
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(denom > 0, self.hits / np.where(denom > 0, denom, 1), 0.0)


def containment(
    sets: Hypergraph, cliques: Hypergraph, *, sizes: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """For each set of ``sets``: how many cliques of ``cliques`` contain it (inverted index).

    Returns ``(count, present)``; ``present[s, n] = 1`` when a size-``n`` clique contains set
    ``s`` (only with ``sizes=True``; otherwise an empty placeholder).

    Examples
    --------
    >>> Q = Hypergraph.from_edges([[0, 1, 2], [2, 3]])
    >>> S = Hypergraph.from_edges([[0, 2], [2], [1, 3]])
    >>> containment(S, Q)[0].tolist()
    [1, 2, 0]
    """
    if sets.num_nodes != cliques.num_nodes:
        raise InputError(
            f"node ids do not match: {sets.num_nodes} nodes in the sets, "
            f"{cliques.num_nodes} in the graph"
        )
    n = cliques.num_nodes
    node_ptr, node_cl = inverted_index(cliques.edge_ptr, cliques.edge_nodes, n)
    max_size = int(cliques.edge_sizes().max(initial=0))
    return containing(
        sets.edge_ptr,
        sets.edge_nodes,
        cliques.edge_ptr,
        cliques.edge_nodes,
        node_ptr,
        node_cl,
        n,
        max_size,
        sizes,
    )


def clique_statistics(
    hypergraph: Hypergraph, cliques: Hypergraph, *, strict: bool = True
) -> CliqueStats:
    """:math:`|Q_n|`, :math:`|A(n, k)|` and the per-hyperedge covering sizes.

    Each distinct hyperedge :math:`e` is looked up only in the maximal cliques of its member
    lying in fewest cliques (inverted index node -> cliques), never against every clique.

    Parameters
    ----------
    hypergraph : Hypergraph
        :math:`H_0` (made distinct here).
    cliques : Hypergraph
        The maximal cliques of its projection (:func:`hypergraph.cliques.maximal_cliques`).
    strict : bool, default True
        Refuse a hyperedge that lies in no clique (the cliques are then not the maximal
        cliques of its projection). ``False`` accepts any family of cliques, e.g. a clique
        cover, whose sets need not contain every hyperedge: such hyperedges count for no cell.

    Examples
    --------
    >>> from hypergraph.cliques import maximal_cliques
    >>> from hypergraph.projection import clique_expansion
    >>> H = Hypergraph.from_edges([[0, 1], [1, 2], [0, 2], [2, 3]])
    >>> Q = maximal_cliques(clique_expansion(H))
    >>> st = clique_statistics(H, Q)
    >>> st.num_cliques[2:4].tolist(), int(st.hits[3, 2]), round(float(st.rho[3, 2]), 3)
    ([1, 1], 3, 1.0)
    """
    h = hypergraph.unique()
    big = int(max(cliques.edge_sizes().max(initial=0), h.edge_sizes().max(initial=0)))
    count, present = containment(h, cliques, sizes=True)
    if strict and (count == 0).any():
        bad = h.edge(int(np.flatnonzero(count == 0)[0])).tolist()
        raise InputError(
            f"hyperedge {bad} lies in no maximal clique: cliques are not of H's projection"
        )
    ks = h.edge_sizes()
    width = present.shape[1]
    hits = np.zeros((big + 1, big + 1), dtype=np.int64)
    for k in np.unique(ks):
        hits[:width, k] = present[ks == k].sum(axis=0)
    num = np.bincount(cliques.edge_sizes(), minlength=big + 1)[: big + 1]
    cover = np.zeros((h.num_edges, big + 1), dtype=np.uint8)
    cover[:, :width] = present
    return CliqueStats(num, hits, cover, ks)


def rho_bruteforce(hypergraph: Hypergraph, cliques: Hypergraph) -> dict[tuple[int, int], float]:
    """:math:`\\rho(n, k)` by the quadratic double loop (reference for tests, small inputs)."""
    edges = [frozenset(e) for e in hypergraph.unique().edges()]
    qs = [frozenset(q) for q in cliques.edges()]
    out: dict[tuple[int, int], float] = {}
    for n in sorted({len(q) for q in qs}):
        qn = [q for q in qs if len(q) == n]
        for k in range(1, n + 1):
            a = sum(1 for e in edges if len(e) == k and any(e <= q for q in qn))
            out[(n, k)] = a / (len(qn) * comb(n, k))
    return out
