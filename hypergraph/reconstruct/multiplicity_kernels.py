"""Numba kernels of the multiplicity-aware reconstruction (:mod:`.multiplicity`).

Every kernel works on the symmetric CSR of a weighted projection and ``eid``, the id of the
undirected edge each stored entry belongs to (ids in the order of :meth:`graphlab.Graph.edges`),
so that a per-edge array (residual multiplicity ``r``, cover, weight) is shared by both
directions. An edge whose residual multiplicity is 0 counts as absent.
"""

from __future__ import annotations

import heapq

import numba
import numpy as np

from .kernels import find_in_row

__all__ = [
    "MULTIPLICITY_FEATURES",
    "edge_ids",
    "greedy_cliques",
    "multiplicity_features",
    "pair_cover",
    "progressive_fill",
]


@numba.njit(cache=True)
def edge_ids(indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Per stored entry ``(u, v)``: the id of the undirected edge (ids follow ``u < v`` order)."""
    n = indptr.shape[0] - 1
    eid = np.empty(indices.shape[0], dtype=np.int64)
    m = 0
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            if u < indices[p]:
                eid[p] = m
                m += 1
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            if v < u:
                eid[p] = eid[find_in_row(indptr, indices, v, u)]
    return eid


@numba.njit(cache=True)
def pair_cover(
    indptr: np.ndarray, indices: np.ndarray, eid: np.ndarray, r: np.ndarray
) -> np.ndarray:
    """Per edge :math:`\\{u, v\\}`: :math:`\\sum_{z} \\min(r_{uz}, r_{vz})` over common neighbours.

    The most hyperedges of size :math:`\\ge 3` that can hold both :math:`u` and :math:`v`
    (each holds a third node :math:`z`, and at most :math:`\\min(r_{uz}, r_{vz})` hyperedges
    hold :math:`\\{u, v, z\\}`). Merges the two sorted rows: :math:`O(d_u + d_v)` per edge.
    """
    n = indptr.shape[0] - 1
    out = np.zeros(r.shape[0], dtype=np.int64)
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            if v <= u or r[eid[p]] <= 0:
                continue
            i, ie = indptr[u], indptr[u + 1]
            j, je = indptr[v], indptr[v + 1]
            s = 0
            while i < ie and j < je:
                a = indices[i]
                b = indices[j]
                if a < b:
                    i += 1
                elif b < a:
                    j += 1
                else:
                    s += min(r[eid[i]], r[eid[j]])
                    i += 1
                    j += 1
            out[eid[p]] = s
    return out


#: Names of the columns of :func:`multiplicity_features`. The first 22 are MARIOH's
#: (size; sum/min/mean/max/std of the edge multiplicities, of the weighted degrees, of the
#: pair covers and of the ambiguities cover/multiplicity; the share of the members' weighted
#: degree inside the clique); the last three describe the nodes adjacent to every member.
MULTIPLICITY_FEATURES = (
    "size",
    *(f"weight_{s}" for s in ("sum", "min", "mean", "max", "std")),
    *(f"wdegree_{s}" for s in ("sum", "min", "mean", "max", "std")),
    *(f"cover_{s}" for s in ("sum", "min", "mean", "max", "std")),
    *(f"ambiguity_{s}" for s in ("sum", "min", "mean", "max", "std")),
    "inside_share",
    "common_neighbours",
    "common_cover",
    "min_weight_minus_common_cover",
)


@numba.njit(cache=True, inline="always")
def _stats(
    out: np.ndarray, row: int, col: int, s: float, s2: float, mn: float, mx: float, k: int
) -> None:
    mean = s / k
    out[row, col] = s
    out[row, col + 1] = mn
    out[row, col + 2] = mean
    out[row, col + 3] = mx
    out[row, col + 4] = np.sqrt(max(s2 / k - mean * mean, 0.0))


@numba.njit(cache=True)
def multiplicity_features(
    ptr: np.ndarray,
    nodes: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    eid: np.ndarray,
    w: np.ndarray,
    cover: np.ndarray,
    wdeg: np.ndarray,
) -> np.ndarray:
    """Feature matrix (columns :data:`MULTIPLICITY_FEATURES`) of candidate cliques.

    ``w`` are the edge multiplicities of the graph the features describe (edges of weight 0
    count as absent), ``cover`` its :func:`pair_cover`, ``wdeg`` its weighted degrees. Every
    candidate must be a clique of that graph.
    """
    m = ptr.shape[0] - 1
    out = np.zeros((m, len(MULTIPLICITY_FEATURES)), dtype=np.float64)
    for c in range(m):
        a, b = ptr[c], ptr[c + 1]
        k = b - a
        out[c, 0] = k
        if k == 0:
            continue
        sw = sw2 = sc = sc2 = sa = sa2 = 0.0
        mnw = mnc = mna = np.inf
        mxw = mxc = mxa = -np.inf
        npairs = 0
        for i in range(a, b):
            u = nodes[i]
            for j in range(i + 1, b):
                p = find_in_row(indptr, indices, u, nodes[j])
                e = eid[p]
                x = float(w[e])
                y = float(cover[e])
                z = y / x if x > 0 else 0.0
                sw += x
                sw2 += x * x
                sc += y
                sc2 += y * y
                sa += z
                sa2 += z * z
                mnw = min(mnw, x)
                mxw = max(mxw, x)
                mnc = min(mnc, y)
                mxc = max(mxc, y)
                mna = min(mna, z)
                mxa = max(mxa, z)
                npairs += 1
        if npairs > 0:
            _stats(out, c, 1, sw, sw2, mnw, mxw, npairs)
            _stats(out, c, 11, sc, sc2, mnc, mxc, npairs)
            _stats(out, c, 16, sa, sa2, mna, mxa, npairs)
        sd = sd2 = 0.0
        mnd = np.inf
        mxd = -np.inf
        best = nodes[a]
        for i in range(a, b):
            v = nodes[i]
            d = float(wdeg[v])
            sd += d
            sd2 += d * d
            mnd = min(mnd, d)
            mxd = max(mxd, d)
            if indptr[v + 1] - indptr[v] < indptr[best + 1] - indptr[best]:
                best = v
        _stats(out, c, 6, sd, sd2, mnd, mxd, k)
        out[c, 21] = 2.0 * sw / sd if sd > 0 else 1.0
        # nodes adjacent to every member, through the member of smallest degree
        cnt = 0
        ccov = 0.0
        for t in range(indptr[best], indptr[best + 1]):
            z = indices[t]
            if w[eid[t]] <= 0:
                continue
            lo = float(w[eid[t]])
            ok = True
            for i in range(a, b):
                v = nodes[i]
                if v == best:
                    continue
                if v == z:
                    ok = False
                    break
                p = find_in_row(indptr, indices, v, z)
                if p >= indptr[v + 1] or indices[p] != z or w[eid[p]] <= 0:
                    ok = False
                    break
                lo = min(lo, float(w[eid[p]]))
            if ok:
                cnt += 1
                ccov += lo
        out[c, 22] = cnt
        out[c, 23] = ccov
        out[c, 24] = (mnw if npairs > 0 else 0.0) - ccov
    return out


@numba.njit(cache=True)
def greedy_cliques(
    indptr: np.ndarray, indices: np.ndarray, eid: np.ndarray, r: np.ndarray, max_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """One clique grown from every live edge: a bounded stand-in for the maximal cliques.

    From edge :math:`\\{u, v\\}` the clique :math:`C` grows by the common neighbour :math:`z`
    of all members that maximises :math:`\\min_{x \\in C} r_{xz}` (ties: smallest id) until no
    such neighbour is left or :math:`|C|` = ``max_size``. At most one clique per edge, so the
    output is :math:`O(|E| \\cdot \\text{max\\_size})` whatever the density. Members sorted;
    duplicates are left to the caller.
    """
    n = indptr.shape[0] - 1
    m = r.shape[0]
    ptr = np.zeros(m + 1, dtype=np.int64)
    out = np.empty(m * max(max_size, 2), dtype=np.int64)
    cand = np.empty(n, dtype=np.int64)
    score = np.empty(n, dtype=np.int64)
    members = np.empty(max(max_size, 2), dtype=np.int64)
    c = 0
    pos = 0
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            if v <= u or r[eid[p]] <= 0:
                continue
            members[0] = u
            members[1] = v
            size = 2
            # common live neighbours of u and v, with min(r_uz, r_vz)
            nc = 0
            i, ie = indptr[u], indptr[u + 1]
            j, je = indptr[v], indptr[v + 1]
            while i < ie and j < je:
                a = indices[i]
                b = indices[j]
                if a < b:
                    i += 1
                elif b < a:
                    j += 1
                else:
                    s = min(r[eid[i]], r[eid[j]])
                    if s > 0:
                        cand[nc] = a
                        score[nc] = s
                        nc += 1
                    i += 1
                    j += 1
            while nc > 0 and size < max_size:
                bi = 0
                for t in range(1, nc):
                    if score[t] > score[bi]:
                        bi = t
                z = cand[bi]
                members[size] = z
                size += 1
                keep = 0
                for t in range(nc):
                    y = cand[t]
                    if y == z:
                        continue
                    q = find_in_row(indptr, indices, z, y)
                    if q < indptr[z + 1] and indices[q] == y and r[eid[q]] > 0:
                        cand[keep] = y
                        score[keep] = min(score[t], r[eid[q]])
                        keep += 1
                nc = keep
            sorted_members = np.sort(members[:size])
            out[pos : pos + size] = sorted_members
            pos += size
            c += 1
            ptr[c] = pos
    return ptr[: c + 1], out[:pos]


@numba.njit(cache=True)
def progressive_fill(cptr: np.ndarray, cedges: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Max-min fair integer multiplicities of candidates that share the pair budgets ``r``.

    Progressive filling: every candidate's multiplicity rises at the same rate; when the
    candidates holding an edge have used up its residual multiplicity, they all stop. This is
    the limit of accepting every candidate once per round (the reference's rounds) until a pair
    runs out. Levels are rounded down, then candidates are raised in their order (most probable
    first) while every pair they hold has budget left, so at least one unit is placed whenever
    some candidate fits. ``r`` is decreased in place by what is placed.

    Parameters
    ----------
    cptr, cedges : ndarray of int64
        CSR of the edge ids of each candidate, candidates in decreasing probability.
    r : ndarray of int64
        Residual multiplicity per edge (modified).

    Returns
    -------
    ndarray of int64
        The multiplicity given to each candidate.
    """
    k = cptr.shape[0] - 1
    m = r.shape[0]
    cnt = np.zeros(m, dtype=np.int64)
    for t in range(cedges.shape[0]):
        cnt[cedges[t]] += 1
    eptr = np.zeros(m + 1, dtype=np.int64)
    for e in range(m):
        eptr[e + 1] = eptr[e] + cnt[e]
    fill = eptr[:-1].copy()
    ecand = np.empty(cedges.shape[0], dtype=np.int64)
    for c in range(k):
        for t in range(cptr[c], cptr[c + 1]):
            e = cedges[t]
            ecand[fill[e]] = c
            fill[e] += 1
    used = np.zeros(m, dtype=np.float64)
    tlast = np.zeros(m, dtype=np.float64)
    version = np.zeros(m, dtype=np.int64)
    level = np.full(k, -1.0)
    heap = [(0.0, np.int64(0), np.int64(0))]
    heap.pop()
    for e in range(m):
        if cnt[e] > 0:
            heap.append((r[e] / cnt[e], np.int64(e), np.int64(0)))
    heapq.heapify(heap)
    while len(heap) > 0:
        t_sat, sat, ver = heapq.heappop(heap)
        if ver != version[sat] or cnt[sat] == 0:
            continue
        for s in range(eptr[sat], eptr[sat + 1]):
            c = ecand[s]
            if level[c] >= 0:
                continue
            level[c] = t_sat
            for q in range(cptr[c], cptr[c + 1]):
                e2 = cedges[q]
                used[e2] += cnt[e2] * (t_sat - tlast[e2])
                tlast[e2] = t_sat
                cnt[e2] -= 1
                version[e2] += 1
                if cnt[e2] > 0:
                    heapq.heappush(heap, (t_sat + (r[e2] - used[e2]) / cnt[e2], e2, version[e2]))
    mult = np.zeros(k, dtype=np.int64)
    for c in range(k):
        # rounding can leave a level a hair above what the pairs hold: place only what fits
        want = np.int64(np.floor(level[c] + 1e-9))
        for q in range(cptr[c], cptr[c + 1]):
            want = min(want, r[cedges[q]])
        if want > 0:
            mult[c] = want
            for q in range(cptr[c], cptr[c + 1]):
                r[cedges[q]] -= want
    for c in range(k):
        fits = cptr[c + 1] > cptr[c]
        for q in range(cptr[c], cptr[c + 1]):
            if r[cedges[q]] < 1:
                fits = False
                break
        if fits:
            mult[c] += 1
            for q in range(cptr[c], cptr[c + 1]):
                r[cedges[q]] -= 1
    return mult
