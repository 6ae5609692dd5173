"""Ctrl-C inside the core's numba kernels, on real subprocesses and real data (issue 11, item 4).

A numba call runs no Python bytecode, so a SIGINT waits until it returns: the kernels run in
time slices (:func:`graphlab.kernels.blocks.run_sliced`) with Python in between. Here a child
process runs one kernel call sized to take about 15 s on ogbl-ddi, is signalled mid-call and
must raise :class:`KeyboardInterrupt` within 2 s; ``graphlab stats ogbl-ddi --hops 2`` (about
10 s of masked products in two row blocks) must exit 130 with one stderr line. The slicing
itself is checked in-process: bit-identical results, a call per slice.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from signals import interrupt, reaction, start_python

import graphlab as gl
from graphlab.kernels import (
    blocks,
    common_neighbor_counts,
    masked_product,
    pair_intersections,
    walk_presence_rowsums,
)

# One call of pair_intersections sized (from a timed sample) to run ~15 s, then "done".
_CHILD = """
import sys, time
import numpy as np
import graphlab as gl
from graphlab.kernels import pair_intersections
g = gl.load_dataset("ogbl-ddi").graph
ip, ix = g.indptr_np, g.indices_np
rng = np.random.default_rng(0)
sample = rng.integers(0, g.num_nodes, (200_000, 2))
pair_intersections(ip, ix, sample[:1000])  # load the compiled kernel
t0 = time.perf_counter()
pair_intersections(ip, ix, sample)
rate = sample.shape[0] / max(time.perf_counter() - t0, 1e-3)
pairs = rng.integers(0, g.num_nodes, (int(rate * 15), 2))
print("ready", flush=True)
try:
    pair_intersections(ip, ix, pairs)
    print("done", flush=True)
except KeyboardInterrupt:
    print("KeyboardInterrupt", file=sys.stderr, flush=True)
    sys.exit(3)
"""


@pytest.mark.slow
def test_sigint_inside_one_long_kernel_call(data_root: Path) -> None:
    proc = start_python(["-c", _CHILD])
    assert proc.stdout is not None
    line = proc.stdout.readline().decode()
    assert line == "ready\n", proc.communicate()[1].decode()[-2000:]
    time.sleep(1.0)  # well inside the ~15 s call
    took, out_b, err_b = interrupt(proc)
    out, err = out_b.decode(), err_b.decode()
    assert proc.returncode == 3, err[-2000:]
    assert "done" not in out
    assert err == "KeyboardInterrupt\n"  # raised by the kernel call, no SystemError
    assert took < reaction(), f"took {took:.2f} s to raise KeyboardInterrupt"


@pytest.mark.slow
def test_graphlab_stats_interrupted_in_the_masked_product(data_root: Path) -> None:
    # imports and loading take ~3 s, then ~10 s of 2-hop ego density (two row blocks of
    # masked products): at 4 s the signal lands in a kernel (on a slow machine, earlier work)
    proc = start_python(["-m", "graphlab", "stats", "ogbl-ddi", "--hops", "2", "--quiet"])
    time.sleep(4.0)
    took, out_b, err_b = interrupt(proc)
    out, err = out_b.decode(), err_b.decode()
    assert proc.returncode == 130, err[-2000:]
    assert err == "graphlab stats: interrupted\n"  # one line, no traceback
    assert out == ""
    assert took < reaction(), f"took {took:.2f} s to exit after SIGINT"


def test_sliced_kernels_equal_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    g = gl.Graph.from_edge_index(rng.integers(0, 400, (2, 4000)), num_nodes=400)
    ip, ix = g.indptr_np, g.indices_np
    a = g.to_scipy()
    pairs = rng.integers(0, 400, (5000, 2))
    coef = ([1.0, 0.3, 0.7], [1.0, 0.2, 0.5])

    def run() -> list[np.ndarray]:
        return [
            common_neighbor_counts(ip, ix, method="scan"),
            common_neighbor_counts(ip, ix, method="bitset"),
            *pair_intersections(ip, ix, pairs),
            masked_product(a, a @ a, a),
            walk_presence_rowsums(ip, ix, [(ip, ix)], *coef, method="sparse"),
        ]

    calls: list[int] = []
    real = blocks.run_sliced

    def spying(pieces: int):
        def spy(kernel, bounds, work, **_):
            def counted(lo, hi):
                calls.append(1)
                return kernel(lo, hi)

            return real(counted, bounds, work, pieces=pieces)

        return spy

    adaptive = run()
    for mod in ("intersections", "bitsets", "products", "walk_sparse"):
        monkeypatch.setattr(f"graphlab.kernels.{mod}.run_sliced", spying(1))
    one = run()  # one call per kernel: the kernels as they were before slicing
    kernels = len(calls)
    assert kernels >= 5
    calls.clear()
    monkeypatch.setattr(blocks, "SLICE_SECONDS", 0.0)  # never merge slices
    for mod in ("intersections", "bitsets", "products", "walk_sparse"):
        monkeypatch.setattr(f"graphlab.kernels.{mod}.run_sliced", spying(64))
    per_slice = run()
    assert len(calls) == 64 * kernels
    for x, y, z in zip(adaptive, one, per_slice, strict=True):
        assert np.array_equal(x, y) and np.array_equal(x, z)
