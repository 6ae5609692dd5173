"""``graphlab shift DATASET``: topological distribution shift (split comparison or per period)."""

from __future__ import annotations

import argparse
from typing import Any

from graphlab.cli import echo


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dataset",
        metavar="DATASET",
        help="a graph / link dataset (split comparison) or a timestamped hypergraph such as "
        "email-Enron (per-period analysis of its projection)",
    )
    parser.add_argument("--periods", type=int, default=10, help="periods (equal edge counts)")
    parser.add_argument("--out", default=None, metavar="DIR", help="write CSV/JSON and a PNG")
    parser.add_argument("--seed", type=int, default=0, help="Planetoid split seed")


def run(args: argparse.Namespace) -> dict[str, Any]:
    from linkpred.shift import shift_dataset

    res = shift_dataset(args.dataset, args.out, periods=args.periods, split_seed=args.seed)
    if res["kind"] == "split":
        echo(args, f"{res['nodes']} nodes with train, valid and test neighbours: mean TC "
             f"train {res['tc_train']:.4f}, valid {res['tc_valid']:.4f}, "
             f"test {res['tc_test']:.4f}")  # fmt: skip
    else:
        for p in res["periods"]:
            echo(args, f"period {p['period']}: {p['nodes']} nodes, TC of new neighbours "
                 f"{p['tc_new']:.4f} vs existing {p['tc_train']:.4f}")  # fmt: skip
    if "plot" in res:
        echo(args, "wrote", res["plot"])
    return res
