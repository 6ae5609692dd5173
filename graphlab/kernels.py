"""Sparse kernels that never hold a |V| x |V| product whole.

Three building blocks serve every node and edge statistic of graphlab:

* :func:`row_blocks` splits rows into contiguous blocks whose estimated working memory fits a
  byte budget (the estimate comes from :func:`product_row_nnz_bound`).
* :func:`blockwise` runs a function over those blocks (``A[block] @ B`` and a reduction to per-row
  values, typically) and concatenates the per-row results in node order.
* :func:`masked_product` gives the values of ``A @ B`` only at the stored entries of a mask, and
  :func:`common_neighbor_counts` its special case ``(A @ A)`` at ``A``'s entries (per-edge common
  neighbour counts, i.e. triangles through each edge), by sorted-row work in numba.

All matrices are scipy CSR arrays with sorted indices (:meth:`graphlab.Graph.to_scipy` is one).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numba
import numpy as np
import scipy.sparse as sp

from .errors import InputError, MemoryBudgetError
from .progress import progress

__all__ = [
    "DEFAULT_MEMORY_BUDGET",
    "blockwise",
    "common_neighbor_counts",
    "pair_intersections",
    "masked_product",
    "product_row_nnz_bound",
    "reverse_entry_index",
    "row_blocks",
]

#: Default working-memory budget of a blocked kernel, in bytes (1 GiB; ``$GRAPHLAB_MEMORY_BUDGET``
#: overrides it).
DEFAULT_MEMORY_BUDGET = int(os.environ.get("GRAPHLAB_MEMORY_BUDGET", 1 << 30))

# Bytes per stored entry of a scipy CSR product: an int64 column index, a float64 value, plus
# scipy's temporaries during the multiplication (about the same again).
BYTES_PER_PRODUCT_ENTRY = 32


def _budget(memory_budget: int | None) -> int:
    budget = DEFAULT_MEMORY_BUDGET if memory_budget is None else memory_budget
    if not isinstance(budget, (int, np.integer)) or budget <= 0:
        raise InputError(f"memory_budget must be a positive number of bytes, got {budget!r}")
    return int(budget)


def row_blocks(
    row_bytes: Sequence[float] | np.ndarray, memory_budget: int | None = None
) -> list[slice]:
    """Split rows into contiguous blocks whose summed ``row_bytes`` stay within a budget.

    Parameters
    ----------
    row_bytes : array of shape [N]
        Estimated working memory of each row, in bytes.
    memory_budget : int, optional
        Bytes one block may use; :data:`DEFAULT_MEMORY_BUDGET` when omitted.

    Returns
    -------
    list of slice
        Blocks covering ``0 .. N-1`` in order (an empty list for ``N = 0``).

    Raises
    ------
    MemoryBudgetError
        If a single row needs more than the budget.

    Examples
    --------
    >>> row_blocks([40, 40, 40, 10], memory_budget=90)
    [slice(0, 2, None), slice(2, 4, None)]
    """
    budget = _budget(memory_budget)
    cost = np.asarray(row_bytes, dtype=np.float64)
    if cost.size and cost.max() > budget:
        row = int(np.argmax(cost))
        raise MemoryBudgetError(
            f"memory budget of {budget:,} bytes is too small for one row: row {row} needs about "
            f"{int(cost[row]):,} bytes; raise the memory budget"
        )
    blocks: list[slice] = []
    start, n = 0, cost.shape[0]
    csum = np.concatenate([[0.0], np.cumsum(cost)])
    while start < n:
        # the last row whose cumulative cost from `start` stays within the budget
        stop = int(np.searchsorted(csum, csum[start] + budget, side="right")) - 1
        stop = max(stop, start + 1)
        blocks.append(slice(start, min(stop, n)))
        start = stop
    return blocks


def product_row_nnz_bound(a: sp.csr_array, b: sp.csr_array) -> np.ndarray:
    """Upper bound on the stored entries of each row of ``a @ b``.

    Row ``i`` of the product has at most ``sum_k [a_ik != 0] nnz(b_k)`` entries (the number of
    multiply-adds), and never more than ``b.shape[1]``. One sparse matrix-vector product.
    """
    a_pattern = sp.csr_array((np.ones(a.nnz), a.indices, a.indptr), shape=a.shape)
    flops = a_pattern @ np.diff(b.indptr).astype(np.float64)
    return np.minimum(flops, b.shape[1])


def blockwise(
    fn: Callable[[slice], Any],
    row_bytes: np.ndarray,
    memory_budget: int | None = None,
    *,
    desc: str | None = None,
) -> Any:
    """Apply ``fn`` to row blocks within a budget and concatenate its per-row results.

    ``fn(block)`` returns an array (or a tuple of arrays) with one entry per row of the block;
    the results are concatenated in row order. Blocks come from :func:`row_blocks`; a progress
    bar shows when there are several.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> a = sp.csr_array(np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float))
    >>> walks2 = lambda blk: (a[blk] @ a).sum(axis=1)   # number of length-2 walks per node
    >>> blockwise(walks2, np.full(3, 8.0), memory_budget=16)
    array([2., 2., 2.])
    """
    blocks = row_blocks(row_bytes, memory_budget)
    parts = [fn(blk) for blk in progress(blocks, total=len(blocks), desc=desc, disable=len(blocks) < 3)]
    if not parts:
        return np.zeros(0)
    if isinstance(parts[0], tuple):
        return tuple(np.concatenate(p) for p in zip(*parts))
    return np.concatenate(parts)


# --------------------------------------------------------------------------- numba kernels
def _chunks(work: np.ndarray, parts: int) -> np.ndarray:
    """Boundaries of ``parts`` contiguous row ranges of about equal summed ``work``."""
    n = work.shape[0]
    if n == 0:
        return np.zeros(1, dtype=np.int64)
    csum = np.cumsum(work, dtype=np.float64)
    targets = csum[-1] * np.arange(1, parts) / parts
    inner = np.searchsorted(csum, targets, side="left") + 1
    return np.unique(np.concatenate([[0], np.minimum(inner, n), [n]])).astype(np.int64)


def _num_chunks() -> int:
    return 8 * numba.get_num_threads()


@numba.njit(parallel=True, cache=True, nogil=True)
def _masked_product_kernel(a_ptr, a_idx, a_val, bt_ptr, bt_idx, bt_val, m_ptr, m_idx, bounds, k):
    out = np.zeros(m_idx.shape[0], dtype=np.float64)
    for c in numba.prange(bounds.shape[0] - 1):
        acc = np.zeros(k, dtype=np.float64)
        for i in range(bounds[c], bounds[c + 1]):
            if m_ptr[i] == m_ptr[i + 1]:
                continue
            for p in range(a_ptr[i], a_ptr[i + 1]):
                acc[a_idx[p]] = a_val[p]
            for q in range(m_ptr[i], m_ptr[i + 1]):
                j = m_idx[q]
                s = 0.0
                for r in range(bt_ptr[j], bt_ptr[j + 1]):
                    s += acc[bt_idx[r]] * bt_val[r]
                out[q] = s
            for p in range(a_ptr[i], a_ptr[i + 1]):
                acc[a_idx[p]] = 0.0
    return out


def masked_product(a: sp.sparray, b: sp.sparray, mask: sp.sparray) -> np.ndarray:
    """Values of ``a @ b`` at the stored entries of ``mask``, without forming ``a @ b``.

    .. math:: out_q = \\sum_k a_{i_q k} \\, b_{k j_q} \\quad \\text{for each entry } (i_q, j_q)
              \\text{ of the mask}

    Row ``i`` of ``a`` is scattered into a dense accumulator once, then each masked column ``j``
    costs ``nnz(b[:, j])``; rows run in parallel (numba). Memory: ``O(nnz)`` plus one
    accumulator of length ``a.shape[1]`` per thread chunk.

    Parameters
    ----------
    a : sparse array of shape [N, K]
    b : sparse array of shape [K, M]
    mask : sparse array of shape [N, M]
        Only its pattern (stored entries, in CSR order) is used.

    Returns
    -------
    ndarray of float64, shape [mask.nnz]
        Aligned with ``sp.csr_array(mask)``'s entries in CSR order (sorted indices).

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> a = sp.csr_array(np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]], dtype=float))
    >>> masked_product(a, a, a)   # common neighbours of each edge of a triangle
    array([1., 1., 1., 1., 1., 1.])
    """
    if a.shape[1] != b.shape[0] or mask.shape != (a.shape[0], b.shape[1]):
        raise InputError(
            f"shapes do not match: a {a.shape}, b {b.shape}, mask {mask.shape} "
            "(need a [N, K], b [K, M], mask [N, M])"
        )
    a = _sorted_csr(a)
    bt = _sorted_csr(sp.csr_array(b).T)  # rows of bt are the columns of b
    m = _sorted_csr(mask)
    work = np.diff(m.indptr).astype(np.float64) * (1.0 + bt.nnz / max(bt.shape[0], 1))
    bounds = _chunks(work, _num_chunks())
    return _masked_product_kernel(
        a.indptr.astype(np.int64), a.indices.astype(np.int64), a.data.astype(np.float64),
        bt.indptr.astype(np.int64), bt.indices.astype(np.int64), bt.data.astype(np.float64),
        m.indptr.astype(np.int64), m.indices.astype(np.int64), bounds, a.shape[1],
    )


def _sorted_csr(x: Any) -> sp.csr_array:
    x = sp.csr_array(x)
    if not x.has_sorted_indices:
        x = x.copy()
        x.sort_indices()
    return x


@numba.njit(parallel=True, cache=True, nogil=True)
def _common_neighbor_kernel(indptr, indices, deg, rev, bounds, n):
    out = np.zeros(indices.shape[0], dtype=np.int64)
    for c in numba.prange(bounds.shape[0] - 1):
        mark = np.zeros(n, dtype=np.bool_)
        for u in range(bounds[c], bounds[c + 1]):
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
    return out


def reverse_entry_index(indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """For a symmetric CSR pattern, the position of entry ``(v, u)`` for each entry ``(u, v)``."""
    n = indptr.shape[0] - 1
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    # entries sorted by (column, row) are, for a symmetric pattern, the transposed entries in
    # CSR order
    return np.lexsort((rows, indices)).astype(np.int64)


def common_neighbor_counts(indptr: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Number of common neighbours of the endpoints of every stored entry of a symmetric graph.

    .. math:: c_{uv} = |N(u) \\cap N(v)| = (A^2)_{uv} \\quad \\text{for } A_{uv} = 1

    That is :func:`masked_product` ``(A, A, A)`` for a 0/1 symmetric ``A`` without self-loops,
    computed once per undirected edge by marking the neighbours of the higher-degree endpoint
    and scanning the other's list, ``O(sum_{uv} min(d_u, d_v))`` work, in parallel.

    Parameters
    ----------
    indptr, indices : int64 arrays
        CSR pattern of a symmetric adjacency without self-loops, sorted rows.

    Returns
    -------
    ndarray of int64, shape [nnz]
        Aligned with ``indices``.

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
    rev = reverse_entry_index(indptr, indices)
    bounds = _chunks(deg.astype(np.float64) ** 1.5 + 1.0, _num_chunks())
    return _common_neighbor_kernel(indptr, indices, deg, rev, bounds, n)


@numba.njit(parallel=True, cache=True, nogil=True)
def _pair_kernel(indptr, indices, pairs, node_weight, counts):
    m = pairs.shape[0]
    out = np.zeros(m, dtype=np.float64)
    for e in numba.prange(m):
        u, v = pairs[e, 0], pairs[e, 1]
        p, pe = indptr[u], indptr[u + 1]
        q, qe = indptr[v], indptr[v + 1]
        s = 0.0
        c = 0
        while p < pe and q < qe:
            a, b = indices[p], indices[q]
            if a == b:
                s += node_weight[a]
                c += 1
                p += 1
                q += 1
            elif a < b:
                p += 1
            else:
                q += 1
        out[e] = s
        counts[e] = c
    return out


def pair_intersections(
    indptr: np.ndarray,
    indices: np.ndarray,
    pairs: np.ndarray,
    node_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Common neighbours of given node pairs, counted and weighted.

    .. math:: c_{uv} = |N(u) \\cap N(v)|, \\qquad s_{uv} = \\sum_{w \\in N(u) \\cap N(v)} f(w)

    by merging the two sorted rows, ``O(d_u + d_v)`` per pair, pairs in parallel.

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
    counts = np.zeros(pairs.shape[0], dtype=np.int64)
    sums = _pair_kernel(indptr, np.ascontiguousarray(indices, np.int64), pairs, w, counts)
    return counts, sums
