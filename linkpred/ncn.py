r"""Neural Common Neighbor (NCN) and NCN with Completion (NCNC) link predictors.

Wang, Yang and Zhang, "Neural Common Neighbor with Completion for Link Prediction", ICLR 2024
(arXiv 2302.00890). A GNN encoder gives node representations :math:`h`; the pair (i, j) is
scored from the Hadamard product of its ends and the sum of the representations of its common
neighbours in the message graph:

.. math::
    \text{logit}(i, j) = \mathrm{MLP}\Big(
        \beta\, \mathrm{MLP}_{cn}\big(\textstyle\sum_{k \in N(i) \cap N(j)} h_k\big)
        + \mathrm{MLP}_{ij}(h_i \odot h_j) \Big)

The common-neighbour sum is the sparse product :math:`(A_{i\cdot} \odot A_{j\cdot})\, H`,
computed for a batch of pairs at once (:func:`common_neighbors`, :func:`cn_sum`). The two
branches are added rather than concatenated: this is the released code's predictor (``cn1``;
a sum of two MLP outputs followed by an MLP is the paper's MLP of the concatenation with a
structured first layer). NCNC adds the common neighbours "completed" by a trained NCN: a node k
adjacent to i but not to j counts with the NCN probability of the edge (j, k), calibrated as in
the released code,

.. math::
    p_0 = \sigma\big(s\,(\text{logit}_{NCN}(j, k) - o)\big), \qquad
    p = \alpha\, \frac{p_t\, p_0}{p_t\, p_0 + 1 - p_0},

(and symmetrically for k adjacent to j only), computed without gradient.

The message graph is the ``adj_t`` that the encoder runs on (:mod:`linkpred.propagation`), so TC
reweighting (:mod:`linkpred.reweight`) changes the encoder's messages while the common
neighbours are those of the graph's structure (its pattern, self-loops left out). During
training the trainer can remove the batch's positive edges from it ("target link removal",
the released code's ``--maskinput``: :func:`remove_pairs`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, fields
from typing import Any

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from graphlab.errors import InputError
from graphlab.validation import check_real

from .models import BatchRows, GNNEncoder

__all__ = [
    "NCN_PRESETS",
    "NCN_TRAIN",
    "NCNCPredictor",
    "NCNLinkPredictor",
    "NCNPredictor",
    "NCNSettings",
    "Pattern",
    "cn_sum",
    "common_neighbors",
    "remove_pairs",
]


@dataclass(frozen=True)
class Pattern:
    """The structure of an undirected graph as CSR arrays, without self-loops.

    Attributes:
        crow (LongTensor [N + 1]): row pointers.
        col (LongTensor [nnz]): neighbours, sorted within each row.
        num_nodes (int): N.
    """

    crow: Tensor
    col: Tensor
    num_nodes: int

    @classmethod
    def from_adj_t(cls, adj_t: Tensor) -> Pattern:
        """The pattern of a sparse CSR (or COO) ``adj_t``, its diagonal dropped.

        Examples:
            >>> adj = torch.tensor([[1.0, 0.5, 0], [0.5, 1, 0.5], [0, 0.5, 1]]).to_sparse_csr()
            >>> p = Pattern.from_adj_t(adj)
            >>> p.crow.tolist(), p.col.tolist()
            ([0, 1, 3, 4], [1, 0, 2, 1])
        """
        if adj_t.layout != torch.sparse_csr:
            adj_t = adj_t.to_sparse_csr()
        crow, col = adj_t.crow_indices(), adj_t.col_indices()
        n = adj_t.shape[0]
        row = torch.repeat_interleave(torch.arange(n, device=col.device), crow.diff())
        keep = row != col
        counts = torch.bincount(row[keep], minlength=n)
        new_crow = torch.zeros(n + 1, dtype=torch.long, device=col.device)
        torch.cumsum(counts, 0, out=new_crow[1:])
        return cls(new_crow, col[keep], n)

    def degree(self) -> Tensor:
        return self.crow.diff()

    def rows(self, nodes: Tensor) -> tuple[Tensor, Tensor]:
        """Entries of the rows ``nodes`` as (position in ``nodes``, neighbour), sorted by position
        then neighbour."""
        start = self.crow[nodes]
        count = self.crow[nodes + 1] - start
        pos = torch.repeat_interleave(torch.arange(nodes.numel(), device=nodes.device), count)
        first = torch.cumsum(count, 0) - count
        offset = torch.arange(pos.numel(), device=nodes.device) - first[pos]
        return pos, self.col[start[pos] + offset]

    def drop_entries(self, p: float, generator: torch.Generator | None = None) -> Pattern:
        """Each entry kept independently with probability ``1 - p`` (the released code's edge
        dropout of the predictor's adjacency, ``--preedp``); draws from torch's global generator
        unless ``generator`` is given."""
        if p <= 0:
            return self
        keep = torch.rand(self.col.numel(), generator=generator, device=self.col.device) >= p
        row = torch.repeat_interleave(torch.arange(self.num_nodes, device=self.col.device),
                                      self.crow.diff())  # fmt: skip
        counts = torch.bincount(row[keep], minlength=self.num_nodes)
        crow = torch.zeros_like(self.crow)
        torch.cumsum(counts, 0, out=crow[1:])
        return Pattern(crow, self.col[keep], self.num_nodes)


def _members(
    pattern: Pattern, src: Tensor, dst: Tensor
) -> tuple[tuple[Tensor, Tensor], tuple[Tensor, Tensor], Tensor, Tensor]:
    """Row entries of ``src`` and ``dst`` and which of each lie in the other row."""
    n = pattern.num_nodes
    bi, ki = pattern.rows(src)
    bj, kj = pattern.rows(dst)
    # keys b * N + k are sorted (rows are visited in batch order, columns sorted within a row)
    key_i, key_j = bi * n + ki, bj * n + kj
    if key_i.numel() == 0 or key_j.numel() == 0:
        return (
            (bi, ki),
            (bj, kj),
            torch.zeros_like(key_i, dtype=torch.bool),
            torch.zeros_like(key_j, dtype=torch.bool),
        )
    at = torch.searchsorted(key_i, key_j).clamp(max=key_i.numel() - 1)
    j_in_i = key_i[at] == key_j
    at_j = torch.searchsorted(key_j, key_i).clamp(max=key_j.numel() - 1)
    i_in_j = key_j[at_j] == key_i
    return (bi, ki), (bj, kj), i_in_j, j_in_i


def common_neighbors(pattern: Pattern, src: Tensor, dst: Tensor) -> tuple[Tensor, Tensor]:
    r"""The common neighbours of a batch of pairs: the nonzeros of :math:`A_{s\cdot} \odot
    A_{d\cdot}`.

    Args:
        pattern (Pattern): the graph (no self-loops).
        src (LongTensor [B]): first ends.
        dst (LongTensor [B]): second ends.

    Returns:
        (batch, node): LongTensors [C]: node ``node[c]`` is a common neighbour of pair
        ``batch[c]``; sorted by pair, then node.

    Examples:
        >>> adj = torch.tensor([[0, 1, 1, 1.0], [1, 0, 1, 0], [1, 1, 0, 1], [1, 0, 1, 0]])
        >>> p = Pattern.from_adj_t(adj.to_sparse_csr())
        >>> b, k = common_neighbors(p, torch.tensor([0, 1]), torch.tensor([2, 3]))
        >>> list(zip(b.tolist(), k.tolist()))
        [(0, 1), (0, 3), (1, 0), (1, 2)]
    """
    (bi, ki), _, i_in_j, _ = _members(pattern, src, dst)
    return bi[i_in_j], ki[i_in_j]


def cn_sum(
    pattern: Pattern, h: Tensor, src: Tensor, dst: Tensor, weight: Tensor | None = None
) -> Tensor:
    r""":math:`\sum_{k \in N(s) \cap N(d)} h_k` for each pair (s, d) of a batch.

    The sparse-dense product :math:`(A_{s\cdot} \odot A_{d\cdot})\, H`, batched; gradients flow
    to ``h``.

    Args:
        pattern (Pattern): the graph.
        h (Tensor [N, F]): node representations.
        src, dst (LongTensor [B]): the pairs.
        weight (Tensor [C], optional): a weight per common neighbour, in the order of
            :func:`common_neighbors`.

    Shapes:
        - **output:** :math:`(B, F)`.

    Examples:
        >>> adj = torch.tensor([[0, 1, 1.0], [1, 0, 1], [1, 1, 0]]).to_sparse_csr()
        >>> cn_sum(Pattern.from_adj_t(adj), torch.eye(3), torch.tensor([0]), torch.tensor([1]))
        tensor([[0., 0., 1.]])
    """
    b, k = common_neighbors(pattern, src, dst)
    msg = h[k] if weight is None else h[k] * weight.unsqueeze(-1)
    return h.new_zeros(src.numel(), h.shape[1]).index_add_(0, b, msg)


def remove_pairs(
    crow: Tensor,
    col: Tensor,
    weight: Tensor,
    pairs: Tensor,
    renormalise: str | None = None,
) -> Tensor:
    r"""The sparse CSR ``adj_t`` of a message graph without the entries of ``pairs`` (both
    directions): the target link removal of the released NCN code (``--maskinput``).

    Args:
        crow (LongTensor [N + 1]), col (LongTensor [nnz]), weight (Tensor [nnz]): the message
            graph (CSR, self-loops included; :class:`linkpred.propagation.MessageGraph`).
        pairs (LongTensor [B, 2]): the edges to leave out.
        renormalise (str, optional): ``"gcn"`` or ``"sage"``: recompute the base weights on the
            remaining graph (the released code's GCN normalises the masked graph); ``None``
            keeps the given weights of the remaining entries (TC-reweighted weights).

    Examples:
        >>> from graphlab import Graph
        >>> from linkpred.propagation import MessageGraph
        >>> mg = MessageGraph(Graph.from_edge_index([[0, 1], [1, 2]]), "gcn")
        >>> a = remove_pairs(mg.crow, mg.col, mg.w0, torch.tensor([[1, 2]]), "gcn")
        >>> a.to_dense()
        tensor([[0.5000, 0.5000, 0.0000],
                [0.5000, 0.5000, 0.0000],
                [0.0000, 0.0000, 1.0000]])
    """
    n = crow.numel() - 1
    row = torch.repeat_interleave(torch.arange(n, device=col.device), crow.diff())
    keys = row * n + col
    p = pairs.to(col.device)
    gone = torch.cat([p[:, 0] * n + p[:, 1], p[:, 1] * n + p[:, 0]])
    keep = ~torch.isin(keys, gone)
    r, c = row[keep], col[keep]
    if renormalise is None:
        w = weight[keep]
    else:
        deg_hat = torch.bincount(r, minlength=n).to(weight.dtype)  # self-loop counted
        w = (deg_hat[r] * deg_hat[c]).rsqrt() if renormalise == "gcn" else 1.0 / deg_hat[r]
    new_crow = torch.zeros_like(crow)
    torch.cumsum(torch.bincount(r, minlength=n), 0, out=new_crow[1:])
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")
        return torch.sparse_csr_tensor(new_crow, c, w, (n, n), check_invariants=False)


def _mlp(sizes: list[int], dropout: float, ln: bool, tail_act: bool) -> nn.Sequential:
    """Linear layers of ``sizes`` with LayerNorm (if ``ln``), dropout and ReLU after each but
    the last; after the last too if ``tail_act``."""
    layers: list[nn.Module] = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2 or tail_act:
            if ln:
                layers.append(nn.LayerNorm(sizes[i + 1]))
            layers.append(nn.Dropout(dropout))
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class NCNPredictor(nn.Module):
    r"""The NCN pair scorer (the released code's ``cn1`` predictor).

    .. math::
        \tilde h &= h + \mathrm{MLP}_x(h) \quad\text{(if ``node_mlp``)} \\
        \text{logit}(i, j) &= \mathrm{MLP}\big(\beta\,\mathrm{MLP}_{cn}(\textstyle\sum_{k \in
            N(i)\cap N(j)} \tilde h_k) + \mathrm{MLP}_{ij}(h_i \odot h_j)\big)

    Args:
        channels (int): size F of the node representations.
        hidden (int): width of the MLPs.
        dropout (float): dropout inside the MLPs.
        edge_dropout (float): share of the graph's entries dropped (training only) before the
            common neighbours are read.
        layer_norm (bool): LayerNorm in the MLPs.
        node_mlp (bool): the residual node MLP :math:`\mathrm{MLP}_x` (``--use_xlin``).
        tail_act (bool): end the two branches on ReLU rather than a linear layer
            (``--tailact``).
        two_layer_out (bool): two hidden layers in the output MLP (``--twolayerlin``).

    Shapes:
        - **input:** h :math:`(N, F)`, a :class:`Pattern`, src and dst :math:`(B)`.
        - **output:** :math:`(B)` logits.

    Examples:
        >>> adj = torch.tensor([[0, 1, 1.0], [1, 0, 1], [1, 1, 0]]).to_sparse_csr()
        >>> pred = NCNPredictor(4, 8)
        >>> pred(torch.randn(3, 4), Pattern.from_adj_t(adj), torch.tensor([0, 1]),
        ...      torch.tensor([1, 2])).shape
        torch.Size([2])
    """

    def __init__(
        self,
        channels: int,
        hidden: int,
        dropout: float = 0.0,
        edge_dropout: float = 0.0,
        layer_norm: bool = True,
        node_mlp: bool = True,
        tail_act: bool = True,
        two_layer_out: bool = False,
    ) -> None:
        super().__init__()
        check_real(dropout, "dropout", low=0, high=1, high_open=True)
        check_real(edge_dropout, "edge_dropout", low=0, high=1, high_open=True)
        self.edge_dropout = edge_dropout
        self.beta = nn.Parameter(torch.ones(1))
        self.node_mlp = (
            _mlp([channels, hidden, channels], dropout, layer_norm, True) if node_mlp else None
        )
        # the tail's layer: a final linear layer unless tail_act ends the branch on ReLU
        cn = [channels, hidden, hidden] + ([] if tail_act else [hidden])
        ij = [channels, hidden] + ([] if tail_act else [hidden])
        self.cn_mlp = _mlp(cn, dropout, layer_norm, tail_act)
        self.ij_mlp = _mlp(ij, dropout, layer_norm, tail_act)
        out = [hidden, hidden] + ([hidden] if two_layer_out else []) + [1]
        self.out_mlp = _mlp(out, dropout, layer_norm, False)

    def reset_parameters(self) -> None:
        for m in self.modules():
            if isinstance(m, (nn.Linear, nn.LayerNorm)):
                m.reset_parameters()
        nn.init.ones_(self.beta)

    def node_repr(self, h: Tensor) -> Tensor:
        """:math:`\\tilde h`, the representations summed over common neighbours."""
        return h if self.node_mlp is None else h + self.node_mlp(h)

    def cn_repr(self, h: Tensor, pattern: Pattern, src: Tensor, dst: Tensor) -> Tensor:
        """The common-neighbour input of the pairs, :math:`\\sum_{k} \\tilde h_k` [B, F]."""
        return cn_sum(pattern, self.node_repr(h), src, dst)

    def head(self, h: Tensor, xcn: Tensor, src: Tensor, dst: Tensor) -> Tensor:
        """Logits from the common-neighbour input ``xcn`` [B, F] and the pairs' ends."""
        z = self.cn_mlp(xcn) * self.beta + self.ij_mlp(h[src] * h[dst])
        return self.out_mlp(z).squeeze(-1)

    def forward(self, h: Tensor, pattern: Pattern, src: Tensor, dst: Tensor) -> Tensor:
        if self.training:
            pattern = pattern.drop_entries(self.edge_dropout)
        return self.head(h, self.cn_repr(h, pattern, src, dst), src, dst)


class NCNCPredictor(NCNPredictor):
    r"""NCNC: NCN whose common neighbours are completed with NCN's own link probabilities.

    For a pair (i, j) the common-neighbour input is

    .. math::
        \sum_{k \in N(i) \cap N(j)} \tilde h_k
        + \sum_{k \in N(i) \setminus N(j)} p(j, k)\, \tilde h_k
        + \sum_{k \in N(j) \setminus N(i)} p(i, k)\, \tilde h_k

    with :math:`p` the calibrated NCN probability of the module docstring, computed by this
    module's NCN scorer (depth 1, the released code's default) without gradient. The
    candidates leave out the pair's own ends (a node is not its own completion).

    Args:
        channels, hidden, dropout, edge_dropout, layer_norm, node_mlp, tail_act, two_layer_out:
            as :class:`NCNPredictor`.
        scale (float): :math:`s` (``--probscale``).
        offset (float): :math:`o` (``--proboffset``).
        pt (float): :math:`p_t` (``--pt``).
        alpha (float): :math:`\alpha` (``--alpha``).

    Shapes:
        - **input:** h :math:`(N, F)`, a :class:`Pattern`, src and dst :math:`(B)`.
        - **output:** :math:`(B)` logits.
    """

    def __init__(
        self,
        channels: int,
        hidden: int,
        dropout: float = 0.0,
        edge_dropout: float = 0.0,
        layer_norm: bool = True,
        node_mlp: bool = True,
        tail_act: bool = True,
        two_layer_out: bool = False,
        scale: float = 5.0,
        offset: float = 3.0,
        pt: float = 0.5,
        alpha: float = 1.0,
    ) -> None:
        super().__init__(
            channels, hidden, dropout, edge_dropout, layer_norm, node_mlp, tail_act, two_layer_out
        )
        self.scale, self.offset, self.pt, self.alpha = scale, offset, pt, alpha

    def completion(self, logit: Tensor) -> Tensor:
        """The calibrated probability :math:`p` of NCN logits."""
        p0 = torch.sigmoid(self.scale * (logit - self.offset))
        return self.alpha * self.pt * p0 / (self.pt * p0 + 1 - p0)

    def forward(self, h: Tensor, pattern: Pattern, src: Tensor, dst: Tensor) -> Tensor:
        if self.training:
            pattern = pattern.drop_entries(self.edge_dropout)
        ht = self.node_repr(h)
        (bi, ki), (bj, kj), i_in_j, j_in_i = _members(pattern, src, dst)
        xcn = h.new_zeros(src.numel(), h.shape[1]).index_add_(0, bi[i_in_j], ht[ki[i_in_j]])
        # neighbours of one end only: candidates, weighted by the NCN probability of an edge
        # to the other end
        only_i = ~i_in_j & (ki != dst[bi])
        only_j = ~j_in_i & (kj != src[bj])
        b = torch.cat([bi[only_i], bj[only_j]])
        k = torch.cat([ki[only_i], kj[only_j]])
        other = torch.cat([dst[bi[only_i]], src[bj[only_j]]])
        if b.numel():
            with torch.no_grad():
                logit = super().head(h, super().cn_repr(h, pattern, other, k), other, k)
                p = self.completion(logit)
            xcn = xcn.index_add(0, b, ht[k] * p.unsqueeze(-1))
        return self.head(h, xcn, src, dst)


@dataclass(frozen=True)
class NCNSettings:
    """The NCN / NCNC settings beyond :class:`linkpred.config.TrainConfig` (the released code's
    flags; defaults are its Cora command).

    Attributes:
        input_dropout (float): dropout of the input features (``--xdp``).
        gnn_dropout (float): dropout of the encoder's linear transform :math:`X W` before it
            is propagated (``--gnndp``: the released encoder is a linear layer, this dropout,
            then parameter-free GCN propagation; :class:`~linkpred.models.GNNEncoder`'s
            ``lin_dropout``). A ``gcn`` encoder only: the others (SAGE, GraphConv) transform
            after they aggregate, and go without it.
        tail_dropout (float): dropout of the encoder's output (``--tdp``).
        predictor_dropout (float): dropout in the predictor's MLPs (``--predp``).
        edge_dropout (float): the predictor's edge dropout (``--preedp``).
        lr_ratio (float): the predictor's Adam learning rate over the encoder's (the released
            code's ``--prelr`` / ``--gnnlr``; the encoder's is the config's ``lr``).
        two_layer_out (bool): ``--twolayerlin``.
        target_link_removal (bool): leave each training batch's positive edges out of the
            message graph (``--maskinput``).
        scale, offset, pt, alpha (float): NCNC's completion calibration.
    """

    input_dropout: float = 0.7
    gnn_dropout: float = 0.05
    tail_dropout: float = 0.3
    predictor_dropout: float = 0.05
    edge_dropout: float = 0.4
    lr_ratio: float = 0.0024 / 0.0043
    two_layer_out: bool = False
    target_link_removal: bool = True
    scale: float = 4.3
    offset: float = 2.8
    pt: float = 0.75
    alpha: float = 1.0

    def replace(self, **changes: Any) -> NCNSettings:
        names = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise InputError(f"unknown NCN settings: {', '.join(unknown)}")
        return NCNSettings(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **changes})


#: The released code's Planetoid commands (README of GraphPKU/NeuralCommonNeighbor), the part
#: that is not a :class:`linkpred.config.TrainConfig` setting (that part: :data:`NCN_TRAIN`).
NCN_PRESETS: dict[str, NCNSettings] = {
    "cora": NCNSettings(),
    "citeseer": NCNSettings(
        input_dropout=0.4, gnn_dropout=0.75, tail_dropout=0.0, predictor_dropout=0.55,
        edge_dropout=0.0,
        lr_ratio=0.0078 / 0.0085, two_layer_out=True,
        scale=6.5, offset=4.4, pt=0.75, alpha=0.4,
    ),
    "pubmed": NCNSettings(
        input_dropout=0.3, gnn_dropout=0.1, tail_dropout=0.0, predictor_dropout=0.05,
        edge_dropout=0.0,
        lr_ratio=0.002 / 0.0097, scale=5.3, offset=0.5, pt=0.5, alpha=0.3,
    ),
}  # fmt: skip


#: The TrainConfig settings of the released code's Planetoid commands: hidden 256, one
#: message-passing layer, 100 epochs, ``--gnnlr`` as ``lr``, batch 1152 / 384 / 2048, selection
#: on every epoch's validation Hits@100 without early stopping, no gradient clipping (a bound
#: no gradient reaches).
NCN_TRAIN: dict[str, dict[str, Any]] = {
    name: {"hidden": 256, "num_layers": 1, "dropout": 0.0, "epochs": 100, "patience": 0,
           "grad_clip": 1e9, "lr": lr, "batch_size": bs}
    for name, lr, bs in (("cora", 0.0043, 1152), ("citeseer", 0.0085, 384),
                         ("pubmed", 0.0097, 2048))
}  # fmt: skip


class _PairDecoder(nn.Module):
    """NCN's score of a Hadamard product alone (an empty common-neighbour set): what TC
    reweighting and all-node ranking, which see only :math:`h_u \\odot h_v`, can ask of NCN."""

    def __init__(self, predictor: NCNPredictor) -> None:
        super().__init__()
        self.predictor = predictor

    def forward(self, z: Tensor, rows: BatchRows | None = None) -> Tensor:
        p = self.predictor
        xcn = p.cn_mlp(z.new_zeros(z.shape))
        return p.out_mlp(xcn * p.beta + p.ij_mlp(z)).squeeze(-1)


class NCNLinkPredictor(nn.Module):
    r"""GNN encoder + NCN (or NCNC) predictor, with the interface of
    :class:`linkpred.models.LinkPredictor` (``encode``, ``score``, ``decoder``).

    The encoder is :class:`linkpred.models.GNNEncoder` on the given ``adj_t`` (so TC-reweighted
    message passing applies), with input and output dropout as in the released code. ``score``
    reads the common neighbours from the structure of the ``adj_t`` of the last ``encode``
    call: score pairs after encoding them on the graph they are to be scored on.

    Args:
        num_nodes (int): N.
        in_channels (int or None): feature size; ``None`` learns an embedding table.
        hidden_channels (int): encoder and predictor width.
        num_layers (int): encoder depth.
        conv (str): encoder kind (``"gcn"``, ``"sage"``, ``"graphconv"``).
        completion (bool): NCNC instead of NCN.
        settings (NCNSettings): the NCN-specific settings.
        dropout (float): dropout between encoder layers (the config's ``dropout``; the
            input, linear-transform, output and predictor dropouts are the settings').

    Shapes:
        - ``encode(x, adj_t)``: :math:`(N, F)` -> :math:`(N, \text{hidden})`.
        - ``score(h, pairs)``: pairs :math:`(E, 2)` or :math:`(2, E)` -> logits :math:`(E)`.

    Examples:
        >>> model = NCNLinkPredictor(3, 4, 8)
        >>> adj = torch.tensor([[1, 0.5, 0.5], [0.5, 1, 0.5], [0.5, 0.5, 1]]).to_sparse_csr()
        >>> h = model.encode(torch.randn(3, 4), adj)
        >>> model.score(h, torch.tensor([[0, 1], [1, 2]])).shape
        torch.Size([2])
    """

    def __init__(
        self,
        num_nodes: int,
        in_channels: int | None,
        hidden_channels: int = 256,
        num_layers: int = 1,
        conv: str = "gcn",
        completion: bool = False,
        settings: NCNSettings | None = None,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        s = settings or NCNSettings()
        self.settings = s
        self.num_nodes = num_nodes
        self.embedding: nn.Embedding | None = None
        if in_channels is None:
            self.embedding = nn.Embedding(num_nodes, hidden_channels)
            nn.init.xavier_uniform_(self.embedding.weight)
            in_channels = hidden_channels
        # the released encoder (puregcn): Linear, dropout --gnndp, parameter-free GCN
        # propagation; ours: the first GCNConv's X W, dropout gnn_dropout, its propagation
        self.encoder = GNNEncoder(
            in_channels, hidden_channels, num_layers, conv, dropout,
            lin_dropout=s.gnn_dropout if conv == "gcn" else 0.0,
        )  # fmt: skip
        self.predictor: NCNPredictor
        if completion:
            self.predictor = NCNCPredictor(
                hidden_channels, hidden_channels, s.predictor_dropout, s.edge_dropout,
                two_layer_out=s.two_layer_out, scale=s.scale, offset=s.offset, pt=s.pt,
                alpha=s.alpha,
            )  # fmt: skip
        else:
            self.predictor = NCNPredictor(
                hidden_channels, hidden_channels, s.predictor_dropout, s.edge_dropout,
                two_layer_out=s.two_layer_out,
            )  # fmt: skip
        self.pattern: Pattern | None = None
        self.target_link_removal = s.target_link_removal

    @property
    def decoder(self) -> nn.Module:
        """The predictor's score of a Hadamard product with no common neighbour: what TC
        reweighting and the all-node ranking of :mod:`linkpred.node_eval` can ask of NCN (they
        see :math:`h_u \\odot h_v` only). Not a submodule: its parameters are the predictor's."""
        return _PairDecoder(self.predictor)

    def param_groups(self, lr: float) -> list[dict[str, Any]]:
        """Adam parameter groups: the encoder (and embedding) at ``lr``, the predictor at
        ``lr * settings.lr_ratio``."""
        enc = list(self.encoder.parameters())
        if self.embedding is not None:
            enc += list(self.embedding.parameters())
        return [
            {"params": enc, "lr": lr},
            {"params": list(self.predictor.parameters()), "lr": lr * self.settings.lr_ratio},
        ]

    def encode(self, x: Tensor | None, adj_t: Tensor) -> Tensor:
        """Node representations [N, hidden]; remembers ``adj_t``'s structure for ``score``."""
        if self.embedding is not None:
            x = self.embedding.weight
        if x is None:
            raise InputError("this model has no embedding table: pass node features x")
        self.pattern = Pattern.from_adj_t(adj_t)
        x = F.dropout(x, self.settings.input_dropout, self.training)
        h = self.encoder(x, adj_t)
        return F.dropout(h, self.settings.tail_dropout, self.training)

    def score(self, h: Tensor, pairs: Tensor, rows: BatchRows | None = None) -> Tensor:
        """Logits of the node pairs (shape [E, 2] or [2, E]) on the last encoded graph.

        ``rows`` (data parallelism) is accepted for the trainer's interface; NCN's dropout
        masks are this process's own."""
        if self.pattern is None:
            raise InputError("NCN scores pairs on the graph of the last encode(): encode first")
        if pairs.dim() != 2 or 2 not in pairs.shape:
            raise InputError(f"pairs must have shape [E, 2] or [2, E], got {list(pairs.shape)}")
        src, dst = (pairs[:, 0], pairs[:, 1]) if pairs.shape[1] == 2 else (pairs[0], pairs[1])
        return self.predictor(h, self.pattern, src, dst)

    def forward(self, x: Tensor | None, adj_t: Tensor, pairs: Tensor) -> Tensor:
        return self.score(self.encode(x, adj_t), pairs)
