"""What a report shows, computed: the dataset view and the per-node performance view.

The dataset view (:func:`dataset_view`) holds exact TC at K = 1..3 on the training graph with
the validation and test edges as query sets (Wang et al., ICLR 2024, arXiv 2310.04612, eq. 1),
ATC (K = 1), degree, ego density, the topological distribution shift between the splits
(:func:`linkpred.shift.split_shift`) and, for data with times, per period
(:func:`linkpred.shift.timestamped_shift`).

The performance view (:func:`performance_view`) joins a per-node metric (from a run of ours,
:func:`run_metrics`, or any model's table, :func:`linkpred.report.pernode.read_per_node`) to
the node features of the dataset view and correlates, bins and groups it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graphlab.errors import InputError
from graphlab.graph import Graph

from ..data import LinkData
from .stats import (
    binned_means,
    bootstrap_correlations,
    degree_bin_edges,
    degree_groups,
    tc_bin_edges,
)

__all__ = [
    "CHEAP_HOP_COST",
    "DatasetView",
    "PerformanceView",
    "Source",
    "dataset_view",
    "hop_cost",
    "load_source",
    "performance_view",
    "run_metrics",
]

#: Estimated work (:func:`hop_cost`) up to which K = 2, 3 are computed without being asked:
#: about half a minute of one core here (ogbl-ddi's K = 3, 9e9, takes about 9 s).
CHEAP_HOP_COST = 3e10

#: Per-node features that performance is correlated with, and their names in the report.
FEATURES = {
    "tc_train": "TC_train",
    "tc_test": "TC_test",
    "degree": "degree",
    "density": "ego density",
}


@dataclass
class Source:
    """A dataset ready for a report: its link-prediction data and how it was made."""

    name: str
    data: LinkData
    ids: np.ndarray
    split_note: str
    timestamped: Any = None


@dataclass
class DatasetView:
    """The numbers of a report's dataset sections (see the module docstring)."""

    name: str
    split_note: str
    num_nodes: int
    edges: dict[str, int]
    ids: np.ndarray
    degree: np.ndarray
    density: np.ndarray
    tc: dict[int, pd.DataFrame]
    skipped: dict[int, str]
    atc: pd.DataFrame
    shift: pd.DataFrame
    periods: pd.DataFrame | None = None
    hop_costs: dict[int, float] = field(default_factory=dict)

    def node_frame(self, hops: int = 1) -> pd.DataFrame:
        """One row per node (position order): ``node`` (user id), ``degree``, ``tc_train``,
        ``tc_valid``, ``tc_test`` (K = ``hops``), ``density``."""
        frame = self.tc[hops].copy()
        frame["node"] = self.ids
        frame["density"] = self.density
        return frame


@dataclass
class PerformanceView:
    """The numbers of a report's performance sections."""

    metric: str
    source: str
    hops: int
    frame: pd.DataFrame
    correlations: pd.DataFrame
    by_tc_train: pd.DataFrame
    by_tc_test: pd.DataFrame
    by_degree: pd.DataFrame
    cold_start: pd.DataFrame
    resamples: int
    seed: int
    reweight: pd.DataFrame | None = None
    run: dict[str, Any] | None = None


def load_source(name_or_path: str, *, split_seed: int = 0, periods: int = 10) -> Source:
    """The dataset a report is about: a registered dataset or an edge-list file.

    A link dataset keeps its official split; a graph (a Planetoid dataset, an edge-list file,
    or the projection of a timestamped hypergraph) gets the library's seeded random 70/10/20
    split (:func:`linkpred.data.link_data`), the split ``graphlab train`` and ``graphlab shift``
    use. Node ids are the user's: a file's own ids, a dataset's ``0 .. n-1``.

    Raises
    ------
    InputError
        For a registered dataset that is neither a graph nor converts to a timestamped graph.
    """
    from graphlab.datasets import (
        GraphDataset,
        LinkDataset,
        as_timestamped_graph,
        load_dataset,
        load_graph,
        resolve,
    )

    from ..data import link_data

    source = resolve(name_or_path)
    random_note = f"the library's seeded random 70/10/20 split (seed {split_seed})"
    if isinstance(source, Path):
        graph = load_graph(source, relabel=True)
        ds = GraphDataset(source.name, graph)
        return Source(source.name, link_data(ds, split_seed), graph.ids(), random_note)
    loaded = load_dataset(source.name)
    if isinstance(loaded, GraphDataset):
        data = link_data(loaded, split_seed)
        note = "the dataset's official split" if isinstance(loaded, LinkDataset) else random_note
        return Source(source.name, data, loaded.graph.ids(), note)
    tg = as_timestamped_graph(loaded)
    if tg is None:
        raise InputError(
            f"dataset {source.name!r} is neither a graph nor a timestamped hypergraph: a report "
            "needs a graph"
        )
    data = link_data(GraphDataset(source.name, tg.graph), split_seed)
    note = random_note + " of its projection (each pair once, at the time it first meets)"
    return Source(source.name, data, tg.graph.ids(), note, timestamped=tg)


