"""Link-prediction metrics: OGB's Hits@K / MRR, and per-node ranking metrics.

Benchmark numbers come from OGB's ``Evaluator`` (ogb is imported inside the functions: it costs
seconds). Per-node metrics rank every candidate node for one query node (Wang et al., ICLR
2024, arXiv 2310.04612, node-level evaluation).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import torch
from torch import Tensor

from graphlab.errors import InputError

__all__ = ["hits_at_k", "mrr", "rank_metrics"]


@cache
def _evaluator(name: str):
    # built once per name: the constructor reads OGB's master.csv with pandas (~1 ms, twice
    # per evaluated epoch); hits_at_k sets its K before each use
    from ogb.linkproppred import Evaluator

    return Evaluator(name=name)


def hits_at_k(pos: Tensor | np.ndarray, neg: Tensor | np.ndarray, k: int) -> float:
    """OGB Hits@K: share of positives scored above the K-th highest negative.

    .. math:: \\text{Hits@}K = \\frac{1}{|P|} \\sum_{p \\in P} 1[s_p > s^{neg}_{(K)}]

    with :math:`s^{neg}_{(K)}` the K-th largest negative score (all positives count when there
    are fewer than K negatives). Computed by ``ogb.linkproppred.Evaluator`` with its ``K`` set.

    Examples
    --------
    >>> hits_at_k(torch.tensor([0.9, 0.5, 0.1]), torch.tensor([0.8, 0.4, 0.2]), k=2)
    0.6666666666666666
    """
    if int(k) != k or k < 1:
        raise InputError(f"K must be a positive integer, got {k}")
    ev = _evaluator("ogbl-ddi")
    ev.K = int(k)
    out = ev.eval({"y_pred_pos": torch.as_tensor(pos), "y_pred_neg": torch.as_tensor(neg)})
    return float(out[f"hits@{int(k)}"])


def mrr(pos: Tensor, neg: Tensor) -> float:
    """OGB MRR with per-positive negatives (ogbl-citation2's protocol).

    Parameters
    ----------
    pos : Tensor of shape [P]
    neg : Tensor of shape [P, M], the negatives of each positive.

    Examples
    --------
    >>> round(mrr(torch.tensor([0.9, 0.1]), torch.tensor([[0.5, 0.2], [0.5, 0.2]])), 4)
    0.6667
    """
    ev = _evaluator("ogbl-citation2")
    out = ev.eval({"y_pred_pos": torch.as_tensor(pos), "y_pred_neg": torch.as_tensor(neg)})
    return float(out["mrr_list"].mean())


def rank_metrics(scores: Tensor, targets: Tensor, k: int) -> dict[str, Tensor]:
    """Per-row ranking metrics of a block of query nodes against all candidates.

    Masked candidates (training neighbours, the node itself) must carry score ``-inf``; they are
    never counted as ranked above a target. For a query v with target set T (``|T| >= 1``), top-K
    list :math:`L_K` (by descending score) and :math:`m = |L_K \\cap T|`:

    .. math::
        \\text{Hits@}K &= 1[\\text{rank} \\le K] \\\\
        \\text{Recall@}K &= m / |T| \\\\
        \\text{NDCG@}K &= \\frac{\\sum_{i=1}^{K} 1[L_i \\in T] / \\log_2(i+1)}
                              {\\sum_{i=1}^{\\min(K,|T|)} 1 / \\log_2(i+1)} \\\\
        \\text{MRR} &= 1 / \\text{rank}, \\qquad
        \\text{rank} = 1 + |\\{x : s_x > \\max_{t \\in T} s_t\\}|

    ``rank`` is the optimistic rank of the best-scored target (strictly higher scores only), so
    Hits@K and MRR agree on ties; Recall@K and NDCG@K use the top-K list of ``torch.topk``.

    Parameters
    ----------
    scores : Tensor of shape [B, N]
    targets : bool Tensor of shape [B, N]
    k : int

    Returns
    -------
    dict of Tensors of shape [B]
        ``hits``, ``recall``, ``ndcg``, ``mrr``, ``num_targets``.

    Examples
    --------
    >>> s = torch.tensor([[0.9, 0.8, 0.7, 0.1, -float("inf")]])
    >>> t = torch.tensor([[False, True, False, True, False]])
    >>> {m: round(float(v), 4) for m, v in rank_metrics(s, t, k=2).items()}
    {'hits': 1.0, 'recall': 0.5, 'ndcg': 0.3869, 'mrr': 0.5, 'num_targets': 2.0}
    """
    if scores.shape != targets.shape or scores.dim() != 2:
        raise InputError(
            f"scores and targets must be [B, N] of one shape, got {list(scores.shape)} "
            f"and {list(targets.shape)}"
        )
    kk = min(int(k), scores.shape[1])
    top = torch.topk(scores, kk, dim=1).indices
    rel = targets.gather(1, top).to(scores.dtype)
    m = rel.sum(1)
    nt = targets.sum(1).to(scores.dtype)
    disc = 1.0 / torch.log2(torch.arange(2, kk + 2, dtype=scores.dtype, device=scores.device))
    dcg = (rel * disc).sum(1)
    ideal_len = torch.clamp(nt, max=kk).long()
    cum = torch.cat([torch.zeros(1, dtype=scores.dtype, device=scores.device), disc.cumsum(0)])
    idcg = cum[ideal_len]
    safe = nt > 0
    best = torch.where(targets, scores, torch.full_like(scores, -torch.inf)).max(1).values
    rank = 1 + (scores > best[:, None]).sum(1).to(scores.dtype)
    zero = torch.zeros_like(m)
    return {
        "hits": torch.where(safe, (rank <= kk).to(scores.dtype), zero),
        "recall": torch.where(safe, m / nt.clamp(min=1), zero),
        "ndcg": torch.where(safe, dcg / idcg.clamp(min=1e-12), zero),
        "mrr": torch.where(safe, 1.0 / rank, zero),
        "num_targets": nt,
    }
