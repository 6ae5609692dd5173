"""Masked sparse products: the values of ``A @ B`` only where a mask has entries."""

from __future__ import annotations

import numba
import numpy as np
import scipy.sparse as sp

from ..errors import InputError
from .blocks import (
    chunk_bounds,
    limited_threads,
    num_chunks,
    run_sliced,
    scratch_workers,
    sorted_csr,
)

__all__ = ["masked_product"]


@numba.njit(parallel=True, cache=True, nogil=True)
def _masked_product_kernel(
    a_ptr, a_idx, a_val, bt_ptr, bt_idx, bt_val, m_ptr, m_idx, lo, hi, k, out
):  # fmt: skip
    for c in numba.prange(lo.shape[0]):
        if lo[c] == hi[c]:
            continue
        acc = np.zeros(k, dtype=np.float64)
        for i in range(lo[c], hi[c]):
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


def masked_product(
    a: sp.sparray, b: sp.sparray, mask: sp.sparray, *, memory_budget: int | str | None = None
) -> np.ndarray:
    """Values of ``a @ b`` at the stored entries of ``mask``, without forming ``a @ b``.

    .. math:: out_q = \\sum_k a_{i_q k} \\, b_{k j_q} \\quad \\text{for each entry } (i_q, j_q)
              \\text{ of the mask}

    Row ``i`` of ``a`` is scattered into a dense accumulator once, then each masked column ``j``
    costs ``nnz(b[:, j])``; rows run in parallel (numba). Memory: ``O(nnz)`` plus one
    accumulator of ``8 K`` bytes per running thread; the budget caps how many threads run.

    Parameters
    ----------
    a : sparse array of shape [N, K]
    b : sparse array of shape [K, M]
    mask : sparse array of shape [N, M]
        Only its pattern (stored entries, in CSR order) is used.
    memory_budget : int or str, optional
        Bytes the accumulators may take together
        (:func:`graphlab.validation.check_memory_budget`'s default when omitted).

    Returns
    -------
    ndarray of float64, shape [mask.nnz]
        Aligned with ``sp.csr_array(mask)``'s entries in CSR order (sorted indices).

    Raises
    ------
    InputError
        On mismatched shapes or a malformed budget.
    MemoryBudgetError
        If one accumulator of ``8 K`` bytes does not fit the budget.

    Examples
    --------
    >>> a = sp.csr_array(np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]], dtype=float))
    >>> masked_product(a, a, a)   # common neighbours of each edge of a triangle
    array([1., 1., 1., 1., 1., 1.])
    """
    if a.shape[1] != b.shape[0] or mask.shape != (a.shape[0], b.shape[1]):
        raise InputError(
            f"shapes do not match: a {a.shape}, b {b.shape}, mask {mask.shape} "
            "(need a [N, K], b [K, M], mask [N, M])"
        )
    workers = scratch_workers(8 * a.shape[1], memory_budget, "the masked product")
    a = sorted_csr(a)
    # rows of bt are the columns of b (a CSC b gives them without a transpose)
    bt = sorted_csr(b.T if sp.issparse(b) and b.format == "csc" else sp.csr_array(b).T)
    m = sorted_csr(mask)
    # work of row i: its row of a scattered, then one column of b per mask entry; exact, so
    # that the time slices of run_sliced keep the threads balanced
    mrows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    col_nnz = np.diff(bt.indptr).astype(np.float64)
    work = np.bincount(mrows, col_nnz[m.indices] + 1.0, minlength=m.shape[0])
    work += np.diff(a.indptr)
    i64, f64 = np.int64, np.float64  # copied only when of another dtype
    arrays = (
        np.ascontiguousarray(a.indptr, i64),
        np.ascontiguousarray(a.indices, i64),
        np.ascontiguousarray(a.data, f64),
        np.ascontiguousarray(bt.indptr, i64),
        np.ascontiguousarray(bt.indices, i64),
        np.ascontiguousarray(bt.data, f64),
        np.ascontiguousarray(m.indptr, i64),
        np.ascontiguousarray(m.indices, i64),
    )
    out = np.zeros(m.indices.shape[0], dtype=np.float64)

    def kernel(lo: np.ndarray, hi: np.ndarray) -> None:
        _masked_product_kernel(*arrays, lo, hi, a.shape[1], out)

    with limited_threads(workers):  # time slices: Ctrl-C is honoured between them
        run_sliced(kernel, chunk_bounds(work, num_chunks()), work)
    return out
