"""Exact K = 2 walk sums with the hubs in closed form: the sparse path of
:func:`~graphlab.kernels.walk_presence_rowsums` at K = 2.

At K = 2 the sums are, for every mask entry ``(v, u)``,

.. math::
    S(v, u) = \\sum_x W_{vx} \\Pi_{ux}, \\qquad W = a_1 A + a_2 A^2, \\quad
    \\Pi = b_1 A + b_2 P^2, \\quad P^2_{ux} = 1[(A^2)_{ux} > 0],

and the result is :math:`r_s(v) = \\sum_{u \\in M_s(v)} S(v, u)`. The middle-node kernel of
:mod:`~graphlab.kernels.walk_sparse` visits, for every middle node ``x``, every mask entry with
both ends in the 2-ball of ``x``. On a heavy-tailed graph a hub ``h`` of degree ``D`` puts its
whole neighbourhood into the ball of each of its ``D`` neighbours, so the entries among its
neighbours are visited ``D`` times each: on a 1M-node hyperbolic graph most of the work.

Here the hubs ``H`` (the largest degrees, at most :data:`MAX_HUBS`) are taken out of the middle
of the 2-walks. Split :math:`A^2 = A^2_L + \\sum_{h \\in H} A_{\\cdot h} A_{h \\cdot}` by the
middle node (``L``: not a hub) and ``W = W_L + a_2 \\sum_h A_{\\cdot h} A_{h \\cdot}``; then

.. math::
    S(v, u) = \\sum_x (W_L)_{vx} \\Pi_{ux}
      + a_2 \\sum_{h \\in H \\cap N(v)} F(h, u), \\qquad
    F(h, u) = \\sum_{x \\in N(h)} \\Pi_{ux},

exactly: walk counts are additive over middle nodes. Presence is not: ``x`` is two steps from
``u`` if some neighbour of ``u`` is adjacent to ``x``, and several hubs (or a hub and an
ordinary node) may do it at once. It is kept exact by giving each node the bitset
``sig(x)`` of its hub neighbours: ``x`` reaches ``u`` in two steps through a hub iff
``sig(x) & sig(u) != 0``, so :math:`P^2_{ux} = [x \\in N^2_L(u)] \\lor [\\mathrm{sig}(x)
\\wedge \\mathrm{sig}(u) \\neq 0]`, one test per lookup instead of enumerating a hub's
neighbourhood. Three kernels add up the result:

* middle kernel: every middle node ``x`` walks ``W_L`` (never stepping through a hub) and
  adds ``(W_L)_{xv} \\Pi_{xu}`` to the *pulled* entries ``(v, u)`` of every ``v`` it
  reaches, ``Π`` looked up with the hub test;
* hub kernel: every hub ``h`` counts ``F(h, u)`` for all ``u`` near it (the pairs reached
  through an ordinary middle node, with the hub test; those reached through hubs, by the
  histogram of the signatures of ``N(h)``) and adds ``a_2 F(h, u)`` to the pulled entries of
  its neighbours;
* direct kernel: a row ``v`` with a large 2-ball computes its whole walk vector
  ``W_v`` once and each of its *direct* entries as ``\\sum_x W_{vx} \\Pi_{ux}`` from the
  2-ball of ``u`` (through hubs: the ``W_v`` mass of each signature class, summed over the
  classes that meet ``sig(u)``).

An entry is direct when ``u``'s 2-ball is smaller than the number of middle nodes that would
visit ``v`` (:func:`hub_split`). Work drops from
:math:`\\sum_{(v,u)} \\min(|\\mathrm{ball}(v)|, |\\mathrm{ball}(u)|)` with hub-inflated balls to
the same sum over balls without hub middles, plus :math:`\\sum_h \\sum_{x \\in N(h)}
|N^2_L(x)|` for the hubs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numba
import numpy as np
import scipy.sparse as sp

from .blocks import chunk_bounds, limited_threads, run_sliced

__all__ = [
    "DIRECT_STEP_COST",
    "HUB_MIN_DEGREE_FACTOR",
    "HUB_STEP_COST",
    "MAX_HUBS",
    "HubSplit",
    "HubWalkPlan",
    "choose_hubs",
    "hub_block",
    "hub_split",
    "hub_walk_scratch_bytes",
    "plan_hub_walks",
    "stack_masks",
]

#: Most hubs taken out of the middle of the walks: one 64-bit word of signature per node
#: (more hubs cost more in signature classes than they save: measured on hyperbolic graphs).
MAX_HUBS = 64

#: Cost of a step of the direct kernel (random reads over the ball of ``u``, with stamps) in
#: steps of the middle kernel (which reads mask rows in order); measured about 3.5 on a
#: 100k-node hyperbolic graph. Decides the split (:func:`hub_split`) and weighs the work.
DIRECT_STEP_COST = 3.5

#: Cost of a step of the hub kernel in steps of the middle kernel, measured the same way.
HUB_STEP_COST = 3.0

#: A node is a hub candidate when its degree is at least this times the mean degree.
HUB_MIN_DEGREE_FACTOR = 8.0


@numba.njit(cache=True, nogil=True, inline="always")
def _meet(sig, a, b):
    # do nodes a and b share a hub neighbour (bitsets of their hub neighbours intersect)?
    for w in range(sig.shape[1]):  # noqa: SIM110 (a generator in numba's nopython code)
        if sig[a, w] & sig[b, w]:
            return True
    return False


@numba.njit(cache=True, nogil=True, inline="always")
def _meeting_mass(csig, clist, ncl, cu, mass):
    # total mass of the listed signature classes whose hub bitset meets class cu's: the
    # nodes of those classes are two steps from any node of class cu through a hub
    g = 0.0
    for i in range(ncl):
        ci = clist[i]
        if _meet(csig, ci, cu):
            g += mass[ci]
    return g


@numba.njit(parallel=True, cache=True, nogil=True)
def _middle_kernel(
    indptr, indices, mptr, midx, is_hub, sig, has_sig, a1, a2, ptable, lo, hi,
    wsum_s, code_s, touched_s, out,
):  # fmt: skip
    # Middle node x: W_L from x (1-walks, 2-walks through non-hubs), presence codes of the same
    # ball (bit 2: one step, bit 1: two steps), then every pulled entry (v, u) of every v in
    # the ball adds W_L[x, v] * Pi[x, u]; u two steps away through a hub only is found by the
    # signature test.
    nmask = mptr.shape[0]
    for c in numba.prange(lo.shape[0]):
        wsum = wsum_s[c]
        code = code_s[c]
        touched = touched_s[c]
        o = out[c]
        for x in range(lo[c], hi[c]):
            if indptr[x] == indptr[x + 1]:
                continue
            nt = 0
            for p in range(indptr[x], indptr[x + 1]):
                y = indices[p]
                if code[y] == 0:
                    touched[nt] = y
                    nt += 1
                code[y] |= 2
                wsum[y] += a1
            for p in range(indptr[x], indptr[x + 1]):
                y = indices[p]
                if is_hub[y]:
                    continue
                for q in range(indptr[y], indptr[y + 1]):
                    z = indices[q]
                    if code[z] == 0:
                        touched[nt] = z
                        nt += 1
                    code[z] |= 1
                    wsum[z] += a2
            xs = has_sig[x]
            for t in range(nt):
                v = touched[t]
                wv = wsum[v]
                for s in range(nmask):
                    acc = 0.0
                    for p in range(mptr[s, v], mptr[s, v + 1]):
                        u = midx[p]
                        cu = code[u]
                        if xs and (cu & 1) == 0 and has_sig[u] and _meet(sig, x, u):
                            cu |= 1
                        acc += ptable[cu]
                    o[s, v] += wv * acc
            for t in range(nt):
                v = touched[t]
                wsum[v] = 0.0
                code[v] = 0


@numba.njit(parallel=True, cache=True, nogil=True)
def _hub_kernel(
    indptr, indices, mptr, midx, dptr, didx, is_hub, sig, has_sig, cls, csig, hubs, a2, b1, b2,
    lo, hi, f_s, mark_s, stamp_s, sid_s, touched_s, ccount_s, clist_s, gval_s, gstamp_s, out,
):  # fmt: skip
    # Hub h: F(h, u) = sum_{x in N(h)} Pi[u, x] for every u near h, then a2 * F(h, u) added to
    # the pulled entries (v, u) of every neighbour v of h.
    nmask = mptr.shape[0]
    for c in numba.prange(lo.shape[0]):
        f = f_s[c]
        mark = mark_s[c]
        stamp = stamp_s[c]
        touched = touched_s[c]
        ccount = ccount_s[c]
        clist = clist_s[c]
        gval = gval_s[c]
        gstamp = gstamp_s[c]
        # stamps outlive a call of run_sliced: the counter goes on where the last call ended
        sid = sid_s[c]
        for k in range(lo[c], hi[c]):
            h = hubs[k]
            nt = 0
            ncl = 0
            for p in range(indptr[h], indptr[h + 1]):
                x = indices[p]
                cx = cls[x]  # >= 0: x is adjacent to the hub h
                if ccount[cx] == 0:
                    clist[ncl] = cx
                    ncl += 1
                ccount[cx] += 1
                # one step from x: b1 * |N(h) ∩ N(u)|
                for q in range(indptr[x], indptr[x + 1]):
                    u = indices[q]
                    if mark[u] == 0:
                        mark[u] = 1
                        touched[nt] = u
                        nt += 1
                    f[u] += b1
                # two steps from x through an ordinary node, unless a hub also links them
                # (those are counted by the class histogram below)
                sid += 1
                for q in range(indptr[x], indptr[x + 1]):
                    z = indices[q]
                    if is_hub[z]:
                        continue
                    for r in range(indptr[z], indptr[z + 1]):
                        u = indices[r]
                        if stamp[u] == sid:
                            continue
                        stamp[u] = sid
                        if has_sig[u] and _meet(sig, x, u):
                            continue
                        if mark[u] == 0:
                            mark[u] = 1
                            touched[nt] = u
                            nt += 1
                        f[u] += b2
            for p in range(indptr[h], indptr[h + 1]):
                v = indices[p]
                for s in range(2 * nmask):
                    # the pulled entries, then the direct ones (both walk through hubs here)
                    ptr, idx = (mptr, midx) if s < nmask else (dptr, didx)
                    acc = 0.0
                    for e in range(ptr[s % nmask, v], ptr[s % nmask, v + 1]):
                        u = idx[e]
                        val = f[u]
                        cu = cls[u]
                        if cu >= 0:
                            # x in N(h) two steps from u through a hub: the classes of N(h)
                            # whose signature meets u's
                            if gstamp[cu] != k:
                                gval[cu] = _meeting_mass(csig, clist, ncl, cu, ccount)
                                gstamp[cu] = k
                            val += b2 * gval[cu]
                        acc += val
                    o = out[c]
                    o[s % nmask, v] += a2 * acc
            for t in range(nt):
                u = touched[t]
                f[u] = 0.0
                mark[u] = 0
            for i in range(ncl):
                ccount[clist[i]] = 0
            sid_s[c] = sid


@numba.njit(parallel=True, cache=True, nogil=True)
def _direct_kernel(
    indptr, indices, mptr, midx, is_hub, sig, has_sig, cls, csig, rows, a1, a2, b1, b2, lo, hi,
    w_s, mark_s, stamp_s, sid_s, touched_s, wc_s, cin_s, clist_s, tval_s, tstamp_s, out,
):  # fmt: skip
    # Row v: its walk vector W_L[v] (no hub middles: the hub kernel adds those), its mass in
    # each signature class, then each direct entry (v, u) as b1 sum_{N(u)} W_L[v] +
    # b2 sum_{N^2(u)} W_L[v].
    nmask = mptr.shape[0]
    for c in numba.prange(lo.shape[0]):
        w = w_s[c]
        mark = mark_s[c]
        stamp = stamp_s[c]
        touched = touched_s[c]
        wc = wc_s[c]
        cin = cin_s[c]
        clist = clist_s[c]
        tval = tval_s[c]
        tstamp = tstamp_s[c]
        o = out[c]
        # stamps outlive a call of run_sliced: the counter goes on where the last call ended
        sid = sid_s[c]
        for k in range(lo[c], hi[c]):
            v = rows[k]
            nt = 0
            for p in range(indptr[v], indptr[v + 1]):
                y = indices[p]
                if mark[y] == 0:
                    mark[y] = 1
                    touched[nt] = y
                    nt += 1
                w[y] += a1
                if is_hub[y]:
                    continue  # walks through a hub: the hub kernel
                for q in range(indptr[y], indptr[y + 1]):
                    z = indices[q]
                    if mark[z] == 0:
                        mark[z] = 1
                        touched[nt] = z
                        nt += 1
                    w[z] += a2
            ncl = 0
            for t in range(nt):
                x = touched[t]
                cx = cls[x]
                if cx >= 0:
                    if cin[cx] == 0:
                        cin[cx] = 1
                        clist[ncl] = cx
                        ncl += 1
                    wc[cx] += w[x]
            for s in range(nmask):
                total = 0.0
                for e in range(mptr[s, v], mptr[s, v + 1]):
                    u = midx[e]
                    one = 0.0
                    for q in range(indptr[u], indptr[u + 1]):
                        one += w[indices[q]]
                    two = 0.0
                    hu = has_sig[u]
                    sid += 1
                    for q in range(indptr[u], indptr[u + 1]):
                        z = indices[q]
                        if is_hub[z]:
                            continue
                        for r in range(indptr[z], indptr[z + 1]):
                            x = indices[r]
                            if stamp[x] == sid:
                                continue
                            stamp[x] = sid
                            if hu and has_sig[x] and _meet(sig, x, u):
                                continue  # counted with its class below
                            two += w[x]
                    cu = cls[u]
                    if cu >= 0:
                        if tstamp[cu] != k:
                            tval[cu] = _meeting_mass(csig, clist, ncl, cu, wc)
                            tstamp[cu] = k
                        two += tval[cu]
                    total += b1 * one + b2 * two
                o[s, v] += total
            for t in range(nt):
                x = touched[t]
                w[x] = 0.0
                mark[x] = 0
            for i in range(ncl):
                ci = clist[i]
                wc[ci] = 0.0
                cin[ci] = 0
            sid_s[c] = sid


@numba.njit(cache=True, nogil=True)
def _split_entries(mp, mi, pull_cost, direct_cost, row_cost, flag):
    # flag[e] = 1 for a direct entry: u's 2-ball is cheaper than the middle nodes that visit v,
    # and v has enough such entries to pay for building its walk vector once
    for v in range(mp.shape[0] - 1):
        gain = 0.0
        for e in range(mp[v], mp[v + 1]):
            d = pull_cost[v] - direct_cost[mi[e]]
            if d > 0:
                gain += d
        on = gain > row_cost[v]
        for e in range(mp[v], mp[v + 1]):
            flag[e] = 1 if on and pull_cost[v] > direct_cost[mi[e]] else 0


@numba.njit(cache=True, nogil=True)
def _row_tallies(mp, mi, flag, direct_cost, pulled, direct_work):
    # per row: pulled entries, and the cost of its direct ones
    for v in range(mp.shape[0] - 1):
        for e in range(mp[v], mp[v + 1]):
            if flag[e]:
                direct_work[v] += direct_cost[mi[e]]
            else:
                pulled[v] += 1


@numba.njit(cache=True, nogil=True)
def _split_fill(mp, mi, flag, pptr, pidx, dptr, didx):
    for v in range(mp.shape[0] - 1):
        p, d = pptr[v], dptr[v]
        for e in range(mp[v], mp[v + 1]):
            if flag[e]:
                didx[d] = mi[e]
                d += 1
            else:
                pidx[p] = mi[e]
                p += 1


@dataclass(frozen=True, eq=False)
class HubSplit:
    """Hubs, signatures and the split of the mask entries (:func:`hub_split`).

    Attributes
    ----------
    hubs : int64 array
        The hub nodes, by decreasing degree.
    is_hub : uint8 array of shape [N]
    sig : uint64 array of shape [N, words]
        Bit ``i`` of node ``x``: ``x`` is adjacent to ``hubs[i]``.
    cls : int32 array of shape [N]
        Signature class of each node (``-1``: no hub neighbour).
    class_sig : uint64 array of shape [C, words]
        The distinct nonzero signatures.
    direct : list of uint8 arrays
        Per mask, per entry: 1 if computed by the direct kernel (else pulled).
    pulled_per_row : list of int64 arrays
        Per mask, pulled entries of each row.
    work_middle, work_hub, work_direct : float64 arrays
        Estimated steps per middle node, per hub, per node (its direct entries).
    """

    hubs: np.ndarray
    is_hub: np.ndarray
    sig: np.ndarray
    cls: np.ndarray
    class_sig: np.ndarray
    direct: list[np.ndarray]
    pulled_per_row: list[np.ndarray]
    work_middle: np.ndarray
    work_hub: np.ndarray
    work_direct: np.ndarray

    @property
    def total_work(self) -> float:
        """Estimated steps of all three kernels."""
        return float(self.work_middle.sum() + self.work_hub.sum() + self.work_direct.sum())


def choose_hubs(degree: np.ndarray, max_hubs: int | None = None) -> np.ndarray:
    """The hubs: the ``max_hubs`` largest degrees that are at least
    :data:`HUB_MIN_DEGREE_FACTOR` times the mean degree (and at least 8), largest first.

    Examples
    --------
    >>> deg = np.r_[np.ones(100, dtype=int), 200, 150, 30]  # mean 4.7: hubs from 37.3
    >>> choose_hubs(deg).tolist(), choose_hubs(deg, 1).tolist()
    ([100, 101], [100])
    """
    limit = MAX_HUBS if max_hubs is None else int(max_hubs)
    deg = np.asarray(degree)
    if deg.size == 0 or limit <= 0:
        return np.zeros(0, dtype=np.int64)
    floor = max(8.0, HUB_MIN_DEGREE_FACTOR * float(deg.mean()))
    cand = np.flatnonzero(deg >= floor)
    order = cand[np.argsort(-deg[cand], kind="stable")]
    return order[:limit].astype(np.int64)


def hub_split(
    indptr: np.ndarray,
    indices: np.ndarray,
    masks: Sequence[tuple[np.ndarray, np.ndarray]],
    max_hubs: int | None = None,
) -> HubSplit:
    """Hubs, their signatures, and which mask entries each kernel handles, with work estimates.

    With ``R(y) = deg(y) + sum_{z in N(y) \\ H} deg(z)`` (an upper bound on the ball of ``y``
    without hub middles: the middle nodes whose walk reaches ``y``), a pulled entry ``(v, u)``
    costs about ``R(v)`` lookups (one per middle node that reaches ``v``) and a direct one
    ``R(u) + deg(u)`` (``u``'s ball). An entry is direct when that is smaller and its row has
    enough such entries to pay for ``v``'s walk vector (``R(v)`` steps). Walks through hubs
    are added to both kinds by the hub kernel.

    Examples
    --------
    A star with 20 leaves and one edge between two leaves: the centre is the hub.

    >>> import graphlab as gl
    >>> g = gl.Graph.from_edge_index([[0] * 20 + [1], list(range(1, 21)) + [2]])
    >>> s = hub_split(g.indptr_np, g.indices_np, [(g.indptr_np, g.indices_np)])
    >>> s.hubs.tolist(), s.sig[:3, 0].tolist(), s.cls[:3].tolist()
    ([0], [0, 1, 1], [-1, 0, 0])
    """
    n = indptr.shape[0] - 1
    deg = np.diff(indptr).astype(np.float64)
    hubs = choose_hubs(np.diff(indptr), max_hubs)
    nh = hubs.shape[0]
    words = max(1, (nh + 63) // 64)
    is_hub = np.zeros(n, dtype=np.uint8)
    is_hub[hubs] = 1
    sig = np.zeros((n, words), dtype=np.uint64)
    for i, h in enumerate(hubs):
        sig[indices[indptr[h] : indptr[h + 1]], i // 64] |= np.uint64(1) << np.uint64(i % 64)
    has = sig.any(axis=1)
    cls = np.full(n, -1, dtype=np.int32)
    if has.any() and words == 1:
        class_word, inv = np.unique(sig[has, 0], return_inverse=True)
        class_sig = class_word[:, None]
        cls[has] = inv.reshape(-1).astype(np.int32)
    elif has.any():
        class_sig, inv = np.unique(sig[has], axis=0, return_inverse=True)
        cls[has] = inv.reshape(-1).astype(np.int32)
    else:
        class_sig = np.zeros((0, words), dtype=np.uint64)
    adj = sp.csr_array((np.ones(indices.shape[0]), indices, indptr), shape=(n, n))
    low = 1.0 - is_hub
    ball_low = np.minimum(deg + adj @ (deg * low), n)  # R(y)
    # the hub kernel adds the walks through hubs to pulled and direct entries alike, so only
    # the walks without hub middles decide
    pull_cost = ball_low
    direct_cost = DIRECT_STEP_COST * (ball_low + deg)
    direct: list[np.ndarray] = []
    pulled_per_row: list[np.ndarray] = []
    mp_all = np.zeros(n)
    m_all = np.zeros(n)
    n_direct = np.zeros(n, dtype=np.int64)
    work_direct = np.zeros(n)
    for mp, mi in masks:
        flag = np.zeros(mi.shape[0], dtype=np.uint8)
        _split_entries(mp, mi, pull_cost, direct_cost, DIRECT_STEP_COST * ball_low, flag)
        pulled = np.zeros(n, dtype=np.int64)
        _row_tallies(mp, mi, flag, direct_cost, pulled, work_direct)
        mp_all += pulled
        m_all += np.diff(mp)
        n_direct += np.diff(mp) - pulled
        direct.append(flag)
        pulled_per_row.append(pulled)
    has_direct = n_direct > 0
    work_direct[has_direct] += DIRECT_STEP_COST * ball_low[has_direct]
    # middle x: its walks, then the pulled rows of every node of its ball (no hub middles)
    pulled_near = adj @ mp_all
    work_middle = ball_low + pulled_near + adj @ (low * pulled_near)
    work_middle[deg == 0] = 0.0
    # hub h: the balls of its neighbours, then their pulled rows
    nb_ball = adj @ (ball_low + deg)
    work_hub = HUB_STEP_COST * (nb_ball[hubs] + (adj @ m_all)[hubs])
    return HubSplit(
        hubs=hubs, is_hub=is_hub, sig=sig, cls=cls, class_sig=class_sig, direct=direct,
        pulled_per_row=pulled_per_row, work_middle=work_middle, work_hub=work_hub,
        work_direct=work_direct,
    )  # fmt: skip


def stack_masks(
    masks: Sequence[tuple[np.ndarray, np.ndarray]], ids: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Masks stacked into one index array: mask ``s``, row ``v`` spans ``ptr[s, v] .. ptr[s, v+1]``.

    Examples
    --------
    >>> ptr, idx = stack_masks([(np.array([0, 1, 1]), np.array([1])),
    ...                         (np.array([0, 1, 2]), np.array([1, 0]))], np.int32)
    >>> ptr.tolist(), idx.tolist()
    ([[0, 1, 1], [1, 2, 3]], [1, 1, 0])
    """
    offsets = np.cumsum([0] + [m[1].shape[0] for m in masks])
    ptr = np.stack([m[0] + off for m, off in zip(masks, offsets[:-1])]).astype(np.int64)
    return ptr, np.concatenate([m[1] for m in masks]).astype(ids, copy=False)


def hub_walk_scratch_bytes(n: int, num_masks: int, num_classes: int = 0) -> int:
    """Working memory of one worker of the K = 2 hub kernels: length-N accumulators."""
    # a float64 sum, an int64 stamp, an int64 touched list, a byte mark; the worker's output
    # slab (float64 per mask); per class a count, a value and a stamp
    return n * (8 + 8 + 8 + 1 + 8 * num_masks) + 32 * num_classes


@dataclass(frozen=True, eq=False)
class HubWalkPlan:
    """What every block of the K = 2 hub kernels shares (:func:`plan_hub_walks`).

    Work items are numbered ``0 .. N-1`` (middle nodes), ``N .. N+H-1`` (hubs),
    ``N+H ..`` (rows with direct entries); a block is a range of items of one kind. Arrays are
    in the relabelled order of :func:`~graphlab.kernels.walk_sparse.plan_walks`; ``inverse``
    maps original ids to it.
    """

    num_nodes: int
    indptr: np.ndarray
    indices: np.ndarray
    pull_indptr: np.ndarray
    pull_indices: np.ndarray
    direct_indptr: np.ndarray
    direct_indices: np.ndarray
    is_hub: np.ndarray
    sig: np.ndarray
    has_sig: np.ndarray
    cls: np.ndarray
    class_sig: np.ndarray
    hubs: np.ndarray
    direct_rows: np.ndarray
    walk_coef: np.ndarray
    presence_coef: np.ndarray
    workers: int
    work: np.ndarray
    inverse: np.ndarray
    block_bounds: np.ndarray

    @property
    def num_masks(self) -> int:
        """``S``, the number of masks."""
        return int(self.pull_indptr.shape[0])

    @property
    def num_blocks(self) -> int:
        """Number of blocks of work items (tasks of an executor)."""
        return int(self.block_bounds.shape[0] - 1)


def plan_hub_walks(
    indptr: np.ndarray,
    indices: np.ndarray,
    masks: Sequence[tuple[np.ndarray, np.ndarray]],
    walk_coef: np.ndarray,
    presence_coef: np.ndarray,
    workers: int,
    inverse: np.ndarray,
    max_hubs: int | None = None,
) -> HubWalkPlan:
    """A :class:`HubWalkPlan` over an already relabelled graph and masks (K = 2)."""
    n = indptr.shape[0] - 1
    split = hub_split(indptr, indices, masks, max_hubs)
    ids = np.int32 if n < 2**31 else np.int64
    pulled, direct = [], []
    for (mp, mi), flag, npull in zip(masks, split.direct, split.pulled_per_row):
        pptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(npull, out=pptr[1:])
        dptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.diff(mp) - npull, out=dptr[1:])
        pidx = np.empty(int(pptr[-1]), dtype=ids)
        didx = np.empty(int(dptr[-1]), dtype=ids)
        _split_fill(mp, mi, flag, pptr, pidx, dptr, didx)
        pulled.append((pptr, pidx))
        direct.append((dptr, didx))
    pptr, pidx = stack_masks(pulled, ids)
    dptr, didx = stack_masks(direct, ids)
    direct_rows = np.flatnonzero(np.diff(dptr, axis=1).sum(axis=0) > 0).astype(np.int64)
    work_direct = split.work_direct[direct_rows]
    nh = split.hubs.shape[0]
    work = np.concatenate([split.work_middle, split.work_hub, work_direct])
    nmid = int(min(32, max(8, split.work_middle.sum() // 2e8), max(n, 1)))
    parts = [chunk_bounds(split.work_middle, nmid)]
    for offset, w in ((n, split.work_hub), (n + nh, work_direct)):
        if w.shape[0]:
            nb = int(min(8, max(1, w.sum() // 2e9), w.shape[0]))
            parts.append(offset + chunk_bounds(w, nb)[1:])
    bounds = np.concatenate(parts)
    return HubWalkPlan(
        num_nodes=n, indptr=indptr, indices=indices.astype(ids), pull_indptr=pptr,
        pull_indices=pidx, direct_indptr=dptr, direct_indices=didx, is_hub=split.is_hub,
        sig=split.sig, has_sig=(split.cls >= 0).astype(np.uint8), cls=split.cls,
        class_sig=split.class_sig, hubs=split.hubs, direct_rows=direct_rows,
        walk_coef=walk_coef, presence_coef=presence_coef, workers=workers, work=work,
        inverse=inverse, block_bounds=bounds,
    )  # fmt: skip


def hub_block(plan: HubWalkPlan, k: int, advance: Any = None) -> np.ndarray:
    """Contribution of block ``k`` of a :class:`HubWalkPlan` to every node, shape [masks, N]."""
    n, nch, nmask = plan.num_nodes, plan.workers, plan.num_masks
    nh = plan.hubs.shape[0]
    lo, hi = int(plan.block_bounds[k]), int(plan.block_bounds[k + 1])
    a1, a2 = float(plan.walk_coef[0]), float(plan.walk_coef[1])
    b1, b2 = float(plan.presence_coef[0]), float(plan.presence_coef[1])
    ncls = plan.class_sig.shape[0]
    if lo < n:
        kind, base = 0, 0
    elif lo < n + nh:
        kind, base = 1, n
    else:
        kind, base = 2, n + nh
    work = plan.work[base : base + (n, nh, plan.direct_rows.shape[0])[kind]]
    bounds = (lo - base) + chunk_bounds(work[lo - base : hi - base], nch)
    if bounds.shape[0] < nch + 1:  # fewer items than chunks: pad with empty chunks
        bounds = np.concatenate([bounds, np.full(nch + 1 - bounds.shape[0], hi - base)])
    out = np.zeros((nch, nmask, n))
    g = (plan.indptr, plan.indices)
    if kind == 0:
        ptable = np.array([0.0, b2, b1, b1 + b2])  # presence code: 2 one step, 1 two steps
        scratch: dict[str, np.ndarray] = {
            "wsum_s": np.zeros((nch, n)),
            "code_s": np.zeros((nch, n), np.uint8),
            "touched_s": np.empty((nch, n), np.int64),
        }

        def kernel(lo: np.ndarray, hi: np.ndarray) -> None:
            _middle_kernel(
                *g, plan.pull_indptr, plan.pull_indices, plan.is_hub, plan.sig, plan.has_sig,
                a1, a2, ptable, lo, hi, **scratch, out=out,
            )  # fmt: skip

    elif kind == 1:
        scratch = {
            "f_s": np.zeros((nch, n)),
            "mark_s": np.zeros((nch, n), np.uint8),
            "stamp_s": np.full((nch, n), -1, np.int64),
            "sid_s": np.zeros(nch, np.int64),
            "touched_s": np.empty((nch, n), np.int64),
            "ccount_s": np.zeros((nch, ncls), np.int64),
            "clist_s": np.empty((nch, ncls), np.int64),
            "gval_s": np.zeros((nch, ncls)),
            "gstamp_s": np.full((nch, ncls), -1, np.int64),
        }

        def kernel(lo: np.ndarray, hi: np.ndarray) -> None:
            _hub_kernel(
                *g, plan.pull_indptr, plan.pull_indices, plan.direct_indptr,
                plan.direct_indices, plan.is_hub, plan.sig, plan.has_sig, plan.cls,
                plan.class_sig, plan.hubs, a2, b1, b2, lo, hi, **scratch, out=out,
            )  # fmt: skip

    else:
        scratch = {
            "w_s": np.zeros((nch, n)),
            "mark_s": np.zeros((nch, n), np.uint8),
            "stamp_s": np.full((nch, n), -1, np.int64),
            "sid_s": np.zeros(nch, np.int64),
            "touched_s": np.empty((nch, n), np.int64),
            "wc_s": np.zeros((nch, ncls)),
            "cin_s": np.zeros((nch, ncls), np.uint8),
            "clist_s": np.empty((nch, ncls), np.int64),
            "tval_s": np.zeros((nch, ncls)),
            "tstamp_s": np.full((nch, ncls), -1, np.int64),
        }

        def kernel(lo: np.ndarray, hi: np.ndarray) -> None:
            _direct_kernel(
                *g, plan.direct_indptr, plan.direct_indices, plan.is_hub, plan.sig,
                plan.has_sig, plan.cls, plan.class_sig, plan.direct_rows, a1, a2, b1, b2,
                lo, hi, **scratch, out=out,
            )  # fmt: skip

    with limited_threads(nch):
        run_sliced(kernel, bounds, work, advance=advance)
    return out.sum(axis=0)
