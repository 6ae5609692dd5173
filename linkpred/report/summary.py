"""The report's summary: what the numbers say, in sentences computed from them.

Nothing here is canned: every sentence is chosen by comparing the numbers of
:mod:`linkpred.report.gather` (which feature correlates most with performance and whether the
bootstrap intervals separate it from degree, whether held-out neighbours are less concentrated
than training ones, how cold-start nodes fare), and states the numbers it rests on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .gather import FEATURES, DatasetView, PerformanceView

__all__ = ["dataset_sentences", "performance_sentences"]


def _f(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None or not np.isfinite(x) else f"{x:.{digits}f}"


def _pct(x: float) -> str:
    """A share in whole percent, never rounded to 0% or 100% when it is neither.

    >>> _pct(0.256), _pct(0.996), _pct(0.003), _pct(1.0), _pct(float("nan"))
    ('26%', '>99%', '<1%', '100%', 'n/a')
    """
    if not np.isfinite(x):
        return "n/a"
    if 0 < x < 0.005:
        return "<1%"
    if 0.995 <= x < 1:
        return ">99%"
    return f"{100 * x:.0f}%"


def dataset_sentences(view: DatasetView) -> list[str]:
    """Sentences on TC, its relation to degree, the shift between splits and over time."""
    out = []
    k1 = view.tc[1]
    train = k1["tc_train"].dropna()
    out.append(
        f"Mean TC_train (K = 1) is {_f(train.mean())} over the {len(train):,} nodes with "
        f"training neighbours; {_pct(float((train == 0).mean()))} of them have TC 0 (no "
        "neighbour shares any other neighbour)."
    )
    shift = view.shift[np.isfinite(view.shift["tc_test"])] if len(view.shift) else view.shift
    if len(shift):
        nodes = int(shift["nodes"].iloc[0])
        lower = shift["tc_test"] < shift["tc_train"]
        if lower.all():
            verdict = "test neighbours are less concentrated than training ones at every K"
        elif not lower.any():
            verdict = "test neighbours are not less concentrated than training ones at any K"
        else:
            ks = ", ".join(str(k) for k in shift["hops"][lower])
            verdict = f"test neighbours are less concentrated than training ones at K = {ks} only"
        means = "; ".join(
            f"K = {int(r.hops)}: {_f(r.tc_test)} vs {_f(r.tc_train)}, lower for "
            f"{_pct(r.frac_test_below_train)} of them"
            for r in shift.itertuples()
        )
        out.append(
            f"Topological distribution shift: over the {nodes:,} nodes with training, "
            f"validation and test neighbours, {verdict} (mean TC_test vs TC_train, {means})."
        )
    sub = k1[k1["degree"] >= 2]  # one training neighbour: TC_train is 0 by definition
    if len(sub) > 2 and np.ptp(sub["tc_train"].to_numpy(float)) > 0:
        rho = float(sub["tc_train"].corr(sub["degree"], method="spearman"))
        strength = "weakly" if abs(rho) < 0.3 else "moderately" if abs(rho) < 0.6 else "strongly"
        direction = "falls" if rho < 0 else "rises"
        out.append(
            f"Over the {len(sub):,} nodes with at least two training neighbours, TC_train "
            f"{direction} with degree, {strength} (Spearman ρ = {_f(rho)}): "
            + (
                "TC carries information that degree does not."
                if abs(rho) < 0.6
                else "here TC and degree largely overlap."
            )
        )
    if len(view.tc) > 1:
        means = ", ".join(
            f"K = {k}: {_f(frame['tc_train'].mean())}" for k, frame in sorted(view.tc.items())
        )
        out.append(f"Mean TC_train by hops: {means}.")
    for k, why in sorted(view.skipped.items()):
        out.append(f"K = {k} {why}.")
    has_test = k1["tc_test"].notna().to_numpy()  # the table leaves nodes without test edges empty
    cold = int((has_test & (view.degree == 0)).sum())
    with_test = int(has_test.sum())
    if with_test:
        out.append(
            f"{cold:,} of the {with_test:,} nodes with test edges ({_pct(cold / with_test)}) "
            "have no training neighbour (cold start)."
        )
    if view.periods is not None and len(view.periods):
        p = view.periods
        below = int((p["tc_new"] < p["tc_train"]).sum())
        out.append(
            f"Over time: in {below} of {len(p)} periods the neighbours a node newly gains are "
            f"less concentrated than its existing ones (mean TC {_f(p['tc_new'].mean())} vs "
            f"{_f(p['tc_train'].mean())})."
        )
    return out


def _interval(row: pd.Series) -> str:
    return (
        f"Spearman ρ = {_f(row['spearman'])}, 95% CI [{_f(row['spearman_low'])}, "
        f"{_f(row['spearman_high'])}]"
    )


def performance_sentences(pv: PerformanceView) -> list[str]:
    """Sentences on what explains the per-node metric (correlations, bins, cold start)."""
    out = []
    m = pv.frame[pv.metric]
    out.append(f"Per-node {pv.metric}: mean {_f(m.mean())} over {len(m):,} nodes ({pv.source}).")
    corr = pv.correlations.set_index("feature")
    valid = corr[np.isfinite(corr["spearman"])]
    if len(valid):
        best = valid["spearman"].abs().idxmax()
        out.append(
            f"{FEATURES[best]} correlates most with {pv.metric}: {_interval(valid.loc[best])} "
            f"(Pearson r = {_f(valid.loc[best, 'pearson'])})."
        )
    tcs = [c for c in ("tc_train", "tc_test") if c in valid.index]
    if tcs and "degree" in valid.index:
        tc_name = max(tcs, key=lambda c: abs(valid.loc[c, "spearman"]))
        tc, deg = valid.loc[tc_name], valid.loc["degree"]
        label = FEATURES[tc_name]
        numbers = (
            f"|ρ| {_f(abs(tc['spearman']))} for {label} vs {_f(abs(deg['spearman']))} for "
            f"degree; Pearson {_f(tc['pearson'])} vs {_f(deg['pearson'])}"
        )
        if _apart(tc, deg):
            winner, loser = (
                (label, "degree")
                if abs(tc["spearman"]) > abs(deg["spearman"])
                else ("degree", label)
            )
            out.append(
                f"{winner} explains {pv.metric} better than {loser} here ({numbers}); their "
                "95% intervals do not overlap."
            )
        else:
            out.append(
                f"{label} and degree explain {pv.metric} about equally here ({numbers}): their "
                "95% intervals overlap, so these data do not tell them apart."
            )
    bins = pv.by_tc_train[pv.by_tc_train["nodes"] > 0]
    if len(bins) >= 2:
        lo, hi = bins.iloc[0], bins.iloc[-1]
        out.append(
            f"Nodes with TC_train in {lo['bin']} score {_f(lo['mean'])} on average "
            f"({int(lo['nodes']):,} nodes), those in {hi['bin']} score {_f(hi['mean'])} "
            f"({int(hi['nodes']):,} nodes)."
        )
    cs = pv.cold_start
    cold, rest = cs.iloc[0], pv.frame[pv.frame["degree"] > 0][pv.metric]
    if cold["nodes"]:
        out.append(
            f"{int(cold['nodes']):,} evaluated nodes have no training neighbour; they score "
            f"{_f(cold['mean'])} on average against {_f(rest.mean())} for the others."
        )
    else:
        out.append("No evaluated node lacks training neighbours (no cold-start nodes here).")
    if pv.reweight is not None and len(pv.reweight):
        r = pv.reweight
        gain = (r["tc_after"] - r["tc_before"]).to_numpy(float)
        out.append(
            f"Reweighting: {len(r)} updates; each raised the weighted TC by {_f(gain.mean(), 4)} "
            f"on average (first update {_f(r['tc_before'].iloc[0], 4)} → "
            f"{_f(r['tc_after'].iloc[0], 4)}, last {_f(r['tc_before'].iloc[-1], 4)} → "
            f"{_f(r['tc_after'].iloc[-1], 4)})."
            if gain.mean() >= 0
            else f"Reweighting: {len(r)} updates lowered the weighted TC by "
            f"{_f(-gain.mean(), 4)} on average."
        )
    return out


def _apart(a: pd.Series, b: pd.Series) -> bool:
    """Whether the Spearman intervals of |ρ| of ``a`` and ``b`` do not overlap."""
    a_lo, a_hi = sorted((abs(a["spearman_low"]), abs(a["spearman_high"])))
    b_lo, b_hi = sorted((abs(b["spearman_low"]), abs(b["spearman_high"])))
    if np.sign(a["spearman_low"]) != np.sign(a["spearman_high"]):
        a_lo = 0.0  # the interval spans 0
    if np.sign(b["spearman_low"]) != np.sign(b["spearman_high"]):
        b_lo = 0.0
    return bool(a_lo > b_hi or b_lo > a_hi)
