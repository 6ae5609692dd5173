"""Neighbour sets as bitsets: common-neighbour counts by AND + POPCNT.

:func:`popcount64` is a numba intrinsic (one POPCNT instruction) that other numba kernels may
call too; :func:`bitset_common_neighbors` counts common neighbours of mask pairs from rows of
``ceil(N / 64)`` words, ``N^2 / 8`` bytes in all, and refuses to allocate them beyond the budget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numba
import numpy as np
from numba import types as _nbtypes
from numba.extending import intrinsic as _intrinsic

from ..errors import InputError, MemoryBudgetError
from ..validation import check_memory_budget
from .blocks import chunk_bounds, num_chunks, run_sliced

__all__ = ["bitset_common_neighbor_bytes", "bitset_common_neighbors", "popcount64"]


if TYPE_CHECKING:
    # What numba-compiled callers see: numba supplies ``typingctx`` when it compiles the call.
    def popcount64(x: Any, /) -> int:
        """Number of set bits of a ``uint64``, inside numba-compiled code."""
        ...

else:

    @_intrinsic
    def popcount64(typingctx: Any, x: Any) -> Any:
        """Number of set bits of a ``uint64``, inside numba-compiled code (LLVM's ctpop: one
        POPCNT instruction on x86-64)."""
        sig = _nbtypes.int64(_nbtypes.uint64)  # a count: int64, so sums stay integer

        def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
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
def _bitset_pairs_kernel(bits, mptr, midx, lo, hi, out):
    words = bits.shape[1]
    for c in numba.prange(lo.shape[0]):
        for v in range(lo[c], hi[c]):
            for q in range(mptr[v], mptr[v + 1]):
                u = midx[q]
                cnt = 0
                for w in range(words):
                    cnt += popcount64(bits[v, w] & bits[u, w])
                out[q] = cnt


def bitset_common_neighbor_bytes(n: int) -> int:
    """Bytes of the neighbour bitsets of an ``n``-node graph (``n * ceil(n / 64)`` words).

    Examples
    --------
    >>> bitset_common_neighbor_bytes(2048)   # 2,048 rows of 32 words
    524288
    """
    return n * ((n + 63) // 64) * 8


def bitset_common_neighbors(
    indptr: np.ndarray,
    indices: np.ndarray,
    mask_indptr: np.ndarray,
    mask_indices: np.ndarray,
    *,
    memory_budget: int | str | None = None,
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
    memory_budget : int or str, optional
        Bytes the bitsets may take (:func:`graphlab.validation.check_memory_budget`'s default
        when omitted).

    Returns
    -------
    ndarray of int64, shape [len(mask_indices)]

    Raises
    ------
    InputError
        If the mask is not a CSR pattern over the graph's nodes.
    MemoryBudgetError
        If the bitsets do not fit the budget.

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
    budget = check_memory_budget(memory_budget)
    need = bitset_common_neighbor_bytes(n)
    if need > budget:
        raise MemoryBudgetError(
            f"memory budget of {budget:,} bytes is too small for the neighbour bitsets of "
            f"{n:,} nodes ({need:,} bytes); raise the memory budget or count by sorted rows"
        )
    bits = _bitset_rows_kernel(indptr, indices, max((n + 63) // 64, 1))
    work = np.diff(mptr).astype(np.float64) + 1.0
    out = np.zeros(midx.shape[0], dtype=np.int64)

    def kernel(lo: np.ndarray, hi: np.ndarray) -> None:
        _bitset_pairs_kernel(bits, mptr, midx, lo, hi, out)

    run_sliced(kernel, chunk_bounds(work, num_chunks()), work)  # Ctrl-C between slices
    return out
