"""Common neighbours by sorted-row work: per stored entry of a graph, or per given node pair."""

from __future__ import annotations

import numba
import numpy as np

from ..validation import check_choice, check_memory_budget
from .bitsets import bitset_common_neighbor_bytes, bitset_common_neighbors
from .blocks import chunk_bounds, limited_threads, num_chunks, run_sliced, scratch_workers

__all__ = ["common_neighbor_counts", "pair_intersections", "reverse_entry_index"]


@numba.njit(parallel=True, cache=True, nogil=True)
def _common_neighbor_kernel(indptr, indices, deg, rev, lo, hi, n, out):
    for c in numba.prange(lo.shape[0]):
        if lo[c] == hi[c]:
            continue
        mark = np.zeros(n, dtype=np.bool_)
        for u in range(lo[c], hi[c]):
            du = deg[u]
            for p in range(indptr[u], indptr[u + 1]):
                mark[indices[p]] = True
            for p in range(indptr[u], indptr[u + 1]):
                v = indices[p]
                dv = deg[v]
                # each undirected edge once, from the endpoint whose list is the larger, so the
                # scan runs over the smaller list: sum over edges of min(deg u, deg v)
                if dv < du or (dv == du and v > u):
                    cnt = 0
                    for q in range(indptr[v], indptr[v + 1]):
                        if mark[indices[q]]:
                            cnt += 1
                    out[p] = cnt
                    out[rev[p]] = cnt
            for p in range(indptr[u], indptr[u + 1]):
                mark[indices[p]] = False


@numba.njit(cache=True, nogil=True)
def _reverse_entry_kernel(indptr, indices):
    # rows visited in increasing u meet the entries (v, u) of each row v in its sorted order
    n = indptr.shape[0] - 1
    cursor = indptr[:-1].copy()
    rev = np.empty(indices.shape[0], dtype=np.int64)
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            rev[p] = cursor[v]
            cursor[v] += 1
    return rev


