"""``graphlab datasets``: the registered datasets and whether they are on this machine."""

from __future__ import annotations

import argparse
from typing import Any

from graphlab.cli.common import echo

HELP = "list registered datasets and whether they are here"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kind",
        type=_kind,
        default=None,
        help="only datasets of this kind (link, graph, hypergraph, ...)",
    )
    parser.add_argument("--verify", action="store_true", help="check the sha256 of the files found")


def _kind(text: str) -> str:
    """argparse type of ``--kind``: a kind of the registry, else an error listing them."""
    from graphlab.datasets import registry
    from graphlab.errors import quote_content

    kinds = sorted({entry.kind for entry in registry().values()})
    if text not in kinds:
        raise argparse.ArgumentTypeError(
            f"unknown kind {quote_content(text)}; the registry's kinds are {', '.join(kinds)}"
        )
    return text


def run(args: argparse.Namespace) -> dict[str, Any]:
    from graphlab.datasets import list_datasets, verify

    frame = list_datasets()
    if args.kind:
        frame = frame[frame["kind"] == args.kind]
    if args.verify:
        frame["checksums_ok"] = [
            all(verify(n).values()) if ok else None
            for n, ok in zip(frame["name"], frame["available"])
        ]
    cols = ["name", "kind", "format", "available"] + (["checksums_ok"] if args.verify else [])
    echo(args, frame[cols].to_string(index=False))
    return {
        "datasets": frame[[*cols, "folder"]].to_dict(orient="records"),
        "available": int(frame["available"].sum()),
        "registered": len(frame),
    }
