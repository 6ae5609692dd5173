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
from numba import types as _nbtypes
from numba.extending import intrinsic as _intrinsic

from .errors import InputError, MemoryBudgetError
from .progress import progress

__all__ = [
    "DEFAULT_MEMORY_BUDGET",
    "DENSE_MIN_DENSITY",
    "bitset_common_neighbors",
    "blockwise",
    "common_neighbor_counts",
    "masked_product",
    "pair_intersections",
    "popcount64",
    "product_row_nnz_bound",
    "reverse_entry_index",
    "row_blocks",
    "walk_presence_rowsums",
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
    fn: Callable[..., Any],
    row_bytes: np.ndarray,
    memory_budget: int | None = None,
    *,
    desc: str | None = None,
    executor: Any = None,
    data: Any = None,
) -> Any:
    """Apply ``fn`` to row blocks within a budget and concatenate its per-row results.

    ``fn(block)`` returns an array (or a tuple of arrays) with one entry per row of the block;
    the results are concatenated in row order. Blocks come from :func:`row_blocks`; a progress
    bar shows when there are several.

    With ``data`` given, ``fn`` is called as ``fn(data, block)``; with an ``executor``
    (:mod:`graphlab.parallel`, e.g. a Dask cluster) the blocks run as its tasks, ``data`` sent
    once to every worker and the blocks split to at least ``executor.min_blocks``. ``fn`` must
    then be a module-level function of ``(data, block)``. Per-row results do not depend on the
    blocking, so every executor returns the same numbers.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> a = sp.csr_array(np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float))
    >>> walks2 = lambda blk: (a[blk] @ a).sum(axis=1)   # number of length-2 walks per node
    >>> blockwise(walks2, np.full(3, 8.0), memory_budget=16)
    array([2., 2., 2.])
    """
    blocks = row_blocks(row_bytes, memory_budget)
    if executor is not None:
        from .parallel import split_blocks

        blocks = split_blocks(blocks, executor.min_blocks)
        if data is None:
            data, fn = fn, _call_closure
        parts = list(executor.map(fn, blocks, data, desc=desc))
    else:
        call = fn if data is None else (lambda blk: fn(data, blk))
        parts = [
            call(blk)
            for blk in progress(blocks, total=len(blocks), desc=desc, disable=len(blocks) < 3)
        ]
    if not parts:
        return np.zeros(0)
    if isinstance(parts[0], tuple):
        return tuple(np.concatenate(p) for p in zip(*parts))
    return np.concatenate(parts)


