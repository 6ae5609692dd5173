"""Benchmark of the ``graphlab`` command against the library call it wraps, on real data.

For each command the same run measures, each in a fresh subprocess:

* **CLI**: wall time of ``graphlab <command> --json --quiet`` (the console script of this
  environment), from start to exit;
* **API**: the library calls a user would write for the same result (load the dataset, compute),
  timed inside a process whose imports are done before the clock starts;
* **import**: wall time of ``python -c "import ..."`` over the modules the command needs: every
  public module the API process ended with (numpy, torch, sklearn, graphlab.stats, ...) plus the
  command's own CLI module. Interpreter start-up is in it, as it is in the CLI's time.

Before the measurements of a case, one untimed API run fills numba's on-disk caches (after an
edit of a kernel's module the first process to run it compiles it, which would charge seconds
to whichever measurement came first).

The floor of issue 11: ``CLI <= API + import + 1 s`` for every command. The table prints the
three times, the ratio ``CLI / (API + import)`` and whether the floor holds. Times are wall-clock
on whatever else the machine is doing: compare within one run; ``--repeat`` keeps the best of
several runs of each measurement.

Usage::

    GRAPHLAB_DATA=../shared/datasets python benchmarks/bench_cli.py [--repeat N] [--only NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
SLACK_SECONDS = 1.0


@dataclass(frozen=True)
class Case:
    name: str
    argv: tuple[str, ...]  # after ``graphlab``; --json --quiet are added
    cli_modules: tuple[str, ...]  # the command's own modules
    setup: str  # imports of the API snippet (not timed)
    body: str  # the API call (timed)


_OGB = """
ds = gl.load_dataset("ogbl-ddi")
queries = {p: ds.split[p]["edge"] for p in ("valid", "test")}
"""

CASES = [
    Case(
        "stats ogbl-ddi",
        ("stats", "ogbl-ddi"),
        ("graphlab.cli", "graphlab.cli.stats"),
        "import graphlab as gl\nfrom graphlab.stats import node_statistics",
        'node_statistics(gl.load_dataset("ogbl-ddi").graph, hops=1)',
    ),
    Case(
        "tc ogbl-ddi K=1",
        ("tc", "ogbl-ddi"),
        ("graphlab.cli", "linkpred.cli.tc"),
        "import graphlab as gl\nfrom linkpred.tc import tc_frame",
        _OGB + "tc_frame(ds.graph, queries, hops=1)",
    ),
    Case(
        "tc ogbl-ddi K=2",
        ("tc", "ogbl-ddi", "--hops", "2"),
        ("graphlab.cli", "linkpred.cli.tc"),
        "import graphlab as gl\nfrom linkpred.tc import tc_frame",
        _OGB + "tc_frame(ds.graph, queries, hops=2)",
    ),
    Case(
        "tc ogbl-ddi --approx",
        ("tc", "ogbl-ddi", "--approx"),
        ("graphlab.cli", "linkpred.cli.tc"),
        "import graphlab as gl\nfrom linkpred.tc import tc_frame\nimport linkpred.atc",
        _OGB + "tc_frame(ds.graph, queries, hops=1, approx=True)",
    ),
    Case(
        "hypergraph info contact-primary-school",
        ("hypergraph", "info", "contact-primary-school"),
        ("graphlab.cli", "hypergraph.cli.hypergraph"),
        "import graphlab as gl\nfrom hypergraph.cliques import DEFAULT_MAX_CLIQUES\n"
        "from hypergraph.loss import projection_loss",
        'h = gl.load_dataset("contact-primary-school")\nh.summary()\n'
        "projection_loss(h, max_cliques=DEFAULT_MAX_CLIQUES).as_dict()",
    ),
    Case(
        "reconstruct shyre-crime",
        ("reconstruct", "shyre-crime"),
        ("graphlab.cli", "hypergraph.cli.reconstruct"),
        "from hypergraph.projection import clique_expansion\n"
        "from hypergraph.reconstruct.data import PAPER_BUDGETS, load_pair, make_method\n"
        "from hypergraph.reconstruct.metrics import reconstruction_scores, scores_by_size",
        'pair = load_pair("shyre-crime")\n'
        'est = make_method("shyre", budget=PAPER_BUDGETS.get("shyre-crime", 1e4), seed=0)\n'
        "pred = est.fit(pair.train).predict(clique_expansion(pair.test))\n"
        "reconstruction_scores(pred, pair.test)\nscores_by_size(pred, pair.test)",
    ),
]

# Runs in the API subprocess: imports untimed, the body timed, then the modules it ended with.
_API_RUNNER = """
import json, sys, time
{setup}
t0 = time.perf_counter()
{body}
seconds = time.perf_counter() - t0
mods = sorted(m for m in sys.modules
              if m != "__main__" and not any(p.startswith("_") for p in m.split(".")))
print(json.dumps({{"seconds": seconds, "modules": mods}}))
"""

_IMPORTER = """
import importlib
for name in {modules!r}:
    try:
        importlib.import_module(name)
    except Exception:
        pass
"""


def _wall(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t0, proc


def _check(proc: subprocess.CompletedProcess[str], what: str) -> None:
    if proc.returncode != 0:
        sys.exit(f"{what} failed with status {proc.returncode}:\n{proc.stderr[-2000:]}")


def _api(case: Case) -> dict:
    code = _API_RUNNER.format(setup=case.setup, body=case.body)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    _check(proc, f"API of {case.name}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(case: Case) -> dict[str, float]:
    """CLI, API and import seconds of one case, each a fresh subprocess."""
    cli_s, proc = _wall([str(BIN / "graphlab"), *case.argv, "--json", "--quiet"])
    _check(proc, "graphlab " + " ".join(case.argv))
    api = _api(case)
    modules = list(case.cli_modules) + api["modules"]
    import_s, proc = _wall([sys.executable, "-c", _IMPORTER.format(modules=modules)])
    _check(proc, f"imports of {case.name}")
    return {"cli": cli_s, "api": api["seconds"], "import": import_s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs (default 1)")
    parser.add_argument("--only", default=None, help="run the cases whose name contains this")
    args = parser.parse_args()
    if not os.environ.get("GRAPHLAB_DATA"):
        shared = Path(__file__).resolve().parents[2] / "shared" / "datasets"
        os.environ["GRAPHLAB_DATA"] = str(shared)
    cases = [c for c in CASES if args.only is None or args.only in c.name]
    print(f"# {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    head = f"{'command':<40} {'CLI s':>7} {'API s':>7} {'import s':>8} {'ratio':>6}  floor"
    print(head)
    print("-" * len(head))
    failed = 0
    for case in cases:
        _api(case)  # warm numba's caches, untimed
        runs = [measure(case) for _ in range(max(1, args.repeat))]
        best = {k: min(r[k] for r in runs) for k in runs[0]}
        floor = best["api"] + best["import"]
        ok = best["cli"] <= floor + SLACK_SECONDS
        failed += not ok
        print(
            f"{case.name:<40} {best['cli']:7.2f} {best['api']:7.2f} {best['import']:8.2f} "
            f"{best['cli'] / floor:6.2f}  {'ok' if ok else 'FAIL'} "
            f"(CLI <= API + import + {SLACK_SECONDS:g} s = {floor + SLACK_SECONDS:.2f})",
            flush=True,
        )
    print(f"# load average {os.getloadavg()[0]:.2f} at end; {failed} above the floor")


if __name__ == "__main__":
    main()
