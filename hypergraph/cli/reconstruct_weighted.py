"""``graphlab reconstruct --weighted``: hyperedges with multiplicities from a weighted projection.

The multiplicity-aware path of ``graphlab reconstruct``
(:class:`hypergraph.reconstruct.MultiplicityReconstructor`, after MARIOH). Files keep every
line: a repeated hyperedge is a repeated line, and the weight of a projected pair is the
number of hyperedges that hold it.

    graphlab reconstruct --weighted --train H0.txt --query H1.txt [--truth H1.txt] --out R.txt
    graphlab reconstruct --weighted edges --train H0.txt --query G.txt   # G: "u v weight" lines
    graphlab reconstruct shyre-enron --weighted

``--query`` is a hyperedge list (projected with multiplicities), or with ``--weighted edges``
a weighted edge list whose weights are the pair multiplicities (positive integers). Nodes
keep the files' ids, integers of any size or text (:mod:`hypergraph.cli.reconstruct_io`).
``--out`` writes one line per distinct hyperedge: its node ids separated by spaces, a tab,
and its multiplicity. With a truth (``NAME`` or ``--truth``) the summary reports the
multi-Jaccard (multiset Jaccard) over hyperedges of 2 or more nodes, the only ones a
projection shows.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

import numpy as np

from graphlab.cli.common import echo, fmt_count, fmt_seconds, fmt_share
from graphlab.errors import InputError

from .reconstruct_io import (
    Query,
    check_truth_projects,
    in_file_ids,
    onto_query,
    read_hyperedges,
    read_query,
    refuse_shyre_flags,
    write_reconstruction,
)

__all__ = ["QUERY_KINDS", "multiset_scores_by_size", "run_weighted"]

#: What ``--weighted`` reads ``--query`` as.
QUERY_KINDS = ("hyperedges", "edges")
MULTI_SCORES = ("multi_jaccard", "multi_precision", "multi_recall")

# SHyRe's flags refused with --weighted (its own classifier and threshold take the others)
_SHYRE_ONLY = ("paper", "ensemble", "tune_threshold", "budget")


def _query(path: str, kind: str) -> Query:
    """The weighted projection of ``--query``, with its multiplicities checked."""
    from hypergraph.reconstruct.multiplicity import check_multiplicities

    query = read_query(path, weighted=True, edges=kind == "edges")
    try:
        check_multiplicities(query.graph)
    except InputError as err:
        raise InputError(f"--query {path}: {err}") from None
    return query


def _truth(h: Any, query: Query, name: str, query_name: str) -> tuple[Any, Query]:
    """The truth on the query's nodes, sizes >= 2, refused unless it projects onto the query
    with the same multiplicities; and the query on the truth's nodes (:func:`onto_query`)."""
    from hypergraph.projection import clique_expansion
    from hypergraph.reconstruct.multiplicity import check_multiplicities

    h, query = onto_query(h, query)
    h = h.select(h.edge_sizes() >= 2)
    graph, names = query.graph, query.names
    check_truth_projects(h, graph, name, query_name, names)
    got = check_multiplicities(clique_expansion(h, weighted=True))
    want = check_multiplicities(graph)
    if not np.array_equal(got, want):
        i = int(np.flatnonzero(got != want)[0])
        u, v = (x if names is None else names[x] for x in graph.edges()[i].tolist())
        raise InputError(
            f"--truth {name} does not project onto the query {query_name} with the same "
            f"multiplicities: pair ({u}, {v}) is held by {got[i]} truth hyperedges, the "
            f"query says {want[i]}"
        )
    return h, query


def _inputs(args: argparse.Namespace, kind: str) -> tuple[str, Any, Query, Any]:
    from hypergraph.projection import clique_expansion
    from hypergraph.reconstruct.data import load_pair

    if args.name is not None:
        if args.train or args.query:
            raise InputError("give either NAME or --train/--query, not both")
        if kind != "hyperedges":
            raise InputError(f"--weighted {kind} reads --query; a registered pair is hyperedges")
        pair = load_pair(args.name, unique=False)  # repeated hyperedges are multiplicities
        test = in_file_ids(pair.test)
        query = Query(clique_expansion(test, weighted=True), test.covered(), None)
        label, train, truth_file = args.name, pair.train, test
    else:
        if not args.query or not args.train:
            raise InputError("--weighted needs a registered pair NAME, or --train H0 and --query Q")
        query = _query(args.query, kind)
        label, truth_file = Path(args.query).name, None
        train = read_hyperedges(args.train, "--train", unique=False)
    if args.truth:
        truth_file = read_hyperedges(args.truth, "--truth", unique=False)
    if truth_file is None:
        return label, train, query, None
    named = args.truth or args.name
    truth, query = _truth(truth_file, query, named, args.query or args.name)
    return label, train, query, truth


