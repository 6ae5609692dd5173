import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab import Graph, MemoryBudgetError
from graphlab.errors import InputError
from graphlab.kernels import (
    blockwise,
    common_neighbor_counts,
    masked_product,
    pair_intersections,
    product_row_nnz_bound,
    reverse_entry_index,
    row_blocks,
)


@given(st.lists(st.integers(0, 50), max_size=60), st.integers(50, 200))
def test_row_blocks_cover_in_order_and_respect_budget(costs, budget):
    blocks = row_blocks(costs, budget)
    covered = [i for b in blocks for i in range(b.start, b.stop)]
    assert covered == list(range(len(costs)))
    for b in blocks:
        assert sum(costs[b]) <= budget or b.stop - b.start == 1


def test_row_blocks_reject_budget_below_one_row():
    with pytest.raises(MemoryBudgetError, match="row 1 needs"):
        row_blocks([10, 500, 10], 100)
    with pytest.raises(InputError, match="positive"):
        row_blocks([1], 0)


def random_sparse(rng, n, m, density):
    return sp.csr_array(sp.random_array((n, m), density=density, rng=rng, format="csr"))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 15), st.integers(1, 15), st.integers(1, 15))
def test_masked_product_equals_dense_product_at_mask(seed, n, k, m):
    rng = np.random.default_rng(seed)
    a, b = random_sparse(rng, n, k, 0.4), random_sparse(rng, k, m, 0.4)
    mask = random_sparse(rng, n, m, 0.5)
    mask.sort_indices()
    dense = a.toarray() @ b.toarray()
    rows = np.repeat(np.arange(n), np.diff(mask.indptr))
    np.testing.assert_allclose(masked_product(a, b, mask), dense[rows, mask.indices])


def test_masked_product_checks_shapes():
    a = sp.csr_array(np.ones((2, 3)))
    with pytest.raises(InputError, match="shapes do not match"):
        masked_product(a, a, a)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 40), st.floats(0.0, 1.0))
def test_common_neighbor_counts_equal_a_squared_on_edges(seed, n, p):
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.random((n, n)) < p, 1)
    g = Graph.from_scipy(sp.csr_array(upper.astype(float)))
    a = g.to_scipy().toarray()
    expected = (a @ a)[g.row_np(), g.indices_np]
    np.testing.assert_array_equal(common_neighbor_counts(g.indptr_np, g.indices_np), expected)
    rev = reverse_entry_index(g.indptr_np, g.indices_np)
    np.testing.assert_array_equal(g.row_np()[rev], g.indices_np)


def test_pair_intersections_weighted():
    g = Graph.from_edge_index([[0, 0, 0, 1, 1], [2, 3, 4, 3, 4]])
    counts, sums = pair_intersections(
        g.indptr_np, g.indices_np, np.array([[0, 1], [2, 3]]), np.arange(5.0)
    )
    assert counts.tolist() == [2, 1]
    assert sums.tolist() == [7.0, 0.0]


def test_product_bound_and_blockwise():
    rng = np.random.default_rng(3)
    a = random_sparse(rng, 30, 30, 0.2)
    bound = product_row_nnz_bound(a, a)
    assert (np.diff((a @ a).indptr) <= bound).all()
    sums = blockwise(lambda blk: (a[blk] @ a).sum(axis=1), np.full(30, 10.0), 25)
    np.testing.assert_allclose(sums, (a @ a).sum(axis=1))


@pytest.mark.parametrize("method", ["scan", "bitset", "auto"])
def test_common_neighbor_kernels_agree(method):
    rng = np.random.default_rng(7)
    upper = np.triu(rng.random((150, 150)) < 0.3, 1)
    g = Graph.from_scipy(sp.csr_array(upper.astype(float)))
    a = g.to_scipy().toarray()
    expected = (a @ a)[g.row_np(), g.indices_np]
    got = common_neighbor_counts(g.indptr_np, g.indices_np, method=method)
    np.testing.assert_array_equal(got, expected)
    with pytest.raises(InputError, match="method"):
        common_neighbor_counts(g.indptr_np, g.indices_np, method="dense")
