"""Topological distribution shift (Wang et al., ICLR 2024, arXiv 2310.04612, section 4).

Newly joined neighbours of a node are less connected to its existing neighbours than the
existing ones are among themselves. Two measurements:

* **Split comparison**: TC_train, TC_valid and TC_test (:mod:`linkpred.tc`, walks on the
  training graph) over the nodes that have training, validation and test neighbours.
* **Per period** on a timestamped graph: with :math:`G_{<t}` the edges that first appear before
  period t and :math:`J_t(v)` the neighbours that first join v in period t,

  .. math:: TC_t(v) = \\frac{1}{|J_t(v)|} \\sum_{u \\in J_t(v)}
            \\frac{|N_{<t}(v) \\cap N_{<t}(u)|}{|N_{<t}(v)|}

  averaged over the nodes with :math:`|N_{<t}(v)| > 0` and :math:`J_t(v) \\neq \\emptyset`.
  This is the K = 1 query TC of :func:`linkpred.tc.topological_concentrations` with
  :math:`G_{<t}` as the training graph and :math:`J_t` as the query edges. For comparison the
  same nodes' :math:`TC_{tr}` on :math:`G_{<t}` is reported.

The per-period analysis takes a :class:`graphlab.datasets.TimestampedGraph`. Where one comes
from is the caller's business: ``graphlab shift`` gets the projection of a timestamped hypergraph
(email-Enron, contact-high-school, ...) with the time each pair first meets through the core's
converter registry (:func:`graphlab.datasets.as_timestamped_graph`), without this package
importing the hypergraph package.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from graphlab.datasets import TimestampedGraph
from graphlab.errors import InputError
from graphlab.fileio import new_figure, save_figure
from graphlab.graph import Graph

from .data import LinkData

__all__ = [
    "period_shift",
    "plot_period_shift",
    "plot_split_shift",
    "split_shift",
    "timestamped_shift",
]


def split_shift(data: LinkData, hops: int = 1) -> dict[str, Any]:
    """Mean TC_train / TC_valid / TC_test over nodes with neighbours in all three splits.

    Returns
    -------
    dict
        ``nodes`` (count), ``tc_train``, ``tc_valid``, ``tc_test`` (means), and
        ``frac_test_below_train`` / ``frac_valid_below_train``: the share of those nodes whose
        held-out TC is below their training TC.
    """
    from .tc import topological_concentrations

    v, t = data.split["valid"]["edge"], data.split["test"]["edge"]
    tc = topological_concentrations(data.graph, {"valid": v, "test": t}, hops=hops)
    n = data.num_nodes
    deg_tr = data.graph.degree()
    deg_v = np.bincount(v.ravel(), minlength=n)
    deg_t = np.bincount(t.ravel(), minlength=n)
    keep = (deg_tr > 1) & (deg_v > 0) & (deg_t > 0)
    out: dict[str, Any] = {"nodes": int(keep.sum()), "hops": hops}
    for name in ("train", "valid", "test"):
        out[f"tc_{name}"] = float(tc[name][keep].mean()) if keep.any() else float("nan")
    for name in ("valid", "test"):
        out[f"frac_{name}_below_train"] = (
            float((tc[name][keep] < tc["train"][keep]).mean()) if keep.any() else float("nan")
        )
    return out


def timestamped_shift(tg: TimestampedGraph, *, periods: int | Sequence[float] = 10) -> pd.DataFrame:
    """:func:`period_shift` of a timestamped graph.

    Examples
    --------
    >>> from graphlab.datasets import TimestampedGraph
    >>> g = Graph.from_edge_index([[0, 0, 0, 1, 1, 2], [1, 2, 3, 2, 3, 3]], num_nodes=4)
    >>> tg = TimestampedGraph("toy", g, np.array([0, 0, 2, 0, 2, 1]))  # times of g.edges()
    >>> timestamped_shift(tg, periods=[0, 1, 2, 3])[["period", "nodes", "tc_new"]].round(4)
       period  nodes  tc_new
    0       1      1     0.0
    1       2      3  0.6667
    """
    return period_shift(tg.graph.edges(), tg.times, tg.graph.num_nodes, periods=periods)


def _period_bounds(times: np.ndarray, periods: int) -> np.ndarray:
    qs = np.quantile(times, np.linspace(0, 1, periods + 1))
    bounds = np.unique(qs)
    # the last period includes the largest time
    if np.issubdtype(bounds.dtype, np.floating):
        bounds[-1] = np.nextafter(bounds[-1], np.inf)
    else:
        bounds[-1] += 1
    return bounds


def period_shift(
    edges: Any,
    times: Any,
    num_nodes: int,
    *,
    periods: int | Sequence[float] = 10,
) -> pd.DataFrame:
    """Per-period TC of newly joined neighbours on a timestamped graph (module docstring).

    Parameters
    ----------
    edges : int array [E, 2]
        Undirected edges, each once, with ``times[e]`` the time the pair first meets.
    times : array [E]
        First time of each edge (any ordered numbers: years, seconds).
    num_nodes : int
    periods : int or sequence of numbers
        Number of periods with equal edge counts (quantiles of ``times``), or the sorted period
        boundaries ``[b_0, b_1, ..., b_P]`` (period p is ``b_p <= t < b_{p+1}``).

    Returns
    -------
    DataFrame
        One row per period after the first: ``period``, ``start``, ``end``, ``new_edges``,
        ``nodes`` (with history and new neighbours), ``tc_new`` (mean :math:`TC_t`),
        ``tc_train`` (mean :math:`TC_{tr}` on :math:`G_{<t}` of the same nodes).

    Examples
    --------
    >>> e = np.array([[0, 1], [1, 2], [0, 2], [2, 3], [1, 3], [0, 3]])
    >>> t = np.array([0, 0, 0, 1, 2, 2])
    >>> period_shift(e, t, 4, periods=[0, 1, 2, 3])[["period", "nodes", "tc_new"]].round(4)
       period  nodes  tc_new
    0       1      1     0.0
    1       2      3  0.6667
    """
    from .tc import topological_concentrations

    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    t = np.asarray(times)
    if t.shape != (e.shape[0],):
        raise InputError(f"times must have shape [{e.shape[0]}] (one per edge), got {t.shape}")
    if isinstance(periods, (int, np.integer)):
        if periods < 2:
            raise InputError(f"periods must be >= 2, got {periods}")
        bounds = _period_bounds(t, int(periods))
    else:
        bounds = np.asarray(periods)
        if bounds.ndim != 1 or bounds.size < 3 or (np.diff(bounds) <= 0).any():
            raise InputError("period boundaries must be increasing, at least 3 of them")
    rows = []
    for p in range(1, len(bounds) - 1):
        lo, hi = bounds[p], bounds[p + 1]
        past = e[t < lo]
        new = e[(t >= lo) & (t < hi)]
        if past.shape[0] == 0 or new.shape[0] == 0:
            continue
        g = Graph.from_coo(past[:, 0], past[:, 1], num_nodes=num_nodes)
        tc = topological_concentrations(g, {"new": new}, hops=1)
        deg_new = np.bincount(new.ravel(), minlength=num_nodes)
        keep = (g.degree() > 0) & (deg_new > 0)
        rows.append(
            {
                "period": p,
                "start": lo,
                "end": hi,
                "new_edges": int(new.shape[0]),
                "nodes": int(keep.sum()),
                "tc_new": float(tc["new"][keep].mean()) if keep.any() else float("nan"),
                "tc_train": float(tc["train"][keep].mean()) if keep.any() else float("nan"),
            }
        )
    return pd.DataFrame(
        rows, columns=["period", "start", "end", "new_edges", "nodes", "tc_new", "tc_train"]
    )


def plot_period_shift(frame: pd.DataFrame, path: str | Path, title: str = "") -> Path:
    """Line plot of mean TC of new neighbours and of existing ones per period (PNG)."""
    fig, ax = new_figure(figsize=(6, 4))
    ax.plot(frame["period"], frame["tc_train"], marker="o", label="TC_train on G_<t")
    ax.plot(frame["period"], frame["tc_new"], marker="s", label="TC_t of newly joined")
    ax.set_xlabel("period")
    ax.set_ylabel("mean TC over nodes")
    ax.set_title(title or "topological distribution shift")
    ax.legend()
    fig.tight_layout()
    return save_figure(fig, path)


def plot_split_shift(res: dict[str, Any], path: str | Path, title: str = "") -> Path:
    """Bar plot of mean TC_train / TC_valid / TC_test of :func:`split_shift`'s result (PNG)."""
    fig, ax = new_figure(figsize=(4.5, 3.5))
    names = ["train", "valid", "test"]
    ax.bar(names, [res[f"tc_{n}"] for n in names], color=["C0", "C1", "C3"])
    ax.set_ylabel("mean TC")
    ax.set_title(title or "topological distribution shift")
    fig.tight_layout()
    return save_figure(fig, path)
