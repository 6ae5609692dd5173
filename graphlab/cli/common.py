"""Helpers shared by the subcommands of every package: arguments, output, executors.

Public so that ``linkpred.cli`` and ``hypergraph.cli`` use them without reaching into the core's
private modules.
"""

from __future__ import annotations

import argparse
from typing import Any

__all__ = [
    "add_backend",
    "add_input",
    "add_memory_budget",
    "echo",
    "emit_table",
    "load_input",
    "memory_budget_arg",
    "open_executor",
]


def echo(args: argparse.Namespace, *parts: Any) -> None:
    """Print human-readable output, unless ``--json`` asked for the JSON summary only."""
    if not getattr(args, "json", False):
        print(*parts, flush=True)


def add_input(
    parser: argparse.ArgumentParser, what: str = "a registered dataset or an edge-list file"
) -> None:
    parser.add_argument("input", metavar="DATASET_OR_EDGEFILE", help=what)
    parser.add_argument(
        "--num-nodes", type=int, default=None, help="number of nodes of an edge-list input"
    )


def add_memory_budget(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--memory-budget",
        type=memory_budget_arg,
        default=None,
        metavar="BYTES",
        help="working memory of one row block (e.g. 2e9, 512M, 4G; default 1G)",
    )


def memory_budget_arg(text: str) -> int:
    """argparse type of ``--memory-budget``: the parser behind ``$GRAPHLAB_MEMORY_BUDGET`` too."""
    from graphlab.errors import InputError
    from graphlab.validation import parse_bytes

    try:
        return parse_bytes(text, "--memory-budget")
    except InputError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def load_input(args: argparse.Namespace) -> Any:
    """The graph named by ``args.input``: a dataset's training graph or an edge-list file."""
    from graphlab.datasets import load_graph

    kwargs = {} if args.num_nodes is None else {"num_nodes": args.num_nodes}
    return load_graph(args.input, **kwargs)


def add_backend(parser: argparse.ArgumentParser) -> None:
    """``--backend serial|dask``, ``--scheduler ADDRESS``, ``--workers N``."""
    parser.add_argument(
        "--backend",
        choices=("serial", "dask"),
        default="serial",
        help="where the row blocks run: this process (default) or a Dask cluster",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler address (tcp://host:8786); without it --backend dask starts a "
        "local cluster and closes it at the end",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="worker processes of the local Dask cluster (default 2)",
    )


def open_executor(args: argparse.Namespace) -> Any:
    """The executor the backend arguments name (a context manager that closes it).

    Namespaces built without the backend arguments get the serial executor.
    """
    from graphlab.errors import InputError
    from graphlab.parallel import get_executor

    backend = getattr(args, "backend", "serial")
    workers = getattr(args, "workers", None)
    if workers is not None and (backend != "dask" or getattr(args, "scheduler", None)):
        raise InputError("--workers sizes the local cluster of --backend dask without --scheduler")
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be >= 1, got {workers}")
    return get_executor(backend, scheduler=getattr(args, "scheduler", None), n_workers=workers)


def emit_table(
    args: argparse.Namespace, frame: Any, summary: dict[str, Any], headline: str
) -> None:
    """Write a per-node table to ``--out`` (recorded in the summary), then tell the user.

    Prints the headline, then where the table went or, with no ``--out`` and no ``--json``,
    its first rows.
    """
    from graphlab.fileio import write_table

    if args.out:
        summary["out"] = str(write_table(frame, args.out))
    echo(args, headline)
    if args.out:
        echo(args, f"wrote {summary['out']}")
    elif not args.json:
        echo(args, frame.head(10).to_string(index=False))
