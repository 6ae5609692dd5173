"""What TC explains: per-node link-prediction performance against TC, ATC, degree and density.

Wang et al., ICLR 2024 (arXiv 2310.04612) find that per-node performance of GNN link predictors
correlates more with topological concentration than with degree. This module builds the node
table (TC train/valid/test, ATC, degree, k-hop ego density), correlates it (Pearson and
Spearman) with per-node metrics, and draws performance per TC bin and per degree bin.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graphlab.errors import InputError
from graphlab.fileio import new_figure, save_figure, write_json, write_table
from graphlab.progress import progress_bar

from .config import TrainConfig
from .data import LinkData

__all__ = [
    "analyze_run",
    "check_run_index",
    "correlations",
    "node_table",
    "plot_binned",
    "tc_degree_correlations",
]


def node_table(
    data: LinkData, *, hops: int = 1, density_hops: int = 1, atc: bool = True, seed: int = 0
) -> pd.DataFrame:
    """One row per node: degree, TC (train/valid/test), ATC (same), ego density.

    TC and ATC come from :func:`linkpred.tc.tc_frame` (K = ``hops``) on the training graph with
    the validation and test edges as query sets; the density is
    :func:`graphlab.stats.ego_density` of the ``density_hops``-hop ego subgraph.

    Columns: ``node``, ``degree``, ``tc_train``, ``tc_valid``, ``tc_test``, ``atc_train``,
    ``atc_valid``, ``atc_test`` (with ``atc``), ``density``. A TC / ATC value is empty (NaN)
    where the node has no neighbour in that split, so correlations and bins leave it out.
    """
    from graphlab.stats import ego_density

    from .tc import tc_frame

    queries = {"valid": data.split["valid"]["edge"], "test": data.split["test"]["edge"]}
    frame = tc_frame(data.graph, queries, hops=hops)
    if atc:
        a = tc_frame(data.graph, queries, hops=hops, approx=True, seed=seed)
        for col in ("atc_train", "atc_valid", "atc_test"):
            frame[col] = a[col].to_numpy()
    frame["density"] = ego_density(data.graph, density_hops)
    return frame


def correlations(
    frame: pd.DataFrame, metrics: Sequence[str], features: Sequence[str]
) -> pd.DataFrame:
    """Pearson and Spearman correlation of every metric column with every feature column.

    .. math:: r_P = \\frac{\\operatorname{cov}(m, f)}{\\sigma_m \\sigma_f}, \\qquad
              r_S = r_P(\\operatorname{rank} m, \\operatorname{rank} f)

    Rows with a missing value in either column are dropped; a constant column gives NaN.

    Returns
    -------
    DataFrame
        ``metric``, ``feature``, ``n``, ``pearson``, ``pearson_p``, ``spearman``, ``spearman_p``.

    Examples
    --------
    >>> df = pd.DataFrame({"m": [0.0, 0.5, 1.0, 1.0], "f": [1, 2, 3, 4], "g": [4, 3, 2, 1]})
    >>> correlations(df, ["m"], ["f", "g"])[["feature", "spearman"]].round(4).to_dict("list")
    {'feature': ['f', 'g'], 'spearman': [0.9487, -0.9487]}
    """
    from scipy import stats

    rows = []
    for m in metrics:
        for f in features:
            if m not in frame or f not in frame:
                raise InputError(f"no column {m if m not in frame else f!r} to correlate")
            sub = frame[[m, f]].dropna()
            a, b = sub[m].to_numpy(float), sub[f].to_numpy(float)
            if len(sub) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
                p = s = (float("nan"), float("nan"))
            else:
                p = stats.pearsonr(a, b)
                s = stats.spearmanr(a, b)
            rows.append(
                {"metric": m, "feature": f, "n": len(sub), "pearson": float(p[0]),
                 "pearson_p": float(p[1]), "spearman": float(s[0]), "spearman_p": float(s[1])}
            )  # fmt: skip
    return pd.DataFrame(rows)


def tc_degree_correlations(table: pd.DataFrame) -> pd.DataFrame:
    """Correlation of each TC / ATC column with degree (nodes with degree > 0)."""
    cols = [c for c in table.columns if c.startswith(("tc_", "atc_"))] + ["density"]
    cols = [c for c in cols if c in table]
    return correlations(table[table["degree"] > 0], cols, ["degree"])


def analysis_dir(root: str | Path, *, run: int, hops: int, k: int) -> Path:
    """The folder of one analysis setting under ``root`` (a run directory's ``analysis/``).

    Examples
    --------
    >>> analysis_dir("cora_gcn/analysis", run=0, hops=1, k=100).as_posix()
    'cora_gcn/analysis/run=0_hops=1_k=100'
    """
    return Path(root) / f"run={run}_hops={hops}_k={k}"


def _check_same_setting(out: Path, **setting: int) -> bool:
    """Refuse to write over an analysis made with other settings; whether one of these exists."""
    import json

    saved = out / "summary.json"
    if not saved.is_file():
        return False
    try:
        old = json.loads(saved.read_text()).get("setting")
    except (OSError, ValueError, AttributeError):
        old = None
    if old != setting:
        was = "unknown settings" if not isinstance(old, dict) else ", ".join(
            f"{k}={v}" for k, v in old.items()
        )  # fmt: skip
        raise InputError(
            f"{out} holds an analysis with other settings ({was}); choose another --out"
        )
    return True


def plot_binned(
    frame: pd.DataFrame,
    by: str,
    metrics: Sequence[str],
    path: str | Path,
    *,
    bins: int = 10,
    log: bool = False,
    title: str | None = None,
) -> Path:
    """Mean of each metric per bin of ``by`` (equal-width bins; log-spaced with ``log``), PNG.

    Bin centres on the x axis, mean metric on the y axis, node counts annotated.
    """
    frame = frame[frame[by].notna()]  # nodes without a value (e.g. no test neighbour) have no bin
    x = frame[by].to_numpy(float)
    if log:
        lo = max(x[x > 0].min() if (x > 0).any() else 1.0, 1e-9)
        edges = np.geomspace(lo, max(x.max(), lo * 1.01), bins + 1)
    else:
        edges = np.linspace(np.nanmin(x), max(np.nanmax(x), np.nanmin(x) + 1e-9), bins + 1)
    which = np.clip(np.digitize(x, edges[1:-1]), 0, bins - 1)
    centres = (edges[:-1] + edges[1:]) / 2 if not log else np.sqrt(edges[:-1] * edges[1:])
    fig, ax = new_figure(figsize=(6, 4))
    counts = np.bincount(which, minlength=bins)
    for m in metrics:
        vals = frame[m].to_numpy(float)
        means = np.array([vals[which == i].mean() if counts[i] else np.nan for i in range(bins)])
        ax.plot(centres, means, marker="o", label=m)
    for c, n in zip(centres, counts):
        if n:
            ax.annotate(
                str(n),
                (c, 0.01),
                xycoords=ax.get_xaxis_transform(),
                fontsize=7,
                ha="center",
                va="bottom",
                color="grey",
            )
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(by)
    ax.set_ylabel("mean per-node metric")
    ax.set_title(title or f"performance per {by} bin")
    ax.legend()
    fig.tight_layout()
    return save_figure(fig, path)


def analyze_run(
    run_dir: str | Path,
    *,
    run: int = 0,
    hops: int = 1,
    k: int | None = None,
    max_elements: int = 1 << 24,
    out: str | Path | None = None,
) -> dict[str, Any]:
    """Per-node evaluation of a trained run, correlations with TC / ATC / degree / density, plots.

    Loads ``RUN_DIR/config.json`` and the selected model of ``run_<run>``, rebuilds the same
    data, ranks all nodes for every node with test edges (training neighbours masked), and
    writes into ``out``: ``node_metrics.csv`` (metrics and node table), ``correlations.csv``,
    ``tc_degree.csv``, ``perf_by_tc.png`` (TC_train bins), ``perf_by_tc_test.png``,
    ``perf_by_degree.png`` and ``summary.json``.

    ``out`` defaults to a folder per setting, ``RUN_DIR/analysis/run=R_hops=H_k=K/`` (see
    :func:`analysis_dir`), so that analyses with other settings never overwrite each other;
    the same settings give the same numbers and replace the folder's files (the returned
    summary says so: ``replaced``).

    Raises
    ------
    InputError
        If ``run_dir`` holds no finished run, has no run ``run`` (``RUN_DIR has runs 0..1, not
        5``), or ``out`` holds an analysis with other settings.
    """
    import torch

    from .data import run_data
    from .node_eval import per_node_metrics
    from .rundir import RunDir
    from .train import load_best_model

    rd = RunDir(run_dir)
    root = rd.root
    saved, _ = rd.read_config()
    check_run_index(rd, run, saved.runs)
    cfg = saved.replace(device="cpu")
    # a bar over the stages: data and model, per-node ranking, TC / ATC table
    with progress_bar(3, desc="analysis", unit="stage") as bar:
        files = rd.run(run)  # a user's graph is kept with the run; a dataset is rebuilt
        data = files.read_data() if files.data.exists() else run_data(cfg, run)
        model, adj_t = load_best_model(rd.run(run), cfg, data)
        k = data.k if k is None else k
        out = analysis_dir(rd.analysis, run=run, hops=hops, k=k) if out is None else Path(out)
        replaced = _check_same_setting(out, run=run, hops=hops, k=k)
        model.eval()
        with torch.no_grad():
            h = model.encode(data.x, adj_t)
        bar.update(1)
        perf = per_node_metrics(
            h, model.decoder, data.graph, data.split["test"]["edge"], k, max_elements=max_elements
        )
        bar.update(1)
        table = node_table(data, hops=hops, seed=cfg.seed)
        if data.ids is not None:  # outputs name nodes by the user's ids
            perf["node"] = data.ids[perf["node"].to_numpy()]
            table["node"] = data.ids[table["node"].to_numpy()]
        bar.update(1)
        summary = _write_analysis(root, out, cfg, run, hops, k, perf, table)
    # said, not silent: the same setting's earlier files were replaced by equal ones
    return {**summary, "replaced": replaced}


def check_run_index(rd: Any, run: int, runs: int) -> None:
    """``run`` must be one of the directory's runs: those of its config, and any ``run_<i>``
    folder a ``--resume --runs`` added after them."""
    while rd.run(runs).root.is_dir():
        runs += 1
    if not 0 <= run < runs:
        have = "run 0 only" if runs == 1 else f"runs 0..{runs - 1}"
        raise InputError(f"{rd.root} has {have}, not {run}")


def _write_analysis(
    root: Path,
    out: Path,
    cfg: TrainConfig,
    run: int,
    hops: int,
    k: int,
    perf: pd.DataFrame,
    table: pd.DataFrame,
) -> dict[str, Any]:
    """Correlations, tables, plots and ``summary.json`` of :func:`analyze_run` into ``out``."""
    merged = perf.merge(table, on="node", how="left")
    metric_cols = [f"hits@{k}", f"recall@{k}", f"ndcg@{k}", "mrr"]
    feature_cols = ["tc_train", "tc_valid", "tc_test", "atc_train", "atc_valid", "atc_test",
                    "degree", "density"]  # fmt: skip
    corr = correlations(merged, metric_cols, feature_cols)
    tcdeg = tc_degree_correlations(table)
    write_table(merged, out / "node_metrics.csv")
    write_table(corr, out / "correlations.csv")
    write_table(tcdeg, out / "tc_degree.csv")
    plots = [
        plot_binned(merged, "tc_train", metric_cols, out / "perf_by_tc.png",
                    title=f"{cfg.dataset} {cfg.model}: per-node performance by TC_train"),
        plot_binned(merged, "tc_test", metric_cols, out / "perf_by_tc_test.png",
                    title=f"{cfg.dataset} {cfg.model}: per-node performance by TC_test"),
        plot_binned(merged, "degree", metric_cols, out / "perf_by_degree.png", log=True,
                    title=f"{cfg.dataset} {cfg.model}: per-node performance by degree"),
    ]  # fmt: skip
    pearson = {
        f: float(corr.loc[(corr.metric == f"hits@{k}") & (corr.feature == f), "pearson"].iloc[0])
        for f in feature_cols
    }
    summary = {
        "run_dir": str(root),
        "dataset": cfg.dataset,
        "model": cfg.model,
        "setting": {"run": run, "hops": hops, "k": k},
        "out": str(out),
        "nodes_evaluated": len(perf),
        "mean": {m: float(perf[m].mean()) for m in metric_cols},
        f"pearson_hits@{k}": pearson,
        "tc_degree_pearson": dict(zip(tcdeg.metric, tcdeg.pearson.astype(float))),
        "files": [str(out / "node_metrics.csv"), str(out / "correlations.csv"),
                  str(out / "tc_degree.csv")] + [str(p) for p in plots]
                 + [str(out / "summary.json")],  # every file written, this one included
    }  # fmt: skip
    write_json(summary, out / "summary.json")
    return summary
