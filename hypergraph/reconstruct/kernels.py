"""Numba kernels of the reconstruction package (inverted-index containment, features).

All kernels take CSR families (``ptr``, ``nodes``) of sorted node sets and the node -> clique
inverted index (``node_ptr``, ``node_cliques``) of the maximal cliques; none allocates more
than :math:`O(\\#\\text{nodes} + \\#\\text{cliques})` scratch space besides its outputs.
"""

from __future__ import annotations

import numba
import numpy as np


def inverted_index(
    ptr: np.ndarray, nodes: np.ndarray, num_nodes: int
) -> tuple[np.ndarray, np.ndarray]:
    """Node -> sets CSR: ``node_sets[node_ptr[v]:node_ptr[v+1]]`` are the sets holding ``v``,
    increasing."""
    set_id = np.repeat(np.arange(ptr.shape[0] - 1, dtype=np.int64), np.diff(ptr))
    order = np.argsort(nodes, kind="stable")
    node_ptr = np.zeros(num_nodes + 1, dtype=np.int64)
    np.cumsum(np.bincount(nodes, minlength=num_nodes), out=node_ptr[1:])
    return node_ptr, set_id[order]


@numba.njit(cache=True, inline="always")
def _mark_set(nodes, a, b, s, mark, node_ptr):
    # mark the members of set s; return the member in fewest cliques (shortest index row)
    best = nodes[a]
    for j in range(a, b):
        v = nodes[j]
        mark[v] = s
        if node_ptr[v + 1] - node_ptr[v] < node_ptr[best + 1] - node_ptr[best]:
            best = v
    return best


@numba.njit(cache=True, inline="always")
def _holds(q_ptr, q_nodes, q, mark, s, k):
    # clique q contains all k marked members of set s
    qa, qb = q_ptr[q], q_ptr[q + 1]
    if qb - qa < k:
        return False
    hit = 0
    for j in range(qa, qb):
        if mark[q_nodes[j]] == s:
            hit += 1
    return hit == k