def multiset_scores_by_size(pred: Any, truth: Any) -> Any:
    """Multi-Jaccard, precision and recall per hyperedge size, then "all" (a DataFrame)."""
    import pandas as pd

    from hypergraph.reconstruct.metrics import multiset_scores

    rows = []
    sizes = np.union1d(np.unique(pred.edge_sizes()), np.unique(truth.edge_sizes()))
    for k in sizes.tolist():
        s = multiset_scores(
            pred.select(pred.edge_sizes() == k), truth.select(truth.edge_sizes() == k)
        )
        rows.append({"size": str(k), **s})
    rows.append({"size": "all", **multiset_scores(pred, truth)})
    return pd.DataFrame(rows)


def run_weighted(args: argparse.Namespace) -> dict[str, Any]:
    """``graphlab reconstruct --weighted``: the multiplicity-aware reconstruction."""
    from graphlab.fileio import TABLE_SUFFIXES, check_output_path, write_table
    from hypergraph.reconstruct.metrics import multiset_scores, reconstruction_scores
    from hypergraph.reconstruct.multiplicity import MultiplicityReconstructor

    kind = args.weighted
    refuse_shyre_flags(args, _SHYRE_ONLY, "--weighted has its own method")
    if args.method != "shyre":
        raise InputError(f"--weighted is its own method; --method {args.method} does not apply")
    threshold = getattr(args, "threshold", None)
    if isinstance(threshold, str):
        raise InputError(f"--threshold {threshold} is a SHyRe rule; --weighted takes a number")
    if args.out:
        check_output_path(args.out, suffixes=(".txt", ".txt.gz"), option="--out")
    if args.table:
        check_output_path(args.table, suffixes=TABLE_SUFFIXES, option="--table")
        if args.name is None and not args.truth:
            raise InputError("--table needs ground truth (NAME or --truth)")
    label, train, query, truth = _inputs(args, kind)
    graph = query.graph
    params: dict[str, Any] = {"seed": args.seed}
    if getattr(args, "classifier", None) is not None:
        params["classifier"] = args.classifier
    if threshold is not None:
        params["threshold"] = float(threshold)
    t0 = time.perf_counter()
    est = MultiplicityReconstructor(**params).fit(train)
    distinct, counts = est.predict_multiplicities(graph)
    seconds = time.perf_counter() - t0
    pred = distinct.select(np.repeat(np.arange(distinct.num_edges), counts))
    summary: dict[str, Any] = {
        "input": label,
        "method": "multiplicity",
        "seed": args.seed,
        "query_nodes": graph.num_nodes,
        "query_edges": graph.num_edges,
        "hyperedges": distinct.num_edges,
        "occurrences": int(counts.sum()),
        "proven_pairs": est.proven_,
        "rounds": est.rounds_,
        "greedy_rounds": est.fallback_rounds_,
        "seconds": seconds,
    }
    table = None
    if truth is not None:
        s = multiset_scores(pred, truth)
        summary.update({k: float(s[k]) for k in MULTI_SCORES})
        summary["jaccard"] = float(reconstruction_scores(pred, truth)["jaccard"])
        table = multiset_scores_by_size(pred, truth)
        if args.table:
            write_table(table, args.table)
    if args.out:
        write_reconstruction(distinct, query.names, args.out, counts)
        summary["out"] = str(args.out)
    summary["rule"] = (
        f"{est.classifier} classifier, threshold {est.threshold:g} to "
        f"{est.final_threshold:g} in {est.steps} steps"
    )
    echo(
        args,
        f"{label}: multiplicity-aware, {fmt_count(distinct.num_edges, 'hyperedge')} "
        f"({fmt_count(int(counts.sum()), 'occurrence')}, {est.proven_:,} of them proven "
        f"pairs) in {fmt_seconds(seconds)} (rule: {summary['rule']})",
    )
    if est.fallback_rounds_:
        echo(
            args,
            f"note: {est.fallback_rounds_} of {est.rounds_} rounds had more than "
            f"{est.max_cliques:,} maximal cliques and used greedy candidates",
        )
    if table is not None:
        # a projection shows no hyperedge of one node: scored over sizes >= 2, and said so,
        # since the set Jaccard of a plain run counts size 1 too
        echo(
            args,
            "hyperedges of 2+ nodes: "
            + ", ".join(f"{k.replace('_', '-')} {fmt_share(summary[k])}" for k in MULTI_SCORES)
            + f"; jaccard of the distinct hyperedges {fmt_share(summary['jaccard'])}",
        )
        shown = table[["size", *MULTI_SCORES, "matched", "predicted", "true"]].copy()
        for col in MULTI_SCORES:
            shown[col] = [fmt_share(v) for v in shown[col]]
        echo(args, str(shown.to_string(index=False)))
    if args.out:
        echo(args, f"wrote {args.out}")
    return summary
