"""Scores of a reconstruction: Jaccard, precision, recall, F1, overall and per hyperedge size.

With :math:`R` the distinct reconstructed hyperedges and :math:`E_1` the distinct true ones
(exact node-set matches; size-1 hyperedges count):

.. math::

    J = \\frac{|R \\cap E_1|}{|R \\cup E_1|}, \\quad P = \\frac{|R \\cap E_1|}{|R|}, \\quad
    Rc = \\frac{|R \\cap E_1|}{|E_1|}, \\quad F_1 = \\frac{2 P Rc}{P + Rc}.

Empty denominators give 0 (and :math:`J = 1` when both sets are empty).

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its Remediation",
ICLR 2024, arXiv:2401.08519 (Jaccard x100 is the paper's score).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphlab.errors import InputError

from ..core import Hypergraph, edge_group_ids

__all__ = [
    "format_table",
    "multiset_jaccard",
    "multiset_scores",
    "reconstruction_scores",
    "scores_by_size",
]


def _check(pred: Any, truth: Any) -> tuple[Hypergraph, Hypergraph]:
    for what, h in (("reconstruction", pred), ("ground truth", truth)):
        if not isinstance(h, Hypergraph):
            raise InputError(f"the {what} must be a Hypergraph, got {type(h).__name__}")
    if pred.num_nodes != truth.num_nodes:
        raise InputError(
            f"node ids do not match: the reconstruction has {pred.num_nodes} nodes, the ground "
            f"truth {truth.num_nodes} (both must use the query graph's node ids)"
        )
    return pred.unique(), truth.unique()


def _row(tp: int, r: int, e: int) -> dict[str, float | int]:
    union = r + e - tp
    p = tp / r if r else 0.0
    rc = tp / e if e else 0.0
    return {
        "jaccard": tp / union if union else 1.0,
        "precision": p,
        "recall": rc,
        "f1": 2 * p * rc / (p + rc) if p + rc else 0.0,
        "matched": tp,
        "predicted": r,
        "true": e,
    }


def reconstruction_scores(pred: Hypergraph, truth: Hypergraph) -> dict[str, float | int]:
    """Jaccard, precision, recall, F1 (and the counts) of a reconstruction.

    Raises
    ------
    InputError
        If the two hypergraphs are not on the same number of nodes.

    Examples
    --------
    >>> R = Hypergraph.from_edges([[0, 1, 2], [3], [1, 2]], num_nodes=4)
    >>> E = Hypergraph.from_edges([[0, 1, 2], [3], [2, 3]])
    >>> s = reconstruction_scores(R, E)
    >>> s["jaccard"], round(s["precision"], 3), s["matched"]
    (0.5, 0.667, 2)
    """
    r, e = _check(pred, truth)
    tp = int(r.isin(e).sum())
    return _row(tp, r.num_edges, e.num_edges)


def scores_by_size(pred: Hypergraph, truth: Hypergraph) -> Any:
    """The scores per hyperedge size, as a pandas DataFrame (one row per size, then "all").

    Examples
    --------
    >>> R = Hypergraph.from_edges([[0, 1, 2], [3], [1, 2]], num_nodes=4)
    >>> E = Hypergraph.from_edges([[0, 1, 2], [3], [2, 3]])
    >>> t = scores_by_size(R, E)
    >>> t["size"].tolist(), t["jaccard"].tolist(), t["predicted"].tolist()
    (['1', '2', '3', 'all'], [1.0, 0.0, 1.0, 0.5], [1, 1, 1, 3])
    """
    import pandas as pd

    r, e = _check(pred, truth)
    hit = r.isin(e)
    rs, es = r.edge_sizes(), e.edge_sizes()
    rows = []
    for k in np.union1d(np.unique(rs), np.unique(es)):
        row = _row(int(hit[rs == k].sum()), int((rs == k).sum()), int((es == k).sum()))
        rows.append({"size": str(int(k)), **row})
    rows.append({"size": "all", **_row(int(hit.sum()), r.num_edges, e.num_edges)})
    return pd.DataFrame(rows)


def format_table(frame: Any, *, percent: bool = True) -> str:
    """A plain-text table of :func:`scores_by_size` (scores x100 by default)."""
    f = frame.copy()
    for col in ("jaccard", "precision", "recall", "f1"):
        f[col] = (f[col] * (100 if percent else 1)).round(1 if percent else 3)
    return f.to_string(index=False)


def multiset_scores(pred: Hypergraph, truth: Hypergraph) -> dict[str, float | int]:
    """Multiset (multi-)Jaccard, precision and recall of a reconstruction with multiplicities.

    Each hypergraph is read as a multiset of node sets, a repeated hyperedge counting as many
    times as it occurs (:meth:`Hypergraph.unique` ``return_counts``). With :math:`m_R(e)` and
    :math:`m_E(e)` the multiplicities of node set :math:`e` in the reconstruction and the truth:

    .. math::

        J_{multi} = \\frac{\\sum_e \\min(m_R(e), m_E(e))}{\\sum_e \\max(m_R(e), m_E(e))},
        \\quad P = \\frac{\\sum_e \\min(m_R, m_E)}{\\sum_e m_R(e)},
        \\quad Rc = \\frac{\\sum_e \\min(m_R, m_E)}{\\sum_e m_E(e)}.

    With every multiplicity 1 this is :func:`reconstruction_scores`' Jaccard. Empty
    denominators give 0 (and :math:`J = 1` when both are empty, as there).

    Returns
    -------
    dict
        ``multi_jaccard``, ``multi_precision``, ``multi_recall``, and the counts ``matched``
        (sum of minima), ``predicted`` and ``true`` (total multiplicities).

    Raises
    ------
    InputError
        If the two hypergraphs are not on the same number of nodes.

    Examples
    --------
    >>> R = Hypergraph.from_edges([[0, 1, 2], [0, 1, 2], [1, 2]])
    >>> E = Hypergraph.from_edges([[0, 1, 2], [0, 1, 2], [0, 1, 2], [2, 0]])
    >>> s = multiset_scores(R, E)
    >>> s["multi_jaccard"], s["matched"], s["predicted"], s["true"]
    (0.4, 2, 3, 4)

    References
    ----------
    K. Lee, G. Lee, K. Shin, "MARIOH: Multiplicity-Aware Hypergraph Reconstruction",
    arXiv:2504.00522, 2025 (multi-Jaccard similarity).
    """
    _check(pred, truth)  # the same input rules as the set scores
    ptr = np.concatenate([pred.edge_ptr, truth.edge_ptr[1:] + pred.edge_ptr[-1]])
    nodes = np.concatenate([pred.edge_nodes, truth.edge_nodes])
    gid, k = edge_group_ids(ptr, nodes)
    mr = np.bincount(gid[: pred.num_edges], minlength=k)
    me = np.bincount(gid[pred.num_edges :], minlength=k)
    tp, union = int(np.minimum(mr, me).sum()), int(np.maximum(mr, me).sum())
    r, e = pred.num_edges, truth.num_edges
    return {
        "multi_jaccard": tp / union if union else 1.0,
        "multi_precision": tp / r if r else 0.0,
        "multi_recall": tp / e if e else 0.0,
        "matched": tp,
        "predicted": r,
        "true": e,
    }


def multiset_jaccard(pred: Hypergraph, truth: Hypergraph) -> float:
    """The multi-Jaccard of :func:`multiset_scores` alone.

    Examples
    --------
    >>> multiset_jaccard(Hypergraph.from_edges([[0, 1]] * 3), Hypergraph.from_edges([[0, 1]]))
    0.3333333333333333
    """
    return float(multiset_scores(pred, truth)["multi_jaccard"])
