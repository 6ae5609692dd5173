r"""HeaRT: per-positive hard negatives and ranking metrics for link prediction.

Li et al., "Evaluating Graph Neural Networks for Link Prediction: Current Pitfalls and New
Benchmarking", NeurIPS 2023 (arXiv 2306.10453). Each held-out positive (s, t) is ranked against
its own negatives, made by corrupting one end with the nodes that heuristics find closest to the
other end. The recipe follows the released code (``Juanhui28/HeaRT``,
``heart_negatives/create_heart_negatives.py`` with its defaults and ``scripts/HeaRT``):

1. Heuristic scores from each end u to every node x, on the **training** graph:
   resource allocation :math:`RA(u, x) = \sum_{k \in N(u) \cap N(x)} 1/d_k`, personalized
   PageRank from u (Andersen et al.'s push with teleport :math:`\alpha = 0.15` and tolerance
   ``eps``: :func:`ppr_rows`), and, where the graph has node features, their cosine similarity.
2. Known links are filtered: u itself, the other end, and u's neighbours in the training graph
   (validation positives) or in the training + validation graph (test positives) get score -1.
3. Each score vector becomes ranks (largest first, equal scores one rank, zeros after all
   positive scores, filtered nodes last), and the ranks are combined by their **minimum**.
4. The ``num_negatives // 2`` nodes of best combined rank are u's corruptions; when fewer nodes
   than that have a nonzero score, the rest are drawn at random (with replacement, seeded)
   among the nodes whose every score is 0.
5. Positive (s, t) gets ``[(s, x) for x of s] + [(x, t) for x of t]``: 250 + 250 by default.

Metrics (:func:`heart_metrics`): the rank of a positive among its own negatives counts ties
half, :math:`\text{rank} = 1 + |\{n : s_n > s_p\}| + \tfrac12 |\{n : s_n = s_p\}|`, as HeaRT's
``eval_mrr``; MRR is the mean of :math:`1/\text{rank}`, Hits@K the share with
:math:`\text{rank} \le K`.

Where the code leaves a choice open: ties among equal combined ranks are broken by node id (the
code's ``torch.topk`` leaves them in an unspecified order); the random fill uses a numpy
generator of the given seed (the code seeds numpy's global generator with 42).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
import torch
from scipy.stats import rankdata
from torch import Tensor

from graphlab.errors import InputError
from graphlab.fileio import atomic_path
from graphlab.graph import Graph
from graphlab.progress import progress
from graphlab.validation import check_int, check_real, check_seed

from .data import LinkData

__all__ = [
    "HEART_EPS",
    "HEART_K",
    "HeartNegatives",
    "heart_metrics",
    "heart_negatives",
    "heart_ranks",
    "ppr_rows",
]

#: The PPR tolerance of HeaRT's scripts (``scripts/HeaRT/generate_*.sh``): 1e-7 on Cora and
#: CiteSeer, 1e-5 on PubMed (the PubMed script passes ``--dataset cora``, a slip in the script;
#: its ``--eps`` is the PubMed setting), the code's default 5e-5 otherwise.
HEART_EPS = {"cora": 1e-7, "citeseer": 1e-7, "pubmed": 1e-5}

#: The K of the reported Hits@K (HeaRT's tables report MRR and Hits@10; its code also 1, 3, 100)
HEART_K = (1, 3, 10, 20, 50, 100)


@lru_cache(maxsize=1)
def _push_kernel() -> Any:
    """The compiled Andersen push from each node of ``src`` (see :func:`ppr_rows`); numba is
    imported and the kernel compiled on first use."""
    import numba

    @numba.njit(cache=True)
    def kernel(indptr, indices, deg, src, alpha, eps):
        n = deg.shape[0]
        out = np.zeros((src.shape[0], n))
        r = np.zeros(n)
        queued = np.zeros(n, dtype=np.bool_)
        stack = np.empty(n, dtype=np.int64)
        touched = np.empty(n, dtype=np.int64)
        for b in range(src.shape[0]):
            p = out[b]
            u0 = src[b]
            r[u0] = alpha
            top = 0
            stack[top] = u0
            top += 1
            queued[u0] = True
            ntouched = 0
            touched[ntouched] = u0
            ntouched += 1
            while top > 0:
                top -= 1
                u = stack[top]  # last in, first out, as the reference's list.pop()
                queued[u] = False
                res = r[u]
                p[u] += res
                r[u] = 0.0
                if deg[u] == 0:
                    continue
                share = (1.0 - alpha) * res / deg[u]
                for e in range(indptr[u], indptr[u + 1]):
                    v = indices[e]
                    if r[v] == 0.0:
                        touched[ntouched % n] = v
                        ntouched += 1
                    r[v] += share
                    if r[v] >= alpha * eps * deg[v] and not queued[v]:
                        stack[top] = v
                        top += 1
                        queued[v] = True
            for i in range(min(ntouched, n)):
                r[touched[i]] = 0.0
            if ntouched > n:  # the touched list wrapped: clear everything
                r[:] = 0.0
        return out

    return kernel


def ppr_rows(
    graph: Graph, sources: Any, alpha: float = 0.15, eps: float = 5e-5, exact_below: float = 1e-6
) -> np.ndarray:
    r"""Approximate personalized PageRank from each source (Andersen, Chung and Lang, 2006).

    The push algorithm of HeaRT's ``calc_ppr.py`` (PyG's ``GDC``): residual :math:`r = \alpha
    e_u`, then while a node v holds :math:`r_v \ge \alpha\,\varepsilon\, d_v`, move
    :math:`r_v` to :math:`p_v` and spread :math:`(1-\alpha) r_v / d_v` to each neighbour. The
    result approximates :math:`p_u = \alpha (I - (1-\alpha) A D^{-1})^{-1} e_u`; entries below
    the tolerance stay 0.

    For ``eps < exact_below`` the push costs :math:`O(1/(\alpha\varepsilon))` per source (0.4 s
    per source on Cora at HeaRT's 1e-7) and its result is the exact vector to within the
    tolerance: the exact :math:`p_u` is computed instead, by the power iteration
    :math:`X \leftarrow \alpha E + (1-\alpha) A D^{-1} X` for a block of sources at once, to
    an error below 1e-10.

    Parameters
    ----------
    graph : Graph
        Undirected graph.
    sources : int array [B]
    alpha : float
        Teleport probability.
    eps : float
        Tolerance.

    Returns
    -------
    ndarray [B, N]

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 1], [1, 2]])
    >>> p = ppr_rows(g, [1], eps=1e-10)
    >>> bool(p[0, 1] > p[0, 0] > 0), bool(abs(p[0, 0] - p[0, 2]) < 1e-9)
    (True, True)
    >>> push = ppr_rows(g, [1], eps=1e-9, exact_below=0)
    >>> bool(np.abs(push - p).max() < 1e-8)
    True
    """
    check_real(alpha, "alpha", low=0, high=1, low_open=True, high_open=True)
    check_real(eps, "eps", low=0, low_open=True)
    src = np.asarray(sources, dtype=np.int64).reshape(-1)
    deg = np.diff(graph.indptr_np).astype(np.float64)
    if eps < exact_below:
        n = graph.num_nodes
        inv = np.divide(1.0, deg, out=np.zeros_like(deg), where=deg > 0)
        walk = (graph.to_scipy() @ sp.diags(inv)).tocsr()  # A D^-1: column-stochastic
        e = np.zeros((n, src.size))
        e[src, np.arange(src.size)] = alpha
        x = e.copy()
        for _ in range(int(np.ceil(np.log(1e-10) / np.log(1 - alpha)))):
            x = e + (1 - alpha) * (walk @ x)
        return np.ascontiguousarray(x.T)
    return _push_kernel()(
        graph.indptr_np.astype(np.int64),
        graph.indices_np.astype(np.int64),
        deg,
        src,
        float(alpha),
        float(eps),
    )


def _ranks(scores: np.ndarray) -> np.ndarray:
    """HeaRT's ``rank_score_matrix`` on one row: positive scores ranked largest first (equal
    scores share a rank), zeros get max + 1, negatives (filtered) max + 2."""
    out = np.empty(scores.shape, dtype=np.float64)
    pos = scores > 0
    if pos.any():
        r = rankdata(scores[pos], method="min")
        r = r.max() - r + 1
        top = float(r.max())
    else:
        r, top = np.empty(0), 0.0
    out[pos] = r
    out[scores == 0] = top + 1
    out[scores < 0] = top + 2
    return out


def _corrupt(
    u: int,
    other: int,
    rows: list[np.ndarray],
    known: sp.csr_array,
    k: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """The ``k`` corruptions of end ``u`` of a positive whose other end is ``other``."""
    n = known.shape[0]
    masked = np.zeros(n, dtype=bool)
    masked[known.indices[known.indptr[u] : known.indptr[u + 1]]] = True
    masked[u] = masked[other] = True
    scores = [row.copy() for row in rows]
    for s in scores:
        s[masked] = -1.0
    zero = np.logical_and.reduce([s == 0 for s in scores])
    combined = np.min([_ranks(s) for s in scores], axis=0)
    enough = n - int(zero.sum()) - int(masked.sum())
    order = np.argsort(combined, kind="stable")  # best rank first, ties by node id
    if enough >= k:
        return order[:k]
    pool = np.flatnonzero(zero)
    if pool.size == 0:
        pool = np.flatnonzero(~masked)
    if pool.size == 0:
        raise InputError(f"node {u} has no node left to corrupt it with (tiny graph?)")
    return np.concatenate([order[:enough], rng.choice(pool, k - enough)])


def _normalised_rows(x: np.ndarray) -> np.ndarray:
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)


def heart_negatives(
    graph: Graph,
    positives: Any,
    known: Graph | None = None,
    x: Any = None,
    num_negatives: int = 500,
    eps: float = 5e-5,
    alpha: float = 0.15,
    seed: int = 0,
) -> np.ndarray:
    """HeaRT's hard negatives of each positive (see the module docstring).

    Parameters
    ----------
    graph : Graph
        The graph the heuristics run on (the training graph).
    positives : int array [P, 2]
    known : Graph, optional
        The links filtered out of the negatives (default ``graph``; the training + validation
        graph for test positives).
    x : array [N, F], optional
        Node features (their cosine similarity is the third heuristic).
    num_negatives : int
        Negatives per positive (even; half corrupt each end).
    eps, alpha : float
        PPR tolerance and teleport probability.
    seed : int
        Seed of the random fill.

    Returns
    -------
    ndarray of int64 [P, num_negatives, 2]
        The first half ``(s, x)``, the second ``(x, t)``.

    Examples
    --------
    >>> ring = np.arange(12)
    >>> g = Graph.from_edge_index([ring, (ring + 1) % 12])
    >>> neg = heart_negatives(g, [[0, 6]], num_negatives=4, eps=1e-9)
    >>> neg[0].tolist()  # 0's and 6's closest non-neighbours: 2 and 10, then 4 and 8
    [[0, 2], [0, 10], [4, 6], [8, 6]]
    """
    check_int(num_negatives, "num_negatives", low=2)
    if num_negatives % 2:
        raise InputError(f"num_negatives must be even (half per end), got {num_negatives}")
    rng = np.random.default_rng(check_seed(seed))
    pos = np.asarray(positives, dtype=np.int64).reshape(-1, 2)
    n = graph.num_nodes
    if pos.size and (pos.min() < 0 or pos.max() >= n):
        raise InputError(f"positives hold node ids outside 0..{n - 1}")
    k = num_negatives // 2
    a = graph.to_scipy().tocsr().astype(np.float64)
    deg = np.asarray(a.sum(axis=1)).ravel()
    inv = np.divide(1.0, deg, out=np.zeros_like(deg), where=deg > 0)
    ra_right = (a @ sp.diags(inv)).tocsr()  # RA(u, .) = A[u] D^-1 A
    known_csr = (known or graph).to_scipy().tocsr()
    feats = None if x is None else _normalised_rows(np.asarray(x, dtype=np.float64))
    out = np.empty((pos.shape[0], num_negatives, 2), dtype=np.int64)
    out[:, :k, 0] = pos[:, :1]
    out[:, k:, 1] = pos[:, 1:]
    # one task per end of each positive: (end, other end, positive, side), grouped by end so
    # that each end's heuristic rows are computed once, a block of ends at a time
    ends = np.concatenate([pos[:, 0], pos[:, 1]])
    others = np.concatenate([pos[:, 1], pos[:, 0]])
    index = np.tile(np.arange(pos.shape[0]), 2)
    side = np.repeat([0, 1], pos.shape[0])
    order = np.argsort(ends, kind="stable")
    nodes, first = np.unique(ends[order], return_index=True)
    block = max(1, (1 << 22) // max(n, 1))  # rows of N floats per heuristic held at once
    bounds = np.append(first, order.size)
    blocks = range(0, len(nodes), block)
    for lo in progress(blocks, desc="HeaRT negatives", unit="block", disable=len(blocks) < 4):
        bn = nodes[lo : lo + block]
        ra = (sp.csr_array(a[bn]) @ ra_right.T).toarray()
        ppr = ppr_rows(graph, bn, alpha, eps)
        fs = None if feats is None else feats[bn] @ feats.T
        for i, u in enumerate(bn):
            rows = [ra[i], ppr[i]] + ([] if fs is None else [fs[i]])
            for task in order[bounds[lo + i] : bounds[lo + i + 1]]:
                neg = _corrupt(int(u), int(others[task]), rows, known_csr, k, rng)
                if side[task] == 0:
                    out[index[task], :k, 1] = neg
                else:
                    out[index[task], k:, 0] = neg
    return out


def heart_ranks(pos: Tensor, neg: Tensor) -> Tensor:
    """The rank of each positive among its own negatives, ties counted half (float [P]).

    Examples
    --------
    >>> heart_ranks(torch.tensor([0.5, 0.2]), torch.tensor([[0.9, 0.5], [0.1, 0.0]]))
    tensor([2.5000, 1.0000])
    """
    if neg.dim() != 2 or neg.shape[0] != pos.shape[0]:
        raise InputError(f"neg must be [P, M] with P = {pos.shape[0]}, got {list(neg.shape)}")
    p = pos.reshape(-1, 1).to(neg.dtype)
    return 1 + (neg > p).sum(1) + 0.5 * (neg == p).sum(1)


def heart_metrics(pos: Tensor, neg: Tensor, ks: tuple[int, ...] = HEART_K) -> dict[str, float]:
    r"""HeaRT's per-positive ranking metrics: MRR and Hits@K.

    .. math::
        \text{rank}_p = 1 + |\{n : s_n > s_p\}| + \tfrac12 |\{n : s_n = s_p\}|, \quad
        \text{MRR} = \frac{1}{|P|}\sum_p \frac{1}{\text{rank}_p}, \quad
        \text{Hits@}K = \frac{1}{|P|}\sum_p 1[\text{rank}_p \le K]

    Parameters
    ----------
    pos : Tensor [P]
    neg : Tensor [P, M]
        The scores of each positive's own negatives.

    Examples
    --------
    >>> m = heart_metrics(torch.tensor([0.9, 0.5]), torch.tensor([[0.1, 0.2], [0.7, 0.5]]),
    ...                   ks=(1,))
    >>> m["mrr"], m["hits@1"]
    (0.7, 0.5)
    """
    rank = heart_ranks(pos, neg)
    out = {"mrr": float((1.0 / rank).mean())}
    for k in ks:
        out[f"hits@{k}"] = float((rank <= k).to(torch.float64).mean())
    return out


@dataclass
class HeartNegatives:
    """The HeaRT negatives of a dataset's validation and test positives, seeded and cached.

    Attributes
    ----------
    valid, test : ndarray of int64 [P, M, 2]
    settings : dict
        What they were made with (num_negatives, eps, alpha, seed, features).
    """

    valid: np.ndarray
    test: np.ndarray
    settings: dict[str, Any]

    @classmethod
    def for_data(
        cls,
        data: LinkData,
        num_negatives: int = 500,
        eps: float | None = None,
        alpha: float = 0.15,
        seed: int = 0,
        cache: str | Path | None = None,
    ) -> HeartNegatives:
        """Build (or read from ``cache``, a folder) the negatives of ``data``'s split.

        Validation positives filter the training graph's links, test positives those of the
        training + validation graph; the heuristics run on the training graph (HeaRT's setting
        for graphs without ``--use-val-in-test``). ``eps`` defaults to :data:`HEART_EPS` of
        the dataset (5e-5 otherwise). The cache file is named by a hash of the split, the
        features and the settings, so another split or setting never reads it.
        """
        eps = HEART_EPS.get(data.name.lower(), 5e-5) if eps is None else eps
        settings = {
            "num_negatives": num_negatives,
            "eps": eps,
            "alpha": alpha,
            "seed": seed,
            "features": data.x is not None,
        }
        path = None
        if cache is not None:
            digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
            for part in ("train", "valid", "test"):
                digest.update(np.ascontiguousarray(data.split[part]["edge"]).tobytes())
            if data.x is not None:
                digest.update(np.ascontiguousarray(data.x.numpy()).tobytes())
            path = Path(cache) / f"heart-{data.name}-{digest.hexdigest()[:16]}.npz"
            if path.exists():
                with np.load(path) as z:
                    return cls(z["valid"], z["test"], settings)
        x = None if data.x is None else data.x.numpy()
        valid_pos = data.split["valid"]["edge"]
        both = np.concatenate([data.split["train"]["edge"], valid_pos])
        known_test = Graph.from_coo(both[:, 0], both[:, 1], num_nodes=data.num_nodes)
        valid, test = (
            heart_negatives(data.graph, pos, known, x, num_negatives, eps, alpha, seed)
            for pos, known in ((valid_pos, None), (data.split["test"]["edge"], known_test))
        )
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(path) as tmp, open(tmp, "wb") as fh:
                np.savez(fh, valid=valid, test=test)
        return cls(valid, test, settings)

    @torch.no_grad()
    def scores(
        self, model: Any, x: Tensor | None, adj_t: Tensor, data: LinkData, chunk: int = 1 << 16
    ) -> dict[str, tuple[Tensor, Tensor]]:
        """Scores of the positives [P] and of their negatives [P, M], per part (the model in
        eval mode, encoded once on ``adj_t``)."""
        model.eval()
        h = model.encode(x, adj_t)
        out = {}
        for part, neg in (("valid", self.valid), ("test", self.test)):
            pairs = np.concatenate([data.split[part]["edge"], neg.reshape(-1, 2)])
            p = torch.as_tensor(pairs, dtype=torch.long, device=h.device)
            s = torch.cat([model.score(h, p[i : i + chunk]) for i in range(0, len(p), chunk)])
            npos = data.split[part]["edge"].shape[0]
            out[part] = (s[:npos].cpu(), s[npos:].cpu().view(npos, -1))
        return out

    def evaluate(
        self, model: Any, x: Tensor | None, adj_t: Tensor, data: LinkData
    ) -> dict[str, dict[str, float]]:
        """HeaRT metrics of validation and test: ``{"valid": {"mrr", "hits@K", ...},
        "test": {...}}``."""
        return {
            part: heart_metrics(pos, neg)
            for part, (pos, neg) in self.scores(model, x, adj_t, data).items()
        }
