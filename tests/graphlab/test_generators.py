"""The random hyperbolic generator: the exact distance rule, heavy tail, clustering, seeds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from graphlab.errors import InputError
from graphlab.generators import hyperbolic_graph, hyperbolic_points, hyperbolic_radius
from graphlab.stats import clustering


def brute_force(num_nodes: int, avg_degree: float, gamma: float, seed: int) -> np.ndarray:
    """Dense adjacency of the threshold rule on the same points, pair by pair."""
    radius, r, theta = hyperbolic_points(num_nodes, avg_degree, gamma, seed=seed)
    cosh_d = np.outer(np.cosh(r), np.cosh(r)) - np.outer(np.sinh(r), np.sinh(r)) * np.cos(
        theta[:, None] - theta[None, :]
    )
    adj = cosh_d <= math.cosh(radius)
    np.fill_diagonal(adj, False)
    return adj


@pytest.mark.parametrize(
    ("n", "k", "gamma", "seed"), [(1500, 12.0, 2.7, 0), (800, 6.0, 2.2, 3), (600, 30.0, 3.5, 9)]
)
def test_band_search_finds_exactly_the_pairs_within_distance_r(n, k, gamma, seed):
    g = hyperbolic_graph(n, k, gamma, seed=seed)
    assert np.array_equal(g.to_scipy().toarray() > 0, brute_force(n, k, gamma, seed))


def test_mean_degree_is_the_target():
    g = hyperbolic_graph(20_000, 10.0, seed=2)
    assert 9.0 < g.nnz / g.num_nodes < 11.0


def test_degree_tail_follows_the_power_law_exponent():
    # Hill estimator of the tail exponent over the top degrees: gamma = 1 + 1 / mean log(d/d_min)
    g = hyperbolic_graph(50_000, 10.0, 2.7, seed=0)
    d = np.sort(g.degree())[::-1][:1000].astype(np.float64)
    hill = 1 + 1 / np.mean(np.log(d[:-1] / d[-1]))
    assert 2.3 < hill < 3.1
    # far heavier than a Poisson (Erdos-Renyi) graph of this mean degree: hubs ~N^(1/(gamma-1))
    assert d[0] > 50 * 10


def test_clustering_is_high_as_in_real_networks():
    g = hyperbolic_graph(20_000, 10.0, 2.7, seed=1)
    assert clustering(g).mean() > 0.6  # Erdos-Renyi at this density: ~5e-4


def test_same_seed_same_graph_other_seed_other_graph():
    a = hyperbolic_graph(3000, 8.0, seed=7)
    assert a.equals(hyperbolic_graph(3000, 8.0, seed=7))
    assert not a.equals(hyperbolic_graph(3000, 8.0, seed=8))


def test_graph_is_simple_symmetric_and_sorted():
    from graphlab.graph import Graph

    g = hyperbolic_graph(2000, 10.0, seed=4)
    # the validating constructor checks sorted, duplicate-free, symmetric rows
    Graph(g.indptr_np.copy(), g.indices_np.copy(), g.num_nodes, validate=True)
    assert g.num_self_loops == 0


def test_radius_grows_with_size_and_shrinks_with_degree():
    assert hyperbolic_radius(10**6, 20, 2.7) > hyperbolic_radius(10**4, 20, 2.7)
    assert hyperbolic_radius(10**6, 40, 2.7) < hyperbolic_radius(10**6, 20, 2.7)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((1, 1.0), {}, "num_nodes"),
        ((100, 0.0), {}, "avg_degree"),
        ((100, 99.0), {}, "avg_degree"),
        ((100, 5.0, 2.0), {}, "gamma"),
        ((100, 5.0), {"seed": -1}, "seed"),
    ],
)
def test_bad_parameters_are_refused(args, kwargs, match):
    with pytest.raises(InputError, match=match):
        hyperbolic_graph(*args, **kwargs)
