"""The sparse path of :func:`~graphlab.kernels.walk_presence_rowsums` at K >= 2: walks from each
middle node into dense accumulators (numba), blocks of middle nodes run as executor tasks.

:func:`plan_walks` does the work that every block shares once (relabelling, stacked masks,
presence codes, block bounds) and returns it as a :class:`WalkPlan`; :func:`walk_block`
computes one block's contribution from a plan; :func:`walk_presence_sparse` runs all blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numba
import numpy as np
import scipy.sparse as sp

from ..errors import InputError, MemoryBudgetError
from .blocks import chunk_bounds, limited_threads, run_sliced
from .walk_hubs import (
    HubWalkPlan,
    hub_block,
    hub_split,
    hub_walk_scratch_bytes,
    plan_hub_walks,
    stack_masks,
)

__all__ = [
    "DEFAULT_MAX_WALK_STEPS",
    "HUB_STEPS_PER_SECOND_PER_THREAD",
    "STEPS_PER_SECOND_PER_THREAD",
    "WalkCostError",
    "WalkPlan",
    "ball_estimate",
    "check_walk_cost",
    "mask_load",
    "max_walk_steps",
    "permute_csr",
    "plan_walks",
    "presence_codes",
    "split_masks",
    "walk_block",
    "walk_memory_estimate",
    "walk_presence_sparse",
    "walk_scratch_bytes",
    "walk_work_estimate",
]


def presence_codes(pcoef: np.ndarray) -> tuple[np.ndarray, type]:
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


def walk_scratch_bytes(n: int, num_masks: int, code_bytes: int = 1) -> int:
    """Working memory of one worker of the sparse walk kernel: dense accumulators of length N."""
    # cur, nxt, walk sum (float64); two frontier lists and the touched list (int64); the
    # presence code; the pushed sums and the worker's output slab (float64 per mask each)
    return n * (3 * 8 + 3 * 8 + code_bytes + 16 * num_masks)


@numba.njit(parallel=True, cache=True, nogil=True)
def _walk_presence_kernel(
    indptr, indices, mptr, midx, pptr, pidx, fused, wcoef, ptable, lo, hi,
    cur_s, nxt_s, wsum_s, code_s, list_a_s, list_b_s, touched_s, acc_s, out,
):  # fmt: skip
    # One middle node x at a time (chunks of x in parallel, one scratch row per chunk):
    #   walk counts c_i = (A^i)_{x.} for i = 1..K by sparse propagation with frontier lists,
    #   W_x = sum_i a_i c_i, Pi_x = sum_j b_j [c_j > 0] (as a presence code, see
    #   presence_codes), then for every v in the support (the K-ball of x),
    #   out[s, v] += W_xv * sum_{u in M_s(v)} Pi_xu     (W, Pi symmetric).
    # The mask entries (v, u) are split (plan_walks): "pulled" ones are read from v's row
    # when v is in the ball, "pushed" ones are added from u (pptr / pidx: the rows v that
    # u is pushed to) into acc[s, v] when u is in the ball, each from the end whose ball is
    # smaller: a hub, in almost every ball, no longer reads its whole row for every x. For a
    # ``fused`` mask (symmetric: its pushed lists are its pulled rows) one pass over v's row
    # does both: it pulls Pi_xu into v's sum and pushes Pi_xv into u's.
    K = wcoef.shape[0]
    ne1 = K // 2 + 1
    nmask = mptr.shape[0]
    for c in numba.prange(lo.shape[0]):
        cur = cur_s[c]
        nxt = nxt_s[c]
        wsum = wsum_s[c]
        code = code_s[c]
        cur_list = list_a_s[c]
        nxt_list = list_b_s[c]
        touched = touched_s[c]
        acc_p = acc_s[c]
        o = out[c]
        for x in range(lo[c], hi[c]):
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
                u = touched[t]
                pu = ptable[code[u]]
                for s in range(nmask):
                    for p in range(pptr[s, u], pptr[s, u + 1]):
                        v = pidx[p]
                        if code[v] != 0:  # v in the ball: W_xv > 0
                            acc_p[s, v] += pu
            for t in range(nt):
                v = touched[t]
                for s in range(nmask):
                    acc = 0.0
                    if fused[s]:
                        pv = ptable[code[v]]
                        for p in range(mptr[s, v], mptr[s, v + 1]):
                            u = midx[p]
                            cu = code[u]
                            acc += ptable[cu]
                            if cu != 0:
                                acc_p[s, u] += pv
                    else:
                        for p in range(mptr[s, v], mptr[s, v + 1]):
                            acc += ptable[code[midx[p]]]
                    acc_p[s, v] += acc
            for t in range(nt):
                v = touched[t]
                wv = wsum[v]
                for s in range(nmask):
                    o[s, v] += wv * acc_p[s, v]
                    acc_p[s, v] = 0.0
            for t in range(nt):
                v = touched[t]
                wsum[v] = 0.0
                code[v] = 0


#: Estimated walk steps (:func:`walk_work_estimate`'s units) done per second per thread by the
#: middle-node kernel (K >= 3): exact TC at K = 2 on ``hyperbolic-1m`` (1M nodes, 10M edges),
#: 1.8e11 estimated steps, took 229 CPU s on 2 threads (load 4), about 7.8e8 per second and
#: thread. Only used to say how long a refused run would take.
STEPS_PER_SECOND_PER_THREAD = 7.8e8

#: The same for the K = 2 hub kernels (:func:`~graphlab.kernels.walk_hubs.hub_split`'s
#: estimated steps): exact TC at K = 2 on ``hyperbolic-1m``, 1.0e11 estimated steps, took 78 CPU
#: s for the whole call on 2 threads (load 7), 1.3e9 per CPU second; on
#: ``hyperbolic-citation2``, 4.2e11 steps, 513 CPU s for the whole ``graphlab tc`` process
#: (load 5-8), 8.1e8. 1e9 is within 25% of both.
HUB_STEPS_PER_SECOND_PER_THREAD = 1e9

#: Most estimated walk steps (:func:`walk_work_estimate`) a run takes without being asked to:
#: ``$GRAPHLAB_MAX_WALK_STEPS`` (a number such as ``5e12``) or 2e12: about 20 minutes on two
#: cores here at K >= 3, 17 at K = 2 (the hub kernels' steps). Exact TC at K = 2 on a
#: heavy-tailed graph of 10M edges is about 1.0e11 of the hub kernels' steps, of 30M edges
#: 4.2e11; at K = 3 about 2e13 and 1.6e14.
DEFAULT_MAX_WALK_STEPS = 2e12


def max_walk_steps(max_steps: float | None = None) -> float:
    """``max_steps``, or ``$GRAPHLAB_MAX_WALK_STEPS``, or :data:`DEFAULT_MAX_WALK_STEPS`.

    Raises
    ------
    InputError
        If the value is not a positive number (``inf`` turns the guard off).

    Examples
    --------
    >>> max_walk_steps(1e9)
    1000000000.0
    """
    import os

    where = "max_steps"
    value: Any = max_steps
    if value is None:
        value = os.environ.get("GRAPHLAB_MAX_WALK_STEPS") or DEFAULT_MAX_WALK_STEPS
        where = "$GRAPHLAB_MAX_WALK_STEPS"
    try:
        out = float(value)
    except (TypeError, ValueError):
        out = float("nan")
    if not out > 0:
        raise InputError(f"{where} must be a positive number of walk steps, got {value!r}")
    return out


def ball_estimate(indptr: np.ndarray, indices: np.ndarray, hops: int) -> np.ndarray:
    """Upper estimate of the size of every node's K-ball: its walks of 1..K steps, at most N.

    ``K - 1`` sparse matrix-vector products. It orients the mask entries of the sparse walk
    kernel (:func:`split_masks`): each entry is handled from the end with the smaller ball.

    Examples
    --------
    >>> import graphlab as gl
    >>> g = gl.Graph.from_edge_index([[0, 1], [1, 2]])
    >>> ball_estimate(g.indptr_np, g.indices_np, 2)
    array([3., 3., 3.])
    """
    n = indptr.shape[0] - 1
    adj = sp.csr_array((np.ones(indices.shape[0]), indices, indptr), shape=(n, n))
    cur = np.diff(indptr).astype(np.float64)
    total = cur.copy()
    for _ in range(hops - 1):
        cur = np.minimum(adj @ cur, n)
        total += cur
    return np.minimum(total, n)


@numba.njit(cache=True, nogil=True)
def _split_counts(mp, mi, ball, keep, push):
    for v in range(mp.shape[0] - 1):
        for p in range(mp[v], mp[v + 1]):
            u = mi[p]
            if ball[v] < ball[u] or (ball[v] == ball[u] and v < u):
                keep[v] += 1
            else:
                push[u] += 1


@numba.njit(cache=True, nogil=True)
def _split_fill(mp, mi, ball, kptr, kidx, pptr, pidx, fill):
    for v in range(mp.shape[0] - 1):
        k = kptr[v]
        for p in range(mp[v], mp[v + 1]):
            u = mi[p]
            if ball[v] < ball[u] or (ball[v] == ball[u] and v < u):
                kidx[k] = u
                k += 1
            else:
                pidx[pptr[u] + fill[u]] = v
                fill[u] += 1


def split_masks(
    masks: Sequence[tuple[np.ndarray, np.ndarray]], ball: np.ndarray, ids: Any = np.int64
) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[tuple[np.ndarray, np.ndarray]]]:
    """Each mask's entries ``(v, u)`` split by the end the sparse walk kernel handles them from.

    An entry is *pulled* (kept in row ``v``: read when ``v`` is in a middle node's ball) when
    ``(ball[v], v) < (ball[u], u)``, else *pushed* (listed under ``u``: added to ``v`` when
    ``u`` is in the ball); so each costs the smaller of the two balls over all middle nodes.
    Returns the pulled masks and the pushed ones (row ``u`` lists, in increasing order, the
    ``v`` that ``u`` is pushed to), both as CSR patterns with ``ids`` column indices. The order
    is strict, so a symmetric mask without diagonal entries gets pushed lists equal to its
    pulled rows (the kernel then reads each list once for both).

    Examples
    --------
    Path 0 - 1 - 2 whose middle node has the larger ball: its two entries are pushed from
    the ends, the ends' entries are pulled from their rows.

    >>> mp, mi = np.array([0, 1, 3, 4]), np.array([1, 0, 2, 1])
    >>> pulled, pushed = split_masks([(mp, mi)], np.array([2.0, 3.0, 2.0]))
    >>> [a.tolist() for a in pulled[0]], [a.tolist() for a in pushed[0]]
    ([[0, 1, 1, 2], [1, 1]], [[0, 1, 1, 2], [1, 1]])
    """
    pulled, pushed = [], []
    for mp, mi in masks:
        n = mp.shape[0] - 1
        keep = np.zeros(n, dtype=np.int64)
        push = np.zeros(n, dtype=np.int64)
        _split_counts(mp, mi, ball, keep, push)
        kptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(keep, out=kptr[1:])
        pptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(push, out=pptr[1:])
        kidx = np.empty(int(kptr[-1]), dtype=ids)
        pidx = np.empty(int(pptr[-1]), dtype=ids)
        _split_fill(mp, mi, ball, kptr, kidx, pptr, pidx, np.zeros(n, dtype=np.int64))
        pulled.append((kptr, kidx))
        pushed.append((pptr, pidx))
    return pulled, pushed


def mask_load(
    indptr: np.ndarray,
    indices: np.ndarray,
    masks: Sequence[tuple[np.ndarray, np.ndarray]],
    hops: int,
) -> np.ndarray:
    """Mask entries the sparse walk kernel handles at each node of a ball (pulled + pushed).

    The kernel's work for a middle node ``x`` is about the sum of this over the ``K``-ball of
    ``x`` (see :func:`split_masks`).
    """
    ball = ball_estimate(indptr, indices, hops)
    n = indptr.shape[0] - 1
    load = np.zeros(n, dtype=np.int64)
    for mp, mi in masks:
        keep = np.zeros(n, dtype=np.int64)
        push = np.zeros(n, dtype=np.int64)
        _split_counts(mp, mi, ball, keep, push)
        load += keep + push
    return load


def walk_work_estimate(
    indptr: np.ndarray, indices: np.ndarray, mask_degree: np.ndarray, hops: int
) -> np.ndarray:
    """Upper estimate of the sparse walk kernel's steps for each middle node ``x``.

    The kernel propagates walk counts from ``x`` for ``K - 1`` steps (the ``(K-1)``-walks times
    the degrees they reach) and then handles, at every node of the ``K``-ball of ``x``, its
    mask entries (:func:`mask_load`: those pulled from its row and those pushed from it; the
    plain mask degrees bound them too). That is bounded by
    :math:`\\min\\big(\\sum_{i=1}^K (A^i m)_x, \\sum_v m_v\\big)` with ``m`` the entries per
    node (walks count ``v`` once per walk, the ball once). ``2K - 1`` sparse matrix-vector
    products.

    Examples
    --------
    >>> import graphlab as gl
    >>> g = gl.Graph.from_edge_index([[0, 1], [1, 2]])
    >>> walk_work_estimate(g.indptr_np, g.indices_np, g.degree(), 2)
    array([7., 8., 7.])
    """
    n = indptr.shape[0] - 1
    nnz = float(indices.shape[0])
    adj = sp.csr_array((np.ones(indices.shape[0]), indices, indptr), shape=(n, n))
    cur = np.diff(indptr).astype(np.float64)
    prop = cur.copy()  # reading x's row, then the rows of each frontier
    for _ in range(hops - 1):
        cur = np.minimum(adj @ cur, nnz)
        prop += cur
    m = np.asarray(mask_degree, dtype=np.float64)
    total = float(m.sum())
    pull = np.zeros(n)
    cur = m
    for _ in range(hops):  # the ball is reached at hops 1 .. K
        cur = np.minimum(adj @ cur, total)
        pull += cur
    return np.minimum(pull, total) + np.minimum(prop, nnz * hops)


class WalkCostError(InputError):
    """A walk computation refused up front: its estimated steps exceed the limit."""


def check_walk_cost(
    indptr: np.ndarray,
    indices: np.ndarray,
    masks: Sequence[tuple[np.ndarray, np.ndarray]],
    hops: int,
    max_steps: float | None = None,
    budget: int | None = None,
) -> float:
    """Estimated steps of the sparse walk kernel; :class:`WalkCostError` above the limit.

    The message gives the estimate (at K = 2 the hub kernels' estimated steps,
    :func:`~graphlab.kernels.walk_hubs.hub_split`, at :data:`HUB_STEPS_PER_SECOND_PER_THREAD`;
    at K >= 3 :func:`walk_work_estimate` at :data:`STEPS_PER_SECOND_PER_THREAD`), the time it
    would take and the memory it would hold
    (:func:`walk_memory_estimate`, with the workers ``budget`` allows), and how to raise the
    limit (:func:`max_walk_steps`).

    Examples
    --------
    >>> import graphlab as gl
    >>> g = gl.Graph.from_edge_index([[0, 1], [1, 2]])
    >>> ip, ix = g.indptr_np, g.indices_np
    >>> check_walk_cost(ip, ix, [(ip, ix)], 2)
    23.0
    >>> check_walk_cost(ip, ix, [(ip, ix)], 2, max_steps=10)
    Traceback (most recent call last):
    ...
    graphlab.kernels.walk_sparse.WalkCostError: exact K=2 walks refused: about 23 walk steps ...
    """
    limit = max_walk_steps(max_steps)
    n = indptr.shape[0] - 1
    if hops == 2:  # the hub kernels (plan_walks at K = 2)
        steps = hub_split(indptr, indices, masks).total_work
        rate = HUB_STEPS_PER_SECOND_PER_THREAD
        per_worker = hub_walk_scratch_bytes(n, len(masks))
    else:
        load = mask_load(indptr, indices, masks, hops)
        steps = float(walk_work_estimate(indptr, indices, load, hops).sum())
        rate = STEPS_PER_SECOND_PER_THREAD
        per_worker = walk_scratch_bytes(n, len(masks))
    if steps <= limit:
        return steps
    threads = numba.get_num_threads()
    seconds = steps / (rate * threads)
    # as many scratch sets as plan_walks gives chunks under the budget
    chunks = 4 * threads if budget is None else min(4 * threads, max(1, budget // per_worker))
    mem = walk_memory_estimate(
        n, int(indices.shape[0]), int(sum(mi.shape[0] for _, mi in masks)), len(masks), chunks
    )
    took = f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"
    raise WalkCostError(
        f"exact K={hops} walks refused: about {steps:.2g} walk steps on {n:,} nodes "
        f"(mask entries over the {hops}-hop balls they meet), about {took} on {threads} "
        f"thread{'s' if threads != 1 else ''} and {memory_text(mem)} of memory; the limit is "
        f"{limit:.2g} steps: raise it (the environment variable GRAPHLAB_MAX_WALK_STEPS, "
        f"e.g. {10 ** np.ceil(np.log10(steps)):.0e}, or max_steps in Python) to run anyway, "
        "or use ATC, O(K d |E|) (graphlab tc --approx)"
    )


def memory_text(n: float) -> str:
    """Bytes in words: ``1.5 GiB``."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError  # pragma: no cover


def walk_memory_estimate(n: int, nnz: int, mask_nnz: int, num_masks: int, workers: int) -> int:
    """Bytes the sparse walk kernel holds: relabelled graph and masks, scratch, partial sums.

    Plus 16 bytes per entry of transients while relabelling (the matrix values of the reverse
    Cuthill-McKee ordering, the gather indices of the permutation): 0.75 GiB for a graph of 1M
    nodes and 20M entries, measured 0.79 GiB above the loaded graph.
    """
    # the masks' pulled rows and pushed lists: two row pointers per mask, each entry once
    relabelled = 8 * (n + 1 + nnz) + 8 * (2 * num_masks * (n + 1) + mask_nnz) + 16 * nnz
    return int(relabelled + workers * (walk_scratch_bytes(n, num_masks) + 8 * num_masks * n))


@numba.njit(parallel=True, cache=True, nogil=True)
def _permute_rows(indptr, indices, perm, inv, new_ptr, new_idx):
    # new row i = old row perm[i], columns relabelled by inv, sorted
    for i in numba.prange(perm.shape[0]):
        o = perm[i]
        start, d = indptr[o], new_ptr[i]
        length = indptr[o + 1] - start
        for j in range(length):
            new_idx[d + j] = inv[indices[start + j]]
        new_idx[d : d + length] = np.sort(new_idx[d : d + length])


def permute_csr(
    indptr: np.ndarray, indices: np.ndarray, perm: np.ndarray, inv: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """CSR pattern with rows and columns relabelled: new row ``i`` is old row ``perm[i]``.

    Rows come out sorted, as rows of a CSR pattern are everywhere else (and a symmetric
    mask's pulled rows then equal its pushed lists, :func:`split_masks`).

    Examples
    --------
    >>> ptr, idx = permute_csr(np.array([0, 2, 3, 4]), np.array([1, 2, 0, 0]),
    ...                        np.array([2, 0, 1]), np.array([1, 2, 0]))
    >>> ptr.tolist(), idx.tolist()
    ([0, 1, 3, 4], [1, 0, 2, 1])
    """
    lens = np.diff(indptr)[perm]
    new_ptr = np.zeros(indptr.shape[0], dtype=np.int64)
    np.cumsum(lens, out=new_ptr[1:])
    new_idx = np.empty(int(new_ptr[-1]), dtype=np.int64)
    _permute_rows(indptr, indices, perm, inv, new_ptr, new_idx)
    return new_ptr, new_idx


@dataclass(frozen=True, eq=False)
class WalkPlan:
    """What every block of the sparse walk kernel shares, computed once by :func:`plan_walks`.

    Nodes are relabelled by reverse Cuthill-McKee (see :func:`plan_walks`); every array below is
    in the new labels except ``inverse``, which maps old ids to new ones. A plan is immutable
    and picklable: an executor sends it once to every worker and runs :func:`walk_block` on it.

    Attributes
    ----------
    num_nodes : int
        ``N``.
    indptr, indices : int64 array of shape [N + 1], int32 (int64 beyond 2^31 nodes) of [nnz]
        The relabelled CSR pattern of the adjacency.
    mask_indptr : int64 array of shape [S, N + 1]
        Row pointers of the ``S`` relabelled masks into ``mask_indices``: mask ``s``, row ``v``
        spans ``mask_indptr[s, v] .. mask_indptr[s, v + 1]``.
    mask_indices : int32 (int64 beyond 2^31 nodes) array
        Column indices of all masks, concatenated: the entries pulled from row ``v``
        (:func:`split_masks`).
    push_indptr, push_indices : like ``mask_indptr``, ``mask_indices``
        The pushed entries: row ``u`` of mask ``s`` lists the ``v`` whose sums ``u`` adds to
        (empty for a fused mask).
    fused : uint8 array of shape [S]
        1 for a mask whose pushed lists equal its pulled rows (a symmetric mask): the kernel
        pulls and pushes in one pass over each row.
    walk_coef : float64 array of shape [K]
        ``a_1 .. a_K``.
    presence_table : float64 array
        Presence weight of each presence code (:func:`presence_codes`).
    code_dtype : numpy scalar type
        Dtype of the presence codes (one byte up to K = 29).
    workers : int
        Parallel chunks of one block, each with its own length-``N`` accumulators
        (:func:`walk_scratch_bytes` each); bounded by the memory budget.
    work : float64 array of shape [N]
        Estimated work per middle node, used to balance blocks and chunks.
    inverse : int64 array of shape [N]
        New label of each original node id.
    block_bounds : int64 array
        Boundaries of the blocks of middle nodes (``len - 1`` blocks).
    """

    num_nodes: int
    indptr: np.ndarray
    indices: np.ndarray
    mask_indptr: np.ndarray
    mask_indices: np.ndarray
    push_indptr: np.ndarray
    push_indices: np.ndarray
    fused: np.ndarray
    walk_coef: np.ndarray
    presence_table: np.ndarray
    code_dtype: Any
    workers: int
    work: np.ndarray
    inverse: np.ndarray
    block_bounds: np.ndarray

    @property
    def num_masks(self) -> int:
        """``S``, the number of masks."""
        return int(self.mask_indptr.shape[0])

    @property
    def num_blocks(self) -> int:
        """Number of blocks of middle nodes (tasks of an executor)."""
        return int(self.block_bounds.shape[0] - 1)


def plan_walks(
    indptr: np.ndarray,
    indices: np.ndarray,
    masks: Sequence[tuple[np.ndarray, np.ndarray]],
    walk_coef: np.ndarray,
    presence_coef: np.ndarray,
    budget: int,
    hubs: bool | None = None,
    max_hubs: int | None = None,
) -> WalkPlan | HubWalkPlan:
    """Everything the blocks of the sparse walk kernel share: relabelled graph, masks, blocks.

    At K = 2 (unless ``hubs`` is False) the plan is a
    :class:`~graphlab.kernels.walk_hubs.HubWalkPlan`: the hubs (at most ``max_hubs``, default
    :data:`~graphlab.kernels.walk_hubs.MAX_HUBS`) leave the middle of the walks and are
    summed in closed form (:mod:`~graphlab.kernels.walk_hubs`); ``hubs=False`` keeps the
    middle-node kernel with pulled and pushed entries (:class:`WalkPlan`), the reference the
    tests and the benchmark compare with. :func:`walk_block` and :func:`walk_presence_sparse`
    run either.

    Raises
    ------
    MemoryBudgetError
        If one worker's accumulators (:func:`walk_scratch_bytes`) exceed ``budget``.
    """
    n = indptr.shape[0] - 1
    nmask = len(masks)
    hub_path = walk_coef.shape[0] == 2 and hubs is not False
    # Relabel by reverse Cuthill-McKee: neighbourhoods get nearby ids, so the kernel's random
    # reads into its length-N accumulators hit cache (3x faster on the DBLP projection).
    from scipy.sparse.csgraph import reverse_cuthill_mckee

    adj = sp.csr_array((np.ones(indices.shape[0]), indices, indptr), shape=(n, n))
    perm = reverse_cuthill_mckee(adj, symmetric_mode=True).astype(np.int64)
    inv = np.empty(n, dtype=np.int64)
    inv[perm] = np.arange(n, dtype=np.int64)
    graph = (indptr, indices)
    indptr, indices = permute_csr(indptr, indices, perm, inv)
    # a mask that is the graph itself (the training variant) is relabelled once
    masks = [
        (indptr, indices) if mp is graph[0] and mi is graph[1] else permute_csr(mp, mi, perm, inv)
        for mp, mi in masks
    ]
    del graph
    ptable, code_dtype = presence_codes(presence_coef)
    per_worker = walk_scratch_bytes(n, nmask, np.dtype(code_dtype).itemsize)
    if hub_path:
        per_worker = hub_walk_scratch_bytes(n, nmask, n // 64)
    if per_worker > budget:
        raise MemoryBudgetError(
            f"memory budget of {budget:,} bytes is too small for one row: the per-node walk "
            f"kernel needs about {per_worker:,} bytes of accumulators for {n:,} nodes; raise "
            "the memory budget"
        )
    threads = numba.get_num_threads()
    nch = int(max(1, min(4 * threads, budget // per_worker)))
    if hub_path:
        return plan_hub_walks(indptr, indices, masks, walk_coef, presence_coef, nch, inv, max_hubs)
    # int32 ids where they fit: the kernel streams a mask row per node of every ball (most of
    # its memory traffic), so half the bytes per entry
    ids = np.int32 if n < 2**31 else np.int64
    hops = walk_coef.shape[0]
    pulled, pushed = split_masks(masks, ball_estimate(indptr, indices, hops), ids)
    del masks
    # symmetric masks: the pushed lists are the pulled rows, read once by the kernel
    fused = np.array(
        [np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]) for a, b in zip(pulled, pushed)],
        dtype=np.uint8,
    )
    mptr, midx = stack_masks(pulled, ids)
    pptr, pidx = stack_masks(
        [(np.zeros_like(b[0]), b[1][:0]) if f else b for b, f in zip(pushed, fused)], ids
    )
    load = np.zeros(n, dtype=np.int64)
    for ptr, _ in (*pulled, *pushed):
        load += np.diff(ptr)
    del pulled, pushed
    # work per middle node: its walks and the mask entries handled over its ball
    work = walk_work_estimate(indptr, indices, load, hops)
    indices = indices.astype(ids)
    # Blocks of middle nodes of about equal work, each split into `nch` parallel chunks. Each
    # block's contribution is summed on its own and the blocks are added in order, so the
    # numbers depend on the blocks and `nch` only (both fixed here), not on where blocks run.
    nblocks = int(min(32, max(8, work.sum() // 2e8), max(n, 1)))
    return WalkPlan(
        num_nodes=n,
        indptr=indptr,
        indices=indices,
        mask_indptr=mptr,
        mask_indices=midx,
        push_indptr=pptr,
        push_indices=pidx,
        fused=fused,
        walk_coef=walk_coef,
        presence_table=ptable,
        code_dtype=code_dtype,
        workers=nch,
        work=work,
        inverse=inv,
        block_bounds=chunk_bounds(work, nblocks),
    )


def walk_block(plan: WalkPlan | HubWalkPlan, k: int, advance: Any = None) -> np.ndarray:
    """Contribution of the middle nodes of block ``k`` to every node, shape [masks, N].

    ``advance(steps)``, when given, is called after every time slice with the estimated walk
    steps it did (a progress bar's ``update``). Either kind of plan (:func:`plan_walks`).
    """
    if isinstance(plan, HubWalkPlan):
        return hub_block(plan, k, advance)
    n, nch, work = plan.num_nodes, plan.workers, plan.work
    lo, hi = int(plan.block_bounds[k]), int(plan.block_bounds[k + 1])
    bounds = lo + chunk_bounds(work[lo:hi], nch)
    if bounds.shape[0] < nch + 1:  # fewer rows than chunks: pad with empty chunks
        bounds = np.concatenate([bounds, np.full(nch + 1 - bounds.shape[0], hi)])
    scratch = {
        "cur_s": np.zeros((nch, n)),
        "nxt_s": np.zeros((nch, n)),
        "wsum_s": np.zeros((nch, n)),
        "code_s": np.zeros((nch, n), plan.code_dtype),
        "list_a_s": np.empty((nch, n), np.int64),
        "list_b_s": np.empty((nch, n), np.int64),
        "touched_s": np.empty((nch, n), np.int64),
        "acc_s": np.zeros((nch, plan.num_masks, n)),
    }
    out = np.zeros((nch, plan.num_masks, n))

    def kernel(lo: np.ndarray, hi: np.ndarray) -> None:
        _walk_presence_kernel(
            plan.indptr, plan.indices, plan.mask_indptr, plan.mask_indices, plan.push_indptr,
            plan.push_indices, plan.fused, plan.walk_coef, plan.presence_table, lo, hi,
            **scratch, out=out,
        )  # fmt: skip

    # time slices, Ctrl-C honoured between them; each chunk adds its middle nodes to its own
    # slab in the same order as in one call, so the sums are bit-identical
    with limited_threads(nch):
        run_sliced(kernel, bounds, work, advance=advance)
    return out.sum(axis=0)


def walk_presence_sparse(
    plan: WalkPlan | HubWalkPlan, desc: str | None = None, executor: Any = None
) -> np.ndarray:
    """All blocks of a :func:`plan_walks` plan, added in block order, in original node order."""
    from ..parallel import remote_executor

    total = np.zeros((plan.num_masks, plan.num_nodes))
    remote = remote_executor(executor)
    if remote is None:
        # here: one bar over the estimated walk steps, advanced every time slice, so a run of
        # minutes shows its rate and the time left from the first seconds on
        from ..progress import progress_bar

        steps = float(plan.work.sum())
        with progress_bar(steps, desc=desc, unit="step", unit_scale=True) as bar:
            for k in range(plan.num_blocks):
                total += walk_block(plan, k, bar.update)
        return total[:, plan.inverse]
    for part in remote.map(walk_block, range(plan.num_blocks), plan, desc=desc):
        total += part
    return total[:, plan.inverse]
