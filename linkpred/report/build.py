"""Assemble the report: sections of tables and figures around the computed summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from . import figures
from .gather import FEATURES, DatasetView, PerformanceView
from .page import Section, figure, page, paragraph, table
from .summary import dataset_sentences, performance_sentences

__all__ = ["EXTREME_NODES", "extreme_nodes", "render_report"]

#: Nodes listed at each end of the TC ranking.
EXTREME_NODES = 10


def _share(x: Any) -> str:
    return "–" if not np.isfinite(x) else f"{100 * float(x):.1f}%"


def _time(x: Any) -> str:
    """A period bound as the data give times: integers plainly, others to 6 digits."""
    x = float(x)
    return f"{x:.0f}" if abs(x) >= 1e6 or x == int(x) else f"{x:.6g}"


def extreme_nodes(view: DatasetView, lowest: bool, count: int = EXTREME_NODES) -> pd.DataFrame:
    """The ``count`` nodes with the lowest (or highest) TC_train at K = 1, in the user's ids.

    Only nodes with at least two training neighbours are ranked (a node with one has TC 0 by
    definition, which says nothing); among equal TC the better-connected node comes first.

    Examples
    --------
    >>> from linkpred.report.gather import DatasetView
    >>> tc = pd.DataFrame({"node": [0, 1, 2], "degree": [3, 2, 1],
    ...                    "tc_train": [0.2, 0.9, 0.0], "tc_valid": np.nan, "tc_test": np.nan})
    >>> atc = pd.DataFrame({"atc_train": [0.1, 0.8, 0.0]})
    >>> v = DatasetView("toy", "", 3, {}, np.array([10, 20, 30]), np.array([3, 2, 1]),
    ...                 np.zeros(3), {1: tc}, {}, atc, pd.DataFrame())
    >>> extreme_nodes(v, lowest=True)["node"].tolist()
    [10, 20]
    """
    frame = view.node_frame(1)
    frame["atc_train"] = view.atc["atc_train"].to_numpy()
    frame = frame[frame["degree"] >= 2]
    frame = frame.sort_values(["tc_train", "degree"], ascending=[lowest, False], kind="stable")
    cols = ["node", "degree", "tc_train", "tc_valid", "tc_test", "atc_train", "density"]
    return frame[cols].head(count).reset_index(drop=True)


TC_LABELS = {
    "node": "node id",
    "degree": "training degree",
    "tc_train": "TC_train",
    "tc_valid": "TC_valid",
    "tc_test": "TC_test",
    "atc_train": "ATC_train",
    "density": "ego density",
}


def dataset_sections(view: DatasetView) -> list[Section]:
    """The sections about the dataset itself."""
    from ..analysis import correlations

    out = []
    deg = view.degree
    overview = pd.DataFrame(
        [
            ("nodes", f"{view.num_nodes:,}"),
            ("training edges", f"{view.edges['train']:,}"),
            ("validation edges", f"{view.edges['valid']:,}"),
            ("test edges", f"{view.edges['test']:,}"),
            ("nodes with training neighbours", f"{int((deg > 0).sum()):,}"),
            ("mean training degree", f"{deg.mean():.2f}"),
            ("split", view.split_note),
        ],
        columns=["quantity", "value"],
    )
    out.append(
        Section(
            "dataset",
            "The dataset",
            [
                table(
                    overview, f"{view.name}: size and split (TC walks on the training graph only)"
                ),
            ],
        )
    )

    rows = []
    for k, frame in sorted(view.tc.items()):
        for split in ("train", "valid", "test"):
            vals = frame[f"tc_{split}"].dropna()
            rows.append(
                (
                    f"TC, K = {k}",
                    split,
                    len(vals),
                    vals.mean(),
                    vals.median(),
                    float((vals == 0).mean()) if len(vals) else np.nan,
                )
            )
    for split in ("train", "valid", "test"):
        vals = view.atc[f"atc_{split}"].dropna()
        rows.append(("ATC, K = 1", split, len(vals), vals.mean(), vals.median(), np.nan))
    dist = pd.DataFrame(rows, columns=["measure", "split", "nodes", "mean", "median", "zero"])
    blocks = [
        figure(
            figures.tc_distributions(view),
            "TC per split",
            "Distribution over nodes of topological concentration with training, validation "
            "and test neighbours (walks on the training graph), one panel per number of hops "
            "K, and of the approximation ATC (random-feature propagation, K = 1). Each curve "
            "counts the nodes with a neighbour in that split (their numbers are in the "
            "table below).",
        ),
        table(
            dist,
            "TC and ATC per split: nodes with a neighbour in the split, mean, median, "
            "share of nodes with TC 0",
            labels={"zero": "TC = 0"},
            formats={"zero": _share},
        ),
    ]
    blocks += [paragraph(f"K = {k}: {why}.", "note") for k, why in sorted(view.skipped.items())]
    out.append(Section("tc-distributions", "Topological concentration per split", blocks))

    cols = [f"tc_{s}" for s in ("train", "valid", "test")]
    corr_rows = []
    for k, frame in sorted(view.tc.items()):
        # a node with one training neighbour has TC_train 0 by definition: left out
        c = correlations(frame[frame["degree"] >= 2], cols, ["degree"])
        c.insert(0, "K", k)
        corr_rows.append(c)
    corr = pd.concat(corr_rows, ignore_index=True)[["K", "metric", "n", "pearson", "spearman"]]
    corr["metric"] = corr["metric"].map(TC_LABELS)
    out.append(
        Section(
            "tc-degree",
            "TC against degree",
            [
                figure(
                    figures.tc_vs_degree(view),
                    "TC against degree",
                    "Each dot is a node: its TC (K = 1) with training neighbours (left) and test "
                    "neighbours (right) against its training degree on a log scale; the black line "
                    "is the mean TC per degree bin (powers of two).",
                ),
                table(
                    corr,
                    "Correlation of TC with training degree over the nodes with at least two "
                    "training neighbours and a neighbour in the split",
                    labels={
                        "metric": "TC",
                        "n": "nodes",
                        "pearson": "Pearson r",
                        "spearman": "Spearman ρ",
                    },
                ),
            ],
        )
    )

    shift = view.shift[
        [
            "hops",
            "nodes",
            "tc_train",
            "tc_valid",
            "tc_test",
            "frac_valid_below_train",
            "frac_test_below_train",
        ]
    ]
    blocks = [
        figure(
            figures.split_shift(view),
            "Topological distribution shift",
            "Left: mean TC with training, validation and test neighbours over the nodes "
            "that have all three, for each K. Right: per node, TC with test neighbours "
            "minus TC with training neighbours (K = 1), over a range symmetric around 0 that "
            "holds 99% of the nodes (the others are counted in the end bins); mass left "
            "of 0 means test neighbours are less concentrated around the node than its "
            "training ones.",
        ),
        table(
            shift,
            "Mean TC per split over the nodes with training (at least two), "
            "validation and test neighbours, and the share of them whose held-out TC is "
            "below their training TC",
            labels={
                **TC_LABELS,
                "hops": "K",
                "frac_valid_below_train": "TC_valid < TC_train",
                "frac_test_below_train": "TC_test < TC_train",
            },
            formats={"frac_valid_below_train": _share, "frac_test_below_train": _share},
        ),
    ]
    if view.periods is not None and len(view.periods):
        blocks += [
            "<h3>Across time</h3>",
            figure(
                figures.period_shift(view.periods),
                "Shift across time",
                "For each period (equal numbers of new edges), the mean TC of the "
                "neighbours a node newly gains in that period against the mean TC of its "
                "existing neighbours, both on the graph of the edges before the period.",
            ),
            table(
                view.periods,
                "Per-period shift: the period's time range, its new edges, the nodes with "
                "both earlier and new neighbours, and their mean TC",
                labels={
                    "start": "from",
                    "end": "to (excluded)",
                    "new_edges": "new edges",
                    "tc_new": "TC of new neighbours",
                    "tc_train": "TC of existing ones",
                },
                formats={"start": _time, "end": _time},
            ),
        ]
    else:
        blocks.append(
            paragraph(
                "The data carry no edge times, so there is no per-period view of the shift.", "note"
            )
        )
    out.append(Section("shift", "Topological distribution shift", blocks))

    low, high = extreme_nodes(view, lowest=True), extreme_nodes(view, lowest=False)
    ranked = int((view.degree >= 2).sum())
    out.append(
        Section(
            "extremes",
            "Nodes with the lowest and highest TC",
            [
                paragraph(
                    f"Ranked by TC_train (K = 1) over the {ranked:,} nodes with at least two "
                    "training neighbours; ties go to the better-connected node. Node ids are "
                    "the dataset's (a file's own ids)."
                ),
                table(
                    low,
                    f"The {len(low)} nodes with the lowest TC_train",
                    labels=TC_LABELS,
                    formats={"node": str},
                ),
                table(
                    high,
                    f"The {len(high)} nodes with the highest TC_train",
                    labels=TC_LABELS,
                    formats={"node": str},
                ),
            ],
        )
    )
    return out


def performance_sections(pv: PerformanceView) -> list[Section]:
    """The sections about a model's per-node performance."""
    out = []
    if pv.run is not None:
        r = pv.run
        info = pd.DataFrame(
            [
                ("run directory", r["run_dir"]),
                ("run", str(r["run"])),
                (
                    "model",
                    f"{r['model']} encoder, {r['decoder']} decoder"
                    + (", TC reweighting" if r["reweight"] else ""),
                ),
                ("epochs run", str(r["epochs_run"])),
                ("selected epoch", str(r["best_epoch"])),
                (f"validation {r['metric']}", f"{r['valid']:.4f}"),
                (f"test {r['metric']}", f"{r['test']:.4f}"),
            ],
            columns=["", "value"],
        )
        out.append(Section("run", "The trained run", [table(info, "The run and its result")]))
    corr = pv.correlations.copy()
    corr["feature"] = corr["feature"].map(FEATURES)
    for name in ("pearson", "spearman"):
        corr[f"{name} 95% CI"] = [
            "–" if not np.isfinite(lo) else f"[{lo:.3f}, {hi:.3f}]"
            for lo, hi in zip(corr[f"{name}_low"], corr[f"{name}_high"])
        ]
    corr = corr[["feature", "n", "pearson", "pearson 95% CI", "spearman", "spearman 95% CI"]]
    ci = "95% interval"
    k = pv.hops
    out.append(
        Section(
            "correlations",
            "What explains per-node performance",
            [
                paragraph(
                    f"Per-node {pv.metric} ({pv.source}) against each node's TC with training "
                    f"and with test neighbours (K = {k}), its training degree and the edge "
                    "density of its 1-hop ego network."
                ),
                table(
                    corr,
                    f"Correlation of {pv.metric} with each feature over the nodes that have "
                    f"it; 95% percentile bootstrap intervals from {pv.resamples:,} resamples "
                    f"of the nodes (seed {pv.seed})",
                    labels={
                        "n": "nodes",
                        "pearson": "Pearson r",
                        "spearman": "Spearman ρ",
                        "pearson 95% CI": ci,
                        "spearman 95% CI": ci,
                    },
                ),
                figure(
                    figures.correlation_intervals(pv),
                    "Correlations with intervals",
                    f"Pearson and Spearman correlation of {pv.metric} with each feature; the bars "
                    "are the 95% bootstrap intervals. A feature whose interval lies further from 0 "
                    "explains more of the per-node performance.",
                ),
                figure(
                    figures.performance_scatter(pv),
                    "Performance against each feature",
                    f"Each dot is an evaluated node: its {pv.metric} against the feature; the "
                    "black line is the mean per bin (tenths of [0, 1] for TC and density, "
                    "powers of two for degree).",
                ),
            ],
        )
    )
    bin_labels = {
        "bin": "bin",
        "nodes": "nodes",
        "mean": f"mean {pv.metric}",
        "sem": "standard error",
    }
    out.append(
        Section(
            "bins",
            "Performance by TC bin and by degree bin",
            [
                figure(
                    figures.performance_by_bin(pv),
                    "Performance per bin",
                    f"Mean {pv.metric} of the nodes in each bin of TC_train, TC_test (tenths of "
                    "[0, 1]) and training degree (powers of two), with its standard error; the "
                    "small numbers are the nodes in the bin (empty bins are left out).",
                ),
                table(
                    pv.by_tc_train[pv.by_tc_train.nodes > 0][list(bin_labels)],
                    f"Mean {pv.metric} by TC_train bin",
                    labels=bin_labels,
                ),
                table(
                    pv.by_tc_test[pv.by_tc_test.nodes > 0][list(bin_labels)],
                    f"Mean {pv.metric} by TC_test bin",
                    labels=bin_labels,
                ),
                table(
                    pv.by_degree[pv.by_degree.nodes > 0][list(bin_labels)],
                    f"Mean {pv.metric} by training-degree bin",
                    labels=bin_labels,
                ),
            ],
        )
    )
    cs = pv.cold_start
    out.append(
        Section(
            "cold-start",
            "Cold start: nodes with no or few training neighbours",
            [
                figure(
                    figures.cold_start(pv),
                    "Cold start",
                    f"Mean {pv.metric} of the evaluated nodes by training degree: 0 (no training "
                    "neighbour: message passing gives them nothing), 1, 2 and larger groups, with "
                    "standard errors and node counts.",
                ),
                table(
                    cs,
                    f"Mean {pv.metric} by training degree",
                    labels={
                        "group": "training degree",
                        "share": "share of nodes",
                        "mean": f"mean {pv.metric}",
                        "sem": "standard error",
                    },
                    formats={"share": _share},
                ),
            ],
        )
    )
    if pv.run is not None:
        if pv.reweight is not None and len(pv.reweight):
            blocks = [
                figure(
                    figures.reweight_log(pv.reweight),
                    "Weighted TC at each update",
                    "Mean over nodes of the 1-hop training TC with each neighbour weighted "
                    "by its message weight, just before and just after each reweighting "
                    "update (linkpred.reweight.weighted_tc).",
                ),
                table(
                    pv.reweight,
                    "Weighted TC before and after each reweighting update",
                    labels={"tc_before": "before", "tc_after": "after"},
                    formats={"tc_before": lambda x: f"{x:.4f}", "tc_after": lambda x: f"{x:.4f}"},
                ),
            ]
        else:
            text = (
                "This run did not reweight its message passing (or recorded no update), so "
                "there is no weighted TC to show."
            )
            blocks = [paragraph(text, "note")]
        out.append(Section("reweighting", "TC reweighting", blocks))
    return out


