"""Baselines: all maximal cliques, and the greedy edge clique cover.

Both ignore the training hypergraph (``fit`` only validates it), and both return isolated nodes
of the query graph as size-1 hyperedges.

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its Remediation",
ICLR 2024, arXiv:2401.08519 (baselines). A. Conte, R. Grossi, A. Marino, "Large-scale clique
cover of real-world networks", Information and Computation 270, 2020 (edge clique cover).
"""

from __future__ import annotations

import numba
import numpy as np

from graphlab.graph import Graph

from ..cliques import DEFAULT_MAX_CLIQUES, maximal_cliques
from ..core import Hypergraph
from .base import Reconstructor
from .kernels import find_in_row
from .sampler import sorted_sets
from .validation import check_query, check_training

__all__ = ["CliqueCover", "MaxCliques", "edge_clique_cover"]


class MaxCliques(Reconstructor):
    """Reconstruct a hypergraph as the set of all maximal cliques of its projection.

    Exact when the hypergraph has neither loss pattern (no nested hyperedges, every maximal
    clique a hyperedge).

    Examples
    --------
    >>> from hypergraph.projection import clique_expansion
    >>> H = Hypergraph.from_edges([[0, 1, 2], [2, 3], [4]])
    >>> MaxCliques().fit(H).predict(clique_expansion(H)).edges()
    [(4,), (2, 3), (0, 1, 2)]
    """

    def __init__(self, *, max_cliques: int = DEFAULT_MAX_CLIQUES) -> None:
        self.max_cliques = max_cliques

    def fit(self, hypergraph: Hypergraph | None = None) -> MaxCliques:
        """Nothing to learn; validates ``hypergraph`` when given. Returns ``self``.

        Sets ``training_edges_``: the number of distinct training hyperedges (None without a
        training hypergraph).
        """
        self.training_edges_ = None if hypergraph is None else check_training(hypergraph).num_edges
        return self

    def predict(self, graph: Graph, *, nodes: np.ndarray | None = None) -> Hypergraph:
        """All maximal cliques of ``graph`` (by size, then lexicographically).

        ``nodes`` (mask or ids): only isolated nodes among these are size-1 hyperedges.
        """
        self._check_fitted()
        g = check_query(graph)
        return sorted_sets(maximal_cliques(g, max_cliques=self.max_cliques, nodes=nodes))


@numba.njit(cache=True)
def _cover_kernel(
    indptr: np.ndarray,
    indices: np.ndarray,
    order_u: np.ndarray,
    order_v: np.ndarray,
    to_maximal: bool,
) -> tuple[np.ndarray, np.ndarray]:
    n = indptr.shape[0] - 1
    uncov = np.ones(indices.shape[0], dtype=np.bool_)
    out_ptr = [0]
    out_nodes = [np.int64(0)]
    out_nodes.pop()
    stamp = np.full(n, -1, dtype=np.int64)
    cand = np.empty(n, dtype=np.int64)
    clique = np.empty(n, dtype=np.int64)
    for t in range(order_u.shape[0]):
        u, v = order_u[t], order_v[t]
        if not uncov[find_in_row(indptr, indices, u, v)]:
            continue
        clique[0], clique[1] = u, v
        size = 2
        for j in range(indptr[u], indptr[u + 1]):
            stamp[indices[j]] = t
        nc = 0
        for j in range(indptr[v], indptr[v + 1]):
            w = indices[j]
            if stamp[w] == t:
                cand[nc] = w
                nc += 1
        while nc > 0:
            best, best_gain = -1, -1
            for i in range(nc):
                w = cand[i]
                gain = 0
                for z in range(size):
                    if uncov[find_in_row(indptr, indices, w, clique[z])]:
                        gain += 1
                if gain > best_gain or (gain == best_gain and w < best):
                    best, best_gain = w, gain
            if best_gain == 0 and not to_maximal:
                break
            clique[size] = best
            size += 1
            keep = 0
            for i in range(nc):
                w = cand[i]
                if w == best:
                    continue
                p = find_in_row(indptr, indices, best, w)
                if p < indptr[best + 1] and indices[p] == w:
                    cand[keep] = w
                    keep += 1
            nc = keep
        for a in range(size):
            for b in range(a + 1, size):
                uncov[find_in_row(indptr, indices, clique[a], clique[b])] = False
                uncov[find_in_row(indptr, indices, clique[b], clique[a])] = False
        for a in range(size):
            out_nodes.append(clique[a])
        out_ptr.append(out_ptr[-1] + size)
    return np.array(out_ptr, dtype=np.int64), np.array(out_nodes, dtype=np.int64)


