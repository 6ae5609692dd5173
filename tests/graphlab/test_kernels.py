import os
import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab import Graph, MemoryBudgetError
from graphlab.errors import InputError
from graphlab.kernels import (
    bitset_common_neighbor_bytes,
    bitset_common_neighbors,
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


# --------------------------------------------------------------------------- memory budget
def dense_random_graph(n: int, p: float, seed: int) -> Graph:
    rng = np.random.default_rng(seed)
    return Graph.from_scipy(sp.csr_array(np.triu(rng.random((n, n)) < p, 1).astype(float)))


def test_bitset_path_only_within_the_budget_given(monkeypatch):
    """2,048 nodes need 512 kB of bitsets: a 50 kB budget must not allocate them."""
    import graphlab.kernels.intersections as intersections

    g = dense_random_graph(2048, 0.05, seed=1)
    ip, ix = g.indptr_np, g.indices_np
    assert bitset_common_neighbor_bytes(2048) == 512 * 1024
    calls = []
    real = intersections.bitset_common_neighbors

    def spy(*args, **kwargs):
        calls.append(kwargs.get("memory_budget"))
        return real(*args, **kwargs)

    monkeypatch.setattr(intersections, "bitset_common_neighbors", spy)
    big = common_neighbor_counts(ip, ix)  # dense enough that bitsets win under 1 GiB
    assert len(calls) == 1
    small = common_neighbor_counts(ip, ix, memory_budget=50_000)
    assert len(calls) == 1  # the scan, not the bitsets
    np.testing.assert_array_equal(small, big)
    with pytest.raises(MemoryBudgetError, match="bitsets"):
        common_neighbor_counts(ip, ix, method="bitset", memory_budget="50K")
    with pytest.raises(MemoryBudgetError, match="bitsets"):
        bitset_common_neighbors(ip, ix, ip, ix, memory_budget=50_000)


def test_scan_and_masked_product_scratch_within_budget():
    g = dense_random_graph(300, 0.1, seed=2)
    ip, ix = g.indptr_np, g.indices_np
    ref = common_neighbor_counts(ip, ix, method="scan")
    # room for one thread's 300 bytes of marks only: same counts, serially
    np.testing.assert_array_equal(common_neighbor_counts(ip, ix, memory_budget=400), ref)
    with pytest.raises(MemoryBudgetError, match="scan"):
        common_neighbor_counts(ip, ix, memory_budget=100)
    a = g.to_scipy()
    np.testing.assert_array_equal(masked_product(a, a, a, memory_budget=8 * 300), ref)
    with pytest.raises(MemoryBudgetError, match="masked product"):
        masked_product(a, a, a, memory_budget=8 * 299)


def test_budget_accepts_flag_forms_and_rejects_nonsense():
    assert row_blocks([600, 600], "1K") == [slice(0, 1), slice(1, 2)]
    assert row_blocks([600, 600], "2K") == [slice(0, 2)]
    for bad in (True, -5, "lots", float("nan")):
        with pytest.raises(InputError, match="memory_budget"):
            row_blocks([1], bad)


def run_python(code: str, budget: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GRAPHLAB_MEMORY_BUDGET": budget}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )


def test_environment_budget_uses_the_flag_forms():
    code = (
        "import graphlab.kernels as k\n"
        "print(k.DEFAULT_MEMORY_BUDGET)\n"
        "print(len(k.row_blocks([1.5 * 2**30, 1.5 * 2**30])))\n"  # 2G: one row per block
    )
    out = run_python(code, "2G")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(2 * 2**30), "2"]


def test_bad_environment_budget_fails_when_a_kernel_runs_not_at_import():
    code = (
        "import graphlab, graphlab.kernels as k\n"
        "print('imported')\n"
        "from graphlab.errors import InputError\n"
        "try:\n"
        "    k.row_blocks([1.0])\n"
        "except InputError as e:\n"
        "    print(e)\n"
    )
    out = run_python(code, "lots of memory")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "imported"
    assert "$GRAPHLAB_MEMORY_BUDGET" in lines[1] and "'lots of memory'" in lines[1]
    # an explicit budget does not need the environment
    out = run_python("import graphlab.kernels as k; print(k.row_blocks([1.0], 8))", "nonsense")
    assert out.returncode == 0, out.stderr
