"""Exact TC on a local Dask cluster of 1, 2 and 4 workers: one shared graph against a copy each.

The graph (default ``hyperbolic-citation2``: 2.9M nodes, ~30M edges, generated and cached on
first use) is loaded once; TC at ``--hops`` runs serially in this process (the reference time
and the reference numbers), then on fresh local clusters of each size, once per way of sending
the graph to the workers:

* ``shared``: graphlab's default, one memory-mapped copy per host (:mod:`graphlab.shared`);
* ``scatter``: ``DaskExecutor(share=False)``, a whole copy unpickled in every worker (graphlab's
  behaviour before, and what a plain ``client.scatter(..., broadcast=True)`` does).

Memory is sampled every ``--interval`` seconds with psutil's ``memory_full_info`` for this
process (the driver, which holds the graph) and every worker process:

* RSS counts every page a process maps, shared pages in every process that maps them;
* PSS splits a shared page between the processes that map it;
* USS counts the pages of that process alone.

Per worker the table gives the largest peak RSS and USS of the cluster's workers (USS: what
one more worker costs); per host ``host peak`` is the largest sum, over one sample, of the PSS
of the driver and the workers (each mapped page counted once) plus the pages of the shared
store (``/dev/shm``) that no process maps yet, and ``sum RSS`` the naive sum that counts the
shared graph once per worker.
Every Dask result is checked bit-identical to the serial one.

Run: ``python benchmarks/bench_scale.py`` (``--graph hyperbolic-1m --workers 1 2`` for a
quicker run; ``--help`` for the rest). On a 2-core machine 4 single-threaded workers share 2
cores: expect no speed-up past 2; the point is memory per worker and per host.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import fmt_bytes

MiB = 1 << 20


def _rss_shmem(pid: int) -> int:
    """Bytes of shared memory (tmpfs, e.g. ``/dev/shm`` files) a process has mapped."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("RssShmem:"):
                return int(line.split()[1]) * 1024
    return 0


class Sampler(threading.Thread):
    """Peaks of RSS, PSS and USS of some processes, and of their per-sample host sums."""

    def __init__(self, pids: dict[str, int], store_glob: str | None, interval: float) -> None:
        super().__init__(daemon=True)
        self.procs = {name: psutil.Process(pid) for name, pid in pids.items()}
        self.store_glob = store_glob
        self.interval = interval
        self.peak: dict[str, dict[str, int]] = {
            name: {"rss": 0, "pss": 0, "uss": 0} for name in pids
        }
        self.host = {"total": 0, "pss": 0, "rss": 0, "store": 0}
        self._halt = threading.Event()

    def store_bytes(self) -> int:
        if not self.store_glob:
            return 0
        total = 0
        for path in glob.glob(self.store_glob):
            with contextlib.suppress(OSError):  # removed between glob and stat
                total += os.stat(path).st_blocks * 512  # what tmpfs holds, not the file's length
        return total

    def sample(self) -> None:
        sums = {"uss": 0, "pss": 0, "rss": 0}
        mapped = 0
        for name, proc in self.procs.items():
            try:
                info = proc.memory_full_info()
                mapped = max(mapped, _rss_shmem(proc.pid))
            except (psutil.NoSuchProcess, psutil.AccessDenied, OSError):
                continue
            for key in sums:
                value = int(getattr(info, key))
                sums[key] += value
                self.peak[name][key] = max(self.peak[name][key], value)
        store = self.store_bytes()
        # PSS counts each mapped page once over all processes; store pages nobody maps yet
        # are memory too (tmpfs): at least store - (the most one process maps) of them
        self.host["total"] = max(self.host["total"], sums["pss"] + max(0, store - mapped))
        self.host["pss"] = max(self.host["pss"], sums["pss"])
        self.host["rss"] = max(self.host["rss"], sums["rss"])
        self.host["store"] = max(self.host["store"], store)

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()
        self.sample()


def _import_kernels() -> int:
    # what a worker imports for its first task, so that its idle memory can be read first
    import graphlab.kernels.walks  # noqa: F401

    return os.getpid()


