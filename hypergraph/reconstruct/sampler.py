"""The budgeted greedy clique sampler of SHyRe and candidate generation.

On the training pair the sampler chooses, for cells :math:`(n, k)` with :math:`k < n`, the
fraction :math:`r(n, k)` of the size-:math:`n` maximal cliques whose :math:`k`-subsets become
candidates. The cost of a cell is :math:`|Q_n| \\binom{n}{k}` sampled subsets, its value the
training hyperedges it covers that no chosen cell (and no maximal clique) covers yet. Greedy by
marginal coverage per unit cost; the first cell that does not fit gets the fraction of it the
remaining budget pays for, and the selection stops. The same fractions are then applied to the
maximal cliques of the query graph.

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its Remediation",
ICLR 2024, arXiv:2401.08519, Section 4 (clique sampler).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np

from ..core import Hypergraph
from .statistics import CliqueStats
from .validation import check_budget

__all__ = ["SamplerPlan", "greedy_plan", "sample_subcliques", "sorted_sets"]


@dataclass(frozen=True)
class SamplerPlan:
    """Chosen cells: ``cells`` is a tuple of ``(n, k, r)``; ``cost`` the training subsets."""

    cells: tuple[tuple[int, int, float], ...]
    cost: float
    covered: int
    total: int

    def as_dict(self) -> dict[str, object]:
        return {
            "cells": [list(c) for c in self.cells],
            "training_subsets": self.cost,
            "covered_training_hyperedges": self.covered,
            "distinct_training_hyperedges": self.total,
        }


def greedy_plan(stats: CliqueStats, budget: float) -> SamplerPlan:
    """Greedy budgeted choice of the cells :math:`(n, k)` and fractions :math:`r(n, k)`.

    .. math::

        \\max_r \\sum_k \\Big|\\bigcup_{n : r(n,k) > 0} A_r(n, k)\\Big| \\quad
        \\text{s.t.} \\quad \\sum_{n,k} r(n,k)\\,|Q_n|\\binom{n}{k} \\le \\beta

    Only cells whose single clique fits the budget (:math:`\\binom{n}{k} \\le \\beta`) are
    considered; ties go to the smaller :math:`(n, k)`.

    Raises
    ------
    InputError
        If ``budget`` is not a positive number.

    Examples
    --------
    >>> from hypergraph.cliques import maximal_cliques
    >>> from hypergraph.projection import clique_expansion
    >>> from hypergraph.reconstruct.statistics import clique_statistics
    >>> H = Hypergraph.from_edges([[0, 1, 2, 3], [0, 1], [4, 5, 6], [4, 5]])
    >>> st = clique_statistics(H, maximal_cliques(clique_expansion(H)))
    >>> greedy_plan(st, 6).cells
    ((3, 2, 1.0), (4, 2, 0.5))
    """
    beta = check_budget(budget)
    cover = stats.cover_sizes
    ks = stats.edge_sizes
    big = stats.hits.shape[0] - 1
    covered = np.zeros(ks.shape[0], dtype=bool)
    for k in np.unique(ks):  # hyperedges that are maximal cliques are candidates already
        sel = ks == k
        covered[sel] = cover[sel, k].astype(bool)
    cells: list[tuple[int, int]] = []
    cost: dict[tuple[int, int], float] = {}
    for n in range(2, big + 1):
        if stats.num_cliques[n] == 0:
            continue
        for k in range(1, n):
            if comb(n, k) <= beta:
                cells.append((n, k))
                cost[(n, k)] = float(stats.num_cliques[n]) * comb(n, k)

    def gains_for(k: int) -> np.ndarray:
        sel = (ks == k) & ~covered
        return cover[sel].sum(axis=0, dtype=np.int64)

    gains = {int(k): gains_for(int(k)) for k in np.unique(ks)}
    left = beta
    chosen: list[tuple[int, int, float]] = []
    taken: set[tuple[int, int]] = set()
    spent = 0.0
    while left > 0:
        best, best_ratio = None, 0.0
        for n, k in cells:
            if (n, k) in taken or k not in gains:
                continue
            ratio = gains[k][n] / cost[(n, k)]
            if ratio > best_ratio:
                best, best_ratio = (n, k), ratio
        if best is None:
            break
        n, k = best
        taken.add(best)
        if cost[best] <= left:
            chosen.append((n, k, 1.0))
            left -= cost[best]
            spent += cost[best]
            sel = (ks == k) & cover[:, n].astype(bool)
            covered[sel] = True
            gains[k] = gains_for(k)
        else:
            r = left / cost[best]
            chosen.append((n, k, round(r, 12)))
            spent += left
            sel = (ks == k) & cover[:, n].astype(bool) & ~covered
            covered_frac = round(r * sel.sum())
            left = 0.0
            return SamplerPlan(
                tuple(chosen), spent, int(covered.sum()) + covered_frac, int(ks.shape[0])
            )
    return SamplerPlan(tuple(chosen), spent, int(covered.sum()), int(ks.shape[0]))


def _rows_of_size(h: Hypergraph, n: int) -> np.ndarray:
    sizes = h.edge_sizes()
    idx = np.flatnonzero(sizes == n)
    starts = h.edge_ptr[idx]
    return h.edge_nodes[starts[:, None] + np.arange(n)[None, :]]


def _lexsorted(rows: np.ndarray) -> np.ndarray:
    if rows.shape[0] == 0:
        return rows
    order = np.lexsort(rows.T[::-1])
    return rows[order]


def sorted_sets(h: Hypergraph) -> Hypergraph:
    """The distinct sets of ``h`` in canonical order: by size, then lexicographically.

    Examples
    --------
    >>> sorted_sets(Hypergraph.from_edges([[2, 3], [0, 1, 2], [0, 3], [2, 3]])).edges()
    [(0, 3), (2, 3), (0, 1, 2)]
    """
    sizes = np.unique(h.edge_sizes())
    blocks = []
    for n in sizes:
        rows = _lexsorted(_rows_of_size(h, int(n)))
        if rows.shape[0] > 1:
            keep = np.r_[True, (rows[1:] != rows[:-1]).any(axis=1)]
            rows = rows[keep]
        blocks.append(rows)
    return _from_blocks(blocks, h.num_nodes)


def _from_blocks(blocks: list[np.ndarray], num_nodes: int) -> Hypergraph:
    sizes = np.concatenate(
        [np.full(b.shape[0], b.shape[1], dtype=np.int64) for b in blocks] or [np.zeros(0, np.int64)]
    )
    ptr = np.zeros(sizes.shape[0] + 1, dtype=np.int64)
    np.cumsum(sizes, out=ptr[1:])
    flat = np.concatenate([b.ravel() for b in blocks] or [np.zeros(0, np.int64)]).astype(np.int64)
    return Hypergraph(ptr, flat, num_nodes, validate=False)


def sample_subcliques(
    cliques: Hypergraph, plan: SamplerPlan, seed: int | None = 0
) -> tuple[Hypergraph, np.ndarray]:
    """Apply a plan to the maximal cliques of a graph: the distinct sampled sub-cliques.

    For each size :math:`n` in the plan the size-:math:`n` cliques are put in lexicographic
    order and permuted with a generator seeded by ``(seed, n)``; cell :math:`(n, k, r)` takes
    the first :math:`\\mathrm{round}(r |Q_n|)` of them (at least one when :math:`r > 0`) and
    all their :math:`k`-subsets.

    Returns
    -------
    Hypergraph
        The distinct sampled sub-cliques, by size then lexicographically.
    parents : ndarray of int64
        For each, the number of sampled parent maximal cliques it came from.

    Examples
    --------
    >>> Q = Hypergraph.from_edges([[0, 1, 2], [1, 2, 3]])
    >>> plan = SamplerPlan(((3, 2, 1.0),), 6, 0, 0)
    >>> S, parents = sample_subcliques(Q, plan)
    >>> S.edges(), parents.tolist()
    ([(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)], [1, 1, 2, 1, 1])
    """
    by_k: dict[int, list[np.ndarray]] = {}
    for n in sorted({c[0] for c in plan.cells}):
        rows = _lexsorted(_rows_of_size(cliques, n))
        if rows.shape[0] == 0:
            continue
        perm = np.random.default_rng([0 if seed is None else seed, n]).permutation(rows.shape[0])
        for nn, k, r in plan.cells:
            if nn != n or r <= 0:
                continue
            take = rows.shape[0] if r >= 1 else max(1, round(r * rows.shape[0]))
            chosen = rows[np.sort(perm[:take])].astype(np.int32)
            combos = np.array(list(combinations(range(n), k)), dtype=np.int64)
            by_k.setdefault(k, []).append(chosen[:, combos].reshape(-1, k))
    blocks, counts = [], []
    for k in sorted(by_k):
        rows = np.concatenate(by_k[k])
        rows = _lexsorted(rows)
        new = np.r_[True, (rows[1:] != rows[:-1]).any(axis=1)]
        starts = np.flatnonzero(new)
        counts.append(np.diff(np.r_[starts, rows.shape[0]]))
        blocks.append(rows[starts])
    parents = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
    return _from_blocks(blocks, cliques.num_nodes), parents.astype(np.int64)
