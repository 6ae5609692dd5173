"""Seeded random graphs at scale: sparse, heavy-tailed degrees, high clustering.

:func:`hyperbolic_graph` draws a threshold random hyperbolic graph (RHG, Krioukov et al. 2010):
``N`` points in a hyperbolic disk of radius ``R``, angles uniform, radii of density

.. math:: \\rho(r) = \\alpha \\frac{\\sinh(\\alpha r)}{\\cosh(\\alpha R) - 1}, \\qquad
          \\alpha = \\frac{\\gamma - 1}{2},

and an edge between every two points at hyperbolic distance at most ``R``:

.. math:: \\cosh d(p, q) = \\cosh r_p \\cosh r_q
          - \\sinh r_p \\sinh r_q \\cos(\\theta_p - \\theta_q)
          \\le \\cosh R .

Why this model: its degrees follow a power law :math:`P(k) \\propto k^{-\\gamma}` and, at
temperature 0, its clustering is high (about 0.7-0.8 mean local clustering) because nearby
points share neighbours; both are what link-prediction graphs of co-authorship and citation
show, and what makes TC at K >= 2 expensive (hubs of degree ~``N^{1/(γ-1)}``, large 2-hop
balls). It is also the graph of networkit's ``HyperbolicGenerator`` (same ``R`` for a target
mean degree, von Looz et al. 2015), the reference that issue 13 measured against.

How it is drawn fast: points are cut into radial bands of width :data:`BAND_WIDTH` and sorted
by angle inside each band; for a point at radius ``r`` a band whose inner radius is ``b`` can
only hold neighbours within the angle :math:`\\Delta\\theta(r, b)` where the distance test is
tight, so a binary search gives the candidate arc and only those candidates are tested (von
Looz et al.'s band algorithm). Each edge is found once, from the endpoint of lower radius, in
two parallel numba passes (count, then fill) so memory stays at the edge list plus the CSR.
Node ids follow the angle, as in networkit's generator: neighbours, which are close in angle,
get close ids (the locality a crawl or time order gives real graphs' ids). Kernels that need
locality on graphs without it relabel themselves.

References
----------
D. Krioukov, F. Papadopoulos, M. Kitsak, A. Vahdat, M. Boguñá, "Hyperbolic geometry of complex
networks", Phys. Rev. E 82, 036106, 2010.

M. von Looz, H. Meyerhenke, R. Prutkin, "Generating random hyperbolic graphs in subquadratic
time", ISAAC 2015 (the band algorithm and the target radius of networkit).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from .errors import InputError
from .graph import Graph
from .validation import check_int, check_real, check_seed

__all__ = ["BAND_WIDTH", "hyperbolic_graph", "hyperbolic_points", "hyperbolic_radius"]

#: Radial width of the bands of the neighbour search. A candidate arc is computed for the inner
#: radius of a band, so about ``exp(BAND_WIDTH / 2)`` times the true neighbours are tested in the
#: outer bands (1.28x at 0.5), against one binary search per band.
BAND_WIDTH = 0.5


def _expected_degree(n: float, alpha: float, radius: float) -> float:
    # mean degree of a threshold RHG (Krioukov et al. 2010, eq. 22; networkit's formula)
    gamma = 2 * alpha + 1
    xi = (gamma - 1) / (gamma - 2)
    first = math.exp(-radius / 2)
    second = math.exp(-alpha * radius) * (
        alpha * (radius / 2) * ((math.pi / 4) / alpha**2 - (math.pi - 1) / alpha + (math.pi - 2))
        - 1
    )
    return (2 / math.pi) * xi * xi * n * (first + second)


def hyperbolic_radius(num_nodes: int, avg_degree: float, gamma: float) -> float:
    """Disk radius ``R`` whose threshold RHG has the given expected mean degree.

    Bisection on the expected degree of Krioukov et al. (eq. 22), the rule of networkit's
    ``HyperbolicGenerator`` at temperature 0.

    Examples
    --------
    >>> round(hyperbolic_radius(1_000_000, 20.0, 2.7), 2)
    24.28
    """
    alpha = (gamma - 1) / 2
    lo, hi = 1e-6, 4 * math.log(max(num_nodes, 2)) + 20
    for _ in range(200):
        mid = (lo + hi) / 2
        if _expected_degree(num_nodes, alpha, mid) > avg_degree:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@numba.njit(cache=True, nogil=True, inline="always")
def _arc(ch_r, sh_r, ch_b, sh_b, cosh_big):
    # largest angle between a point at radius r and one at radius b still within distance R
    den = sh_r * sh_b
    if den <= 0.0:
        return math.pi
    c = (ch_r * ch_b - cosh_big) / den
    if c <= -1.0:
        return math.pi
    if c >= 1.0:
        return 0.0
    return math.acos(c)


@numba.njit(parallel=True, cache=True, nogil=True)
def _band_edges(theta, ch, sh, band, band_ptr, band_lo, cosh_big, lo, hi, counts, offsets, out):
    # Points are in band order, angle-sorted inside each band (rank = position). Point i looks
    # at the bands from its own outwards and keeps the candidates of higher rank in its own band
    # (all in outer bands): every edge once. counts is filled when out is empty (first pass),
    # out[offsets[i] ...] otherwise.
    nb = band_ptr.shape[0] - 1
    fill = out.shape[0] > 0
    two_pi = 2.0 * math.pi
    for c in numba.prange(lo.shape[0]):
        for i in range(lo[c], hi[c]):
            ti, chi, shi = theta[i], ch[i], sh[i]
            k = offsets[i] if fill else 0
            cnt = 0
            for b in range(band[i], nb):
                s, e = band_ptr[b], band_ptr[b + 1]
                if s == e:
                    continue
                # the arc shrinks as the partner's radius grows: the band's inner radius bounds
                # it for every partner of the band (own band included)
                rb = band_lo[b]
                d = _arc(chi, shi, math.cosh(rb), math.sinh(rb), cosh_big)
                if d >= math.pi:
                    lo_a, hi_a = s, e  # the whole band, no wrap
                    segs = 1
                    lo_b, hi_b = s, s
                else:
                    a0, a1 = ti - d, ti + d
                    segs = 1
                    lo_b, hi_b = s, s
                    if a0 < 0.0:
                        lo_a = s + np.searchsorted(theta[s:e], a0 + two_pi)
                        hi_a = e
                        lo_b = s
                        hi_b = s + np.searchsorted(theta[s:e], a1, side="right")
                        segs = 2
                    elif a1 >= two_pi:
                        lo_a = s + np.searchsorted(theta[s:e], a0)
                        hi_a = e
                        lo_b = s
                        hi_b = s + np.searchsorted(theta[s:e], a1 - two_pi, side="right")
                        segs = 2
                    else:
                        lo_a = s + np.searchsorted(theta[s:e], a0)
                        hi_a = s + np.searchsorted(theta[s:e], a1, side="right")
                for seg in range(segs):
                    p0, p1 = (lo_a, hi_a) if seg == 0 else (lo_b, hi_b)
                    if b == band[i]:
                        p0 = max(p0, i + 1)  # higher rank only: each pair once
                    for j in range(p0, p1):
                        if chi * ch[j] - shi * sh[j] * math.cos(ti - theta[j]) <= cosh_big:
                            if fill:
                                out[k, 0] = i
                                out[k, 1] = j
                                k += 1
                            cnt += 1
            if not fill:
                counts[i] = cnt


@numba.njit(parallel=True, cache=True, nogil=True)
def _sort_rows(indptr, indices):
    for v in numba.prange(indptr.shape[0] - 1):
        indices[indptr[v] : indptr[v + 1]].sort()


@numba.njit(cache=True, nogil=True)
def _scatter(pairs, perm, indptr, indices):
    cursor = indptr[:-1].copy()
    for e in range(pairs.shape[0]):
        u, v = perm[pairs[e, 0]], perm[pairs[e, 1]]
        indices[cursor[u]] = v
        cursor[u] += 1
        indices[cursor[v]] = u
        cursor[v] += 1


def hyperbolic_points(
    num_nodes: int, avg_degree: float, gamma: float = 2.7, *, seed: int = 0
) -> tuple[float, np.ndarray, np.ndarray]:
    """The disk radius and the points of :func:`hyperbolic_graph`, in node-id order.

    Angles uniform on :math:`[0, 2\\pi)`, radii of density :math:`\\rho(r)` (module
    docstring) by the inverse CDF :math:`\\cosh(\\alpha r) = 1 + u (\\cosh(\\alpha R) - 1)`;
    ids are ranks of the angle (as networkit numbers them: neighbours, close in angle, get
    close ids).

    Returns
    -------
    (R, r, theta) : float, float64 [N], float64 [N]

    Raises
    ------
    InputError
        On a bad size, degree, exponent or seed.

    Examples
    --------
    >>> R, r, theta = hyperbolic_points(5, 2.0, seed=0)
    >>> bool((np.diff(theta) > 0).all() and (r <= R).all())
    True
    """
    n = check_int(num_nodes, "num_nodes", low=2)
    k = check_real(avg_degree, "avg_degree", low=0, low_open=True)
    if k >= n - 1:
        raise InputError(f"avg_degree must be below num_nodes - 1 = {n - 1}, got {k}")
    gamma = check_real(gamma, "gamma", low=2, low_open=True)
    rng = np.random.default_rng(check_seed(seed))
    alpha = (gamma - 1) / 2
    radius = hyperbolic_radius(n, k, gamma)
    theta = rng.random(n) * (2 * math.pi)
    u = rng.random(n)
    r = np.arccosh(1.0 + u * (math.cosh(alpha * radius) - 1.0)) / alpha
    order = np.argsort(theta, kind="stable")
    return radius, r[order], theta[order]


def hyperbolic_graph(
    num_nodes: int,
    avg_degree: float,
    gamma: float = 2.7,
    *,
    seed: int = 0,
) -> Graph:
    """A threshold random hyperbolic graph: power-law degrees, high clustering (module docstring).

    Parameters
    ----------
    num_nodes : int
        ``N`` (>= 2).
    avg_degree : float
        Target mean degree ``2|E| / N`` (> 0, < N - 1); the realised one is within a few percent
        for large ``N`` (the radius comes from the expected-degree formula).
    gamma : float, default 2.7
        Power-law exponent of the degree distribution (> 2).
    seed : int, default 0
        Seed of the draw (numpy ``default_rng``): the same seed gives the same graph.

    Returns
    -------
    Graph
        Undirected, unweighted, no self-loops; node ids in angular order.

    Raises
    ------
    InputError
        On a bad size, degree, exponent or seed.

    Examples
    --------
    >>> g = hyperbolic_graph(2000, 10.0, seed=1)
    >>> g.num_nodes, 8 < g.nnz / g.num_nodes < 12
    (2000, True)
    >>> hyperbolic_graph(2000, 10.0, seed=1).equals(g)
    True

    References
    ----------
    Krioukov et al., Phys. Rev. E 82, 2010; von Looz et al., ISAAC 2015.
    """
    radius, r, theta = hyperbolic_points(num_nodes, avg_degree, gamma, seed=seed)
    n = r.shape[0]
    perm = np.arange(n, dtype=np.int64)  # points come in node-id order
    nb = max(1, math.ceil(radius / BAND_WIDTH))
    band = np.minimum((r / BAND_WIDTH).astype(np.int64), nb - 1)
    order = np.lexsort((theta, band))  # band-major, angle inside a band
    theta, r, band, perm = theta[order], r[order], band[order], perm[order]
    band_ptr = np.searchsorted(band, np.arange(nb + 1)).astype(np.int64)
    band_lo = np.arange(nb, dtype=np.float64) * BAND_WIDTH
    ch, sh = np.cosh(r), np.sinh(r)
    cosh_big = math.cosh(radius)
    chunks = np.linspace(0, n, 8 * numba.get_num_threads() * 4 + 1).astype(np.int64)
    lo, hi = chunks[:-1].copy(), chunks[1:].copy()
    counts = np.zeros(n, dtype=np.int64)
    empty = np.zeros((0, 2), dtype=np.int32)
    _band_edges(theta, ch, sh, band, band_ptr, band_lo, cosh_big, lo, hi, counts, counts, empty)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    pairs = np.empty((int(offsets[-1]), 2), dtype=np.int32)
    _band_edges(theta, ch, sh, band, band_ptr, band_lo, cosh_big, lo, hi, counts, offsets, pairs)
    del theta, r, ch, sh
    deg = np.bincount(perm[pairs[:, 0]], minlength=n) + np.bincount(perm[pairs[:, 1]], minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(deg, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), dtype=np.int64)
    _scatter(pairs, perm, indptr, indices)
    del pairs
    _sort_rows(indptr, indices)
    return Graph(indptr, indices, n, validate=False)