def hop_cost(graph: Graph, hops: int) -> float:
    """Estimated work of exact TC at ``hops``: ``N · min(N, d^(K-1)) · d``.

    Row blocks of :math:`A^{K-1}` hold up to :math:`\\min(N, \\bar d^{K-1})` entries per row,
    each multiplied by a row of :math:`A` (mean degree :math:`\\bar d`).

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 1, 2], [1, 2, 3]], num_nodes=4)
    >>> hop_cost(g, 1), hop_cost(g, 3)
    (6.0, 13.5)
    """
    n = graph.num_nodes
    d = graph.nnz / max(n, 1)
    return float(n * min(n, d ** (hops - 1)) * d)


def dataset_view(
    src: Source,
    *,
    max_hops: int | None = None,
    require_hops: int = 1,
    periods: int = 10,
    seed: int = 0,
    memory_budget: int | None = None,
    step: Callable[[str], None] | None = None,
) -> DatasetView:
    """TC (K = 1..3), ATC, degree, density and the distribution shift of a dataset.

    Parameters
    ----------
    src : Source
        From :func:`load_source`.
    max_hops : int, optional
        Compute exact TC for K = 1 .. ``max_hops``. None: up to 3, leaving out each K whose
        :func:`hop_cost` exceeds :data:`CHEAP_HOP_COST` (the view records why in ``skipped``).
    require_hops : int
        With ``max_hops`` None, K = 1 .. ``require_hops`` are computed whatever their cost.
    periods : int
        Periods of the per-period shift (data with times only).
    seed : int
        ATC's random features.
    memory_budget : int, optional
        Bytes of one row block of the TC kernels.
    step : callable, optional
        Called with the name of each long step before it starts (progress).
    """
    from graphlab.stats import ego_density

    from ..shift import split_shift, timestamped_shift
    from ..tc import tc_frame

    say = step or (lambda _: None)
    data = src.data
    queries = {"valid": data.split["valid"]["edge"], "test": data.split["test"]["edge"]}
    tc: dict[int, pd.DataFrame] = {}
    skipped: dict[int, str] = {}
    costs = {k: hop_cost(data.graph, k) for k in (1, 2, 3)}
    shifts = []
    for k in (1, 2, 3):
        if max_hops is not None and k > max_hops:
            skipped[k] = f"left out by --max-hops {max_hops}"
            continue
        if max_hops is None and k > require_hops and costs[k] > CHEAP_HOP_COST:
            skipped[k] = (
                f"not computed: estimated work {costs[k]:.2g} exceeds {CHEAP_HOP_COST:.2g} "
                f"(pass --max-hops {k} to compute it)"
            )
            continue
        say(f"exact TC, K = {k}")
        tc[k] = tc_frame(data.graph, queries, hops=k, memory_budget=memory_budget)
        shifts.append(split_shift(data, hops=k))
    say("ATC, K = 1")
    atc = tc_frame(data.graph, queries, hops=1, approx=True, seed=seed)
    say("ego density")
    density = ego_density(data.graph, 1, memory_budget=memory_budget)
    period_frame = None
    if src.timestamped is not None:
        say("shift per period")
        period_frame = timestamped_shift(src.timestamped, periods=periods)
    return DatasetView(
        name=src.name,
        split_note=src.split_note,
        num_nodes=data.num_nodes,
        edges={part: int(data.split[part]["edge"].shape[0]) for part in ("train", "valid", "test")},
        ids=np.asarray(src.ids),
        degree=data.graph.degree(),
        density=np.asarray(density, dtype=float),
        tc=tc,
        skipped=skipped,
        atc=atc,
        shift=pd.DataFrame(shifts),
        periods=period_frame,
        hop_costs=costs,
    )


