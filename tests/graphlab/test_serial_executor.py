"""The serial executor is no executor: every entry point that takes one runs the same code.

The CLI passes ``SerialExecutor()`` by default; it once sent K = 1 query pairs through a
per-block merge kernel about 30x slower than the in-process kernels of ``executor=None``. Each
entry point here is traced (every Python function of graphlab / linkpred it calls, in order)
with ``None`` and with a serial executor, and the two traces must be equal; an in-process
executor that is *not* serial (standing in for Dask) must take the task path, so the trace is
shown to see the difference. An AST scan fails when a new function takes an ``executor`` that
this file does not cover.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import graphlab as gl
from graphlab import stats
from graphlab.kernels import blockwise, walk_presence_rowsums
from graphlab.kernels.walk_sparse import plan_walks, walk_presence_sparse
from graphlab.parallel import Executor, SerialExecutor, get_executor, remote_executor
from linkpred import tc

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("graphlab", "linkpred", "hypergraph")


class InProcessTasks(Executor):
    """Not serial: runs the task path (like Dask) but in this process."""

    min_blocks = 3

    def map(self, fn, blocks, data=None, *, desc=None):
        for blk in list(blocks):
            yield fn(data, blk)


def _graph() -> gl.Graph:
    rng = np.random.default_rng(0)
    return gl.Graph.from_edge_index(rng.integers(0, 300, size=(2, 1500)), num_nodes=300)


def _trace(fn: Callable[[], Any]) -> tuple[list[tuple[str, str]], Any]:
    roots = tuple(str(REPO / p) + "/" for p in PACKAGES)
    calls: list[tuple[str, str]] = []

    def prof(frame: Any, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code.co_filename.startswith(roots):
            calls.append((Path(frame.f_code.co_filename).name, frame.f_code.co_name))

    old = sys.getprofile()
    sys.setprofile(prof)
    try:
        result = fn()
    finally:
        sys.setprofile(old)
    return calls, result


def _path(calls: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The functions a trace reached, in order of first call.

    Time-sliced kernels (:func:`graphlab.kernels.blocks.run_sliced`) repeat their calls as
    often as the clock says, so raw traces of one path differ in length under load; another
    path reaches other functions, or the same ones in another order, which this still shows.
    """
    return list(dict.fromkeys(calls))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if hasattr(a, "equals"):
        return bool(a.equals(b))
    if isinstance(a, tuple):
        return all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(np.array_equal(a, b))


def _rowsum_block(data: Any, blk: slice) -> np.ndarray:
    return np.asarray(data[blk].sum(axis=1)).ravel()


def _entry_points(g: gl.Graph) -> dict[str, Callable[[Any], Any]]:
    ip, ix = g.indptr_np, g.indices_np
    rng = np.random.default_rng(1)
    q = {"test": rng.integers(0, g.num_nodes, (200, 2))}
    qg = gl.Graph.from_edge_index(q["test"].T, num_nodes=g.num_nodes)
    masks = [(ip, ix), (qg.indptr_np, qg.indices_np)]
    one = np.ones(2)
    a = g.to_scipy()

    def sparse_plan(ex: Any) -> Any:
        plan = plan_walks(ip, ix, masks, one, one, 1 << 24)
        return walk_presence_sparse(plan, executor=ex)

    return {
        "graphlab.stats.triangles": lambda ex: stats.triangles(g, executor=ex),
        "graphlab.stats.ego_density": lambda ex: (
            stats.ego_density(g, 1, executor=ex),
            stats.ego_density(g, 2, memory_budget=1 << 16, executor=ex),
        ),
        "graphlab.stats._reach_counts": lambda ex: stats._reach_counts(g, 3, 1 << 20, ex),
        "graphlab.stats.node_statistics": lambda ex: stats.node_statistics(
            g, hops=2, memory_budget=1 << 16, executor=ex
        ),
        "graphlab.kernels.blocks.blockwise": lambda ex: blockwise(
            _rowsum_block, np.full(g.num_nodes, 800.0), 1 << 14, executor=ex, data=a
        ),
        "graphlab.kernels.walks._walk_presence_pairs": lambda ex: walk_presence_rowsums(
            ip, ix, masks, [1.0], [1.0], executor=ex
        ),
        "graphlab.kernels.walks.walk_presence_rowsums": lambda ex: tuple(
            walk_presence_rowsums(ip, ix, masks, one, one, method=m, executor=ex)
            for m in ("auto", "sparse", "dense")
        ),
        "graphlab.kernels.walk_sparse.walk_presence_sparse": sparse_plan,
        "linkpred.tc.topological_concentrations": lambda ex: tuple(
            tc.topological_concentrations(g, q, hops=k, executor=ex) for k in (1, 2)
        ),
        "linkpred.tc.tc_frame": lambda ex: tc.tc_frame(g, q, hops=1, executor=ex),
        # the body of both above, on a graph training_graph has checked
        "linkpred.tc._concentrations": lambda ex: tuple(
            tc._concentrations(g, q, k, None, True, None, "auto", ex, None) for k in (1, 2)
        ),
    }


def test_every_function_taking_an_executor_is_covered():
    found = set()
    for pkg in PACKAGES:
        for path in sorted((REPO / pkg).rglob("*.py")):
            if "cli" in path.relative_to(REPO).parts or path.name == "parallel.py":
                continue  # commands open the executor; parallel.py defines them
            module = ".".join(path.relative_to(REPO).with_suffix("").parts)
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    args = node.args.args + node.args.kwonlyargs + node.args.posonlyargs
                    if any(x.arg == "executor" for x in args) and node.name != "__init__":
                        found.add(f"{module}.{node.name}")
    assert found == set(_entry_points(_graph())), "cover every function taking an executor"


@pytest.mark.parametrize("name", sorted(_entry_points(_graph())))
def test_serial_executor_takes_the_path_of_none(name):
    run = _entry_points(_graph())[name]
    run(None)  # compile numba kernels and warm caches outside the traces
    base, ref = _trace(lambda: run(None))
    with get_executor("serial") as ex:
        serial, got = _trace(lambda: run(ex))
    assert _path(serial) == _path(base), f"{name}: the serial executor takes another path"
    assert _same(ref, got)


@pytest.mark.parametrize(
    "name",
    [
        "graphlab.stats.triangles",
        "graphlab.kernels.walks._walk_presence_pairs",
        "graphlab.kernels.blocks.blockwise",
        "linkpred.tc.tc_frame",
    ],
)
def test_a_remote_executor_takes_the_task_path(name):
    # the trace does see a change of path: the task path with the same numbers
    run = _entry_points(_graph())[name]
    run(None)
    base, ref = _trace(lambda: run(None))
    tasks, got = _trace(lambda: run(InProcessTasks()))
    assert _path(tasks) != _path(base)
    assert ("parallel.py", "split_blocks") in tasks
    assert _same(ref, got)


def test_remote_executor_and_the_cli_default():
    import argparse

    from graphlab.cli.common import open_executor

    assert remote_executor(None) is None
    assert remote_executor(SerialExecutor()) is None
    ex = InProcessTasks()
    assert remote_executor(ex) is ex
    with open_executor(argparse.Namespace()) as cli_ex:
        assert remote_executor(cli_ex) is None
