"""The numbers of a report: bootstrap correlations, binned means, degree groups.

Correlations carry percentile bootstrap confidence intervals over nodes (Efron & Tibshirani,
"An Introduction to the Bootstrap", 1993, ch. 13): the nodes are resampled with replacement,
the coefficient is computed on each resample, and the interval is the (2.5 %, 97.5 %)
percentiles of those values. Every resample is drawn from a seeded generator, so the same
seed gives the same intervals.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from graphlab.progress import progress
from graphlab.validation import check_int, check_real

__all__ = [
    "binned_means",
    "bootstrap_correlations",
    "degree_bin_edges",
    "degree_groups",
    "tc_bin_edges",
]

#: Resampled coefficients computed at once (rows of one [chunk, n] index block).
_CHUNK_ELEMENTS = 1 << 22


def _pearson_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pearson r of each row pair of ``a`` and ``b`` ([R, n]); NaN where a row is constant."""
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    den = np.sqrt((a * a).sum(axis=1) * (b * b).sum(axis=1))
    num = (a * b).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _rank_rows(x: np.ndarray) -> np.ndarray:
    """Average ranks of each row (ties share their mean rank), as Spearman's rho needs."""
    from scipy.stats import rankdata

    return rankdata(x, axis=1)


def bootstrap_correlations(
    frame: pd.DataFrame,
    metric: str,
    features: Sequence[str],
    *,
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
    desc: str | None = "bootstrap",
) -> pd.DataFrame:
    """Pearson and Spearman correlation of ``metric`` with each feature, with bootstrap CIs.

    .. math:: r_P = \\frac{\\operatorname{cov}(m, f)}{\\sigma_m \\sigma_f}, \\qquad
              r_S = r_P(\\operatorname{rank} m, \\operatorname{rank} f)

    For each feature the rows where the metric or the feature is missing are left out (``n``
    counts the others). The interval is the percentile bootstrap over those rows: ``resamples``
    draws of ``n`` rows with replacement from ``numpy.random.default_rng(seed)`` (the same
    draws for the two coefficients), resamples where either column is constant left out.

    Parameters
    ----------
    frame : DataFrame
    metric : str
        The per-node performance column.
    features : sequence of str
        The columns to correlate it with.
    resamples : int
        Bootstrap resamples (>= 1).
    confidence : float
        Coverage of the interval, in (0, 1).
    seed : int
        Seed of the resampling.
    desc : str or None
        Label of the progress bar (None: no bar).

    Returns
    -------
    DataFrame
        One row per feature: ``feature``, ``n``, ``pearson``, ``pearson_low``,
        ``pearson_high``, ``spearman``, ``spearman_low``, ``spearman_high``. NaN where fewer
        than 3 rows remain or a column is constant.

    Examples
    --------
    >>> df = pd.DataFrame({"m": [0.0, 0.5, 1.0, 1.0, 0.2], "f": [1, 2, 3, 4, 1]})
    >>> r = bootstrap_correlations(df, "m", ["f"], resamples=200, seed=1, desc=None)
    >>> r[["feature", "n"]].to_dict("records")
    [{'feature': 'f', 'n': 5}]
    >>> round(float(r.spearman[0]), 4)
    0.9474
    >>> bool(r.spearman_low[0] <= r.spearman[0] <= r.spearman_high[0])
    True
    """
    check_int(resamples, "resamples", low=1)
    check_real(confidence, "confidence", low=0, high=1, low_open=True, high_open=True)
    check_int(seed, "seed", low=0)
    rows = []
    tail = (1 - confidence) / 2 * 100
    for feature in features:
        sub = frame[[metric, feature]].dropna()
        m, f = sub[metric].to_numpy(float), sub[feature].to_numpy(float)
        n = len(sub)
        row: dict[str, float | int | str] = {"feature": feature, "n": n}
        if n < 3 or np.ptp(m) == 0 or np.ptp(f) == 0:
            for name in ("pearson", "spearman"):
                row.update({name: np.nan, f"{name}_low": np.nan, f"{name}_high": np.nan})
            rows.append(row)
            continue
        row["pearson"] = float(_pearson_rows(m[None], f[None])[0])
        row["spearman"] = float(_pearson_rows(_rank_rows(m[None]), _rank_rows(f[None]))[0])
        rng = np.random.default_rng(seed)  # the same draws for every feature of one size
        chunk = max(1, min(resamples, _CHUNK_ELEMENTS // n))
        draws: dict[str, list[np.ndarray]] = {"pearson": [], "spearman": []}
        starts = range(0, resamples, chunk)
        label = None if desc is None else f"{desc} {feature}"
        for lo in progress(starts, total=len(starts), desc=label, unit="block", disable=not label):
            idx = rng.integers(0, n, size=(min(chunk, resamples - lo), n))
            ma, fa = m[idx], f[idx]
            draws["pearson"].append(_pearson_rows(ma, fa))
            draws["spearman"].append(_pearson_rows(_rank_rows(ma), _rank_rows(fa)))
        for name, parts in draws.items():
            vals = np.concatenate(parts)
            vals = vals[np.isfinite(vals)]
            lo_hi = np.percentile(vals, [tail, 100 - tail]) if vals.size else [np.nan, np.nan]
            row[f"{name}_low"], row[f"{name}_high"] = float(lo_hi[0]), float(lo_hi[1])
        rows.append(row)
    return pd.DataFrame(
        rows,
        columns=[
            "feature",
            "n",
            "pearson",
            "pearson_low",
            "pearson_high",
            "spearman",
            "spearman_low",
            "spearman_high",
        ],
    )


def tc_bin_edges(bins: int = 10) -> np.ndarray:
    """Equal-width bin edges over [0, 1], the range of TC.

    Examples
    --------
    >>> tc_bin_edges(4)
    array([0.  , 0.25, 0.5 , 0.75, 1.  ])
    """
    check_int(bins, "bins", low=1)
    return np.linspace(0.0, 1.0, bins + 1)


def degree_bin_edges(max_degree: int) -> np.ndarray:
    """Left-closed degree bins ``[0, 1), [1, 2), [2, 4), [4, 8), ...`` up past ``max_degree``.

    Powers of two: degree is heavy-tailed, so equal-width bins would leave all but the first
    nearly empty.

    Examples
    --------
    >>> degree_bin_edges(5)
    array([0, 1, 2, 4, 8])
    """
    edges = [0, 1]
    while edges[-1] <= max_degree:
        edges.append(edges[-1] * 2)
    return np.array(edges)


def _bin_label(lo: float, hi: float, integer: bool) -> str:
    if integer:
        return str(int(lo)) if hi - lo == 1 else f"{int(lo)}–{int(hi) - 1}"
    return f"{lo:.2g}–{hi:.2g}"


def binned_means(
    frame: pd.DataFrame,
    by: str,
    metric: str,
    edges: Sequence[float] | np.ndarray,
    *,
    integer: bool = False,
) -> pd.DataFrame:
    """Mean of ``metric`` per bin of ``by``, with the node count and the standard error.

    Bins are left-closed ``[e_i, e_{i+1})``, the last one closed on both sides; rows where
    ``by`` or ``metric`` is missing are left out.

    Returns
    -------
    DataFrame
        ``bin`` (label), ``low``, ``high``, ``nodes``, ``mean``, ``sem`` (NaN for one node),
        for every bin (empty bins have 0 nodes and NaN means).

    Examples
    --------
    >>> df = pd.DataFrame({"d": [0, 1, 2, 3, 5], "m": [0.0, 0.5, 1.0, 0.0, 1.0]})
    >>> binned_means(df, "d", "m", [0, 1, 2, 4, 8], integer=True)[["bin", "nodes", "mean"]]
       bin  nodes  mean
    0    0      1   0.0
    1    1      1   0.5
    2  2–3      2   0.5
    3  4–7      1   1.0
    """
    sub = frame[list(dict.fromkeys([by, metric]))].dropna()  # by may be the metric itself
    x, m = sub[by].to_numpy(float), sub[metric].to_numpy(float)
    e = np.asarray(edges, dtype=float)
    which = np.clip(np.searchsorted(e, x, side="right") - 1, 0, len(e) - 2)
    rows = []
    for i in range(len(e) - 1):
        vals = m[which == i]
        rows.append(
            {
                "bin": _bin_label(e[i], e[i + 1], integer),
                "low": e[i],
                "high": e[i + 1],
                "nodes": int(vals.size),
                "mean": float(vals.mean()) if vals.size else np.nan,
                "sem": float(vals.std(ddof=1) / np.sqrt(vals.size)) if vals.size > 1 else np.nan,
            }
        )
    return pd.DataFrame(rows)


#: Training-degree groups of the cold-start view: (label, low, high) with low <= d <= high.
COLD_START_GROUPS = (
    ("0 (cold start)", 0, 0),
    ("1", 1, 1),
    ("2", 2, 2),
    ("3–5", 3, 5),
    ("6–10", 6, 10),
    ("> 10", 11, np.inf),
)


def degree_groups(frame: pd.DataFrame, metric: str, degree: str = "degree") -> pd.DataFrame:
    """Mean ``metric`` of the nodes with no or few training neighbours (the cold-start view).

    Groups: :data:`COLD_START_GROUPS` of the training degree.

    Returns
    -------
    DataFrame
        ``group``, ``nodes``, ``share`` (of the rows with a metric), ``mean``, ``sem``.

    Examples
    --------
    >>> df = pd.DataFrame({"degree": [0, 0, 1, 7, 30], "m": [0.0, 0.2, 0.5, 1.0, 1.0]})
    >>> degree_groups(df, "m")[["group", "nodes", "mean"]].round(2)
                group  nodes  mean
    0  0 (cold start)      2   0.1
    1               1      1   0.5
    2               2      0   NaN
    3             3–5      0   NaN
    4            6–10      1   1.0
    5            > 10      1   1.0
    """
    sub = frame[[degree, metric]].dropna()
    d, m = sub[degree].to_numpy(float), sub[metric].to_numpy(float)
    rows = []
    for label, lo, hi in COLD_START_GROUPS:
        vals = m[(d >= lo) & (d <= hi)]
        rows.append(
            {
                "group": label,
                "nodes": int(vals.size),
                "share": vals.size / max(len(m), 1),
                "mean": float(vals.mean()) if vals.size else np.nan,
                "sem": float(vals.std(ddof=1) / np.sqrt(vals.size)) if vals.size > 1 else np.nan,
            }
        )
    return pd.DataFrame(rows)
