"""``graphlab shift DATASET``: topological distribution shift (split comparison or per period).

A graph or link dataset gets the split comparison (:func:`linkpred.shift.split_shift`; Planetoid
graphs with the seeded 70/10/20 split). A dataset that converts to a timestamped graph (a
timestamped hypergraph such as email-Enron, through :func:`graphlab.datasets.as_timestamped_graph`)
gets the per-period analysis of :func:`linkpred.shift.timestamped_shift`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from graphlab.cli.common import echo, fmt_number, int_arg, nonneg_int

HELP = "topological distribution shift of a dataset"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dataset",
        metavar="DATASET",
        help="a graph / link dataset (split comparison) or a timestamped hypergraph such as "
        "email-Enron (per-period analysis of its projection)",
    )
    parser.add_argument(
        "--periods", type=int_arg(low=2), default=10, help="periods (equal edge counts)"
    )
    parser.add_argument("--out", default=None, metavar="DIR", help="write CSV/JSON and a PNG")
    parser.add_argument("--seed", type=nonneg_int, default=0, help="Planetoid split seed")


def shift_dataset(
    name: str, out: str | Path | None = None, *, periods: int = 10, split_seed: int = 0
) -> dict[str, Any]:
    """Distribution shift of a registered dataset, with CSV/JSON and a PNG plot in ``out``."""
    from graphlab.datasets import GraphDataset, as_timestamped_graph, load_dataset
    from graphlab.errors import InputError
    from graphlab.fileio import write_json, write_table
    from linkpred.data import link_data
    from linkpred.shift import (
        plot_period_shift,
        plot_split_shift,
        split_shift,
        timestamped_shift,
    )

    ds = load_dataset(name)
    outdir = None if out is None else Path(out)
    res: dict[str, Any]
    if isinstance(ds, GraphDataset):
        data = link_data(ds, split_seed=split_seed)  # the dataset read above, not again
        res = {"dataset": name, "kind": "split", **split_shift(data)}
        if outdir is not None:
            res["plot"] = str(plot_split_shift(res, outdir / f"{name}_shift.png", name))
    else:
        tg = as_timestamped_graph(ds)
        if tg is None:
            raise InputError(f"dataset {name!r} is neither a graph nor a timestamped hypergraph")
        frame = timestamped_shift(tg, periods=periods)
        res = {
            "dataset": name,
            "kind": "per-period",
            "edges": int(tg.graph.num_edges),
            "periods": frame.to_dict("records"),
            "mean_tc_new": float(frame["tc_new"].mean()),
            "mean_tc_train": float(frame["tc_train"].mean()),
        }
        if outdir is not None:
            write_table(frame, outdir / f"{name}_shift.csv")
            res["plot"] = str(plot_period_shift(frame, outdir / f"{name}_shift.png", name))
    if outdir is not None:
        write_json(res, outdir / f"{name}_shift.json")
    return res


def run(args: argparse.Namespace) -> dict[str, Any]:
    if args.out is not None:
        from graphlab.fileio import check_output_path

        check_output_path(args.out, kind="dir", option="--out")
    res = shift_dataset(args.dataset, args.out, periods=args.periods, split_seed=args.seed)
    if res["kind"] == "split":
        echo(args, f"{res['nodes']:,} nodes with train, valid and test neighbours: mean TC "
             f"train {fmt_number(res['tc_train'])}, valid {fmt_number(res['tc_valid'])}, "
             f"test {fmt_number(res['tc_test'])}")  # fmt: skip
    else:
        for p in res["periods"]:
            echo(args, f"period {p['period']}: {p['nodes']:,} nodes, TC of new neighbours "
                 f"{fmt_number(p['tc_new'])} vs existing {fmt_number(p['tc_train'])}")  # fmt: skip
    if "plot" in res:
        echo(args, "wrote", res["plot"])
    return res
