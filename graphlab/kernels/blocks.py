"""Row blocks under a memory budget, and the chunking helpers of the numba kernels.

* :func:`row_blocks` splits rows into contiguous blocks whose estimated working memory fits a
  byte budget (the estimate comes from :func:`product_row_nnz_bound`).
* :func:`blockwise` runs a function over those blocks (``A[block] @ B`` and a reduction to per-row
  values, typically) and concatenates the per-row results in node order.
* :func:`chunk_bounds` and :func:`num_chunks` cut rows into balanced chunks for ``numba.prange``;
  :func:`limited_threads` caps how many of them run at once, so that per-chunk scratch arrays stay
  within a budget.
* :func:`run_sliced` runs a chunked numba kernel in time slices: every call advances each chunk
  by a slice of its rows, and Python runs between calls, so Ctrl-C (``KeyboardInterrupt``) is
  honoured within about :data:`SLICE_SECONDS` (numba code cannot be interrupted).

The budget is :func:`graphlab.validation.check_memory_budget`'s: an explicit ``memory_budget``
(bytes, or a text such as ``512M``) or ``$GRAPHLAB_MEMORY_BUDGET`` or 1 GiB.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numba
import numpy as np
import scipy.sparse as sp

from ..errors import MemoryBudgetError
from ..interrupt import check as check_interrupt
from ..interrupt import deferred as deferred_interrupt
from ..parallel import remote_executor, split_blocks
from ..progress import progress
from ..validation import check_memory_budget

__all__ = [
    "BYTES_PER_PRODUCT_ENTRY",
    "SLICE_SECONDS",
    "blockwise",
    "chunk_bounds",
    "limited_threads",
    "num_chunks",
    "product_row_nnz_bound",
    "row_blocks",
    "run_sliced",
    "scratch_workers",
    "sorted_csr",
]

# Bytes per stored entry of a scipy CSR product: an int64 column index, a float64 value, plus
# scipy's temporaries during the multiplication (about the same again).
BYTES_PER_PRODUCT_ENTRY = 32


def row_blocks(
    row_bytes: Sequence[float] | np.ndarray, memory_budget: int | str | None = None
) -> list[slice]:
    """Split rows into contiguous blocks whose summed ``row_bytes`` stay within a budget.

    Parameters
    ----------
    row_bytes : array of shape [N]
        Estimated working memory of each row, in bytes.
    memory_budget : int or str, optional
        Bytes one block may use (``512M``-style text accepted); the default of
        :func:`graphlab.validation.check_memory_budget` when omitted.

    Returns
    -------
    list of slice
        Blocks covering ``0 .. N-1`` in order (an empty list for ``N = 0``).

    Raises
    ------
    InputError
        If the budget is not a positive number of bytes.
    MemoryBudgetError
        If a single row needs more than the budget.

    Examples
    --------
    >>> row_blocks([40, 40, 40, 10], memory_budget=90)
    [slice(0, 2, None), slice(2, 4, None)]
    """
    budget = check_memory_budget(memory_budget)
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

    Examples
    --------
    >>> a = sp.csr_array(np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float))
    >>> product_row_nnz_bound(a, a)
    array([2., 2., 2.])
    """
    a_pattern = sp.csr_array((np.ones(a.nnz), a.indices, a.indptr), shape=a.shape)
    flops = a_pattern @ np.diff(b.indptr).astype(np.float64)
    return np.minimum(flops, b.shape[1])


