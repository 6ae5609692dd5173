"""``graphlab analyze RUN_DIR``: per-node metrics of a trained run, correlations, plots."""

from __future__ import annotations

import argparse
from typing import Any

from graphlab.cli.common import echo, nonneg_int, positive_int

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


def run(args: argparse.Namespace) -> dict[str, Any]:
    from pathlib import Path

    from graphlab.fileio import check_output_path
    from linkpred.analysis import analyze_run

    if Path(args.run_dir).is_dir():  # the outputs go to RUN_DIR/analysis/
        check_output_path(Path(args.run_dir) / "analysis", kind="dir", option="RUN_DIR")
    summary = analyze_run(args.run_dir, run=args.run, hops=args.hops, k=args.k)
    echo(args, f"{summary['nodes_evaluated']} nodes evaluated; means {summary['mean']}")
    for key, value in summary.items():
        if key.startswith("pearson_"):
            echo(args, f"Pearson r with {key[8:]}: " + ", ".join(
                f"{f} {r:+.3f}" for f, r in value.items()))  # fmt: skip
    echo(args, "wrote", ", ".join(summary["files"]))
    return summary
