"""The up-front cost guard of the sparse walk kernel and its progress reporting."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import graphlab as gl
from graphlab.errors import InputError
from graphlab.generators import hyperbolic_graph
from graphlab.kernels import WalkCostError, walk_presence_rowsums
from graphlab.kernels.blocks import run_sliced
from graphlab.kernels.walk_sparse import (
    DEFAULT_MAX_WALK_STEPS,
    check_walk_cost,
    mask_load,
    max_walk_steps,
    walk_work_estimate,
)


def pulls(g: gl.Graph, hops: int, load: np.ndarray) -> float:
    """What the kernel reads: at every node of each middle node's K-ball, its mask entries."""
    nxg = g.to_networkx()
    deg = g.degree()
    total = 0.0
    for x in range(g.num_nodes):
        if deg[x] == 0:
            continue
        ball = nx.single_source_shortest_path_length(nxg, x, cutoff=hops)
        # hop 2 comes back to x itself: in the ball whenever x has a neighbour
        total += sum(load[v] for v, dist in ball.items() if dist > 0 or hops >= 2)
    return total


@pytest.mark.parametrize("hops", [2, 3])
@pytest.mark.parametrize("seed", [0, 1])
def test_estimate_bounds_the_pulls_of_the_kernel(hops, seed):
    g = hyperbolic_graph(400, 6.0, seed=seed)
    ip, ix = g.indptr_np, g.indices_np
    load = mask_load(ip, ix, [(ip, ix)], hops)  # entries pulled from a row or pushed from it
    assert load.sum() == ix.shape[0]
    est = walk_work_estimate(ip, ix, load, hops).sum()
    actual = pulls(g, hops, load)
    assert actual <= est <= 20 * actual
    # handling each entry from the end with the smaller ball beats pulling every row
    assert actual < pulls(g, hops, g.degree())


def test_refusal_says_steps_time_memory_and_how_to_raise():
    g = hyperbolic_graph(2000, 10.0, seed=0)
    ip, ix = g.indptr_np, g.indices_np
    with pytest.raises(WalkCostError) as err:
        walk_presence_rowsums(ip, ix, [(ip, ix)], [1.0, 0.5, 0.25], [1.0, 0.5, 0.25],
                              method="sparse", max_steps=1e5)  # fmt: skip
    text = str(err.value)
    assert "K=3" in text and "walk steps on 2,000 nodes" in text
    assert "thread" in text and "iB of memory" in text
    assert "limit is 1e+05" in text and "GRAPHLAB_MAX_WALK_STEPS" in text
    assert "graphlab tc --approx" in text  # the way out on the command line too
    assert isinstance(err.value, InputError)  # the CLI's exit 2, one line


def test_under_the_limit_runs_and_k1_is_never_refused():
    g = hyperbolic_graph(300, 6.0, seed=2)
    ip, ix = g.indptr_np, g.indices_np
    steps = check_walk_cost(ip, ix, [(ip, ix)], 2)
    res = walk_presence_rowsums(ip, ix, [(ip, ix)], [1.0, 1.0], [1.0, 1.0], max_steps=steps)
    assert res.shape == (1, 300)
    one = walk_presence_rowsums(ip, ix, [(ip, ix)], [1.0], [1.0], max_steps=1e-9)
    tri = nx.triangles(g.to_networkx())
    assert np.array_equal(one[0], 2.0 * np.array([tri[v] for v in range(300)]))


def test_limit_from_argument_environment_and_default(monkeypatch):
    monkeypatch.delenv("GRAPHLAB_MAX_WALK_STEPS", raising=False)
    assert max_walk_steps() == DEFAULT_MAX_WALK_STEPS
    monkeypatch.setenv("GRAPHLAB_MAX_WALK_STEPS", "5e12")
    assert max_walk_steps() == 5e12
    assert max_walk_steps(7) == 7.0
    assert max_walk_steps(float("inf")) == float("inf")
    monkeypatch.setenv("GRAPHLAB_MAX_WALK_STEPS", "lots")
    with pytest.raises(InputError, match=r"\$GRAPHLAB_MAX_WALK_STEPS must be a positive"):
        max_walk_steps()
    with pytest.raises(InputError, match="max_steps must be a positive"):
        max_walk_steps(0)


def test_tc_refuses_k3_up_front():
    from linkpred.tc import topological_concentration

    g = hyperbolic_graph(1000, 8.0, seed=3)
    with pytest.raises(WalkCostError, match="exact K=3 walks refused"):
        topological_concentration(g, hops=3, max_steps=1000)


def test_run_sliced_reports_all_the_work_once():
    work = np.arange(1.0, 41.0)
    seen: list[float] = []
    run_sliced(lambda lo, hi: None, np.array([0, 10, 25, 40]), work, pieces=7,
               advance=seen.append)  # fmt: skip
    assert sum(seen) == pytest.approx(work.sum())
    assert all(s >= 0 for s in seen)


def test_walk_kernel_advances_one_bar_over_its_estimated_steps(monkeypatch):
    from contextlib import contextmanager

    import graphlab.progress
    from graphlab.kernels.walk_sparse import plan_walks, walk_presence_sparse

    bars: list[dict] = []

    @contextmanager
    def fake_bar(total=None, **kwargs):
        bar = {"total": total, "done": 0.0, "calls": 0, **kwargs}
        bars.append(bar)

        class Bar:
            def update(self, n=1):
                bar["done"] += n
                bar["calls"] += 1

        yield Bar()

    monkeypatch.setattr(graphlab.progress, "progress_bar", fake_bar)
    g = hyperbolic_graph(3000, 8.0, seed=1)
    ip, ix = g.indptr_np, g.indices_np
    one = np.ones(2)
    plan = plan_walks(ip, ix, [(ip, ix)], one, one, 1 << 26)
    got = walk_presence_sparse(plan, desc="TC K=2")
    assert len(bars) == 1 and bars[0]["desc"] == "TC K=2" and bars[0]["unit"] == "step"
    assert bars[0]["total"] == pytest.approx(plan.work.sum())
    assert bars[0]["done"] == pytest.approx(plan.work.sum())
    assert bars[0]["calls"] >= plan.num_blocks
    ref = walk_presence_rowsums(ip, ix, [(ip, ix)], one, one, method="dense")
    assert np.allclose(got, ref)
