"""The kernels exact TC added to graphlab.kernels: bitset intersections, walks x presence."""

from __future__ import annotations

import numpy as np
import pytest

import graphlab as gl
from graphlab.errors import InputError
from graphlab.kernels import (
    bitset_common_neighbors,
    common_neighbor_counts,
    masked_product,
    walk_presence_rowsums,
)


@pytest.mark.parametrize("n", [1, 63, 64, 65, 200])
def test_bitset_counts_equal_sorted_row_counts(n: int) -> None:
    rng = np.random.default_rng(n)
    g = gl.Graph.from_coo(rng.integers(0, n, 5 * n), rng.integers(0, n, 5 * n), num_nodes=n)
    ip, ix = g.indptr_np, g.indices_np
    np.testing.assert_array_equal(
        bitset_common_neighbors(ip, ix, ip, ix), common_neighbor_counts(ip, ix)
    )
    q = gl.Graph.from_coo(rng.integers(0, n, 3 * n), rng.integers(0, n, 3 * n), num_nodes=n)
    a = g.to_scipy()
    np.testing.assert_array_equal(
        bitset_common_neighbors(ip, ix, q.indptr_np, q.indices_np),
        masked_product(a, a, q.to_scipy()).astype(np.int64),
    )
    with pytest.raises(InputError, match="mask"):
        bitset_common_neighbors(ip, ix, ip[:-1], ix)


def brute(a: np.ndarray, mask: np.ndarray, wc, pc) -> np.ndarray:
    powers = [np.linalg.matrix_power(a, i + 1) for i in range(len(wc))]
    w = sum(c * p for c, p in zip(wc, powers))
    pi = sum(c * (p > 0) for c, p in zip(pc, powers))
    return (mask * (w @ pi)).sum(axis=1)


@pytest.mark.parametrize("method", ["sparse", "dense", "auto"])
@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6])
def test_walk_presence_rowsums_match_dense_algebra(k: int, method: str) -> None:
    rng = np.random.default_rng(k)
    n = 40
    g = gl.Graph.from_coo(rng.integers(0, n, 70), rng.integers(0, n, 70), num_nodes=n)
    q = gl.Graph.from_coo(rng.integers(0, n, 30), rng.integers(0, n, 30), num_nodes=n)
    wc, pc = rng.random(k), rng.random(k)
    got = walk_presence_rowsums(
        g.indptr_np, g.indices_np, [(g.indptr_np, g.indices_np), (q.indptr_np, q.indices_np)],
        wc, pc, method=method,
    )  # fmt: skip
    a = g.to_scipy().toarray()
    for s, mask in enumerate((a, q.to_scipy().toarray())):
        np.testing.assert_allclose(got[s], brute(a, mask, wc, pc), rtol=1e-12)
