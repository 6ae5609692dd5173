"""``graphlab demo``: the main job, every analysis of graphlab on default real datasets.

The steps are found through the ``graphlab.demo_steps`` entry-point group: each entry names a
:class:`DemoStep` (``stats = "graphlab.cli.stats:DEMO_STEP"``), so packages above the core add
their steps without the core naming them. Steps run in the order of :attr:`DemoStep.order`.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

from graphlab.cli.common import echo, fmt_items, fmt_seconds

__all__ = ["DEMO_STEP_GROUP", "HELP", "DemoStep", "add_arguments", "demo_steps", "run"]

HELP = "the main job: every analysis on a default real dataset"

#: Entry-point group of the demo steps.
DEMO_STEP_GROUP = "graphlab.demo_steps"


@dataclass(frozen=True)
class DemoStep:
    """One step of ``graphlab demo``.

    Attributes
    ----------
    order : int
        Position of the step (ascending); steps of the core come first.
    title : str
        What the step shows, printed as its heading.
    run : callable
        ``run(args) -> dict``: does the step with the demo's parsed arguments (``args.out_dir``
        is the output folder) and returns a short summary, values unrounded (the demo prints
        them with :func:`graphlab.cli.common.fmt_items`: keys ending in ``seconds`` in s, in
        ``share`` in %; ``--json`` keeps them as they are).
    """

    order: int
    title: str
    run: Callable[[argparse.Namespace], dict[str, Any]]


def demo_steps() -> list[DemoStep]:
    """The registered demo steps, in order."""
    steps = []
    for ep in entry_points(group=DEMO_STEP_GROUP):
        step = ep.load()
        if not isinstance(step, DemoStep):
            raise TypeError(f"entry point {ep.name} = {ep.value!r} is not a DemoStep")
        steps.append(step)
    return sorted(steps, key=lambda s: (s.order, s.title))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out-dir",
        default="graphlab-demo",
        help="folder for the outputs (default ./graphlab-demo)",
    )


def run(args: argparse.Namespace) -> dict[str, Any]:
    from graphlab.fileio import check_output_path

    check_output_path(args.out_dir, kind="dir", option="--out-dir")
    results: dict[str, Any] = {}
    t0 = time.perf_counter()
    for step in demo_steps():
        echo(args, f"== {step.title}")
        summary = step.run(args)
        echo(args, "   " + fmt_items(summary))
        results[step.title] = summary
    results["seconds"] = time.perf_counter() - t0
    echo(args, f"== done in {fmt_seconds(results['seconds'])}")
    return results