@numba.njit(cache=True)
def containing(
    ptr: np.ndarray,
    nodes: np.ndarray,
    q_ptr: np.ndarray,
    q_nodes: np.ndarray,
    node_ptr: np.ndarray,
    node_cliques: np.ndarray,
    num_nodes: int,
    max_size: int,
    sizes_out: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Per set ``s``: the number of cliques ``q ⊇ s`` and (``sizes_out``) which clique sizes occur.

    The candidates for ``q`` are the cliques of the member of ``s`` that lies in fewest cliques
    (inverted index), so the cost is :math:`\\sum_s \\min_{v\\in s} |Q(v)| \\cdot \\bar{|q|}`.
    """
    m = ptr.shape[0] - 1
    count = np.zeros(m, dtype=np.int64)
    width = max_size + 1 if sizes_out else 1
    present = np.zeros((m if sizes_out else 1, width), dtype=np.uint8)
    mark = np.full(num_nodes, -1, dtype=np.int64)
    for s in range(m):
        a, b = ptr[s], ptr[s + 1]
        k = b - a
        if k == 0:
            continue
        best = _mark_set(nodes, a, b, s, mark, node_ptr)
        for t in range(node_ptr[best], node_ptr[best + 1]):
            q = node_cliques[t]
            if _holds(q_ptr, q_nodes, q, mark, s, k):
                count[s] += 1
                if sizes_out:
                    present[s, q_ptr[q + 1] - q_ptr[q]] = 1
    return count, present


@numba.njit(cache=True)
def containing_counts(
    ptr: np.ndarray,
    nodes: np.ndarray,
    q_ptr: np.ndarray,
    q_nodes: np.ndarray,
    node_ptr: np.ndarray,
    node_cliques: np.ndarray,
    num_nodes: int,
    one: np.ndarray,
    cap: int,
) -> np.ndarray:
    """Per set ``s``: the number of cliques ``q ⊇ s``, in bounded work.

    Sets with ``one[s]`` are maximal cliques of the family themselves: exactly one clique
    (itself) holds them, and they are not scanned. Other sets scan the cliques of their member
    in fewest cliques, as :func:`containing` does; when that member lies in more than ``cap``
    cliques, every ``ceil(|Q(v)| / cap)``-th one is scanned and the hits are scaled by the
    stride (an estimate; exact below the cap), so a set costs at most
    :math:`\\text{cap} \\cdot \\bar{|q|}` whatever the density of the projection.
    """
    m = ptr.shape[0] - 1
    count = np.zeros(m, dtype=np.float64)
    mark = np.full(num_nodes, -1, dtype=np.int64)
    for s in range(m):
        if one[s]:
            count[s] = 1.0
            continue
        a, b = ptr[s], ptr[s + 1]
        k = b - a
        if k == 0:
            continue
        best = _mark_set(nodes, a, b, s, mark, node_ptr)
        total = node_ptr[best + 1] - node_ptr[best]
        stride = 1 if total <= cap else (total + cap - 1) // cap
        hits = 0
        for t in range(node_ptr[best], node_ptr[best + 1], stride):
            if _holds(q_ptr, q_nodes, node_cliques[t], mark, s, k):
                hits += 1
        count[s] = hits * stride
    return count


@numba.njit(cache=True, inline="always")
def find_in_row(indptr: np.ndarray, indices: np.ndarray, u: int, v: int) -> int:
    """Position of ``v`` in row ``u`` of a CSR with sorted rows (binary search).

    Returns the insertion point: ``indices[p] == v`` iff the edge ``(u, v)`` exists (check
    ``p < indptr[u + 1]`` first). Kernels use the position to index per-edge arrays.
    """
    lo, hi = indptr[u], indptr[u + 1]
    while lo < hi:
        mid = (lo + hi) // 2
        if indices[mid] < v:
            lo = mid + 1
        else:
            hi = mid
    return lo


@numba.njit(cache=True)
def edge_clique_counts(
    indptr: np.ndarray, indices: np.ndarray, q_ptr: np.ndarray, q_nodes: np.ndarray
) -> np.ndarray:
    """Per stored CSR entry (u, v): the number of maximal cliques holding both ends."""
    out = np.zeros(indices.shape[0], dtype=np.int64)
    for q in range(q_ptr.shape[0] - 1):
        a, b = q_ptr[q], q_ptr[q + 1]
        for i in range(a, b):
            u = q_nodes[i]
            for j in range(i + 1, b):
                v = q_nodes[j]
                out[find_in_row(indptr, indices, u, v)] += 1
                out[find_in_row(indptr, indices, v, u)] += 1
    return out


#: Names of the columns :func:`count_features` returns.
COUNT_FEATURES = (
    "maximal",
    "size",
    "all_edges_in_2_cliques",
    "mean_edge_cliques",
    "mean_degree",
    "mean_avg_neighbor_degree",
    "mean_node_cliques",
    "mean_clustering",
    "num_parents",
)
#: Extra cheap columns of the ``"count+"`` set.
EXTRA_FEATURES = (
    "num_containing_cliques",
    "min_edge_cliques",
    "max_edge_cliques",
    "min_degree",
    "max_degree",
    "min_node_cliques",
)


@numba.njit(cache=True)
def count_features(
    ptr: np.ndarray,
    nodes: np.ndarray,
    maximal: np.ndarray,
    parents: np.ndarray,
    indptr: np.ndarray,
    indices: np.ndarray,
    edge_cnt: np.ndarray,
    degree: np.ndarray,
    avg_nbr_degree: np.ndarray,
    node_cliques: np.ndarray,
    clustering: np.ndarray,
    containing_count: np.ndarray,
    extra: bool,
) -> np.ndarray:
    """The "count" feature matrix (columns :data:`COUNT_FEATURES`, then ``EXTRA_FEATURES``),
    float32; ``containing_count`` (per candidate) is read only with ``extra``."""
    m = ptr.shape[0] - 1
    f = 9 + (6 if extra else 0)
    out = np.zeros((m, f), dtype=np.float32)
    for c in range(m):
        a, b = ptr[c], ptr[c + 1]
        k = b - a
        out[c, 0] = maximal[c]
        out[c, 1] = k
        s_e = 0.0
        n_e = 0
        all2 = 1.0
        mn_e = np.inf
        mx_e = 0.0
        for i in range(a, b):
            u = nodes[i]
            for j in range(i + 1, b):
                v = nodes[j]
                w = edge_cnt[find_in_row(indptr, indices, u, v)]
                s_e += w
                n_e += 1
                if w < 2:
                    all2 = 0.0
                mn_e = min(mn_e, w)
                mx_e = max(mx_e, w)
        out[c, 2] = all2 if n_e > 0 else 0.0
        out[c, 3] = s_e / n_e if n_e > 0 else 0.0
        sd = 0.0
        sa = 0.0
        sq = 0.0
        sc = 0.0
        mnd = np.inf
        mxd = 0.0
        mnq = np.inf
        for i in range(a, b):
            v = nodes[i]
            sd += degree[v]
            sa += avg_nbr_degree[v]
            sq += node_cliques[v]
            sc += clustering[v]
            mnd = min(mnd, degree[v])
            mxd = max(mxd, degree[v])
            mnq = min(mnq, node_cliques[v])
        if k > 0:
            out[c, 4] = sd / k
            out[c, 5] = sa / k
            out[c, 6] = sq / k
            out[c, 7] = sc / k
        out[c, 8] = parents[c]
        if extra:
            out[c, 9] = containing_count[c]
            out[c, 10] = mn_e if n_e > 0 else 0.0
            out[c, 11] = mx_e
            out[c, 12] = mnd if k > 0 else 0.0
            out[c, 13] = mxd
            out[c, 14] = mnq if k > 0 else 0.0
    return out


#: Names of the columns :func:`motif_features` returns.
MOTIF_FEATURES = (
    "motif_incident_cliques",
    "motif_share_overlap_1",
    "motif_share_overlap_2",
    "motif_share_overlap_3plus",
    "motif_share_containing",
    "motif_mean_clique_size_ratio",
    "motif_mean_overlap_of_clique",
)


@numba.njit(cache=True)
def motif_features(
    ptr: np.ndarray,
    nodes: np.ndarray,
    q_ptr: np.ndarray,
    q_nodes: np.ndarray,
    node_ptr: np.ndarray,
    node_cliques: np.ndarray,
    rank: np.ndarray,
    num_nodes: int,
    cap: int,
) -> np.ndarray:
    """How the maximal cliques around a candidate intersect it, from at most ``cap`` cliques.

    For candidate :math:`c` the maximal cliques meeting :math:`c` are visited through the inverted
    index; when there are more than ``cap`` of them, those of smallest ``rank`` (a seeded random
    permutation of the cliques) are kept, so the work per candidate is
    :math:`O(\\text{cap} \\cdot |q|)` and the memory :math:`O(\\#\\text{cliques})` in all.
    """
    m = ptr.shape[0] - 1
    nq = q_ptr.shape[0] - 1
    out = np.zeros((m, 7), dtype=np.float32)
    seen = np.full(nq, -1, dtype=np.int64)
    mark = np.full(num_nodes, -1, dtype=np.int64)
    buf = np.empty(max(cap, 1), dtype=np.int64)
    bufrank = np.empty(max(cap, 1), dtype=np.int64)
    for c in range(m):
        a, b = ptr[c], ptr[c + 1]
        k = b - a
        if k == 0:
            continue
        for i in range(a, b):
            mark[nodes[i]] = c
        # keep the `cap` incident cliques of smallest rank (simple bounded selection)
        filled = 0
        total = 0
        for i in range(a, b):
            v = nodes[i]
            for t in range(node_ptr[v], node_ptr[v + 1]):
                q = node_cliques[t]
                if seen[q] == c:
                    continue
                seen[q] = c
                total += 1
                r = rank[q]
                if filled < cap:
                    buf[filled] = q
                    bufrank[filled] = r
                    filled += 1
                else:
                    worst = 0
                    for z in range(1, cap):
                        if bufrank[z] > bufrank[worst]:
                            worst = z
                    if r < bufrank[worst]:
                        buf[worst] = q
                        bufrank[worst] = r
        o1 = 0.0
        o2 = 0.0
        o3 = 0.0
        cont = 0.0
        ratio = 0.0
        share = 0.0
        for z in range(filled):
            q = buf[z]
            qa, qb = q_ptr[q], q_ptr[q + 1]
            hit = 0
            for j in range(qa, qb):
                if mark[q_nodes[j]] == c:
                    hit += 1
            if hit == k:
                cont += 1
            elif hit == 1:
                o1 += 1
            elif hit == 2:
                o2 += 1
            else:
                o3 += 1
            ratio += (qb - qa) / k
            share += hit / (qb - qa)
        out[c, 0] = total
        if filled > 0:
            out[c, 1] = o1 / filled
            out[c, 2] = o2 / filled
            out[c, 3] = o3 / filled
            out[c, 4] = cont / filled
            out[c, 5] = ratio / filled
            out[c, 6] = share / filled
    return out
