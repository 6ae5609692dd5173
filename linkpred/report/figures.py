"""The figures of a report, drawn with matplotlib and returned as inline SVG text.

Each function takes the numbers of :mod:`linkpred.report.gather` and returns one ``<svg>``
element, ready to be placed in the page: no XML prologue, no fixed size (the page scales it),
its element ids prefixed by the figure's name so that several figures share a page without
clashes, text kept as text, dense point clouds rasterised into the SVG (a few kB instead of
one element per node). The same numbers give the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Any

import numpy as np
import pandas as pd

from .gather import FEATURES, DatasetView, PerformanceView

__all__ = [
    "cold_start",
    "correlation_intervals",
    "performance_by_bin",
    "performance_scatter",
    "period_shift",
    "reweight_log",
    "split_shift",
    "tc_distributions",
    "tc_vs_degree",
    "to_svg",
]

#: One colour per split, in every figure.
SPLIT_COLOURS = {"train": "#1f77b4", "valid": "#ff7f0e", "test": "#d62728"}
_RC: Any = {  # rcParams (typed Any: matplotlib types its keys as literals)
    "svg.fonttype": "none",  # text stays text: selectable, searchable, small
    "svg.hashsalt": "graphlab-report",  # stable clip-path ids
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.family": "sans-serif",
}


def _figure(nrows: int = 1, ncols: int = 1, size: tuple[float, float] = (6.4, 3.6)) -> Any:
    from graphlab.fileio import new_figure

    return new_figure(nrows=nrows, ncols=ncols, figsize=size, squeeze=False)


def to_svg(fig: Any, name: str) -> str:
    """The figure as an inline ``<svg>`` element (see the module docstring); closes it.

    Examples
    --------
    >>> fig, ax = _figure()
    >>> text = to_svg(fig, "demo")
    >>> text.startswith("<svg"), 'width="' in text.split(">")[0], 'id="demo-' in text
    (True, False, True)
    """
    import matplotlib
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    try:
        with matplotlib.rc_context(_RC):
            fig.savefig(buf, format="svg", metadata={"Date": None}, dpi=110)
    finally:
        plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    head, rest = text.split(">", 1)
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    text = f'{head} role="img" class="figure-svg">{rest}'
    # ids unique on the page: every id, and every reference to one, gets the figure's name
    text = re.sub(r'\bid="([^"]+)"', rf'id="{name}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{name}-\1)", text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{name}-\1"', text)
    return text


def _num(x: float) -> str:
    return f"{x:.3f}" if np.isfinite(x) else "n/a"


def _styled(fn: Any) -> Any:
    """Draw under the report's rcParams (sizes, fonts) as well as save under them."""
    import functools

    import matplotlib

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> str:
        with matplotlib.rc_context(_RC):
            return fn(*args, **kwargs)

    return wrapper


@_styled
def tc_distributions(view: DatasetView) -> str:
    """Histograms of TC per split, one panel per computed K, and one of ATC (K = 1)."""
    panels: list[tuple[str, pd.DataFrame, str]] = [
        (f"exact TC, K = {k}", frame, "tc") for k, frame in sorted(view.tc.items())
    ]
    panels.append(("ATC, K = 1", view.atc, "atc"))
    ncols = 2
    nrows = (len(panels) + 1) // 2
    fig, axes = _figure(nrows, ncols, (7.2, 2.7 * nrows))
    bins = np.linspace(0, 1, 26)
    for ax, (title, frame, prefix) in zip(axes.flat, panels):
        lo = 0.0
        for split, colour in SPLIT_COLOURS.items():
            vals = frame[f"{prefix}_{split}"].dropna().to_numpy(float)
            if prefix == "atc":  # cosine similarities may dip below 0
                lo = min(lo, float(vals.min()) if vals.size else 0.0)
            if vals.size:
                ax.hist(
                    vals,
                    bins=bins if prefix == "tc" else 25,
                    density=True,
                    histtype="step",
                    linewidth=1.4,
                    color=colour,
                    label=f"{split} (mean {vals.mean():.3f})",
                )
        ax.set_title(title)
        ax.set_xlabel("ATC" if prefix == "atc" else "TC")
        ax.set_ylabel("density of nodes")
        ax.legend(fontsize=7, frameon=True, framealpha=0.85, edgecolor="none", loc="best")
    for ax in axes.flat[len(panels) :]:
        ax.set_visible(False)
    fig.tight_layout()
    return to_svg(fig, "tc-distributions")


def _binned_line(ax: Any, x: np.ndarray, y: np.ndarray, edges: np.ndarray, **style: Any) -> None:
    which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    centres, means = [], []
    for i in range(len(edges) - 1):
        sel = which == i
        if sel.any():
            centres.append(float(np.median(x[sel])))
            means.append(float(y[sel].mean()))
    ax.plot(centres, means, marker="o", markersize=3.5, **style)