def render_report(
    view: DatasetView,
    perf: PerformanceView | None = None,
    *,
    command: str = "",
    step: Callable[[str], None] | None = None,
) -> str:
    """The whole page: the summary, the performance sections (when given), the dataset's."""
    from graphlab import __version__

    say = step or (lambda _: None)
    say("figures")
    sentences = [("", dataset_sentences(view))]
    if perf is not None:
        sentences = [
            (f"Per-node {perf.metric}", performance_sentences(perf)),
            (f"The dataset {view.name}", sentences[0][1]),
        ]
    sections = [] if perf is None else performance_sections(perf)
    sections += dataset_sections(view)
    kind = "dataset" if perf is None else f"per-node {perf.metric}"
    title = f"TC report: {view.name}" + ("" if perf is None else f", {kind}")
    subtitle = [
        f"{view.num_nodes:,} nodes, {view.edges['train']:,} training edges; {view.split_note}."
    ]
    if perf is not None:
        subtitle.append(f"Per-node performance: {perf.source}.")
    footer = [
        "TC (topological concentration) of a node is the mean, over its neighbours in a "
        "split, of the share of the node's K-hop neighbourhood that the neighbour's also "
        "reaches (walks on the training graph). Y. Wang et al., A Topological Perspective on "
        "Demystifying GNN-Based Link Prediction Performance, ICLR 2024, arXiv:2310.04612.",
        f"Written by graphlab {__version__}" + (f": {command}" if command else "") + ".",
    ]
    return page(title, subtitle, sentences, sections, footer)
