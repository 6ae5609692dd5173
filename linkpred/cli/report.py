"""``graphlab report``: one self-contained HTML page of TC diagnostics.

Three inputs:

* ``graphlab report DATASET_OR_EDGEFILE``: the dataset view (TC per split for K = 1..3 and
  ATC, TC against degree, the distribution shift between splits and over time, the nodes with
  the lowest and highest TC);
* ``graphlab report --run RUN_DIR``: a run of ``graphlab train``, with its per-node
  performance (ranked against all nodes, as ``graphlab analyze`` does) and, for a reweighted
  run, the weighted TC before and after each update;
* ``graphlab report DATASET --per-node RESULTS``: any model's per-node results (a node-id
  column and a metric column such as ``hits@20``, ``mrr``, ``ndcg@10``).

The page opens with a summary computed from the numbers, holds its figures as inline SVG and
makes no network request.
"""

from __future__ import annotations

import argparse
import shlex
import time
from typing import Any

from graphlab.cli import common
from graphlab.cli.demo import DemoStep

HELP = "self-contained HTML report of TC diagnostics for a dataset, a run or per-node results"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input",
        metavar="DATASET_OR_EDGEFILE",
        nargs="?",
        default=None,
        help="a registered dataset or an edge-list file (optional with --run: the run's)",
    )
    parser.add_argument(
        "--out",
        default="report.html",
        metavar="FILE",
        help="the HTML file to write (default report.html)",
    )
    parser.add_argument(
        "--run", default=None, metavar="RUN_DIR", help="report on a run of `graphlab train --out`"
    )
    parser.add_argument(
        "--run-index",
        type=common.nonneg_int,
        default=0,
        metavar="R",
        help="which run of RUN_DIR (default 0)",
    )
    parser.add_argument(
        "--per-node",
        default=None,
        metavar="FILE",
        help="any model's per-node results (.csv, .tsv, .parquet, .json): a node-id column and "
        "per-node metric columns",
    )
    parser.add_argument(
        "--metric",
        default=None,
        metavar="COLUMN",
        help="the per-node metric column (default: the first of hits@K, mrr, ndcg@K, ...)",
    )
    parser.add_argument(
        "--node-column",
        default="node",
        metavar="COLUMN",
        help="the node-id column of --per-node (default node)",
    )
    parser.add_argument(
        "--hops",
        type=common.int_arg(1, 3),
        default=1,
        metavar="K",
        help="K of the TC that performance is correlated with (default 1)",
    )
    parser.add_argument(
        "--max-hops",
        type=common.int_arg(1, 3),
        default=None,
        metavar="K",
        help="exact TC for K = 1..K (default: up to 3 where cheap; the report says which "
        "were left out)",
    )
    parser.add_argument(
        "--bootstrap",
        type=common.int_arg(10, 100000),
        default=1000,
        metavar="B",
        help="bootstrap resamples of the correlations' 95%% intervals (default 1000)",
    )
    parser.add_argument(
        "--seed",
        type=common.nonneg_int,
        default=0,
        metavar="S",
        help="seed of the bootstrap and of ATC (default 0)",
    )
    parser.add_argument(
        "--split-seed",
        type=common.nonneg_int,
        default=None,
        metavar="S",
        help="seed of the random 70/10/20 split of a graph without one (default 0, as "
        "`graphlab train`); a run keeps its own",
    )
    parser.add_argument(
        "--periods",
        type=common.int_arg(low=2),
        default=10,
        metavar="P",
        help="periods of the shift across time, for data with times (default 10)",
    )
    common.add_memory_budget(parser)


def _check_args(args: argparse.Namespace) -> None:
    from graphlab.errors import InputError

    if args.run is None and args.input is None:
        raise InputError("give a DATASET_OR_EDGEFILE, or --run RUN_DIR")
    if args.run is not None and args.per_node is not None:
        raise InputError("--run and --per-node both give per-node results: choose one")
    if args.run is not None and args.split_seed is not None:
        raise InputError("--split-seed: a run keeps the split it was trained on")
    if args.run is None and args.run_index != 0:
        raise InputError("--run-index chooses a run of --run RUN_DIR")
    if args.per_node is None and args.run is None:
        for flag, given in (
            ("--metric", args.metric),
            ("--node-column", args.node_column != "node"),
        ):
            if given:
                raise InputError(f"{flag} applies to per-node results (--per-node or --run)")
    if args.max_hops is not None and args.hops > args.max_hops:
        raise InputError(f"--hops {args.hops} needs TC up to K = {args.hops} (--max-hops)")


def _command(args: argparse.Namespace) -> str:
    """The command line that makes this report (defaults left out), for the page's footer."""
    parts = ["graphlab", "report"] + ([args.input] if args.input is not None else [])
    for flag, dest, default in (
        ("--run", "run", None),
        ("--run-index", "run_index", 0),
        ("--per-node", "per_node", None),
        ("--metric", "metric", None),
        ("--node-column", "node_column", "node"),
        ("--hops", "hops", 1),
        ("--max-hops", "max_hops", None),
        ("--bootstrap", "bootstrap", 1000),
        ("--seed", "seed", 0),
        ("--split-seed", "split_seed", None),
        ("--periods", "periods", 10),
    ):
        value = getattr(args, dest, default)
        if value != default:
            parts += [flag, str(value)]
    return shlex.join([*parts, "--out", str(args.out)])