@_styled
def tc_vs_degree(view: DatasetView) -> str:
    """TC_train and TC_test (K = 1) of every node against its training degree (log scale)."""
    from .stats import degree_bin_edges

    frame = view.tc[1]
    fig, axes = _figure(1, 2, (7.2, 3.0))
    deg = frame["degree"].to_numpy(float)
    edges = degree_bin_edges(int(deg.max()) if deg.size else 1).astype(float)
    for ax, split in zip(axes.flat, ("train", "test")):
        col = frame[f"tc_{split}"].to_numpy(float)
        keep = np.isfinite(col) & (deg > 0)
        ax.scatter(
            deg[keep],
            col[keep],
            s=4,
            alpha=0.25,
            color=SPLIT_COLOURS[split],
            linewidths=0,
            rasterized=True,
        )
        _binned_line(
            ax,
            deg[keep],
            col[keep],
            edges,
            color="black",
            linewidth=1.2,
            label="mean per degree bin",
        )
        ax.set_xscale("log")
        ax.set_xlabel("training degree (log scale)")
        ax.set_ylabel(f"TC_{split}, K = 1")
        ax.set_ylim(-0.03, 1.03)
        ax.set_title(f"TC_{split} against degree ({int(keep.sum()):,} nodes)")
        ax.legend(fontsize=7, frameon=False, loc="upper right")
    fig.tight_layout()
    return to_svg(fig, "tc-degree")


@_styled
def split_shift(view: DatasetView) -> str:
    """Mean TC per split for each K (bars), and the per-node TC_test − TC_train (K = 1)."""
    fig, axes = _figure(1, 2, (7.2, 3.0))
    ax = axes[0, 0]
    shift = view.shift
    width = 0.26
    x = np.arange(len(shift))
    for i, split in enumerate(("train", "valid", "test")):
        ax.bar(
            x + (i - 1) * width,
            shift[f"tc_{split}"],
            width,
            color=SPLIT_COLOURS[split],
            label=split,
        )
    ax.set_xticks(x, [f"K = {k}" for k in shift["hops"]])
    ax.set_ylabel("mean TC")
    ax.set_title("mean TC per split (nodes in all three)")
    ax.legend(fontsize=7, frameon=False)
    ax = axes[0, 1]
    frame = view.tc[1]
    diff = (frame["tc_test"] - frame["tc_train"]).dropna().to_numpy(float)
    # symmetric around 0, wide enough for 99% of the nodes: ±1 would squeeze a narrow shift
    half = float(np.quantile(np.abs(diff), 0.99)) if diff.size else 1.0
    half = min(1.0, max(half, 0.05))
    ax.hist(
        np.clip(diff, -half, half),
        bins=np.linspace(-half, half, 41),
        color=SPLIT_COLOURS["test"],
        alpha=0.8,
    )
    ax.axvline(0, color="black", linewidth=0.8)
    if diff.size:
        ax.axvline(
            float(np.median(diff)),
            color="black",
            linestyle="--",
            linewidth=1,
            label=f"median {np.median(diff):+.3f}",
        )
        ax.legend(fontsize=7, frameon=False)
    ax.set_xlabel("TC_test − TC_train (K = 1)")
    ax.set_ylabel("nodes")
    ax.set_title(f"per-node shift ({diff.size:,} nodes)")
    fig.tight_layout()
    return to_svg(fig, "split-shift")


@_styled
def period_shift(frame: pd.DataFrame) -> str:
    """Mean TC of newly joined neighbours and of existing ones, per period."""
    fig, axes = _figure(1, 1, (6.4, 3.0))
    ax = axes[0, 0]
    ax.plot(
        frame["period"],
        frame["tc_train"],
        marker="o",
        color=SPLIT_COLOURS["train"],
        label="existing neighbours (TC_train on G<t)",
    )
    ax.plot(
        frame["period"],
        frame["tc_new"],
        marker="s",
        color=SPLIT_COLOURS["test"],
        label="newly joined neighbours (TC_t)",
    )
    ax.set_xlabel("period (equal numbers of new edges)")
    ax.set_ylabel("mean TC over nodes")
    ax.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    return to_svg(fig, "period-shift")


