"""Exact TC (K = 2) of the DBLP projection: serial against local Dask clusters of 1, 2, 4 workers.

Reports wall time, the speed ratio serial / Dask, and each worker's peak RSS (``VmHWM`` of
``/proc/self/status``, read with ``client.run``), with fresh workers per cluster size.
``ru_maxrss`` would be wrong here: Linux carries it across ``execve``, so a spawned worker
reports its parent's peak. On a 2-core machine expect little
speed-up; the point is that per-worker memory does not grow with the cluster and that results
are identical. Run: ``python benchmarks/bench_scale.py``.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from hypergraph.readwrite import HypergraphPair


def _maxrss_mib() -> float:
    """Peak resident memory of this process since it started (its own address space)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(workers=(1, 2, 4)) -> None:
    import graphlab
    from graphlab.parallel import DaskExecutor
    from hypergraph.projection import clique_expansion
    from linkpred.tc import topological_concentrations

    g = clique_expansion(graphlab.load_dataset("shyre-dblp", HypergraphPair).train)
    print(f"DBLP projection: {g.num_nodes:,} nodes, {g.num_edges:,} edges", flush=True)
    t0 = time.perf_counter()
    ref = topological_concentrations(g, hops=2)["train"]
    serial = time.perf_counter() - t0
    print(f"serial: {serial:.2f} s, process peak RSS {_maxrss_mib():.0f} MiB", flush=True)
    for n in workers:
        with DaskExecutor(n_workers=n, threads_per_worker=1) as ex:
            t0 = time.perf_counter()
            got = topological_concentrations(g, hops=2, executor=ex)["train"]
            secs = time.perf_counter() - t0
            rss = ex.client.run(_maxrss_mib)
        peak = max(rss.values())
        print(
            f"dask {n} worker(s): {secs:.2f} s, serial/dask {serial / secs:.2f}x, peak RSS per "
            f"worker max {peak:.0f} MiB (all: {', '.join(f'{v:.0f}' for v in rss.values())}), "
            f"identical {np.array_equal(ref, got)}",
            flush=True,
        )


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or (1, 2, 4))
