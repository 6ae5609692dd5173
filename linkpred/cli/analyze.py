"""``graphlab analyze RUN_DIR``: per-node metrics of a trained run, correlations, plots.

Each setting (``--run``, ``--hops``, ``--k``) writes its own folder,
``RUN_DIR/analysis/run=R_hops=H_k=K/``, or ``--out DIR``: an earlier analysis is never
overwritten by one with other settings.
"""

from __future__ import annotations

import argparse
from typing import Any

from graphlab.cli.common import echo, fmt_items, nonneg_int, positive_int

HELP = "per-node metrics of a trained run, TC correlations"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run_dir", metavar="RUN_DIR", help="directory of `graphlab train --out`")
    parser.add_argument("--run", type=nonneg_int, default=0, help="which run of the directory (0)")
    parser.add_argument(
        "--hops", type=positive_int, default=1, metavar="K", help="TC / ATC hops (1)"
    )
    parser.add_argument(
        "--k", type=positive_int, default=None, help="K of the @K metrics (dataset's)"
    )
    parser.add_argument(
        "--out",
        default=None,
        metavar="DIR",
        help="output folder (default RUN_DIR/analysis/run=R_hops=H_k=K/, one per setting)",
    )
    parser.add_argument(
        "--eval",
        choices=("nodes", "heart"),
        default="nodes",
        help="nodes (default): per-node ranking against all nodes, TC correlations; heart: "
        "MRR and Hits@K over HeaRT's hard negatives per positive (Li et al., NeurIPS 2023), "
        "with each positive's rank, into RUN_DIR/analysis/heart_run=R/",
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    from pathlib import Path

    from graphlab.fileio import check_output_path
    from linkpred.analysis import analyze_run

    if args.out is not None:
        check_output_path(args.out, kind="dir", option="--out")
    elif Path(args.run_dir).is_dir():  # the outputs go to RUN_DIR/analysis/<setting>/
        check_output_path(Path(args.run_dir) / "analysis", kind="dir", option="RUN_DIR")
    if args.eval == "heart":
        return _heart(args)
    _check_pair_scorer(args.run_dir)
    summary = analyze_run(args.run_dir, run=args.run, hops=args.hops, k=args.k, out=args.out)
    echo(
        args,
        f"{summary['nodes_evaluated']:,} nodes evaluated; mean "
        + fmt_items(summary["mean"], sep=" "),
    )
    for key, value in summary.items():
        if key.startswith("pearson_"):
            echo(args, f"Pearson r with {key[8:]}: " + fmt_items(value, sep=" "))
    again = " (replacing the earlier analysis of this setting)" if summary["replaced"] else ""
    echo(args, f"wrote {len(summary['files'])} files into {summary['out']}{again}")
    return summary


def _heart(args: argparse.Namespace) -> dict[str, Any]:
    from linkpred.heart_analysis import analyze_heart

    summary = analyze_heart(args.run_dir, run=args.run, out=args.out)
    for part in ("valid", "test"):
        echo(args, f"HeaRT {part}: " + fmt_items(summary[part], sep=" "))
    echo(args, f"wrote {len(summary['files'])} files into {summary['out']}")
    return summary


def _check_pair_scorer(run_dir: str) -> None:
    """The per-node ranking scores every node against every node with a decoder on
    :math:`h_u \\odot h_v`; NCN / NCNC score pairs from their common neighbours, which that
    ranking does not compute: refuse rather than rank with a part of the model."""
    from graphlab.errors import InputError
    from linkpred.models import MODELS
    from linkpred.rundir import RunDir

    rd = RunDir(run_dir)
    if not rd.holds_run():
        return  # analyze_run says what is wrong with the directory
    try:
        cfg, _ = rd.read_config()
    except InputError:
        return
    if MODELS[cfg.model].scorer != "pair":
        raise InputError(
            f"{run_dir}: a {cfg.model} run scores pairs from common neighbours; the per-node "
            "ranking against all nodes supports pair decoders only: use --eval heart"
        )