def run_metrics(
    run_dir: str | Path, *, run: int = 0, k: int | None = None, split_seed: int | None = None
) -> tuple[Source, pd.DataFrame, dict[str, Any], pd.DataFrame | None]:
    """Per-node metrics of the selected model of a run of ``graphlab train``.

    Rebuilds the run's data (as :func:`linkpred.analysis.analyze_run` does) and ranks all nodes
    for every node with test edges (:func:`linkpred.node_eval.per_node_metrics`).

    Returns
    -------
    source : Source
        The run's dataset, split as in training.
    metrics : DataFrame
        ``node`` (position), ``num_targets``, ``hits@K``, ``recall@K``, ``ndcg@K``, ``mrr``.
    run_info : dict
        Dataset, model, reweighting, the selected epoch and its validation / test Hits@K.
    reweight : DataFrame or None
        For a reweighted run, the weighted TC before and after each update (``update``,
        ``epoch``, ``tc_before``, ``tc_after``), from the run's ``result.json``.
    """
    import torch

    from graphlab.datasets import resolve

    from ..analysis import check_run_index
    from ..data import run_data
    from ..node_eval import per_node_metrics
    from ..rundir import RunDir
    from ..train import load_best_model

    rd = RunDir(run_dir)
    saved, _ = rd.read_config()
    check_run_index(rd, run, saved.runs)
    cfg = saved.replace(device="cpu")
    files = rd.run(run)
    result = files.read_result()
    # the data the run trained on, as analyze_run rebuilds it: a user's graph kept with the
    # run, or the dataset with the run's own split
    data = files.read_data() if files.data.exists() else run_data(cfg, run)
    model, adj_t = load_best_model(files, cfg, data)
    k = data.k if k is None else k
    model.eval()
    with torch.no_grad():
        h = model.encode(data.x, adj_t)
    metrics = per_node_metrics(h, model.decoder, data.graph, data.split["test"]["edge"], k)
    if files.data.exists():
        note = f"the split the run kept (run_{run}/data.npz)"
    elif getattr(resolve(cfg.dataset), "kind", None) == "link":  # the registry's: official split
        note = "the dataset's official split"
    else:
        seed = cfg.split_seed + (run if cfg.rules.split_per_run else 0)
        note = f"the run's seeded random split (seed {seed}, {cfg.protocol} protocol)"
    ids = np.arange(data.num_nodes) if data.ids is None else np.asarray(data.ids)
    src = Source(data.name, data, ids, note)
    info = {
        "run_dir": str(rd.root),
        "run": run,
        "dataset": cfg.dataset,
        "model": cfg.model,
        "decoder": cfg.decoder,
        "reweight": bool(cfg.reweight),
        "epochs_run": result.get("epochs_run"),
        "best_epoch": result.get("best_epoch"),
        "metric": result.get("metric", data.metric),
        "valid": result.get("valid"),
        "test": result.get("test"),
    }
    log = result.get("tc_log") or []
    reweight = None
    if cfg.reweight and log:
        reweight = pd.DataFrame(log)[["epoch", "tc_before", "tc_after"]]
        reweight.insert(0, "update", np.arange(1, len(reweight) + 1))
    return src, metrics, info, reweight


def performance_view(
    view: DatasetView,
    perf: pd.DataFrame,
    metric: str,
    *,
    source: str,
    hops: int = 1,
    resamples: int = 1000,
    seed: int = 0,
    reweight: pd.DataFrame | None = None,
    run: dict[str, Any] | None = None,
) -> PerformanceView:
    """Join per-node performance to the node features; correlate, bin and group it.

    Parameters
    ----------
    view : DatasetView
    perf : DataFrame
        ``node`` (position ``0 .. N-1``) and the ``metric`` column, one row per node.
    metric : str
    source : str
        Where the metric comes from, in words (for the report).
    hops : int
        The K of the TC features (must be computed in ``view``).
    resamples, seed : int
        Bootstrap of the correlations' confidence intervals.
    """
    if hops not in view.tc:
        raise InputError(f"TC at K = {hops} was not computed: {view.skipped.get(hops, '')}")
    nodes = view.node_frame(hops)
    pos = perf["node"].to_numpy(np.int64)
    frame = nodes.iloc[pos].reset_index(drop=True)
    frame.insert(1, metric, perf[metric].to_numpy(float))
    corr = bootstrap_correlations(frame, metric, list(FEATURES), resamples=resamples, seed=seed)
    max_degree = int(frame["degree"].max()) if len(frame) else 0
    return PerformanceView(
        metric=metric,
        source=source,
        hops=hops,
        frame=frame,
        correlations=corr,
        by_tc_train=binned_means(frame, "tc_train", metric, tc_bin_edges()),
        by_tc_test=binned_means(frame, "tc_test", metric, tc_bin_edges()),
        by_degree=binned_means(frame, "degree", metric, degree_bin_edges(max_degree), integer=True),
        cold_start=degree_groups(frame, metric),
        resamples=resamples,
        seed=seed,
        reweight=reweight,
        run=run,
    )