def load_graph(name: str) -> Any:
    import graphlab
    from graphlab.records import GraphDataset

    return graphlab.load_dataset(name, GraphDataset).graph


def run_tc(g: Any, hops: int, budget: Any, executor: Any = None) -> np.ndarray:
    from linkpred.tc import topological_concentrations

    return topological_concentrations(g, hops=hops, memory_budget=budget, executor=executor)[
        "train"
    ]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--graph", default="hyperbolic-citation2", help="registered graph dataset")
    ap.add_argument("--hops", type=int, default=1, help="TC's K (default 1)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--modes", nargs="+", default=["shared", "scatter"])
    ap.add_argument("--memory-budget", default=None, help="per task, e.g. 1G (default: graphlab's)")
    ap.add_argument("--interval", type=float, default=0.2, help="seconds between memory samples")
    ap.add_argument("--json", default=None, help="also write the rows to this file")
    ap.add_argument("--rst", default=None, help="write the docs page (docs/reproducing/...)")
    ap.add_argument("--from-json", default=None, help="only print/write the tables of a run")
    args = ap.parse_args(argv)
    if args.from_json:
        saved = json.loads(Path(args.from_json).read_text())
        args.json = None
        emit(saved["meta"], saved["rows"], args)
        return

    from graphlab.parallel import DaskExecutor

    me = os.getpid()
    t0 = time.perf_counter()
    g = load_graph(args.graph)
    print(
        f"{args.graph}: {g.num_nodes:,} nodes, {g.num_edges:,} edges "
        f"(loaded in {time.perf_counter() - t0:.1f} s); TC K={args.hops}; "
        f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    sampler = Sampler({"driver": me}, None, args.interval)
    sampler.start()
    t0 = time.perf_counter()
    ref = run_tc(g, args.hops, args.memory_budget)
    serial = time.perf_counter() - t0
    sampler.stop()
    rows: list[dict[str, Any]] = [
        {
            "mode": "serial",
            "workers": 0,
            "seconds": serial,
            "driver_rss": sampler.peak["driver"]["rss"],
            "driver_uss": sampler.peak["driver"]["uss"],
            "host_peak": sampler.host["total"],
            "load": os.getloadavg()[0],
        }
    ]
    print(
        f"serial (this process, {os.cpu_count()} numba threads): {serial:.1f} s, peak RSS "
        f"{fmt_bytes(rows[0]['driver_rss'])}",
        flush=True,
    )
    for mode in args.modes:
        for n in args.workers:
            with DaskExecutor(n_workers=n, threads_per_worker=1, share=mode == "shared") as ex:
                pids = {f"w{i}": p for i, p in enumerate(ex.client.run(_import_kernels).values())}
                idle = max(psutil.Process(p).memory_full_info().uss for p in pids.values())
                store = f"/dev/shm/graphlab-shared-{me}-*/*.npy" if mode == "shared" else None
                sampler = Sampler({"driver": me, **pids}, store, args.interval)
                sampler.start()
                t0 = time.perf_counter()
                got = run_tc(g, args.hops, args.memory_budget, ex)
                secs = time.perf_counter() - t0
                sampler.stop()
            workers = [sampler.peak[w] for w in pids]
            row = {
                "mode": mode,
                "workers": n,
                "seconds": secs,
                "ratio": serial / secs,
                "worker_rss": max(w["rss"] for w in workers),
                "worker_pss": max(w["pss"] for w in workers),
                "worker_uss": max(w["uss"] for w in workers),
                "worker_idle_uss": idle,
                "driver_uss": sampler.peak["driver"]["uss"],
                "store": sampler.host["store"],
                "host_peak": sampler.host["total"],
                "host_rss": sampler.host["rss"],
                "identical": bool(np.array_equal(ref, got)),
                "load": os.getloadavg()[0],
            }
            rows.append(row)
            print(
                f"{mode:7s} {n} worker(s): {secs:6.1f} s  serial/dask {row['ratio']:.2f}x  "
                f"per worker peak RSS {fmt_bytes(row['worker_rss'])}, PSS "
                f"{fmt_bytes(row['worker_pss'])}, USS {fmt_bytes(row['worker_uss'])} (idle "
                f"{fmt_bytes(idle)})  "
                f"driver USS {fmt_bytes(row['driver_uss'])}  store {fmt_bytes(row['store'])}  "
                f"host peak {fmt_bytes(row['host_peak'])} (sum RSS {fmt_bytes(row['host_rss'])})"
                f"  identical {row['identical']}  load {row['load']:.1f}",
                flush=True,
            )
    meta = {
        "graph": args.graph,
        "nodes": g.num_nodes,
        "edges": g.num_edges,
        "hops": args.hops,
        "cores": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d"),
    }
    emit(meta, rows, args)


HEAD = (
    "send",
    "workers",
    "wall s",
    "serial/dask",
    "per-worker peak RSS",
    "per-worker peak USS",
    "host peak (PSS + unmapped store)",
    "sum of RSS",
    "load",
)


def table_rows(meta: dict[str, Any], rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """The cells of the result table, one tuple per run (serial first)."""

    def mib(n: float) -> str:
        return f"{n / MiB:,.0f} MiB"

    r = rows[0]
    out = [
        (
            "serial (client)", "-", f"{r['seconds']:.1f}", "1.00x", "-", "-",
            mib(r["host_peak"]), mib(r["driver_rss"]), f"{r['load']:.0f}",
        )
    ]  # fmt: skip
    for r in rows[1:]:
        note = f" ({meta['cores']} cores)" if r["workers"] > (meta["cores"] or 1) else ""
        out.append(
            (
                r["mode"], f"{r['workers']}{note}", f"{r['seconds']:.1f}", f"{r['ratio']:.2f}x",
                mib(r["worker_rss"]), mib(r["worker_uss"]), mib(r["host_peak"]),
                mib(r["host_rss"]), f"{r['load']:.0f}",
            )
        )  # fmt: skip
    return out


def markdown(meta: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """The result table in Markdown (the README's)."""
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(cells) + " |" for cells in table_rows(meta, rows)]
    return "\n".join(lines)


def rst(meta: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """The page of docs/reproducing: what was run, on what, and the table."""
    para1 = (
        f"TC at K = {meta['hops']} of ``{meta['graph']}`` ({meta['nodes']:,} nodes, "
        f"{meta['edges']:,} edges) on local Dask clusters of one-thread workers, measured by "
        "``python benchmarks/bench_scale.py`` on "
        f"{meta['date']}, on a machine of {meta['cores']} cores shared with other jobs (the "
        "load column: the 1-minute load average at the end of each run). With more workers than "
        "cores the rows measure memory, not speed-up. *shared* is graphlab's default (one "
        "memory-mapped copy of the graph per machine, :mod:`graphlab.shared`), *scatter* a copy "
        "unpickled in every worker (``DaskExecutor(share=False)``). "
        + (
            "Every Dask result was bit-identical to the serial one."
            if all(r.get("identical", True) for r in rows)
            else "Some Dask results DIFFERED from the serial ones (``identical`` in the JSON)."
        )
    )
    para2 = (
        "RSS counts the mapped graph once in every worker that maps it; USS counts the pages of "
        "one process alone (what one more worker costs); the host peak is the largest sum over "
        "the client and the workers of their PSS (a shared page split between the processes "
        "that map it) plus the store's pages that no process maps, each page once. How to size "
        "workers from these numbers: the README's section *Running on a cluster*."
    )
    body = [
        "Dask: one shared graph per machine",
        "==================================",
        "",
        textwrap.fill(para1, 100),
        "",
        textwrap.fill(para2, 100),
        "",
        ".. list-table::",
        "   :header-rows: 1",
        "",
    ]
    for cells in [HEAD, *table_rows(meta, rows)]:
        body.append(f"   * - {cells[0]}")
        body += [f"     - {c}" for c in cells[1:]]
    return "\n".join(body) + "\n"


def emit(meta: dict[str, Any], rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print()
    print(markdown(meta, rows))
    if args.json:
        Path(args.json).write_text(json.dumps({"meta": meta, "rows": rows}, indent=1))
    if args.rst:
        Path(args.rst).write_text(rst(meta, rows))


if __name__ == "__main__":
    main()
