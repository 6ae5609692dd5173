"""The ``graphlab`` command line.

Subcommands live in their own modules and are imported only when invoked, so ``graphlab --help``
does not pay for torch or the other heavy imports. A subcommand module defines
``add_arguments(parser)`` and ``run(args) -> dict``: the returned summary is printed as one JSON
object on the last stdout line with ``--json``. Bad input (any :class:`graphlab.GraphlabError`)
becomes one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["COMMANDS", "echo", "main"]

# name -> (module, one-line help). The packages hypergraph and linkpred register here by module
# path only: graphlab itself never imports them.
COMMANDS: dict[str, tuple[str, str]] = {
    "datasets": ("graphlab.cli.datasets", "list registered datasets and whether they are here"),
    "stats": ("graphlab.cli.stats", "node statistics of a graph, one row per node"),
    "tc": ("linkpred.cli_tc", "topological concentration (exact TC or ATC) of every node"),
    "train": ("linkpred.cli_train", "train a GNN link predictor (optionally TC-reweighted)"),
    "analyze": ("linkpred.cli_analyze", "per-node metrics of a trained run, TC correlations"),
    "shift": ("linkpred.cli_shift", "topological distribution shift of a dataset"),
    "demo": ("graphlab.cli.demo", "the main job: every analysis on a default real dataset"),
    "reconstruct": (
        "hypergraph.reconstruct.cli",
        "reconstruct a hypergraph from its projection (SHyRe, max cliques, clique cover)",
    ),
    "hypergraph": ("hypergraph.cli", "hypergraph sizes, projection loss, projection to edges"),
}


def echo(args: argparse.Namespace, *parts: Any) -> None:
    """Print human-readable output, unless ``--json`` asked for the JSON summary only."""
    if not getattr(args, "json", False):
        print(*parts, flush=True)


def _parser(command: str | None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="graphlab",
        description="Graph and hypergraph analytics with GNN link prediction.",
    )
    from graphlab import __version__

    parser.add_argument("--version", action="version", version=f"graphlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_)
        if name == command:
            p.add_argument(
                "--json", action="store_true", help="print a JSON summary as the last line"
            )
            p.add_argument("--quiet", action="store_true", help="no progress bars")
            importlib.import_module(module).add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    if command not in COMMANDS:
        command = None
    parser = _parser(command)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    from graphlab.errors import GraphlabError
    from graphlab.progress import set_quiet

    set_quiet(args.quiet)
    module = importlib.import_module(COMMANDS[args.command][0])
    try:
        summary = module.run(args)
    except GraphlabError as err:
        print(f"graphlab {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"graphlab {args.command}: interrupted", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps(summary if summary is not None else {}, default=_jsonable))
    return 0


def _jsonable(obj: Any) -> Any:
    if hasattr(obj, "item") and getattr(obj, "ndim", 1) == 0:
        return obj.item()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    return str(obj)
