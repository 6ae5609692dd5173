"""TC-inspired edge reweighting of message passing (Wang et al., ICLR 2024, arXiv 2310.04612).

The reweighting gives each sender c extra weight on its messages and spreads it over its
receivers r by how linkable the current link predictor finds r and c (a softmax over the
entries that share c), which raises the topological concentration as the encoder sees it.

Orientation: :math:`w_{rc}` weights the message **c -> r** (``adj_t[r, c]``, see
:mod:`linkpred.propagation`). Update rule, every ``interval`` epochs after ``warmup`` epochs, in
eval mode without gradients, over every entry (r, c) of the training adjacency with self-loops:

.. math::
    h &= \\text{encoder}(X, \\hat A_w), \\qquad \\tilde h = \\hat A_0 h \\\\
    s_{rc} &= \\sigma\\big(\\text{decoder}(\\tilde h_c \\odot h_r)\\big) \\\\
    a_{rc} &= \\frac{\\exp s_{rc}}{\\sum_{r' : (r', c)} \\exp s_{r'c}}
        \\quad\\text{(softmax over the entries that share } c\\text{)} \\\\
    w_{rc} &= w^0_{rc} + \\alpha\\, a_{rc} \\sum_{r'} w^0_{r'c}

where :math:`\\hat A_0` is the base-normalised adjacency (:math:`w^0`, GCN or SAGE) and
:math:`\\hat A_w` the current one. Every update restarts from :math:`w^0` (not cumulative).

**The temperature** :math:`\\tau` (``temperature``, ``--reweight-temperature``; issue 15, item
6) divides the scores before the softmax, :math:`a_{rc} \\propto \\exp(s_{rc} / \\tau)`. The
scores are probabilities in (0, 1), so at :math:`\\tau = 1` (the paper) two receivers of one
sender differ in share by a factor below :math:`e`; :math:`\\tau < 1` lifts that bound to
:math:`e^{1/\\tau}`, and :math:`\\tau \\to \\infty` tends to the uniform control below.

**The uniform control** (``mode="uniform"``, ``--reweight-mode uniform``; issue 15, item 6)
adds the same extra weight to the same groups of entries, spread evenly instead of by the
predictor's scores: with :math:`n_c = |\\{r' : (r', c)\\}|` the number of entries that share
:math:`c` (the group the softmax above normalises over; :math:`\\hat d_c` on the symmetric
training graph with self-loops),

.. math::
    a^{\\text{uni}}_{rc} = \\frac{1}{n_c}, \\qquad
    w_{rc} = w^0_{rc} + \\alpha\\, \\frac{1}{n_c} \\sum_{r'} w^0_{r'c} .

Both rules add :math:`\\alpha \\sum_{r'} w^0_{r'c}` in total to each group c (the softmax sums
to 1 over the group), on the same schedule; the uniform one uses no score, so it holds no TC
signal. Comparing the two separates the effect of the predictor's (TC) choice of where to put
the extra weight from the effect of adding it at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
import torch
from torch import Tensor
from torch_geometric.utils import softmax

from graphlab.errors import InputError
from graphlab.kernels import masked_product
from graphlab.validation import check_choice, check_int, check_real

from .propagation import MessageGraph

__all__ = ["REWEIGHT_MODES", "TCReweighter", "check_schedule", "weighted_tc"]

#: How the extra weight is placed: by the predictor's scores (``"tc"``, the paper) or evenly
#: (``"uniform"``, the control); see the module docstring.
REWEIGHT_MODES = ("tc", "uniform")


def check_schedule(alpha: float, interval: int, warmup: int) -> None:
    """The one check of the reweighting settings (the trainer's config and
    :class:`TCReweighter` both call it).

    Raises
    ------
    InputError
        Unless ``alpha`` is a finite number >= 0, ``interval`` an integer >= 1 and ``warmup``
        an integer >= 0.

    Examples
    --------
    >>> check_schedule(-1.0, 1, 0)
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: alpha must be a finite number >= 0, got -1.0
    """
    check_real(alpha, "alpha", low=0)
    check_int(interval, "interval", low=1)
    check_int(warmup, "warmup", low=0)


def weighted_tc(mg: MessageGraph, weight: Tensor | None = None) -> float:
    """Mean over nodes of the 1-hop training TC with each node's neighbours weighted by ``w``.

    The spec names "the weighted TC" without a formula; this is the choice made here. For node v
    with training neighbours N(v) (self-loop excluded) and incoming weights :math:`w_{vx}`,

    .. math::
        TC_w(v) = \\frac{1}{|N(v)|} \\sum_{u \\in N(v)}
        \\frac{\\sum_{x \\in N(v) \\setminus u} w_{vx}\\, 1[x \\in N(u)]}
             {\\sum_{x \\in N(v) \\setminus u} w_{vx}}

    (0 when :math:`|N(v)| \\le 1`): the share of v's message weight, other than u's, that comes
    from u's neighbours, averaged over u. With all weights equal it is the K = 1 training TC,
    i.e. the local clustering coefficient (the check of ``SPEC-tc.md``). The returned value is
    the mean over all nodes.

    Examples
    --------
    >>> from graphlab import Graph
    >>> g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])   # triangle + pendant
    >>> mg = MessageGraph(g, "gcn")
    >>> round(weighted_tc(mg, torch.ones(mg.nnz)), 4)   # clustering: (1 + 1 + 1/3 + 0) / 4
    0.5833
    """
    w = (mg.w0 if weight is None else weight).detach().cpu().double().numpy()
    r, c = mg.row.cpu().numpy(), mg.col.cpu().numpy()
    off = r != c
    r, c, w = r[off], c[off], w[off]
    n = mg.num_nodes
    W = sp.csr_array((w, (r, c)), shape=(n, n))
    A = sp.csr_array((np.ones_like(w), (r, c)), shape=(n, n))
    W.sort_indices()
    A.sort_indices()
    num = masked_product(W, A, A)  # (W A)_{vu} at the edges (v, u), CSR order
    rows = np.repeat(np.arange(n), np.diff(A.indptr))
    total = np.asarray(W.sum(axis=1)).ravel()
    den = total[rows] - W.data
    with np.errstate(invalid="ignore", divide="ignore"):
        pair = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    deg = np.diff(A.indptr)
    tc = np.zeros(n)
    np.add.at(tc, rows, pair)
    tc = np.where(deg > 1, tc / np.maximum(deg, 1), 0.0)
    return float(tc.mean()) if n else 0.0


@dataclass
class TCReweighter:
    """TC-inspired reweighting of the message weights, as a reusable component.

    Holds the current weights ``weight`` of the entries of ``mg`` (start: the base weights)
    and recomputes them with :meth:`update` by the rule in the module docstring. Any encoder
    that takes ``adj_t`` (or an edge-weight vector aligned with ``mg.row`` / ``mg.col``) can use
    :attr:`adj_t`.

    Parameters
    ----------
    mg : MessageGraph
        Training adjacency with self-loops and base weights (GCN or SAGE).
    alpha : float
        Strength :math:`\\alpha \\ge 0` (reference range 0.01 .. 3).
    interval : int
        Update every ``interval`` epochs (>= 1).
    warmup : int
        Epochs before the first update (>= 0).
    chunk_size : int
        Entries decoded at once (bounds memory to ``chunk_size x hidden`` floats).
    log_tc : bool
        Record :func:`weighted_tc` before and after each update in :attr:`log`.
    mode : {"tc", "uniform"}
        ``"tc"``: the paper's rule; ``"uniform"``: the control that adds the same extra weight
        per group evenly (module docstring); its updates ignore ``encode`` and ``decode``.
    temperature : float
        Divides the scores before the softmax (module docstring); 1 is the paper's rule.

    Examples
    --------
    >>> from graphlab import Graph
    >>> mg = MessageGraph(Graph.from_edge_index([[0, 1], [1, 2]]), "gcn")
    >>> rw = TCReweighter(mg, alpha=1.0, interval=2, warmup=3)
    >>> [e for e in range(1, 10) if rw.due(e)]
    [4, 6, 8]
    >>> h = torch.randn(3, 4)
    >>> w = rw.update(lambda adj_t: h, lambda z: z.sum(-1))
    >>> bool(torch.all(w >= mg.w0))
    True
    """

    mg: MessageGraph
    alpha: float = 1.0
    interval: int = 1
    warmup: int = 0
    chunk_size: int = 1 << 16
    log_tc: bool = True
    mode: str = "tc"
    temperature: float = 1.0
    weight: Tensor = field(init=False)
    log: list[dict[str, float]] = field(init=False, default_factory=list)
    num_updates: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        check_schedule(self.alpha, self.interval, self.warmup)
        check_choice(self.mode, "reweight mode", REWEIGHT_MODES)
        check_real(self.temperature, "reweight temperature", low=0, low_open=True)
        self.weight = self.mg.w0.clone()
        # sum_{r'} w0_{r'c}: the base weight each sender c hands out in total
        self.col_sum = (
            torch.zeros(self.mg.num_nodes, dtype=self.mg.w0.dtype)
            .index_add_(0, self.mg.col.cpu(), self.mg.w0.cpu())
            .to(self.mg.w0.device)
        )
        self._tc_cache: tuple[Tensor, float] | None = None
        self._uniform_weight: Tensor | None = None

    def due(self, epoch: int) -> bool:
        """Whether an update is due before (1-based) ``epoch``: the weights change after
        ``warmup`` epochs, then every ``interval`` epochs."""
        return epoch > self.warmup and (epoch - self.warmup - 1) % self.interval == 0

    @property
    def adj_t(self) -> Tensor:
        """Sparse [N, N] adjacency with the current weights."""
        return self.mg.adj_t(self.weight)

    @torch.no_grad()
    def update(
        self,
        encode: Callable[[Tensor], Tensor],
        decode: Callable[[Tensor], Tensor],
        epoch: int | None = None,
    ) -> Tensor:
        """Recompute the weights from :math:`w^0` (caller puts the model in eval mode).

        Parameters
        ----------
        encode : callable
            ``encode(adj_t) -> h`` of shape [N, F]: the encoder on the **current** weights.
        decode : callable
            ``decode(z) -> logits`` on Hadamard products of shape [B, F].
        epoch : int, optional
            Recorded in the log.

        Returns
        -------
        Tensor of shape [nnz]
            The new weights (also stored in :attr:`weight`).
        """
        mg = self.mg
        before = self._weighted_tc(self.weight) if self.log_tc else float("nan")
        if self.mode == "uniform":
            return self._store(self._uniform(), before, epoch)
        h = encode(self.adj_t)
        h_tilde = torch.sparse.mm(mg.adj_t(mg.w0), h)
        s = torch.empty(mg.nnz, dtype=h.dtype, device=h.device)
        for lo in range(0, mg.nnz, self.chunk_size):
            hi = min(lo + self.chunk_size, mg.nnz)
            r, c = mg.row[lo:hi], mg.col[lo:hi]
            s[lo:hi] = torch.sigmoid(decode(h_tilde[c] * h[r]))
        # PyG's softmax (index path: mg.col is not sorted) is as fast as the hand-written
        # scatter-max / exp / scatter-sum it replaced and gives the same numbers
        # (benchmarks/bench_softmax.py: ratio 0.92-1.09 at 1M-2.2M entries, equal bit for bit)
        a = softmax(s if self.temperature == 1 else s / self.temperature, mg.col,
                    num_nodes=mg.num_nodes)  # fmt: skip
        w = mg.w0 + self.alpha * a.to(mg.w0.dtype) * self.col_sum[mg.col]
        return self._store(w, before, epoch)

    def _uniform(self) -> Tensor:
        # the same weights at every update: one tensor, so that the adjacency built on it, its
        # transpose (linkpred.propagation) and the weighted TC of the log are computed once
        if self._uniform_weight is None:
            mg = self.mg
            n_c = torch.zeros_like(self.col_sum).index_add_(0, mg.col, torch.ones_like(mg.w0))
            self._uniform_weight = mg.w0 + self.alpha * (self.col_sum / n_c)[mg.col]
        return self._uniform_weight

    def _weighted_tc(self, w: Tensor) -> float:
        # the weights only change in update(): the "before" of an update is the "after" of
        # the previous one, computed once (half the cost of the log at interval 1)
        if self._tc_cache is not None and self._tc_cache[0] is w:
            return self._tc_cache[1]
        value = weighted_tc(self.mg, w)
        self._tc_cache = (w, value)
        return value

    def _store(self, w: Tensor, before: float, epoch: int | None) -> Tensor:
        self.weight = w
        self.num_updates += 1
        if self.log_tc:
            after = self._weighted_tc(w)
            self.log.append(
                {
                    "epoch": -1 if epoch is None else int(epoch),
                    "tc_before": before,
                    "tc_after": after,
                }
            )
        return w

    def state_dict(self) -> dict[str, Any]:
        """Weights, counters and log (for checkpoints)."""
        return {"weight": self.weight.cpu(), "num_updates": self.num_updates, "log": list(self.log)}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        w = state["weight"]
        if not isinstance(w, Tensor) or w.shape != self.mg.w0.shape:
            raise InputError("reweighting state does not match this graph")
        self.weight = w.to(self.mg.w0.device)
        self.num_updates = int(state["num_updates"])
        self.log = list(state["log"])