def blockwise(
    fn: Callable[..., Any],
    row_bytes: np.ndarray,
    memory_budget: int | str | None = None,
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
    once to every worker and the blocks split to at least ``executor.min_blocks`` (a
    :class:`~graphlab.parallel.SerialExecutor` is the same as none). ``fn`` must
    then be a module-level function of ``(data, block)``. Per-row results do not depend on the
    blocking, so every executor returns the same numbers.

    Examples
    --------
    >>> a = sp.csr_array(np.array([[0, 1, 1], [1, 0, 0], [1, 0, 0]], dtype=float))
    >>> walks2 = lambda blk: (a[blk] @ a).sum(axis=1)   # number of length-2 walks per node
    >>> blockwise(walks2, np.full(3, 8.0), memory_budget=16)
    array([2., 2., 2.])
    """
    blocks = row_blocks(row_bytes, memory_budget)
    executor = remote_executor(executor)  # a serial executor is no executor
    if executor is not None:
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


# --------------------------------------------------------------------------- numba chunking
def chunk_bounds(work: np.ndarray, parts: int) -> np.ndarray:
    """Boundaries of ``parts`` contiguous row ranges of about equal summed ``work``.

    Examples
    --------
    >>> chunk_bounds(np.array([1.0, 1.0, 1.0, 1.0]), 2)
    array([0, 2, 4])
    """
    n = work.shape[0]
    if n == 0:
        return np.zeros(1, dtype=np.int64)
    csum = np.cumsum(work, dtype=np.float64)
    targets = csum[-1] * np.arange(1, parts) / parts
    inner = np.searchsorted(csum, targets, side="left") + 1
    return np.unique(np.concatenate([[0], np.minimum(inner, n), [n]])).astype(np.int64)


#: Seconds one call of a kernel run by :func:`run_sliced` aims at: about the longest a Ctrl-C
#: waits. Every call ends at a barrier of all threads, so much shorter calls cost speed on a busy
#: machine (measured: 0.1 s calls lost up to 20% at load 5 on 2 cores).
SLICE_SECONDS = 0.4

#: Slices each chunk of :func:`run_sliced` is cut into (calls merge consecutive slices).
SLICE_PIECES = 512


def slice_bounds(bounds: np.ndarray, work: np.ndarray, pieces: int = SLICE_PIECES) -> np.ndarray:
    """Rows of every chunk cut at ``pieces`` points of equal work: shape [pieces + 1, chunks].

    Row ``j`` holds, for each chunk ``c`` (rows ``bounds[c] .. bounds[c + 1]``), where its
    ``j``-th slice starts; row 0 is ``bounds[:-1]``, the last row ``bounds[1:]``.

    Examples
    --------
    >>> slice_bounds(np.array([0, 4, 6]), np.ones(6), pieces=2)
    array([[0, 4],
           [2, 5],
           [4, 6]])
    """
    bounds = np.asarray(bounds, dtype=np.int64)
    csum = np.zeros(work.shape[0] + 1)
    np.cumsum(work, out=csum[1:])
    start, stop = csum[bounds[:-1]], csum[bounds[1:]]
    frac = np.arange(pieces + 1, dtype=np.float64)[:, None] / pieces
    rows = np.searchsorted(csum, start + (stop - start) * frac, side="left").astype(np.int64)
    out = np.clip(rows, bounds[:-1], bounds[1:])
    out[0], out[-1] = bounds[:-1], bounds[1:]
    return np.maximum.accumulate(out, axis=0)


def run_sliced(
    kernel: Callable[[np.ndarray, np.ndarray], Any],
    bounds: np.ndarray,
    work: np.ndarray,
    *,
    pieces: int = SLICE_PIECES,
    advance: Callable[[float], Any] | None = None,
) -> None:
    """Run ``kernel(lo, hi)`` over all rows of the chunks ``bounds``, in time slices.

    ``kernel`` is a parallel numba kernel (bound to its other arguments) whose chunk ``c`` runs
    rows ``lo[c] .. hi[c] - 1`` in order. Each chunk is cut into ``pieces`` slices of equal
    ``work`` (:func:`slice_bounds`); one call runs the same number of consecutive slices of
    every chunk, so the threads stay busy; that number starts at one and is scaled after each
    call by ``SLICE_SECONDS / seconds`` (at most 8x up, 2x down), so a short kernel takes a few
    calls and a long one calls of about :data:`SLICE_SECONDS`. Between calls Python runs its
    signal handlers: a Ctrl-C raises ``KeyboardInterrupt`` within about ``SLICE_SECONDS``, where
    one call over all rows would hold it for the whole kernel. Each call runs inside
    :func:`graphlab.interrupt.deferred` (a SIGINT during the call is raised right after it,
    never inside numba's code) and is followed by :func:`graphlab.interrupt.check`.

    Every chunk still visits its rows in the same order, so a kernel that accumulates per
    chunk gives bit-identical results to one call over ``bounds``. ``advance(w)``, when given,
    is called after each call with the ``work`` it covered (for a progress bar).

    Examples
    --------
    >>> seen = []
    >>> run_sliced(lambda lo, hi: seen.append((lo.tolist(), hi.tolist())), [0, 4, 6],
    ...            np.ones(6), pieces=2)
    >>> seen
    [([0, 4], [2, 5]), ([2, 5], [4, 6])]
    """
    cuts = slice_bounds(np.asarray(bounds, dtype=np.int64), work, pieces)
    if advance is not None:
        csum = np.zeros(work.shape[0] + 1)
        np.cumsum(work, out=csum[1:])
        done = csum[cuts].sum(axis=1)  # work before each cut, over all chunks
    j, step = 0, 1
    while j < pieces:
        k = min(pieces, j + step)
        t0 = time.perf_counter()
        with deferred_interrupt():  # SIGINT raised after the call, not inside numba's boxing
            kernel(cuts[j], cuts[k])
        check_interrupt()  # also when a library swallowed an earlier KeyboardInterrupt
        took = time.perf_counter() - t0
        if advance is not None:
            advance(float(done[k] - done[j]))
        j = k
        scale = min(8.0, max(0.5, SLICE_SECONDS / max(took, 1e-9)))
        step = max(1, int(step * scale))


def num_chunks() -> int:
    """Chunks a parallel numba kernel splits its rows into: several per thread, for balance."""
    return 8 * numba.get_num_threads()


def scratch_workers(scratch_bytes: int, memory_budget: int | str | None, what: str) -> int:
    """How many workers of a kernel may hold ``scratch_bytes`` of scratch each within a budget.

    At most numba's thread count; at least one, else :class:`MemoryBudgetError` naming ``what``.

    Examples
    --------
    >>> scratch_workers(100, 250, "the scan kernel") <= 2
    True
    >>> scratch_workers(100, 50, "the scan kernel")
    Traceback (most recent call last):
    ...
    graphlab.errors.MemoryBudgetError: memory budget of 50 bytes is too small for one row: ...
    """
    budget = check_memory_budget(memory_budget)
    if scratch_bytes > budget:
        raise MemoryBudgetError(
            f"memory budget of {budget:,} bytes is too small for one row: {what} needs about "
            f"{scratch_bytes:,} bytes of scratch; raise the memory budget"
        )
    return int(max(1, min(numba.get_num_threads(), budget // max(scratch_bytes, 1))))


@contextmanager
def limited_threads(workers: int) -> Iterator[None]:
    """Run numba's parallel regions of this thread with at most ``workers`` threads.

    A ``prange`` kernel allocates its scratch once per running iteration, so capping the
    threads caps the scratch held at once.
    """
    prev = numba.get_num_threads()
    numba.set_num_threads(max(1, min(prev, workers)))
    try:
        yield
    finally:
        numba.set_num_threads(prev)


def sorted_csr(x: Any) -> sp.csr_array:
    """``x`` as a scipy CSR array with sorted indices (copied only when they are not)."""
    x = sp.csr_array(x)
    if not x.has_sorted_indices:
        x = x.copy()
        x.sort_indices()
    return x
