"""``graphlab tc``: topological concentration (exact TC or ATC) of every node.

Input is a registered dataset or an edge-list file. OGB link datasets give the train, valid and
test variants from their splits; other graphs give the train variant, and a query variant over
the pairs of ``--query-edges``. Output: one row per node, ``node``, ``degree``, ``tc_train``
(``atc_*`` with ``--approx``), then ``tc_valid`` / ``tc_test`` or ``tc_query``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from graphlab.cli import common
from graphlab.cli.demo import DemoStep

HELP = "topological concentration (exact TC or ATC) of every node"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    common.add_input(
        parser,
        "a registered dataset (OGB link datasets bring valid/test splits) or an edge-list file",
    )
    parser.add_argument(
        "--hops",
        type=common.positive_int,
        default=1,
        metavar="K",
        help="hops K of TC / ATC (default 1)",
    )
    parser.add_argument(
        "--query-edges",
        default=None,
        metavar="FILE",
        help="edge-list file of query (validation / test) pairs, by the ids of the input: "
        "adds tc_query",
    )
    parser.add_argument(
        "--approx",
        action="store_true",
        help="approximated TC (ATC) from propagated random features",
    )
    parser.add_argument(
        "--dim",
        type=common.positive_int,
        default=64,
        metavar="D",
        help="ATC feature dimension (default 64)",
    )
    parser.add_argument(
        "--seed", type=common.nonneg_int, default=0, metavar="S", help="ATC random seed (default 0)"
    )
    parser.add_argument(
        "--beta",
        type=common.positive_real,
        default=None,
        metavar="B",
        help="hop decay (default 1 / mean training degree)",
    )
    common.add_memory_budget(parser)
    common.add_backend(parser)
    common.add_table_out(parser)


def load(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """The training graph and the query edge sets named by the arguments."""
    from graphlab.datasets import GraphDataset, LinkDataset, load_dataset, resolve
    from graphlab.errors import InputError
    from graphlab.readwrite import map_ids, read_pairs

    queries: dict[str, Any] = {}
    source = resolve(args.input)
    if isinstance(source, Path):
        graph = common.load_input(args)  # the CLI's one rule for a file's ids
    else:
        if args.num_nodes is not None:
            raise InputError("--num-nodes applies to edge-list files, not to registered datasets")
        ds = load_dataset(source.name, GraphDataset)
        graph = ds.graph
        if isinstance(ds, LinkDataset):
            for part in ("valid", "test"):
                if "edge" in ds.split.get(part, {}):
                    queries[part] = ds.split[part]["edge"]
    if args.query_edges is not None:
        # the pairs name nodes by the ids of the input, as the table does
        what = f"the graph {args.input} ({graph.num_nodes:,} nodes)"
        queries["query"] = map_ids(
            read_pairs(args.query_edges, huge_ids_as_text=True),
            graph.node_ids,
            graph.num_nodes,
            what,
        )
    return graph, queries


def compute(
    args: argparse.Namespace, graph: Any, queries: dict[str, Any], executor: Any = None
) -> Any:
    from linkpred.tc import tc_frame

    return tc_frame(
        graph,
        queries,
        hops=args.hops,
        approx=args.approx,
        beta=args.beta,
        memory_budget=args.memory_budget,
        dim=args.dim,
        seed=args.seed,
        executor=executor,
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    from graphlab.errors import InputError
    from graphlab.fileio import TABLE_SUFFIXES, check_output_path

    if args.out:
        check_output_path(args.out, suffixes=TABLE_SUFFIXES, option="--out")
    if args.approx and args.beta is not None:
        raise InputError("--beta is a parameter of exact TC; ATC (--approx) has no hop decay")
    t0 = time.perf_counter()
    graph, queries = load(args)
    t1 = time.perf_counter()
    if args.approx and getattr(args, "backend", "serial") != "serial":
        raise InputError("--backend dask runs exact TC; ATC (--approx) runs in this process")
    with common.open_executor(args) as executor:
        frame = compute(args, graph, queries, executor)
    seconds = time.perf_counter() - t1
    columns = [c for c in frame.columns if c not in ("node", "degree")]
    summary: dict[str, Any] = {
        "input": args.input,
        "nodes": graph.num_nodes,
        "edges": graph.num_edges,
        "hops": args.hops,
        "approx": bool(args.approx),
        "backend": getattr(args, "backend", "serial"),
        "load_seconds": t1 - t0,
        "seconds": seconds,
        # over the nodes with a neighbour in the split (the table leaves the others empty)
        "mean": {c: _mean(frame[c]) for c in columns},
        "count": {c: int(frame[c].notna().sum()) for c in columns},
    }
    means = "; ".join(
        f"{c} {common.fmt_number(summary['mean'][c])} over "
        f"{common.fmt_count(summary['count'][c], 'node')}"
        for c in columns
    )
    kind = "ATC" if args.approx else "TC"
    common.emit_table(
        args,
        frame,
        summary,
        f"{args.input}: {common.fmt_count(graph.num_nodes, 'node')}, "
        f"{common.fmt_count(graph.num_edges, 'edge')}; {kind} K={args.hops} "
        f"in {common.fmt_seconds(seconds)}; mean (nodes with neighbours in the split) {means}",
    )
    return summary


def _mean(column: Any) -> float | None:
    """Mean of the defined values; None (JSON null) when no node has one."""
    return float(column.mean()) if column.notna().any() else None


def demo(args: argparse.Namespace) -> dict[str, Any]:
    """Demo step: exact TC (K = 1) and ATC of ogbl-ddi's nodes, train / valid / test."""
    from graphlab.datasets import LinkDataset, load_dataset
    from graphlab.fileio import write_table
    from linkpred.tc import tc_frame

    t0 = time.perf_counter()
    ds = load_dataset("ogbl-ddi", LinkDataset)
    queries = {part: ds.split[part]["edge"] for part in ("valid", "test")}
    exact = tc_frame(ds.graph, queries, hops=1)
    approx = tc_frame(ds.graph, queries, hops=1, approx=True)
    frame = exact.join(approx.drop(columns=["node", "degree"]))
    out = write_table(frame, f"{args.out_dir}/ogbl-ddi-tc.csv")
    # means over the nodes with a neighbour in the split (the others are empty in the table)
    means = {c: _mean(frame[c]) for c in frame.columns[2:]}
    return {
        "dataset": "ogbl-ddi",
        "nodes": ds.graph.num_nodes,
        **{f"mean_{c}": v for c, v in means.items()},
        "seconds": time.perf_counter() - t0,
        "out": str(out),
    }


DEMO_STEP = DemoStep(20, "topological concentration of ogbl-ddi", demo)