@_styled
def performance_scatter(pv: PerformanceView) -> str:
    """The per-node metric against each feature, with the mean per bin."""
    from .stats import degree_bin_edges, tc_bin_edges

    fig, axes = _figure(2, 2, (7.2, 5.6))
    frame = pv.frame
    m = frame[pv.metric].to_numpy(float)
    for ax, (col, label) in zip(axes.flat, FEATURES.items()):
        x = frame[col].to_numpy(float)
        keep = np.isfinite(x) & np.isfinite(m)
        if col == "degree":
            keep &= x > 0
            edges = degree_bin_edges(int(x[keep].max()) if keep.any() else 1).astype(float)
            ax.set_xscale("log")
        else:
            edges = tc_bin_edges()
        ax.scatter(x[keep], m[keep], s=5, alpha=0.3, color="#4c72b0", linewidths=0, rasterized=True)
        if keep.any():
            _binned_line(
                ax, x[keep], m[keep], edges, color="black", linewidth=1.2, label="mean per bin"
            )
            ax.legend(fontsize=7, frameon=False)
        row = pv.correlations.set_index("feature").loc[col]
        ax.set_title(f"{label}: Spearman ρ = {_num(row.spearman)} (n = {int(row.n):,})")
        ax.set_xlabel(label + (" (log scale)" if col == "degree" else ""))
        ax.set_ylabel(pv.metric)
    fig.tight_layout()
    return to_svg(fig, "performance-scatter")


@_styled
def correlation_intervals(pv: PerformanceView) -> str:
    """Pearson and Spearman coefficients per feature with their bootstrap intervals."""
    corr = pv.correlations
    fig, axes = _figure(1, 1, (6.4, 2.6))
    ax = axes[0, 0]
    y = np.arange(len(corr))
    for offset, (name, colour) in zip(
        (-0.15, 0.15), (("pearson", "#4c72b0"), ("spearman", "#dd8452"))
    ):
        mid = corr[name].to_numpy(float)
        err = np.vstack([mid - corr[f"{name}_low"], corr[f"{name}_high"] - mid])
        ax.errorbar(
            mid,
            y + offset,
            xerr=np.nan_to_num(err),
            fmt="o",
            color=colour,
            capsize=3,
            label=name.capitalize(),
        )
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_yticks(y, [FEATURES[f] for f in corr["feature"]])
    ax.invert_yaxis()
    ax.set_xlabel(f"correlation with {pv.metric} (95% bootstrap interval)")
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    fig.tight_layout()
    return to_svg(fig, "correlations")


@_styled
def performance_by_bin(pv: PerformanceView) -> str:
    """Mean metric per TC_train bin, per TC_test bin and per degree bin, with node counts."""
    fig, axes = _figure(1, 3, (7.6, 2.9))
    for ax, (frame, label) in zip(
        axes.flat,
        (
            (pv.by_tc_train, "TC_train"),
            (pv.by_tc_test, "TC_test"),
            (pv.by_degree, "training degree"),
        ),
    ):
        shown = frame[frame["nodes"] > 0]
        x = np.arange(len(shown))
        ax.bar(x, shown["mean"], yerr=shown["sem"].fillna(0), color="#4c72b0", capsize=2)
        tops = shown["mean"] + shown["sem"].fillna(0)
        for xi, (top, n) in enumerate(zip(tops, shown["nodes"])):
            ax.annotate(
                f"{n:,}",
                (xi, top),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                fontsize=6,
                color="#555555",
            )
        ax.set_xticks(x, shown["bin"], rotation=60, fontsize=6.5)
        ax.set_xlabel(label)
        ax.set_ylabel(f"mean {pv.metric}")
    fig.tight_layout()
    return to_svg(fig, "performance-bins")


@_styled
def cold_start(pv: PerformanceView) -> str:
    """Mean metric of the nodes with no or few training neighbours."""
    frame = pv.cold_start
    fig, axes = _figure(1, 1, (6.4, 2.6))
    ax = axes[0, 0]
    x = np.arange(len(frame))
    ax.bar(
        x,
        frame["mean"].fillna(0),
        yerr=frame["sem"].fillna(0),
        capsize=3,
        color=["#c44e52"] + ["#4c72b0"] * (len(frame) - 1),
    )
    tops = frame["mean"].fillna(0) + frame["sem"].fillna(0)
    for xi, (top, n) in enumerate(zip(tops, frame["nodes"])):
        ax.annotate(
            f"{n:,} nodes",
            (xi, top),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            fontsize=7,
            color="#555555",
        )
    ax.set_xticks(x, frame["group"])
    ax.set_xlabel("training degree")
    ax.set_ylabel(f"mean {pv.metric}")
    fig.tight_layout()
    return to_svg(fig, "cold-start")


@_styled
def reweight_log(log: pd.DataFrame) -> str:
    """Weighted TC before and after each reweighting update."""
    fig, axes = _figure(1, 1, (6.4, 2.8))
    ax = axes[0, 0]
    ax.plot(log["epoch"], log["tc_before"], marker="o", label="before the update")
    ax.plot(log["epoch"], log["tc_after"], marker="s", label="after the update")
    ax.set_xlabel("epoch of the update")
    ax.set_ylabel("weighted TC (mean over nodes)")
    ax.legend(fontsize=7, frameon=False)
    fig.tight_layout()
    return to_svg(fig, "reweight")