def edge_clique_cover(
    graph: Graph,
    seed: int | None = None,
    *,
    nodes: np.ndarray | None = None,
    to_maximal: bool = False,
) -> Hypergraph:
    """Greedy edge clique cover: cliques covering every edge, plus isolated nodes.

    Edges are visited in increasing ``(u, v)`` order (a seeded random order with ``seed``); an
    uncovered edge :math:`\\{u, v\\}` starts a clique that grows through the common neighbours
    of its members, each time adding the node adjacent to the most still-uncovered edges to
    the clique (ties: smallest id), until no common neighbour is joined to the clique by an
    uncovered edge (as the reference code of Wang & Kleinberg does; ``to_maximal=True`` grows
    on until the clique is maximal); its edges are then covered. Isolated nodes (restricted
    to ``nodes`` when given) are size-1 sets.

    Examples
    --------
    >>> G = Graph.from_edge_index([[0, 1, 0, 2], [1, 2, 2, 3]], num_nodes=5)
    >>> edge_clique_cover(G).edges()
    [(4,), (2, 3), (0, 1, 2)]
    """
    g = check_query(graph)
    indptr = g.indptr_np.astype(np.int64)
    indices = g.indices_np.astype(np.int64)
    row = np.repeat(np.arange(g.num_nodes, dtype=np.int64), np.diff(indptr))
    up = row < indices
    u, v = row[up], indices[up]
    if seed is not None:
        perm = np.random.default_rng(seed).permutation(u.shape[0])
        u, v = u[perm], v[perm]
    ptr, members = _cover_kernel(indptr, indices, u, v, to_maximal)
    isolated = np.diff(indptr) == 0
    if nodes is not None:
        keep = np.zeros(g.num_nodes, dtype=bool)
        keep[np.asarray(nodes)] = True
        isolated &= keep
    iso = np.flatnonzero(isolated)
    ptr = np.concatenate([ptr, ptr[-1] + np.arange(1, iso.shape[0] + 1)])
    members = np.concatenate([members, iso])
    return sorted_sets(Hypergraph.from_csr(ptr, members, g.num_nodes))


class CliqueCover(Reconstructor):
    """Reconstruct a hypergraph as a greedy edge clique cover of its projection.

    Parameters
    ----------
    seed : int, optional
        Visit the edges in a seeded random order instead of increasing order.
    to_maximal : bool, default False
        Grow every clique until maximal (default: stop when no candidate adds an uncovered
        edge, as the reference code does).

    Examples
    --------
    >>> from hypergraph.projection import clique_expansion
    >>> H = Hypergraph.from_edges([[0, 1], [1, 2], [0, 2]])
    >>> CliqueCover().fit(H).predict(clique_expansion(H)).edges()
    [(0, 1, 2)]
    """

    def __init__(self, *, seed: int | None = None, to_maximal: bool = False) -> None:
        self.seed = seed
        self.to_maximal = to_maximal

    def fit(self, hypergraph: Hypergraph | None = None) -> CliqueCover:
        """Nothing to learn; validates ``hypergraph`` when given. Returns ``self``.

        Sets ``training_edges_``: the number of distinct training hyperedges (None without a
        training hypergraph).
        """
        self.training_edges_ = None if hypergraph is None else check_training(hypergraph).num_edges
        return self

    def predict(self, graph: Graph, *, nodes: np.ndarray | None = None) -> Hypergraph:
        """The greedy edge clique cover of ``graph`` (``nodes`` as for :class:`MaxCliques`)."""
        self._check_fitted()
        return edge_clique_cover(graph, self.seed, nodes=nodes, to_maximal=self.to_maximal)
