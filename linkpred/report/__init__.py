"""``graphlab report``: a self-contained HTML page of what TC says about a dataset and a model.

Modules: :mod:`~linkpred.report.gather` computes the numbers (dataset view, performance view),
:mod:`~linkpred.report.pernode` reads any model's per-node results,
:mod:`~linkpred.report.stats` holds the bootstrap correlations and bins,
:mod:`~linkpred.report.figures` draws the SVG figures, :mod:`~linkpred.report.summary` words
the summary, :mod:`~linkpred.report.page` and :mod:`~linkpred.report.build` lay out the page,
and :func:`write_report` ties them together.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .build import render_report
from .gather import DatasetView, PerformanceView

__all__ = ["render_report", "write_report"]


def write_report(
    path: str | Path,
    view: DatasetView,
    perf: PerformanceView | None = None,
    *,
    command: str = "",
    step: Callable[[str], None] | None = None,
) -> Path:
    """Render the report and write it to ``path`` atomically (UTF-8)."""
    from graphlab.fileio import atomic_open

    text = render_report(view, perf, command=command, step=step)
    with atomic_open(path, "w") as fh:
        fh.write(text)
    return Path(path)
