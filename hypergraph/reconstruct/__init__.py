"""Hypergraph reconstruction from projections: baselines, SHyRe and evaluation.

:class:`MaxCliques` and :class:`CliqueCover` are unsupervised baselines; :class:`SHyRe`
learns from a training hypergraph of the same domain (Wang & Kleinberg, ICLR 2024,
arXiv:2401.08519). All derive from :class:`Reconstructor`, scikit-learn's contract:
parameters from the constructor's signature (``get_params`` / ``set_params``,
:func:`sklearn.base.clone`), ``fit(train_hypergraph)`` returning the reconstructor,
``predict(query_graph) -> Hypergraph``, and :class:`NotFittedError` from ``predict`` before
``fit``. :func:`reconstruction_scores` and
:func:`scores_by_size` evaluate a result. :class:`MultiplicityReconstructor` (after MARIOH,
Lee, Lee & Shin, 2025) reconstructs hyperedges with multiplicities from a weighted projection;
:func:`multiset_scores` (multi-Jaccard) evaluates it.
"""

from __future__ import annotations

from .base import NotFittedError, Reconstructor
from .baselines import CliqueCover, MaxCliques, edge_clique_cover
from .data import PAPER_BUDGETS, PAPER_JACCARD, load_pair, make_method
from .metrics import (
    format_table,
    multiset_jaccard,
    multiset_scores,
    reconstruction_scores,
    scores_by_size,
)
from .multiplicity import MultiplicityReconstructor, check_multiplicities, provable_pairs
from .shyre import SHyRe
from .statistics import clique_statistics

__all__ = [
    "PAPER_BUDGETS",
    "PAPER_JACCARD",
    "CliqueCover",
    "MaxCliques",
    "MultiplicityReconstructor",
    "NotFittedError",
    "Reconstructor",
    "SHyRe",
    "check_multiplicities",
    "clique_statistics",
    "edge_clique_cover",
    "format_table",
    "load_pair",
    "make_method",
    "multiset_jaccard",
    "multiset_scores",
    "provable_pairs",
    "reconstruction_scores",
    "scores_by_size",
]
