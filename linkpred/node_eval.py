"""Per-node evaluation: rank all nodes for each query node, in bounded memory.

For every node v with at least one target (e.g. test neighbour), every node x is scored with the
decoder on :math:`h_v \\odot h_x`; v itself and v's training neighbours are masked (they are
known links), and Hits@K, Recall@K, NDCG@K and MRR are computed from the ranking
(:func:`linkpred.metrics.rank_metrics`). This is the node-level evaluation of Wang et al.,
ICLR 2024 (arXiv 2310.04612).

Memory: the scores of ``B`` query rows against all ``N`` nodes ([B, N]) plus one decoder input
block of ``B x C x F`` floats are held at a time; ``B`` and ``C`` are chosen so that neither
exceeds ``max_elements`` (a ``B x N x F`` tensor is never formed unless it fits).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import torch
from torch import Tensor

from graphlab.errors import InputError
from graphlab.graph import Graph

from .metrics import rank_metrics
from .models import InnerProductDecoder

__all__ = ["per_node_metrics", "score_block"]


@torch.no_grad()
def score_block(
    h: Tensor, decoder: torch.nn.Module, rows: Tensor, max_elements: int = 1 << 24
) -> Tensor:
    """Scores [len(rows), N] of the query ``rows`` against every node.

    The decoder sees blocks of at most ``max_elements`` floats (``rows x C x F``); the inner
    product decoder is a matrix product.

    Examples
    --------
    >>> h = torch.eye(3)
    >>> score_block(h, InnerProductDecoder(), torch.tensor([0, 2]))
    tensor([[1., 0., 0.],
            [0., 0., 1.]])
    """
    hr = h[rows]
    if isinstance(decoder, InnerProductDecoder):
        return hr @ h.T
    n, f = h.shape
    b = hr.shape[0]
    c = max(1, min(n, max_elements // max(b * f, 1)))
    out = torch.empty(b, n, dtype=h.dtype, device=h.device)
    for lo in range(0, n, c):
        hc = h[lo : lo + c]
        z = hr[:, None, :] * hc[None, :, :]
        out[:, lo : lo + hc.shape[0]] = decoder(z.reshape(-1, f)).reshape(b, -1)
    return out


@torch.no_grad()
def per_node_metrics(
    h: Tensor,
    decoder: torch.nn.Module,
    train_graph: Graph,
    target_edges: Any,
    k: int = 100,
    *,
    exclude_edges: Any = None,
    max_elements: int = 1 << 24,
) -> pd.DataFrame:
    """Per-node Hits@K, Recall@K, NDCG@K and MRR of a trained encoder/decoder.

    Parameters
    ----------
    h : Tensor of shape [N, F]
        Node representations (the encoder's output, eval mode).
    decoder : module
        Maps Hadamard products [*, F] to logits [*].
    train_graph : Graph
        The training graph; each node's training neighbours are masked.
    target_edges : int array [E, 2]
        The held-out edges (both endpoints are query nodes; each is a target of the other).
    k : int
        The K of the @K metrics.
    exclude_edges : int array [E', 2], optional
        Further known links to mask (e.g. validation edges when evaluating test edges).
    max_elements : int
        Memory bound, in floats, of one score block and one decoder block.

    Returns
    -------
    DataFrame
        One row per node with at least one target: ``node``, ``num_targets``, ``hits@K``,
        ``recall@K``, ``ndcg@K``, ``mrr``.

    Examples
    --------
    >>> from graphlab import Graph
    >>> g = Graph.from_edge_index([[0], [1]], num_nodes=4)
    >>> h = torch.tensor([[1.0, 0.0], [0.5, 0.5], [0.9, 0.1], [0.0, 1.0]])
    >>> df = per_node_metrics(h, InnerProductDecoder(), g, [[0, 2]], k=1)
    >>> df[["node", "hits@1", "mrr"]].to_dict("list")
    {'node': [0, 2], 'hits@1': [1.0, 1.0], 'mrr': [1.0, 1.0]}
    """
    n = train_graph.num_nodes
    if h.shape[0] != n:
        raise InputError(f"h has {h.shape[0]} rows but the graph has {n} nodes")
    te = np.asarray(target_edges, dtype=np.int64).reshape(-1, 2)
    if te.size and (te.min() < 0 or te.max() >= n):
        raise InputError(f"target edges hold node ids outside 0..{n - 1}")
    tgt = Graph.from_coo(te[:, 0], te[:, 1], num_nodes=n)
    mask_graph = train_graph
    if exclude_edges is not None:
        ex = np.asarray(exclude_edges, dtype=np.int64).reshape(-1, 2)
        tr = train_graph.edges()
        both = np.concatenate([tr, ex])
        mask_graph = Graph.from_coo(both[:, 0], both[:, 1], num_nodes=n)
    queries = np.flatnonzero(tgt.degree() > 0)
    b = max(1, min(len(queries), max_elements // max(n, 1), 4096))
    cols: dict[str, list[np.ndarray]] = {
        m: [] for m in ("hits", "recall", "ndcg", "mrr", "num_targets")
    }
    t_ptr, t_idx = tgt.indptr_np, tgt.indices_np
    m_ptr, m_idx = mask_graph.indptr_np, mask_graph.indices_np
    for lo in range(0, len(queries), b):
        q = queries[lo : lo + b]
        rows = torch.as_tensor(q, device=h.device)
        scores = score_block(h, decoder, rows, max_elements).float()
        targets = torch.zeros_like(scores, dtype=torch.bool)
        r_t = np.repeat(np.arange(len(q)), t_ptr[q + 1] - t_ptr[q])
        c_t = np.concatenate([t_idx[t_ptr[v] : t_ptr[v + 1]] for v in q])
        targets[torch.as_tensor(r_t), torch.as_tensor(c_t)] = True
        r_m = np.repeat(np.arange(len(q)), m_ptr[q + 1] - m_ptr[q])
        c_m = np.concatenate([m_idx[m_ptr[v] : m_ptr[v + 1]] for v in q] + [np.empty(0, int)])
        scores[
            torch.as_tensor(r_m, dtype=torch.long), torch.as_tensor(c_m, dtype=torch.long)
        ] = -torch.inf
        scores[torch.arange(len(q)), rows] = -torch.inf
        targets[torch.arange(len(q)), rows] = False
        res = rank_metrics(scores, targets.to(scores.device), k)
        for key, val in res.items():
            cols[key].append(val.cpu().numpy())
    cat = {key: np.concatenate(v) if v else np.empty(0) for key, v in cols.items()}
    return pd.DataFrame(
        {
            "node": queries,
            "num_targets": cat["num_targets"].astype(np.int64),
            f"hits@{k}": cat["hits"],
            f"recall@{k}": cat["recall"],
            f"ndcg@{k}": cat["ndcg"],
            "mrr": cat["mrr"],
        }
    )
