"""``graphlab hypergraph``: sizes, multiplicities and projection loss; projection to an edge list.

Subcommands::

    graphlab hypergraph info DATASET_OR_FILE [--no-loss] [--part train|test] [--json]
    graphlab hypergraph project DATASET_OR_FILE [--weighted] [--distinct] [--times]
                                [--part train|test] --out EDGES.csv

``project`` writes the node ids of the input (a file with ids 5, 10, 20 gives an edge list
over 5, 10, 20, not 0, 1, 2; names of a named dataset are written as they are).

``DATASET_OR_FILE`` is a registered dataset name (``contact-primary-school``, ``shyre-crime``)
or a path to a hypergraph file or folder (format guessed, see
:func:`hypergraph.readwrite.read_hypergraph`).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphlab.cli.common import (
    echo,
    fmt_count,
    fmt_number,
    fmt_seconds,
    fmt_share,
    positive_int,
)
from graphlab.cli.demo import DemoStep
from graphlab.errors import DataFormatError, InputError

if TYPE_CHECKING:  # the command's module stays light for `graphlab --help`
    from hypergraph.core import Hypergraph
    from hypergraph.readwrite import HypergraphPair

__all__ = ["DEMO_STEP", "HELP", "add_arguments", "demo", "load", "run"]

HELP = "hypergraph sizes, projection loss, projection to edges"

DEMO_DATASET = "contact-primary-school"


INPUT_HELP = (
    "a registered hypergraph or train/test pair (see `graphlab datasets`), or a file or "
    "folder of one: a hyperedge list (one hyperedge a line), Benson's folder layout, HIF or "
    "XGI JSON, a SHyRe pair folder"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    info = sub.add_parser(
        "info",
        help="sizes, multiplicities and what projection loses",
        description="Sizes and multiplicities of a hypergraph, and what its clique expansion "
        "loses: nested hyperedges, maximal cliques that are no hyperedge, and the Jaccard of "
        "all maximal cliques as a reconstruction (Wang & Kleinberg, ICLR 2024).",
    )
    info.add_argument("input", metavar="DATASET_OR_FILE", help=INPUT_HELP)
    info.add_argument("--no-loss", action="store_true", help="skip the projection-loss analysis")
    info.add_argument(
        "--max-cliques",
        type=positive_int,
        default=None,
        help="give the projection-loss analysis up past this many maximal cliques "
        "(default 20,000,000; the rest of the report is still given)",
    )
    info.add_argument(
        "--part",
        choices=("train", "test", "both"),
        default=None,
        help="for a train/test pair: which hypergraph (default both)",
    )
    proj = sub.add_parser(
        "project",
        help="write the clique expansion as an edge list",
        description="Write the clique expansion (projection) of a hypergraph as an edge table "
        "in the file's own node ids, which `graphlab reconstruct --query` reads back.",
    )
    proj.add_argument("input", metavar="DATASET_OR_FILE", help=INPUT_HELP)
    proj.add_argument(
        "--out", required=True, type=Path, help="edge table (.csv, .csv.gz, .tsv, .parquet, .json)"
    )
    proj.add_argument(
        "--weighted", action="store_true", help="weight = number of hyperedges holding the pair"
    )
    proj.add_argument(
        "--distinct",
        action="store_true",
        help="with --weighted: count each distinct hyperedge once",
    )
    proj.add_argument(
        "--times",
        action="store_true",
        help="add the earliest time the pair shares a hyperedge (needs times)",
    )
    proj.add_argument(
        "--part",
        choices=("train", "test"),
        default=None,
        help="for a train/test pair: which hypergraph (default test)",
    )
    # sub-subcommands get the --json / --quiet flags of the parent too
    for p in (info, proj):
        p.add_argument(
            "--json",
            action="store_true",
            default=argparse.SUPPRESS,
            help="print a JSON summary as the last line",
        )
        p.add_argument(
            "--quiet", action="store_true", default=argparse.SUPPRESS, help="no progress bars"
        )


def load(source: str) -> Hypergraph | HypergraphPair:
    """A hypergraph (or train/test pair) from a registered dataset name or a path.

    The name-or-path rule is :func:`graphlab.datasets.resolve`'s, as in every command.
    """
    from graphlab.datasets import load_dataset, resolve
    from hypergraph.core import Hypergraph
    from hypergraph.readwrite import HypergraphPair, read_hypergraph, read_shyre_pair
    from hypergraph.readwrite.common import existing_file

    found = resolve(source)
    # a train/test pair keeps its files' repeated hyperedges here (reconstruction reads them
    # as sets, as the reference code does): the sizes and multiplicities are the files'
    if isinstance(found, Path):
        pair = found.is_dir() and existing_file(found, "train.txt") is not None
        obj: Any = read_shyre_pair(found, unique=False) if pair else read_hypergraph(found)
    elif found.format == "shyre-pair":
        from hypergraph.reconstruct.data import load_pair  # the reconstruct package: numba

        obj = load_pair(found.name, unique=False)
    else:
        obj = load_dataset(found.name)
        if not isinstance(obj, (Hypergraph, HypergraphPair)):
            raise InputError(f"dataset {source!r} is a {found.kind}, not a hypergraph")
    for part, h in ((("train", obj.train), ("test", obj.test)) if isinstance(obj, HypergraphPair)
                    else ((None, obj),)):  # fmt: skip
        if h.num_edges == 0:
            what = f"{source} ({part})" if part else source
            raise DataFormatError(f"{what}: holds no hyperedges")
    return obj


def _info(h: Hypergraph, args: argparse.Namespace) -> dict[str, Any]:
    out = h.summary()
    echo(
        args,
        f"{h.name or 'hypergraph'}: {fmt_count(h.num_nodes, 'node')} "
        f"({out['num_covered_nodes']:,} in a hyperedge), {fmt_count(h.num_edges, 'hyperedge')} "
        f"({h.num_distinct:,} distinct), sizes {out['edge_size_min']}..{out['edge_size_max']}",
    )
    mult = out["multiplicity_distribution"]
    once = mult.get(1, 0)
    echo(
        args,
        f"  multiplicity: {fmt_count(sum(mult.values()), 'distinct hyperedge')}, "
        f"{once:,} occur{'s' if once == 1 else ''} once, max {max(mult, default=0):,}",
    )
    if not args.no_loss:
        from graphlab.errors import MemoryBudgetError
        from hypergraph.cliques import DEFAULT_MAX_CLIQUES, CliqueLimitError
        from hypergraph.loss import projection_loss

        t0 = time.perf_counter()
        try:
            loss = projection_loss(h, max_cliques=args.max_cliques or DEFAULT_MAX_CLIQUES)
        except (CliqueLimitError, MemoryBudgetError) as err:
            # the sizes above stand; only the loss analysis is out of reach for this projection
            reason = (
                f"the projection has more than {err.limit:,} maximal cliques (counted in "
                f"{fmt_seconds(time.perf_counter() - t0)}; raise --max-cliques, or pass --no-loss)"
                if isinstance(err, CliqueLimitError)
                else f"{err} (or pass --no-loss)"
            )
            out["projection_loss"] = {"computed": False, "reason": reason}
            echo(args, f"  projection loss: not computed: {reason}")
            return out
        out["projection_loss"] = {"computed": True, **loss.as_dict()}
        seconds = time.perf_counter() - t0
        out["projection_loss"]["seconds"] = seconds
        echo(
            args,
            f"  projection: {fmt_count(loss.num_maximal_cliques, 'maximal clique')}; "
            f"nested hyperedges (pattern 1) {fmt_share(loss.nested_share)}, hyperedges not "
            f"maximal cliques {fmt_share(loss.not_clique_share)}, maximal cliques not "
            f"hyperedges (pattern 2) {fmt_share(loss.pattern2_share)}; "
            f"Jaccard of all maximal cliques {fmt_number(loss.jaccard)} "
            f"({fmt_seconds(seconds)})",
        )
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    from graphlab.fileio import TABLE_SUFFIXES, check_output_path
    from hypergraph.readwrite import HypergraphPair

    if args.action == "project":
        check_output_path(args.out, suffixes=TABLE_SUFFIXES, option="--out")
    obj = load(args.input)
    if args.part is not None and not isinstance(obj, HypergraphPair):
        raise InputError(f"--part is for a train/test pair; {args.input} is one hypergraph")
    if args.action == "info":
        if isinstance(obj, HypergraphPair):
            part = args.part or "both"
            parts = ("train", "test") if part == "both" else (part,)
            return {p: _info(getattr(obj, p), args) for p in parts}
        return _info(obj, args)
    h = getattr(obj, args.part or "test") if isinstance(obj, HypergraphPair) else obj
    from graphlab.fileio import write_table
    from hypergraph.projection import clique_expansion

    if args.distinct and not args.weighted:
        raise InputError("--distinct only applies with --weighted")
    g = clique_expansion(h, weighted=args.weighted, count_repeats=not args.distinct)
    frame = g.to_pandas()
    if h.node_names is not None:  # the ids of the input (a re-indexed read keeps them here)
        frame["source"] = h.node_names[frame["source"].to_numpy()]
        frame["target"] = h.node_names[frame["target"].to_numpy()]
    if args.times:
        from hypergraph.projection import pair_first_times

        frame["time"] = pair_first_times(h, g)
    write_table(frame, args.out)
    lone = int((g.degree() == 0).sum())  # nodes of size-1 hyperedges only: no edge holds them
    note = f" ({fmt_count(lone, 'node')} in no pair, which an edge list cannot hold)"
    echo(
        args,
        f"wrote {fmt_count(g.num_edges, 'edge')} on {fmt_count(g.num_nodes - lone, 'node')} to "
        f"{args.out}" + (note if lone else ""),
    )
    return {
        "out": str(args.out),
        "num_nodes": g.num_nodes - lone,  # the nodes the edge list holds
        "nodes_without_edges": lone,
        "num_edges": g.num_edges,
        "weighted": args.weighted,
    }


def demo(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Projection-loss step of ``graphlab demo``: the primary-school contact hypergraph.

    Loads ``contact-primary-school``, projects it, reports the two loss patterns and the
    Jaccard score of all maximal cliques as a reconstruction, and writes the full analysis to
    ``<out_dir>/contact-primary-school-projection-loss.json`` when ``args.out_dir`` is set.
    """
    from graphlab.datasets import load_dataset
    from graphlab.fileio import write_json
    from hypergraph.core import Hypergraph
    from hypergraph.loss import projection_loss

    t0 = time.perf_counter()
    h = load_dataset(DEMO_DATASET, Hypergraph)
    loss = projection_loss(h)
    out: dict[str, Any] = {
        "dataset": DEMO_DATASET,
        "hyperedges": h.num_edges,
        "distinct": h.num_distinct,
        "maximal_cliques": loss.num_maximal_cliques,
        "pattern1_nested_share": loss.nested_share,
        "not_clique_share": loss.not_clique_share,
        "pattern2_share": loss.pattern2_share,
        "jaccard": loss.jaccard,
        "seconds": time.perf_counter() - t0,
    }
    out_dir = getattr(args, "out_dir", None)
    if out_dir:
        path = Path(out_dir) / f"{DEMO_DATASET}-projection-loss.json"
        write_json({"summary": h.summary(), "projection_loss": loss.as_dict()}, path)
        out["out"] = str(path)
    return out


DEMO_STEP = DemoStep(30, "projection loss of contact-primary-school", demo)