def reverse_entry_index(indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """For a symmetric CSR pattern, the position of entry ``(v, u)`` for each entry ``(u, v)``.

    Rows must be sorted. One O(nnz) pass (the entries of row ``v`` are met in column order
    while rows are visited in order), instead of a sort.

    Examples
    --------
    >>> import graphlab as gl
    >>> g = gl.Graph.from_edge_index([[0, 0, 1], [1, 2, 2]])
    >>> reverse_entry_index(g.indptr_np, g.indices_np)
    array([2, 4, 0, 5, 1, 3])
    """
    return _reverse_entry_kernel(
        np.ascontiguousarray(indptr, dtype=np.int64), np.ascontiguousarray(indices, dtype=np.int64)
    )


def common_neighbor_counts(
    indptr: np.ndarray,
    indices: np.ndarray,
    *,
    method: str = "auto",
    memory_budget: int | str | None = None,
) -> np.ndarray:
    """Number of common neighbours of the endpoints of every stored entry of a symmetric graph.

    .. math:: c_{uv} = |N(u) \\cap N(v)| = (A^2)_{uv} \\quad \\text{for } A_{uv} = 1

    That is :func:`~graphlab.kernels.masked_product` ``(A, A, A)`` for a 0/1 symmetric ``A``
    without self-loops, by one of two kernels:

    * ``"scan"``: once per undirected edge, mark the neighbours of the higher-degree endpoint and
      scan the other's list: ``O(sum_{uv} min(d_u, d_v))`` work, ``N`` bytes of marks per
      running thread (the budget caps the threads);
    * ``"bitset"``: :func:`~graphlab.kernels.bitset_common_neighbors`, ``ceil(N / 64)``
      AND + POPCNT per entry and ``N^2 / 8`` bytes, which wins on dense graphs (ogbl-ddi:
      67 words against a mean ``min(d_u, d_v)`` in the hundreds).

    ``"auto"`` takes the bitsets only when they fit ``memory_budget`` and cost fewer operations.

    Parameters
    ----------
    indptr, indices : int64 arrays
        CSR pattern of a symmetric adjacency without self-loops, sorted rows.
    method : {"auto", "scan", "bitset"}, default "auto"
    memory_budget : int or str, optional
        Bytes of working memory beyond the graph and the result: the bitsets, or the scan's
        marks (:func:`graphlab.validation.check_memory_budget`'s default when omitted).

    Returns
    -------
    ndarray of int64, shape [nnz]
        Aligned with ``indices``.

    Raises
    ------
    InputError
        On an unknown method or a malformed budget.
    MemoryBudgetError
        If the chosen kernel's working memory does not fit the budget.

    Examples
    --------
    >>> import graphlab as gl
    >>> g = gl.Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> common_neighbor_counts(g.indptr_np, g.indices_np)
    array([1, 1, 1, 1, 1, 1, 0, 0])
    """
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    n = indptr.shape[0] - 1
    deg = np.diff(indptr)
    check_choice(method, "method", ("auto", "scan", "bitset"))
    budget = check_memory_budget(memory_budget)
    if method == "auto":
        fits = bitset_common_neighbor_bytes(n) <= budget
        # scan: one pass of min(d_u, d_v) per undirected edge; bitset: ceil(N/64) words per
        # stored entry, i.e. twice per edge
        rows = np.repeat(np.arange(n, dtype=np.int64), deg)
        scan_cost = float(np.minimum(deg[rows], deg[indices]).mean()) / 2 if indices.size else 0
        method = "bitset" if fits and (n + 63) // 64 < scan_cost else "scan"
    if method == "bitset":
        return bitset_common_neighbors(indptr, indices, indptr, indices, memory_budget=budget)
    workers = scratch_workers(max(n, 1), budget, "the common-neighbour scan")
    rev = reverse_entry_index(indptr, indices)
    work = deg.astype(np.float64) ** 1.5 + 1.0
    out = np.zeros(indices.shape[0], dtype=np.int64)

    def kernel(lo: np.ndarray, hi: np.ndarray) -> None:
        _common_neighbor_kernel(indptr, indices, deg, rev, lo, hi, n, out)

    with limited_threads(workers):  # time slices: Ctrl-C is honoured between them
        run_sliced(kernel, chunk_bounds(work, num_chunks()), work)
    return out


@numba.njit(parallel=True, cache=True, nogil=True)
def _pair_kernel(indptr, indices, pairs, node_weight, lo, hi, counts, out):
    for c in numba.prange(lo.shape[0]):
        for e in range(lo[c], hi[c]):
            u, v = pairs[e, 0], pairs[e, 1]
            p, pe = indptr[u], indptr[u + 1]
            q, qe = indptr[v], indptr[v + 1]
            s = 0.0
            cnt = 0
            while p < pe and q < qe:
                a, b = indices[p], indices[q]
                if a == b:
                    s += node_weight[a]
                    cnt += 1
                    p += 1
                    q += 1
                elif a < b:
                    p += 1
                else:
                    q += 1
            out[e] = s
            counts[e] = cnt


def pair_intersections(
    indptr: np.ndarray,
    indices: np.ndarray,
    pairs: np.ndarray,
    node_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Common neighbours of given node pairs, counted and weighted.

    .. math:: c_{uv} = |N(u) \\cap N(v)|, \\qquad s_{uv} = \\sum_{w \\in N(u) \\cap N(v)} f(w)

    by merging the two sorted rows, ``O(d_u + d_v)`` per pair, pairs in parallel. No scratch
    beyond the result, so no memory budget.

    Parameters
    ----------
    indptr, indices : int64 arrays
        CSR pattern with sorted rows.
    pairs : int64 array of shape [P, 2]
        Node pairs; ids must be valid (the caller checks them).
    node_weight : float array of shape [N], optional
        ``f``; ones when omitted (then ``s == c``).

    Returns
    -------
    (counts, sums) : int64 [P] and float64 [P]

    Examples
    --------
    >>> import graphlab as gl
    >>> g = gl.Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> pair_intersections(g.indptr_np, g.indices_np, np.array([[0, 1], [0, 3]]))
    (array([1, 1]), array([1., 1.]))
    """
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    n = indptr.shape[0] - 1
    w = np.ones(n) if node_weight is None else np.ascontiguousarray(node_weight, np.float64)
    pairs = np.ascontiguousarray(pairs, dtype=np.int64).reshape(-1, 2)
    indices = np.ascontiguousarray(indices, np.int64)
    counts = np.zeros(pairs.shape[0], dtype=np.int64)
    sums = np.zeros(pairs.shape[0], dtype=np.float64)
    deg = np.diff(indptr)
    work = (deg[pairs[:, 0]] + deg[pairs[:, 1]] + 1).astype(np.float64)

    def kernel(lo: np.ndarray, hi: np.ndarray) -> None:
        _pair_kernel(indptr, indices, pairs, w, lo, hi, counts, sums)

    run_sliced(kernel, chunk_bounds(work, num_chunks()), work)  # Ctrl-C between slices
    return counts, sums
