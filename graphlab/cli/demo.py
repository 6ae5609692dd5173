"""``graphlab demo``: the main job, every analysis of graphlab on default real datasets.

Each step is a ``module:function`` taking the parsed arguments and returning a summary dict; the
modules are imported only when their step runs.
"""

from __future__ import annotations

import argparse
import importlib
import time
from typing import Any

from graphlab.cli import echo

STEPS: list[tuple[str, str]] = [
    ("node statistics of ogbl-ddi", "graphlab.cli.stats:demo"),
    ("topological concentration of ogbl-ddi", "linkpred.cli_tc:demo"),
    ("projection loss of contact-primary-school", "hypergraph.cli:demo"),
    ("hypergraph reconstruction of shyre-crime", "hypergraph.reconstruct.cli:demo"),
    ("TC-reweighted GCN link prediction on cora", "linkpred.demo:demo"),
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out-dir",
        default="graphlab-demo",
        help="folder for the outputs (default ./graphlab-demo)",
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    t0 = time.perf_counter()
    for title, target in STEPS:
        module, _, func = target.partition(":")
        echo(args, f"== {title}")
        step = getattr(importlib.import_module(module), func)(args)
        echo(args, "   " + ", ".join(f"{k}={v}" for k, v in step.items()))
        results[title] = step
    results["seconds"] = round(time.perf_counter() - t0, 2)
    return results