def run(args: argparse.Namespace) -> dict[str, Any]:
    from graphlab.errors import InputError
    from graphlab.fileio import check_output_path
    from graphlab.progress import progress_bar

    _check_args(args)
    if args.run is None and args.input is not None:
        from pathlib import Path

        if (Path(args.input) / "config.json").is_file():  # a run directory given as the input
            raise InputError(f"{args.input} is a run directory: use --run {args.input}")
    check_output_path(args.out, suffixes=(".html", ".htm"), option="--out")
    # after the checks: these import torch and the models (seconds)
    from linkpred.report import write_report
    from linkpred.report.gather import dataset_view, load_source, performance_view, run_metrics
    from linkpred.report.pernode import choose_metric, read_per_node

    if args.run is not None:
        from pathlib import Path

        if not Path(args.run).is_dir():
            raise InputError(f"--run {args.run}: no such run directory")
        from linkpred.rundir import RunDir

        trained_on = RunDir(args.run).read_config()[0].dataset
        if args.input is not None and args.input != trained_on:
            raise InputError(f"--run {args.run} was trained on {trained_on}, not {args.input}")
    t0 = time.perf_counter()
    with progress_bar(None, desc="report", unit="step") as bar:

        def step(name: str) -> None:
            if hasattr(bar, "set_description"):
                bar.set_description(f"report: {name}")
            bar.update(1)

        perf_frame, metric, source, reweight, info = None, None, "", None, None
        if args.run is not None:
            step("per-node ranking of the run's model")
            src, metrics, info, reweight = run_metrics(args.run, run=args.run_index)
            metric = choose_metric([c for c in metrics.columns if c != "node"], args.metric)
            if metric == "num_targets":
                raise InputError("--metric num_targets is a count, not a per-node metric")
            perf_frame = metrics[["node", metric]]
            source = f"the selected model of {args.run}, run {args.run_index}, test edges"
        else:
            src = load_source(args.input, split_seed=args.split_seed or 0)
            if args.per_node is not None:
                perf_frame, metric = read_per_node(
                    args.per_node, src.ids, metric=args.metric, node_column=args.node_column
                )
                source = f"from {args.per_node}"
        hops = args.hops
        view = dataset_view(
            src,
            max_hops=args.max_hops,
            require_hops=hops if perf_frame is not None else 1,
            periods=args.periods,
            seed=args.seed,
            memory_budget=args.memory_budget,
            step=step,
        )
        perf = None
        if perf_frame is not None and metric is not None:
            step("bootstrap correlations")
            perf = performance_view(
                view,
                perf_frame,
                metric,
                source=source,
                hops=hops,
                resamples=args.bootstrap,
                seed=args.seed,
                reweight=reweight,
                run=info,
            )
        out = write_report(args.out, view, perf, command=_command(args), step=step)
    seconds = time.perf_counter() - t0
    summary: dict[str, Any] = {
        "input": src.name,
        "out": str(out),
        "nodes": view.num_nodes,
        "hops_computed": sorted(view.tc),
        "hops_skipped": {str(k): v for k, v in view.skipped.items()},
        "seconds": seconds,
    }
    if perf is not None:
        summary["metric"] = perf.metric
        summary["nodes_evaluated"] = len(perf.frame)
        # NaN (a constant column) as null: the --json line stays strict JSON
        corr = perf.correlations.astype(object).where(perf.correlations.notna(), None)
        summary["correlations"] = corr.to_dict("records")
    common.echo(
        args,
        f"{src.name}: report with {'per-node ' + perf.metric + ', ' if perf else ''}TC K = "
        f"{', '.join(map(str, sorted(view.tc)))} in {common.fmt_seconds(seconds)}; "
        f"wrote {out}",
    )
    return summary


def demo(args: argparse.Namespace) -> dict[str, Any]:
    """Demo step: the report of the demo's training run (``graphlab train``'s demo step)."""
    from pathlib import Path

    from linkpred.cli.train import DEMO_RUN

    run_dir = Path(args.out_dir) / DEMO_RUN
    out = Path(args.out_dir) / "cora-report.html"
    ns = argparse.Namespace(
        input=None,
        out=str(out),
        run=str(run_dir),
        run_index=0,
        per_node=None,
        metric=None,
        node_column="node",
        hops=1,
        max_hops=None,
        bootstrap=1000,
        seed=0,
        split_seed=None,
        periods=10,
        memory_budget=None,
        json=True,
        quiet=True,
    )
    res = run(ns)
    corr = {r["feature"]: r["spearman"] for r in res["correlations"]}
    return {
        "dataset": res["input"],
        "metric": res["metric"],
        "spearman_tc_train": corr["tc_train"],
        "spearman_degree": corr["degree"],
        "seconds": res["seconds"],
        "out": res["out"],
    }


DEMO_STEP = DemoStep(60, "TC report of the trained cora run", demo)
