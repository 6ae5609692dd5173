"""``graphlab stats``: node statistics (degree, triangles, clustering, ego density) per node."""

from __future__ import annotations

import argparse
import time
from typing import Any

from graphlab.cli import common
from graphlab.cli.demo import DemoStep

HELP = "node statistics of a graph, one row per node"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    common.add_input(parser)
    parser.add_argument(
        "--hops",
        type=common.positive_int,
        default=1,
        help="hops of the ego subgraph density (default 1)",
    )
    common.add_memory_budget(parser)
    common.add_backend(parser)
    common.add_table_out(parser)


def compute(graph: Any, hops: int, memory_budget: int | None, executor: Any = None) -> Any:
    from graphlab.errors import InputError
    from graphlab.stats import node_statistics

    if graph.num_edges == 0:
        raise InputError("the graph has no edges: node statistics would all be zero")
    return node_statistics(graph, hops=hops, memory_budget=memory_budget, executor=executor)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from graphlab.fileio import TABLE_SUFFIXES, check_output_path

    if args.out:
        check_output_path(args.out, suffixes=TABLE_SUFFIXES, option="--out")
    t0 = time.perf_counter()
    graph = common.load_input(args)
    t1 = time.perf_counter()
    with common.open_executor(args) as executor:
        frame = compute(graph, args.hops, args.memory_budget, executor)
    seconds = time.perf_counter() - t1
    summary = {
        "input": args.input,
        "nodes": graph.num_nodes,
        "edges": graph.num_edges,
        "hops": args.hops,
        "backend": getattr(args, "backend", "serial"),
        "triangles": int(frame["triangles"].sum() // 3),
        "mean_degree": float(frame["degree"].mean()),
        "mean_clustering": float(frame["clustering"].mean()),
        "mean_ego_density": float(frame["ego_density"].mean()),
        "load_seconds": t1 - t0,
        "seconds": seconds,
    }
    num = common.fmt_number
    common.emit_table(
        args,
        frame,
        summary,
        f"{args.input}: {common.fmt_count(graph.num_nodes, 'node')}, "
        f"{common.fmt_count(graph.num_edges, 'edge')}, "
        f"{common.fmt_count(summary['triangles'], 'triangle')}; "
        f"mean degree {num(summary['mean_degree'])}, "
        f"mean clustering {num(summary['mean_clustering'])}, mean {args.hops}-hop ego "
        f"density {num(summary['mean_ego_density'])} ({common.fmt_seconds(seconds)})",
    )
    return summary


def demo(args: argparse.Namespace) -> dict[str, Any]:
    """Demo step: node statistics of ogbl-ddi's training graph."""
    from graphlab.datasets import load_graph
    from graphlab.fileio import write_table

    t0 = time.perf_counter()
    graph = load_graph("ogbl-ddi")
    frame = compute(graph, 1, None)
    out = write_table(frame, f"{args.out_dir}/ogbl-ddi-stats.csv")
    return {
        "dataset": "ogbl-ddi",
        "nodes": graph.num_nodes,
        "edges": graph.num_edges,
        "mean_clustering": float(frame["clustering"].mean()),
        "seconds": time.perf_counter() - t0,
        "out": str(out),
    }


DEMO_STEP = DemoStep(10, "node statistics of ogbl-ddi", demo)