def _call_closure(fn: Callable[[slice], Any], blk: slice) -> Any:
    return fn(blk)


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
        a.indptr.astype(np.int64),
        a.indices.astype(np.int64),
        a.data.astype(np.float64),
        bt.indptr.astype(np.int64),
        bt.indices.astype(np.int64),
        bt.data.astype(np.float64),
        m.indptr.astype(np.int64),
        m.indices.astype(np.int64),
        bounds,
        a.shape[1],
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
    memory_budget: int | None = None,
) -> np.ndarray:
    """Number of common neighbours of the endpoints of every stored entry of a symmetric graph.

    .. math:: c_{uv} = |N(u) \\cap N(v)| = (A^2)_{uv} \\quad \\text{for } A_{uv} = 1

    That is :func:`masked_product` ``(A, A, A)`` for a 0/1 symmetric ``A`` without self-loops,
    by one of two kernels:

    * ``"scan"``: once per undirected edge, mark the neighbours of the higher-degree endpoint and
      scan the other's list: ``O(sum_{uv} min(d_u, d_v))`` work, ``O(N)`` memory per thread;
    * ``"bitset"``: :func:`bitset_common_neighbors`, ``ceil(N / 64)`` AND + POPCNT per entry and
      ``N^2 / 8`` bytes, which wins on dense graphs (ogbl-ddi: 67 words against a mean
      ``min(d_u, d_v)`` in the hundreds).

    ``"auto"`` takes the bitsets when they fit ``memory_budget`` and cost fewer operations.

    Parameters
    ----------
    indptr, indices : int64 arrays
        CSR pattern of a symmetric adjacency without self-loops, sorted rows.
    method : {"auto", "scan", "bitset"}, default "auto"
    memory_budget : int, optional
        Bytes the bitsets may take (:data:`DEFAULT_MEMORY_BUDGET` when omitted).

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
    if method not in ("auto", "scan", "bitset"):
        raise InputError(f"method must be 'auto', 'scan' or 'bitset', got {method!r}")
    if method == "auto":
        fits = bitset_common_neighbor_bytes(n) <= _budget(memory_budget)
        # scan: one pass of min(d_u, d_v) per undirected edge; bitset: ceil(N/64) words per
        # stored entry, i.e. twice per edge
        rows = np.repeat(np.arange(n, dtype=np.int64), deg)
        scan_cost = float(np.minimum(deg[rows], deg[indices]).mean()) / 2 if indices.size else 0
        method = "bitset" if fits and (n + 63) // 64 < scan_cost else "scan"
    if method == "bitset":
        return bitset_common_neighbors(indptr, indices, indptr, indices)
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


# --------------------------------------------------------------------------- bitsets
@_intrinsic
def popcount64(typingctx, x):
    """Number of set bits of a ``uint64``, inside numba-compiled code (LLVM's ctpop: one POPCNT
    instruction on x86-64)."""
    sig = _nbtypes.int64(_nbtypes.uint64)  # a count: int64, so sums stay integer

    def codegen(context, builder, signature, args):
        return builder.ctpop(args[0])

    return sig, codegen


@numba.njit(parallel=True, cache=True, nogil=True)
def _bitset_rows_kernel(indptr, indices, words):
    n = indptr.shape[0] - 1
    bits = np.zeros((n, words), dtype=np.uint64)
    for v in numba.prange(n):
        for p in range(indptr[v], indptr[v + 1]):
            x = indices[p]
            bits[v, x >> 6] |= np.uint64(1) << np.uint64(x & 63)
    return bits


@numba.njit(parallel=True, cache=True, nogil=True)
def _bitset_pairs_kernel(bits, mptr, midx, bounds):
    out = np.zeros(midx.shape[0], dtype=np.int64)
    words = bits.shape[1]
    for c in numba.prange(bounds.shape[0] - 1):
        for v in range(bounds[c], bounds[c + 1]):
            for q in range(mptr[v], mptr[v + 1]):
                u = midx[q]
                cnt = 0
                for w in range(words):
                    cnt += popcount64(bits[v, w] & bits[u, w])
                out[q] = cnt
    return out


def bitset_common_neighbor_bytes(n: int) -> int:
    """Bytes of the neighbour bitsets of an ``n``-node graph (``n * ceil(n / 64)`` words)."""
    return n * ((n + 63) // 64) * 8


def bitset_common_neighbors(
    indptr: np.ndarray, indices: np.ndarray, mask_indptr: np.ndarray, mask_indices: np.ndarray
) -> np.ndarray:
    """Common neighbours :math:`|N(v) \\cap N(u)|` of every entry ``(v, u)`` of a mask, by bitsets.

    Each node's neighbour set becomes a row of ``ceil(N / 64)`` 64-bit words; a pair costs that
    many AND + POPCNT instructions, whatever the degrees. On dense graphs (ogbl-ddi: mean degree
    500, 67 words a row) this beats sorted-row merging by an order of magnitude; memory is
    :func:`bitset_common_neighbor_bytes` (``N^2 / 8`` bytes).

    Parameters
    ----------
    indptr, indices : int64 arrays
        CSR pattern of the graph (any pattern; rows need not be sorted).
    mask_indptr, mask_indices : int64 arrays
        CSR pattern of the pairs, over the same nodes.

    Returns
    -------
    ndarray of int64, shape [len(mask_indices)]

    Examples
    --------
    >>> import graphlab as gl
    >>> g = gl.Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    >>> bitset_common_neighbors(g.indptr_np, g.indices_np, g.indptr_np, g.indices_np)
    array([1, 1, 1, 1, 1, 1, 0, 0])
    """
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    mptr = np.ascontiguousarray(mask_indptr, dtype=np.int64)
    midx = np.ascontiguousarray(mask_indices, dtype=np.int64)
    n = indptr.shape[0] - 1
    if mptr.shape != indptr.shape or mptr[-1] != midx.shape[0]:
        raise InputError(f"the mask is not a CSR pattern over the graph's {n} nodes")
    bits = _bitset_rows_kernel(indptr, indices, max((n + 63) // 64, 1))
    bounds = _chunks(np.diff(mptr).astype(np.float64) + 1.0, _num_chunks())
    return _bitset_pairs_kernel(bits, mptr, midx, bounds)


# --------------------------------------------------------------------------- walks x presence
#: Below this density (stored entries / N^2) the dense BLAS path of
#: :func:`walk_presence_rowsums` loses to per-node sparse work (measured on ogbl-ddi, 12% dense:
#: dense 2.4x faster at K = 2; on a 0.002%-dense co-authorship graph sparse wins by orders).
DENSE_MIN_DENSITY = 0.01


def _presence_codes(pcoef: np.ndarray) -> tuple[np.ndarray, type]:
    """Table of presence weights by code, and the code dtype, for the sparse walk kernel.

    For ``j >= 1``, a ``j``-walk ``x -> u`` extends to a ``(j + 2)``-walk (step back and forth
    on its last edge), so ``P^j_{xu} = 1`` implies ``P^{j+2}_{xu} = 1``: the presence pattern
    of ``u`` seen from ``x`` is fixed by its first odd hop and its first even hop. Code
    ``fo * (ne + 1) + fe`` (``fo``, ``fe``: 1-based index among the odd / even hops, 0 for
    never) stands for it, and ``table[code] = sum_j b_j P^j_{xu}``. A one- or two-byte code per
    node keeps the kernel's randomly read array in cache (K <= 29 fits one byte).
    """
    k = pcoef.shape[0]
    no, ne = (k + 1) // 2, k // 2
    table = np.zeros((no + 1) * (ne + 1))
    for fo in range(no + 1):
        for fe in range(ne + 1):
            total = 0.0
            for h in range(1, k + 1):
                if h % 2 == 1 and fo > 0 and h >= 2 * fo - 1:
                    total += pcoef[h - 1]
                if h % 2 == 0 and fe > 0 and h >= 2 * fe:
                    total += pcoef[h - 1]
            table[fo * (ne + 1) + fe] = total
    dtype = (
        np.uint8 if table.shape[0] <= 256 else np.uint16 if table.shape[0] <= 65536 else np.int32
    )
    return table, dtype


def _walk_scratch_bytes(n: int, num_masks: int, code_bytes: int = 1) -> int:
    """Working memory of one worker of the sparse walk kernel: dense accumulators of length N."""
    # cur, nxt, walk sum (float64); two frontier lists and the touched list (int64); the
    # presence code; the worker's output slab (float64 per mask)
    return n * (3 * 8 + 3 * 8 + code_bytes + 8 * num_masks)


@numba.njit(parallel=True, cache=True, nogil=True)
def _walk_presence_kernel(
    indptr, indices, mptr, midx, wcoef, ptable, bounds,
    cur_s, nxt_s, wsum_s, code_s, list_a_s, list_b_s, touched_s, out,
):  # fmt: skip
    # One middle node x at a time (chunks of x in parallel, one scratch row per chunk):
    #   walk counts c_i = (A^i)_{x.} for i = 1..K by sparse propagation with frontier lists,
    #   W_x = sum_i a_i c_i, Pi_x = sum_j b_j [c_j > 0] (as a presence code, see
    #   _presence_codes), then for every v in the support,
    #   out[s, v] += W_xv * sum_{u in M_s(v)} Pi_xu     (W, Pi symmetric).
    K = wcoef.shape[0]
    ne1 = K // 2 + 1
    nmask = mptr.shape[0]
    for c in numba.prange(bounds.shape[0] - 1):
        cur = cur_s[c]
        nxt = nxt_s[c]
        wsum = wsum_s[c]
        code = code_s[c]
        cur_list = list_a_s[c]
        nxt_list = list_b_s[c]
        touched = touched_s[c]
        o = out[c]
        for x in range(bounds[c], bounds[c + 1]):
            if indptr[x] == indptr[x + 1]:
                continue
            ncur = 0
            for p in range(indptr[x], indptr[x + 1]):
                y = indices[p]
                cur[y] = 1.0
                cur_list[ncur] = y
                ncur += 1
            nt = 0
            for i in range(K):
                wi = wcoef[i]
                hop = i + 1
                for t in range(ncur):
                    y = cur_list[t]
                    wsum[y] += wi * cur[y]
                    cy = code[y]
                    if cy == 0:
                        touched[nt] = y
                        nt += 1
                    if hop % 2 == 1:
                        if cy // ne1 == 0:
                            code[y] = cy + ((hop + 1) // 2) * ne1
                    elif cy % ne1 == 0:
                        code[y] = cy + hop // 2
                if i + 1 < K:
                    nn = 0
                    for t in range(ncur):
                        y = cur_list[t]
                        cy = cur[y]
                        for p in range(indptr[y], indptr[y + 1]):
                            z = indices[p]
                            if nxt[z] == 0.0:
                                nxt_list[nn] = z
                                nn += 1
                            nxt[z] += cy
                        cur[y] = 0.0
                    cur, nxt = nxt, cur
                    cur_list, nxt_list = nxt_list, cur_list
                    ncur = nn
            for t in range(ncur):
                cur[cur_list[t]] = 0.0
            for t in range(nt):
                v = touched[t]
                wv = wsum[v]
                for s in range(nmask):
                    acc = 0.0
                    for p in range(mptr[s, v], mptr[s, v + 1]):
                        acc += ptable[code[midx[p]]]
                    o[s, v] += wv * acc
            for t in range(nt):
                v = touched[t]
                wsum[v] = 0.0
                code[v] = 0


def _permute_csr(
    indptr: np.ndarray, indices: np.ndarray, perm: np.ndarray, inv: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """CSR pattern with rows and columns relabelled: new row ``i`` is old row ``perm[i]``."""
    lens = np.diff(indptr)[perm]
    new_ptr = np.zeros(indptr.shape[0], dtype=np.int64)
    np.cumsum(lens, out=new_ptr[1:])
    src = np.repeat(indptr[:-1][perm] - new_ptr[:-1], lens) + np.arange(new_ptr[-1])
    return new_ptr, inv[indices[src]]


def _walk_prepare(indptr, indices, masks, a, b, budget):
    """Everything the blocks of the sparse walk kernel share: relabelled graph, masks, blocks."""
    n = indptr.shape[0] - 1
    nmask = len(masks)
    # Relabel by reverse Cuthill-McKee: neighbourhoods get nearby ids, so the kernel's random
    # reads into its length-N accumulators hit cache (3x faster on the DBLP projection).
    from scipy.sparse.csgraph import reverse_cuthill_mckee

    adj = sp.csr_array((np.ones(indices.shape[0]), indices, indptr), shape=(n, n))
    perm = reverse_cuthill_mckee(adj, symmetric_mode=True).astype(np.int64)
    inv = np.empty(n, dtype=np.int64)
    inv[perm] = np.arange(n, dtype=np.int64)
    indptr, indices = _permute_csr(indptr, indices, perm, inv)
    masks = [_permute_csr(mp, mi, perm, inv) for mp, mi in masks]
    ptable, code_dtype = _presence_codes(b)
    per_worker = _walk_scratch_bytes(n, nmask, np.dtype(code_dtype).itemsize)
    if per_worker > budget:
        raise MemoryBudgetError(
            f"memory budget of {budget:,} bytes is too small for one row: the per-node walk "
            f"kernel needs about {per_worker:,} bytes of accumulators for {n:,} nodes; raise "
            "the memory budget"
        )
    threads = numba.get_num_threads()
    nch = int(max(1, min(4 * threads, budget // per_worker)))
    # masks stacked into one index array: mask s, row v spans mptr[s, v] .. mptr[s, v + 1]
    offsets = np.cumsum([0] + [m[1].shape[0] for m in masks])
    mptr = np.stack([m[0] + off for m, off in zip(masks, offsets[:-1])]).astype(np.int64)
    midx = np.concatenate([m[1] for m in masks]).astype(np.int64)
    # work per middle node ~ size of its K-hop ball (walk counts, capped at N) times the mask
    # degrees pulled there
    deg = np.diff(indptr).astype(np.float64)
    walks = deg.copy()
    adj = sp.csr_array((np.ones(indices.shape[0]), indices, indptr), shape=(n, n))  # relabelled
    for _ in range(a.shape[0] - 1):
        walks = np.minimum(adj @ walks, n)
    mdeg = (midx.shape[0] / max(n, 1)) + 1.0
    work = deg + walks * mdeg
    # Blocks of middle nodes of about equal work, each split into `nch` parallel chunks. Each
    # block's contribution is summed on its own and the blocks are added in order, so the
    # numbers depend on the blocks and `nch` only (both fixed here), not on where blocks run.
    nblocks = int(min(32, max(8, work.sum() // 2e8), max(n, 1)))
    return {
        "n": n, "indptr": indptr, "indices": indices, "mptr": mptr, "midx": midx, "a": a,
        "ptable": ptable, "code_dtype": code_dtype, "nch": nch, "work": work, "inv": inv,
        "blocks": _chunks(work, nblocks),
    }  # fmt: skip


def _walk_block(prep: dict, k: int) -> np.ndarray:
    """Contribution of the middle nodes of block ``k`` to every node, shape [masks, N]."""
    n, nch, work = prep["n"], prep["nch"], prep["work"]
    nmask = prep["mptr"].shape[0]
    lo, hi = int(prep["blocks"][k]), int(prep["blocks"][k + 1])
    bounds = lo + _chunks(work[lo:hi], nch)
    if bounds.shape[0] < nch + 1:  # fewer rows than chunks: pad with empty chunks
        bounds = np.concatenate([bounds, np.full(nch + 1 - bounds.shape[0], hi)])
    scratch = {
        "cur_s": np.zeros((nch, n)),
        "nxt_s": np.zeros((nch, n)),
        "wsum_s": np.zeros((nch, n)),
        "code_s": np.zeros((nch, n), prep["code_dtype"]),
        "list_a_s": np.empty((nch, n), np.int64),
        "list_b_s": np.empty((nch, n), np.int64),
        "touched_s": np.empty((nch, n), np.int64),
    }
    out = np.zeros((nch, nmask, n))
    prev = numba.get_num_threads()
    numba.set_num_threads(min(prev, nch))
    try:
        _walk_presence_kernel(
            prep["indptr"], prep["indices"], prep["mptr"], prep["midx"], prep["a"],
            prep["ptable"], bounds, **scratch, out=out,
        )  # fmt: skip
    finally:
        numba.set_num_threads(prev)
    return out.sum(axis=0)


def _walk_presence_sparse(indptr, indices, masks, a, b, budget, desc, executor=None):
    from .parallel import SerialExecutor

    prep = _walk_prepare(indptr, indices, masks, a, b, budget)
    executor = SerialExecutor() if executor is None else executor
    total = np.zeros((len(masks), prep["n"]))
    for part in executor.map(_walk_block, range(prep["blocks"].shape[0] - 1), prep, desc=desc):
        total += part
    return total[:, prep["inv"]]


def _pairs_block(data: tuple, blk: slice) -> np.ndarray:
    """K = 1 numerators of the rows of ``blk``: common neighbours summed over each mask row."""
    indptr, indices, masks, coef = data
    out = np.zeros((len(masks), blk.stop - blk.start))
    for s, (mp, mi) in enumerate(masks):
        lo, hi = mp[blk.start], mp[blk.stop]
        rows = np.repeat(
            np.arange(blk.stop - blk.start, dtype=np.int64), np.diff(mp[blk.start : blk.stop + 1])
        )
        pairs = np.stack([rows + blk.start, mi[lo:hi]], axis=1)
        counts = pair_intersections(indptr, indices, pairs)[0]
        out[s] = coef * np.bincount(rows, counts.astype(np.float64), minlength=out.shape[1])
    return out


# integers below 2^24 and their sums below it are exact in float32
_FLOAT32_EXACT = 2.0**24


def _walk_presence_dense(indptr, indices, masks, a, b, budget, desc):
    import torch

    n = indptr.shape[0] - 1
    # Walk counts are integers: a step A^(i+1) = A^i @ A is exact in float32 (twice the BLAS
    # speed) while the row sums of A^i, which bound every entry and partial sum, stay < 2^24.
    adj_csr = sp.csr_array((np.ones(indices.shape[0]), indices, indptr), shape=(n, n))
    exact32, walks = [], np.diff(indptr).astype(np.float64)
    for _ in range(1, a.shape[0]):
        exact32.append(bool(walks.max(initial=0.0) < _FLOAT32_EXACT))
        walks = adj_csr @ walks
    fixed = 3 * n * n * 8 + (n * n * 4 if any(exact32) else 0)  # A, W, Pi (+ A in float32)
    row = 3 * n * 8 + n * 4  # a block's walk counts (two, + a float32 copy) or rows of W @ Pi
    if fixed + row > budget:
        raise MemoryBudgetError(
            f"memory budget of {budget:,} bytes is too small for the dense kernel on {n:,} "
            f"nodes: it holds three dense {n:,} x {n:,} matrices ({fixed + row:,} bytes); "
            "raise the budget or use method='sparse'"
        )
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    adj = torch.zeros((n, n), dtype=torch.float64)
    adj[torch.from_numpy(rows), torch.from_numpy(indices)] = 1.0
    adj32 = adj.to(torch.float32) if any(exact32) else None
    wsum = torch.empty_like(adj)
    psum = torch.empty_like(adj)
    blocks = row_blocks(np.full(n, float(row)), budget - fixed)
    for blk in progress(blocks, total=len(blocks), desc=desc, disable=len(blocks) < 3):
        cur = adj[blk]
        wsum[blk] = a[0] * cur
        psum[blk] = b[0] * cur
        for i in range(1, a.shape[0]):
            cur = (cur.to(torch.float32) @ adj32).double() if exact32[i - 1] else cur @ adj
            wsum[blk] += a[i] * cur
            psum[blk] += b[i] * (cur > 0).to(torch.float64)
    del cur
    out = np.zeros((len(masks), n))
    for blk in progress(blocks, total=len(blocks), desc=desc, disable=len(blocks) < 3):
        prod = (wsum[blk] @ psum).numpy()
        for s, (mp, mi) in enumerate(masks):
            local = np.repeat(
                np.arange(blk.stop - blk.start), np.diff(mp[blk.start : blk.stop + 1])
            )
            vals = prod[local, mi[mp[blk.start] : mp[blk.stop]]]
            out[s, blk] = np.bincount(local, vals, minlength=blk.stop - blk.start)
    return out


def _walk_presence_pairs(indptr, indices, masks, a, b, budget, executor=None):
    # K = 1: sum_u M_vu (A^2)_vu, the common neighbours of the mask's pairs
    n = indptr.shape[0] - 1
    if executor is not None:
        # row blocks of pair intersections: integer counts, so the same numbers as below
        from .parallel import split_blocks

        mdeg = sum(np.diff(mp) for mp, _ in masks).astype(np.float64)
        blocks = split_blocks(row_blocks(24.0 * mdeg + 8.0, budget), executor.min_blocks)
        data = (indptr, indices, masks, float(a[0] * b[0]))
        return np.concatenate(list(executor.map(_pairs_block, blocks, data)), axis=1)
    if 9 * n > budget:
        raise MemoryBudgetError(
            f"memory budget of {budget:,} bytes is too small for one row: the intersection "
            f"kernel needs about {9 * n:,} bytes of accumulators for {n:,} nodes"
        )
    deg = np.diff(indptr)
    bits_fit = bitset_common_neighbor_bytes(n) <= budget
    out = np.zeros((len(masks), n))
    for s, (mp, mi) in enumerate(masks):
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(mp))
        if np.array_equal(mp, indptr) and np.array_equal(mi, indices):
            counts = common_neighbor_counts(indptr, indices, memory_budget=budget)
        elif bits_fit and mi.size and (n + 63) // 64 < float((deg[rows] + deg[mi]).mean()):
            # bitsets: ceil(N/64) words per pair, against d_u + d_v for a sorted merge
            counts = bitset_common_neighbors(indptr, indices, mp, mi)
        else:
            counts = pair_intersections(indptr, indices, np.stack([rows, mi], axis=1))[0]
        out[s] = a[0] * b[0] * np.bincount(rows, counts.astype(np.float64), minlength=n)
    return out


def walk_presence_rowsums(
    indptr: np.ndarray,
    indices: np.ndarray,
    masks: Sequence[tuple[np.ndarray, np.ndarray]],
    walk_coef: Sequence[float] | np.ndarray,
    presence_coef: Sequence[float] | np.ndarray,
    *,
    memory_budget: int | None = None,
    method: str = "auto",
    desc: str | None = None,
    executor: Any = None,
) -> np.ndarray:
    """Row sums, over the entries of masks, of a walk polynomial times a presence polynomial.

    For a symmetric 0/1 adjacency ``A`` without self-loops, walk counts ``A^i`` and presence
    ``P^j = 1[A^j > 0]``, and sparse masks ``M_s``:

    .. math::
        r_s(v) = \\sum_u (M_s)_{vu} \\, (W \\Pi)_{vu}, \\qquad
        W = \\sum_{i=1}^K a_i A^i, \\quad \\Pi = \\sum_{j=1}^K b_j P^j

    i.e. ``r_s = rowsum((M_s P) ⊙ W)``-type sums
    :math:`\\sum_{i,j} a_i b_j \\sum_{u \\in M_s(v)} \\sum_x (A^i)_{vx} P^j_{ux}`, for all masks in
    one pass. No ``N x N`` product is formed on the sparse path; three methods:

    * ``"sparse"``, K = 1: common neighbours of each mask pair: :func:`common_neighbor_counts`
      when the mask is ``A`` itself, else :func:`bitset_common_neighbors` when the ``N^2 / 8``
      bytes of bitsets fit the budget and ``ceil(N / 64)`` words cost less than merging the two
      rows, else :func:`pair_intersections`.
    * ``"sparse"``, K >= 2: by symmetry of ``W`` and ``Π``,
      :math:`r_s(v) = \\sum_x W_{xv} \\sum_{u \\in M_s(v)} \\Pi_{xu}`: each middle node ``x``
      gets its walk counts up to K hops by sparse propagation into dense accumulators (numba,
      in parallel), then each ``v`` of its K-hop ball pulls ``Π_x`` over its mask row (nodes
      relabelled by reverse Cuthill-McKee first, for cache locality). Work
      about :math:`\\sum_v |\\mathrm{ball}_K(v)| \\deg_M(v)`, memory one set of length-N
      accumulators per worker; the budget caps the number of workers.
    * ``"dense"``: ``W`` and ``Π`` as dense matrices built on row blocks with BLAS products
      (torch), then ``W[B] @ Π`` per row block gathered at the mask entries. Holds three
      ``N x N`` float64 matrices: only for graphs whose square fits the budget.

    ``"auto"`` takes the intersection kernel at K = 1, the dense path when the graph's density
    is at least :data:`DENSE_MIN_DENSITY` and it fits the budget, else the sparse path.

    Parameters
    ----------
    indptr, indices : int64 arrays
        CSR pattern of a symmetric adjacency without self-loops, sorted rows.
    masks : sequence of (indptr, indices)
        CSR patterns ``M_s`` over the same nodes (sorted, duplicate-free rows).
    walk_coef, presence_coef : sequences of K floats
        ``a_1 .. a_K`` and ``b_1 .. b_K``.
    memory_budget : int, optional
        Bytes of working memory (:data:`DEFAULT_MEMORY_BUDGET` when omitted).
    method : {"auto", "sparse", "dense"}
    desc : str, optional
        Progress bar label.
    executor : graphlab.parallel.Executor, optional
        Where the blocks run (:mod:`graphlab.parallel`; this process when omitted). The sparse
        paths run one task per block: at K = 1 row blocks of pair intersections, at K >= 2
        blocks of middle nodes whose contributions are added in block order, so any executor
        gives the same numbers. The dense path runs here (it is only taken when three
        ``N x N`` matrices fit one budget).

    Returns
    -------
    ndarray of float64, shape [len(masks), N]

    Raises
    ------
    InputError
        On mismatched shapes or an unknown method.
    MemoryBudgetError
        If the budget cannot hold one row's working memory.

    Examples
    --------
    Path 0 - 1 - 2, mask = the adjacency, K = 2 with ``a = b = (1, 1)``: ``W = A + A^2`` has
    row sums 3, 4, 3 and ``Π = A + P^2`` is all ones, so ``(W Π)_{vu}`` is ``W``'s row sum and
    node 1 collects it from both neighbours:

    >>> import graphlab as gl
    >>> g = gl.Graph.from_edge_index([[0, 1], [1, 2]])
    >>> ip, ix = g.indptr_np, g.indices_np
    >>> walk_presence_rowsums(ip, ix, [(ip, ix)], [1.0, 1.0], [1.0, 1.0], method="sparse")
    array([[3., 8., 3.]])
    """
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    n = indptr.shape[0] - 1
    a = np.ascontiguousarray(walk_coef, dtype=np.float64)
    b = np.ascontiguousarray(presence_coef, dtype=np.float64)
    if a.ndim != 1 or a.shape != b.shape or a.size == 0:
        raise InputError(
            f"walk_coef and presence_coef must be two 1-D sequences of one length K >= 1, got "
            f"shapes {list(a.shape)} and {list(b.shape)}"
        )
    if method not in ("auto", "sparse", "dense"):
        raise InputError(f"method must be 'auto', 'sparse' or 'dense', got {method!r}")
    clean = []
    for s, (mp, mi) in enumerate(masks):
        mp = np.ascontiguousarray(mp, dtype=np.int64)
        mi = np.ascontiguousarray(mi, dtype=np.int64)
        if (
            mp.shape != (n + 1,)
            or mp[-1] != mi.shape[0]
            or (mi.size and (mi.min() < 0 or mi.max() >= n))
        ):
            raise InputError(f"mask {s} is not a CSR pattern over the graph's {n} nodes")
        clean.append((mp, mi))
    budget = _budget(memory_budget)
    if not clean:
        return np.zeros((0, n))
    if method == "auto":
        density = indices.shape[0] / max(n * n, 1)
        dense_fits = 3.5 * n * n * 8 + 3.5 * n * 8 <= budget
        dense = a.size > 1 and density >= DENSE_MIN_DENSITY and dense_fits
        method = "dense" if dense else "sparse"
    if method == "dense":
        return _walk_presence_dense(indptr, indices, clean, a, b, budget, desc)
    if a.size == 1:
        return _walk_presence_pairs(indptr, indices, clean, a, b, budget, executor)
    return _walk_presence_sparse(indptr, indices, clean, a, b, budget, desc, executor)
