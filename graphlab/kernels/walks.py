"""Walk counts times presence, summed over mask entries: the kernel behind exact TC.

:func:`walk_presence_rowsums` chooses among three paths: common-neighbour counts at K = 1 (this
module, with :mod:`~graphlab.kernels.intersections` and :mod:`~graphlab.kernels.bitsets`), dense
BLAS products for dense graphs (this module), and per-middle-node sparse walks
(:mod:`~graphlab.kernels.walk_sparse`, whose shared state is a :class:`WalkPlan`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp

from ..errors import InputError, MemoryBudgetError
from ..parallel import remote_executor, split_blocks
from ..progress import progress
from ..validation import check_choice, check_memory_budget
from .bitsets import bitset_common_neighbor_bytes, bitset_common_neighbors
from .blocks import chunk_bounds, row_blocks, scratch_workers
from .intersections import pair_intersections
from .triangles import forward_triangles, node_triangles, orient
from .walk_sparse import WalkPlan, check_walk_cost, plan_walks, walk_presence_sparse

__all__ = ["DENSE_MIN_DENSITY", "WalkPlan", "walk_presence_rowsums"]

#: Below this density (stored entries / N^2) the dense BLAS path of
#: :func:`walk_presence_rowsums` loses to per-node sparse work (measured on ogbl-ddi, 12% dense:
#: dense 2.4x faster at K = 2; on a 0.002%-dense co-authorship graph sparse wins by orders).
DENSE_MIN_DENSITY = 0.01


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


def _triangles_block(data: tuple, blk: slice) -> np.ndarray:
    """Triangles of every node found from the lowest vertices in ``blk`` (forward kernel)."""
    optr, oidx, work, workers, max_degree = data
    return forward_triangles(optr, oidx, work, blk, workers, max_degree)


def _is_graph(mp: np.ndarray, mi: np.ndarray, indptr: np.ndarray, indices: np.ndarray) -> bool:
    """Whether a mask is the adjacency pattern itself (its rows sum to twice the triangles)."""
    return (mp is indptr and mi is indices) or (
        np.array_equal(mp, indptr) and np.array_equal(mi, indices)
    )


def _remote_triangles(indptr, indices, budget, remote):
    # Row blocks of the forward kernel as tasks: each returns the triangles it finds from its
    # lowest vertices, for every node; integer counts, so their sum is node_triangles' exactly
    n = indptr.shape[0] - 1
    workers = scratch_workers(9 * max(n, 1), budget, "the triangle kernel")
    optr, oidx, work = orient(indptr, indices)
    bounds = chunk_bounds(work, remote.min_blocks)
    blocks = split_blocks(
        [slice(int(lo), int(hi)) for lo, hi in pairwise(bounds)], remote.min_blocks
    )
    dmax = int(np.diff(indptr).max(initial=0))
    tri = np.zeros(n, dtype=np.int64)
    for part in remote.map(_triangles_block, blocks, (optr, oidx, work, workers, dmax)):
        tri += part
    return tri


#: Most multiply-adds (x2) of one BLAS product of the dense path: about 0.1-0.3 s on two cores.
DENSE_BLOCK_FLOPS = 2e10

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
    # at most DENSE_BLOCK_FLOPS per product, so that Python (and Ctrl-C) gets control between
    # BLAS calls that cannot be interrupted (ogbl-ddi: 8 blocks instead of one of 155 GFLOP)
    cap = max(1, int(DENSE_BLOCK_FLOPS // (2 * max(n, 1) ** 2)))
    blocks = [
        slice(start, min(start + cap, blk.stop))
        for blk in row_blocks(np.full(n, float(row)), budget - fixed)
        for start in range(blk.start, blk.stop, cap)
    ]
    for blk in progress(blocks, total=len(blocks), desc=desc, disable=len(blocks) < 3):
        cur = adj[blk]
        wsum[blk] = a[0] * cur
        psum[blk] = b[0] * cur
        for i in range(1, a.shape[0]):
            if exact32[i - 1] and adj32 is not None:  # adj32 is set when any step is exact
                cur = (cur.to(torch.float32) @ adj32).double()
            else:
                cur = cur @ adj
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
    executor = remote_executor(executor)
    if executor is not None:
        # tasks elsewhere, integer counts in both kinds, so the same numbers as below (in this
        # process, serial executor included): the graph's own mask by blocks of the triangle
        # kernel, other masks by row blocks of pair intersections
        out = np.zeros((len(masks), n))
        own = [s for s, (mp, mi) in enumerate(masks) if _is_graph(mp, mi, indptr, indices)]
        if own:
            out[own] = (2.0 * a[0] * b[0]) * _remote_triangles(indptr, indices, budget, executor)
        rest = [masks[s] for s in range(len(masks)) if s not in own]
        if rest:
            mdeg = sum(np.diff(mp) for mp, _ in rest).astype(np.float64)
            blocks = split_blocks(row_blocks(24.0 * mdeg + 8.0, budget), executor.min_blocks)
            data = (indptr, indices, rest, float(a[0] * b[0]))
            parts = list(executor.map(_pairs_block, blocks, data))
            out[[s for s in range(len(masks)) if s not in own]] = np.concatenate(parts, axis=1)
        return out
    if 9 * n > budget:
        raise MemoryBudgetError(
            f"memory budget of {budget:,} bytes is too small for one row: the intersection "
            f"kernel needs about {9 * n:,} bytes of accumulators for {n:,} nodes"
        )
    deg = np.diff(indptr)
    bits_fit = bitset_common_neighbor_bytes(n) <= budget
    out = np.zeros((len(masks), n))
    for s, (mp, mi) in enumerate(masks):
        if _is_graph(mp, mi, indptr, indices):
            # the mask is A: sum_u A_vu |N(v) ∩ N(u)| = 2 T(v), per node, no per-edge counts
            tri = node_triangles(indptr, indices, memory_budget=budget)
            out[s] = (2.0 * a[0] * b[0]) * tri
            continue
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(mp))
        if bits_fit and mi.size and (n + 63) // 64 < float((deg[rows] + deg[mi]).mean()):
            # bitsets: ceil(N/64) words per pair, against d_u + d_v for a sorted merge
            counts = bitset_common_neighbors(indptr, indices, mp, mi, memory_budget=budget)
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
    memory_budget: int | str | None = None,
    method: str = "auto",
    desc: str | None = None,
    executor: Any = None,
    max_steps: float | None = None,
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

    * ``"sparse"``, K = 1: common neighbours of each mask pair: twice the node's triangles
      (:func:`~graphlab.kernels.node_triangles`) when the mask is ``A`` itself, else
      :func:`bitset_common_neighbors` when the ``N^2 / 8`` bytes of bitsets fit the budget and
      ``ceil(N / 64)`` words cost less than merging the two rows, else
      :func:`pair_intersections`.
    * ``"sparse"``, K = 2: the hub kernels of :mod:`graphlab.kernels.walk_hubs`: the 64
      largest-degree nodes leave the middle of the walks and are summed in closed form, with a
      bitset of hub neighbours per node keeping the presence terms exact where several hubs
      share neighbours; the rest as for K >= 3 below (``plan_walks(hubs=False)``: that path
      at K = 2 too).
    * ``"sparse"``, K >= 3: by symmetry of ``W`` and ``Π``,
      :math:`r_s(v) = \\sum_x W_{xv} \\sum_{u \\in M_s(v)} \\Pi_{xu}`: each middle node ``x``
      gets its walk counts up to K hops by sparse propagation into dense accumulators (numba,
      in parallel), then the mask entries ``(v, u)`` with both ends in its K-hop ball add
      ``Π_xu`` to ``v``'s sum: read from ``v``'s row or pushed from ``u``, from whichever end
      has the smaller (estimated) ball (:func:`~graphlab.kernels.walk_sparse.split_masks`),
      so a hub, in almost every ball, is not read whole for every ``x`` (nodes relabelled by
      reverse Cuthill-McKee first, for cache locality). Work about
      :math:`\\sum_{(v,u) \\in M} \\min(|\\mathrm{ball}_K(v)|, |\\mathrm{ball}_K(u)|)`
      instead of :math:`\\sum_v |\\mathrm{ball}_K(v)| \\deg_M(v)`, memory one set of
      length-N accumulators per worker; the budget caps the number of workers.
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
    memory_budget : int or str, optional
        Bytes of working memory beyond the graph, the masks and the result
        (:func:`graphlab.validation.check_memory_budget`'s default when omitted).
    method : {"auto", "sparse", "dense"}
    desc : str, optional
        Progress bar label.
    max_steps : float, optional
        Most estimated walk steps the sparse path at K >= 2 may take
        (:func:`~graphlab.kernels.walk_sparse.max_walk_steps`: ``$GRAPHLAB_MAX_WALK_STEPS`` or
        2e12 when omitted); a larger run is refused before it starts, with its estimated time
        and memory (:func:`~graphlab.kernels.walk_sparse.check_walk_cost`).
    executor : graphlab.parallel.Executor, optional
        Where the blocks run (:mod:`graphlab.parallel`; this process when omitted or a
        :class:`~graphlab.parallel.SerialExecutor`, which takes exactly the path of ``None``).
        A remote executor (Dask) gets the sparse paths as one task per block: at K = 1 row
        blocks of the triangle kernel (:func:`~graphlab.kernels.triangles.forward_triangles`)
        for a mask that is ``A`` itself and of pair intersections for other masks, at K >= 2
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
    WalkCostError
        If the sparse path at K >= 2 would take more than ``max_steps`` estimated steps.

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
    check_choice(method, "method", ("auto", "sparse", "dense"))
    clean = []
    for s, (mp, mi) in enumerate(masks):
        mp = np.ascontiguousarray(mp, dtype=np.int64)
        mi = np.ascontiguousarray(mi, dtype=np.int64)
        same = mp is indptr and mi is indices  # the graph itself: checked by its Graph
        if (
            mp.shape != (n + 1,)
            or mp[-1] != mi.shape[0]
            or (not same and mi.size and (mi.min() < 0 or mi.max() >= n))
        ):
            raise InputError(f"mask {s} is not a CSR pattern over the graph's {n} nodes")
        clean.append((mp, mi))
    budget = check_memory_budget(memory_budget)
    executor = remote_executor(executor)  # a serial executor is no executor: one path, one speed
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
    check_walk_cost(indptr, indices, clean, a.size, max_steps, budget)
    plan = plan_walks(indptr, indices, clean, a, b, budget)
    return walk_presence_sparse(plan, desc, executor)
