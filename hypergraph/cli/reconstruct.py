"""``graphlab reconstruct``: reconstruct a hypergraph from its projection.

Outputs keep the ids of the input: a registered pair's reconstruction is written in the ids of
its ``test.txt`` (the same file given as ``--query`` gives the same output).

    graphlab reconstruct shyre-crime                      # a registered train/test pair
    graphlab reconstruct shyre-crime --paper              # the paper's exact setting
    graphlab reconstruct --train H0.txt --query Q.txt [--truth H1.txt] [--out R.txt]

SHyRe's defaults are the setting validated by ``benchmarks/bench_reconstruct.py``: the decision
rule is selected on the training side (``--threshold select``), and a projection with more
maximal cliques than the memory budget allows falls back to clique-cover candidates (the
output says so).

``Q`` is a hyperedge-list file (one hyperedge per line; it is projected) or an edge list
(a file of ``u v`` lines is its own projection). Its nodes may be named by integers of any
size or by any text without blanks; ``--truth`` is matched to it by those names, and the
reconstruction is written in them (:mod:`hypergraph.cli.reconstruct_io`).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphlab.cli.common import (
    add_memory_budget,
    echo,
    fmt_count,
    fmt_seconds,
    fmt_share,
    nonneg_int,
    positive_int,
    positive_real,
    probability,
)
from graphlab.cli.demo import DemoStep
from graphlab.errors import InputError

from .reconstruct_io import (
    SHYRE_FLAGS,
    Query,
    check_truth_projects,
    in_file_ids,
    onto_query,
    read_hyperedges,
    read_query,
    refuse_shyre_flags,
    write_reconstruction,
)

if TYPE_CHECKING:
    from hypergraph.core import Hypergraph

__all__ = ["DEMO_STEP", "HELP", "add_arguments", "demo", "run"]

HELP = "reconstruct a hypergraph from its projection (SHyRe, max cliques, clique cover)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name",
        nargs="?",
        metavar="NAME",
        help="a registered SHyRe pair (shyre-crime, shyre-enron, shyre-dblp, ...): train = H0, "
        "query = projection of H1, truth = H1",
    )
    parser.add_argument("--train", metavar="H0", help="training hypergraph (hyperedge list)")
    parser.add_argument(
        "--query",
        metavar="Q",
        help="query: a hyperedge list, an edge list, or an edge table as `graphlab hypergraph "
        "project --out` writes (.csv, .csv.gz, .tsv, .parquet, .json)",
    )
    parser.add_argument("--truth", metavar="H1", help="ground-truth hypergraph of the query")
    parser.add_argument(
        "--method",
        default="shyre",
        choices=["shyre", "shyre-motif", "max-cliques", "clique-cover"],
        help="reconstruction method (default shyre)",
    )
    parser.add_argument(
        "--budget",
        type=positive_real,
        default=None,
        help="SHyRe sampler budget (default: the paper's for a registered pair, else 10000)",
    )
    parser.add_argument("--seed", type=nonneg_int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--paper",
        action="store_true",
        help="SHyRe with the paper's exact setting (count features, one MLP, threshold 0.5, "
        "no clique-cover candidates); SHyRe flags given as well override it",
    )
    parser.add_argument(
        "--classifier",
        default=None,
        choices=["mlp", "rf", "lr", "gb"],
        help="SHyRe classifier (default mlp)",
    )
    parser.add_argument(
        "--threshold",
        type=_threshold,
        default=None,
        help="SHyRe decision rule: 'select' (default: the best on the training side of the "
        "classifier's rules, max cliques and clique cover), 'auto' (maximise the expected "
        "Jaccard) or a threshold in [0, 1]",
    )
    parser.add_argument(
        "--ensemble",
        type=positive_int,
        default=None,
        help="average this many SHyRe classifiers (seeds; default 1)",
    )
    parser.add_argument(
        "--tune-threshold",
        action="store_true",
        help="choose SHyRe's decision thresholds for Jaccard on the training hypergraph",
    )
    add_memory_budget(
        parser,
        "memory for the maximal cliques, about a million per GiB (past that SHyRe falls back "
        "to clique-cover candidates and max-cliques stops), and for one neighbourhood's bitsets",
    )
    parser.add_argument(
        "--weighted",
        nargs="?",
        const="hyperedges",
        choices=["hyperedges", "edges"],
        default=None,
        help="multiplicity-aware reconstruction from the weighted projection (after MARIOH): "
        "repeated hyperedges kept, --out lines 'ids<TAB>multiplicity', multi-Jaccard scores; "
        "'--weighted edges' reads --query as 'u v multiplicity' lines; needs a registered pair "
        "or --train",
    )
    parser.add_argument("--out", metavar="FILE", help="write the reconstruction, one per line")
    parser.add_argument(
        "--table", metavar="FILE", help="write the per-size scores table (.csv/.tsv/.parquet)"
    )


def _threshold(text: str) -> float | str:
    if text in ("auto", "select"):
        return text
    try:
        return probability(text)
    except argparse.ArgumentTypeError as err:
        raise argparse.ArgumentTypeError(f"{err} (or 'auto', 'select')") from None


def _inputs(args: argparse.Namespace) -> tuple[str, Any, Query, Any, float]:
    from hypergraph.projection import clique_expansion
    from hypergraph.readwrite import read_hyperedge_list
    from hypergraph.reconstruct.data import PAPER_BUDGETS, load_pair

    truth: Hypergraph | None = None
    if args.name is not None:
        if args.train or args.query:
            raise InputError("give either NAME or --train/--query, not both")
        pair = load_pair(args.name)
        # the query in its file's ids, as --query test.txt reads it: the same output either way
        test = in_file_ids(pair.test)
        query = Query(clique_expansion(test), test.covered(), None)
        label, train, truth = args.name, pair.train, test
        budget = args.budget if args.budget is not None else PAPER_BUDGETS.get(args.name, 1e4)
    else:
        if not args.query:
            raise InputError("give a registered pair NAME, or --query (and --train for shyre)")
        query = read_query(args.query)
        label, train = Path(args.query).name, None
        if args.train:
            if not Path(args.train).is_file():
                raise InputError(f"--train {args.train}: no such file")
            train = read_hyperedge_list(args.train, sep=None)
        elif args.method.startswith("shyre"):
            raise InputError(f"--method {args.method} needs a training hypergraph (--train H0)")
        budget = args.budget if args.budget is not None else 1e4
    if args.truth:
        truth, query = onto_query(read_hyperedges(args.truth, "--truth"), query)
        check_truth_projects(truth, query.graph, args.truth, args.query or args.name, query.names)
    return label, train, query, truth, budget


def run(args: argparse.Namespace) -> dict[str, Any]:
    # a missing file is refused before the seconds of importing torch and the models
    for option in ("query", "train", "truth"):
        path = getattr(args, option, None)
        if path and not Path(path).is_file():
            raise InputError(f"--{option} {path}: no such file")

    from graphlab.fileio import TABLE_SUFFIXES, check_output_path
    from hypergraph.reconstruct.data import make_method
    from hypergraph.reconstruct.metrics import reconstruction_scores, scores_by_size
    from hypergraph.reconstruct.shyre import SHyRe

    if getattr(args, "weighted", None):
        from .reconstruct_weighted import run_weighted

        return run_weighted(args)

    if args.out:  # a hyperedge list: one hyperedge per line
        check_output_path(args.out, suffixes=(".txt", ".txt.gz"), option="--out")
    if args.table:
        check_output_path(args.table, suffixes=TABLE_SUFFIXES, option="--table")
        if args.name is None and not args.truth:
            raise InputError("--table needs ground truth (NAME or --truth)")
    label, train, query, truth, budget = _inputs(args)
    graph = query.graph
    t0 = time.perf_counter()
    kwargs: dict[str, Any] = {}
    shyre = args.method.startswith("shyre")
    paper = bool(getattr(args, "paper", False))
    if not shyre:  # a baseline takes none of SHyRe's settings: say so rather than ignore them
        refuse_shyre_flags(args, SHYRE_FLAGS, f"--method {args.method} has none")
    if shyre:
        given = {
            "classifier": args.classifier,
            "threshold": args.threshold,
            "ensemble": args.ensemble,
            "tune_threshold": args.tune_threshold or None,
            "memory_budget": getattr(args, "memory_budget", None),
        }
        kwargs = {k: v for k, v in given.items() if v is not None}
        if paper:
            kwargs["preset"] = "paper"
    elif getattr(args, "memory_budget", None) is not None:
        kwargs = {"memory_budget": args.memory_budget}
    est = make_method(args.method, budget=budget, seed=args.seed, **kwargs)
    est.fit(train)
    notes: list[str] = []
    if isinstance(est, SHyRe):
        pred, n_cand = est.predict(graph, nodes=query.nodes), est.last_candidates_
        notes = list(est.notes_)
    else:
        pred = est.predict(graph, nodes=query.nodes)
        n_cand = pred.num_edges
    seconds = time.perf_counter() - t0
    summary: dict[str, Any] = {
        "input": label,
        "method": args.method,
        "budget": budget if args.method.startswith("shyre") else None,
        "seed": args.seed,
        "query_nodes": graph.num_nodes,
        "query_edges": graph.num_edges,
        "candidates": n_cand,
        "hyperedges": pred.num_edges,
        "seconds": seconds,
    }
    if isinstance(est, SHyRe):
        summary.update(
            setting="paper" if paper else "default",
            rule=est.rule_,
            candidate_source=est.source_,
            notes=notes,
        )
    # outputs first, then the report: a reader that goes away (| head) cannot cost the files
    table = None
    if truth is not None:
        s = reconstruction_scores(pred, truth)
        summary.update({k: float(s[k]) for k in SCORES})
        if (truth.edge_sizes() == 1).any():  # the scope of --weighted's scores, for comparison
            big = pred.select(pred.edge_sizes() >= 2), truth.select(truth.edge_sizes() >= 2)
            summary["jaccard_2plus"] = float(reconstruction_scores(*big)["jaccard"])
        table = scores_by_size(pred, truth)
        if args.table:
            from graphlab.fileio import write_table

            write_table(table, args.table)
    elif args.table:
        raise InputError("--table needs ground truth (NAME or --truth)")
    if args.out:
        write_reconstruction(pred, query.names, args.out)
        summary["out"] = str(args.out)
    echo(
        args,
        f"{label}: {args.method}, {fmt_count(pred.num_edges, 'hyperedge')} from "
        f"{fmt_count(n_cand, 'candidate')} in {fmt_seconds(seconds)}"
        + (f" (rule: {est.rule_})" if isinstance(est, SHyRe) else ""),
    )
    for note in notes:
        echo(args, f"note: {note}")
    if table is not None:
        echo(args, ", ".join(f"{k} {fmt_share(summary[k])}" for k in SCORES))
        if "jaccard_2plus" in summary:
            echo(args, f"jaccard over hyperedges of 2+ nodes {fmt_share(summary['jaccard_2plus'])}")
        echo(args, _scores_text(table))
    if args.out:
        echo(args, f"wrote {args.out}")
    return summary


SCORES = ("jaccard", "precision", "recall", "f1")


def _scores_text(table: Any) -> str:
    """The per-size scores table for people: scores in %, 4 significant digits."""
    shown = table.copy()
    for col in SCORES:
        if col in shown:
            shown[col] = [fmt_share(v) for v in shown[col]]
    return str(shown.to_string(index=False))


def demo(args: argparse.Namespace) -> dict[str, Any]:
    """Demo step: SHyRe on ``shyre-crime`` (a few seconds), outputs under ``args.out_dir``."""
    out_dir = Path(getattr(args, "out_dir", "graphlab-demo"))
    out_dir.mkdir(parents=True, exist_ok=True)
    ns = argparse.Namespace(
        name="shyre-crime",
        train=None,
        query=None,
        truth=None,
        method="shyre",
        budget=None,
        seed=0,
        classifier=None,
        tune_threshold=False,
        threshold=None,
        ensemble=None,
        paper=False,
        out=str(out_dir / "reconstruct-crime.txt"),
        table=str(out_dir / "reconstruct-crime-by-size.csv"),
        json=True,  # the demo prints its own one-line summary
    )
    s = run(ns)
    return {
        "settings": "defaults",
        **{k: s[k] for k in ("candidates", "hyperedges", "jaccard", "precision", "recall")},
        "seconds": s["seconds"],
        "out": ns.out,
    }


DEMO_STEP = DemoStep(40, "hypergraph reconstruction of shyre-crime", demo)
