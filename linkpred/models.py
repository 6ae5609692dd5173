"""GNN link predictors: an encoder (GCN, weighted SAGE, GraphConv) and a pair decoder.

Every encoder runs on ``adj_t`` (see :mod:`linkpred.propagation`): a torch sparse [N, N] matrix
with ``adj_t[r, c] = w_rc``, the weight of the message c -> r, self-loops included. The encoders
use the weights as given (they do not renormalise), so any weighting, e.g. the TC reweighting of
:mod:`linkpred.reweight`, plugs in unchanged.

A decoder maps the Hadamard product :math:`z = h_u \\odot h_v` of two node representations to a
logit; link probability :math:`\\sigma(\\text{decoder}(z))`.

References: Kipf & Welling (2017) GCN; Hamilton et al. (2017) GraphSAGE; Morris et al. (2019)
GraphConv; Wang et al., "A Topological Perspective on Demystifying GNN-Based Link Prediction
Performance", ICLR 2024, arXiv 2310.04612 (protocol: MLP decoder on :math:`h_u \\odot h_v`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from graphlab.errors import InputError
from graphlab.validation import check_choice, check_int, check_real

from .layers import WeightedSAGEConv
from .propagation import Norm, constant_sparse_mm

if TYPE_CHECKING:
    from torch_geometric.nn import MessagePassing

__all__ = [
    "DECODERS",
    "MODELS",
    "BatchRows",
    "Encoder",
    "GNNEncoder",
    "InnerProductDecoder",
    "LinkPredictor",
    "MLPDecoder",
    "batch_dropout",
    "check_model",
]


def _gcn(cin: int, cout: int) -> nn.Module:
    from torch_geometric.nn import GCNConv  # here: torch_geometric costs seconds to import

    return GCNConv(cin, cout, add_self_loops=False, normalize=False)


def _graphconv(cin: int, cout: int) -> nn.Module:
    from torch_geometric.nn import GraphConv

    return GraphConv(cin, cout, aggr="add")


@dataclass(frozen=True)
class Encoder:
    """What the library knows about one encoder kind.

    Attributes
    ----------
    norm : {"gcn", "sage"}
        Base normalisation of the adjacency it runs on (see
        :class:`linkpred.propagation.MessageGraph`).
    conv : callable
        ``conv(in_channels, out_channels)`` -> one message-passing layer.
    scorer : {"pair", "ncn", "ncnc"}
        How pairs are scored: a decoder on :math:`h_u \\odot h_v` (:class:`LinkPredictor`), or
        the common-neighbour predictors of :mod:`linkpred.ncn` on this encoder.
    """

    norm: Norm
    conv: Callable[[int, int], nn.Module]
    scorer: Literal["pair", "ncn", "ncnc"] = "pair"


#: The encoder kinds, by the name the config, the CLI and :class:`LinkPredictor` take. The one
#: registry: every check of a model name is :func:`check_model` against it.
MODELS: dict[str, Encoder] = {
    "gcn": Encoder("gcn", _gcn),
    "sage": Encoder("sage", WeightedSAGEConv),
    "graphconv": Encoder("sage", _graphconv),
    "ncn": Encoder("gcn", _gcn, "ncn"),
    "ncnc": Encoder("gcn", _gcn, "ncnc"),
}
DECODERS = ("mlp", "inner")


def check_model(name: Any) -> str:
    """``name`` if it is a key of :data:`MODELS`, else :class:`InputError` listing them.

    Examples
    --------
    >>> check_model("sage")
    'sage'
    >>> check_model("gat")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: model must be one of 'gcn', 'sage', 'graphconv', ... got 'gat'
    """
    return check_choice(name, "model", MODELS)


@dataclass(frozen=True)
class BatchRows:
    """Which rows of a global batch of ``size`` pairs this process holds (data parallelism).

    Attributes
    ----------
    rows : Tensor
        Indices into the global batch (long, on the batch's device), in the order of the local
        rows.
    size : int
        Number of pairs in the global batch.
    """

    rows: Tensor
    size: int


def batch_dropout(z: Tensor, p: float, training: bool, rows: BatchRows | None = None) -> Tensor:
    """``F.dropout(z, p, training)``; with ``rows``, the rows of the dropout of the global batch.

    With ``rows``, ``z`` holds rows ``rows.rows`` of a batch of ``rows.size`` rows: the mask is
    drawn for the whole global batch (``F.dropout`` of ones of its shape: the same draw from the
    same generator as a process that holds the whole batch) and this process keeps its rows. So
    every rank of a data-parallel run consumes the global RNG as the single-process run does and
    applies that run's mask to its rows (bit for bit: the mask is 0 or ``1 / (1 - p)``).

    Examples
    --------
    >>> import torch
    >>> z = torch.randn(6, 3)
    >>> _ = torch.manual_seed(0); full = F.dropout(z, 0.5, True)
    >>> rows = BatchRows(torch.arange(1, 6, 2), 6)  # rank 1 of 2
    >>> _ = torch.manual_seed(0); part = batch_dropout(z[1::2], 0.5, True, rows)
    >>> torch.equal(part, full[1::2])
    True
    """
    if rows is None or not training or p == 0:
        return F.dropout(z, p=p, training=training)
    mask = F.dropout(z.new_ones((rows.size, *z.shape[1:])), p=p, training=True)
    return z * mask[rows.rows]


class GNNEncoder(nn.Module):
    r"""A stack of message-passing layers with ReLU, dropout and optional residuals.

    .. math::
        H^{(0)} = X, \qquad
        H^{(\ell)} = \phi\big(\mathrm{conv}_\ell(H^{(\ell-1)}, \hat A_w)\big)
        \;[+\, H^{(\ell-1)} \text{ if residual and the sizes match}]

    with :math:`\phi` = dropout ∘ ReLU on every layer but the last (identity there).
    ``gcn``: :math:`\mathrm{conv}(H) = \hat A_w H W + b` (PyG ``GCNConv`` with the weights as
    given); ``sage``: :class:`~linkpred.layers.WeightedSAGEConv`; ``graphconv``: PyG
    ``GraphConv`` (:math:`W_1 h_r + W_2 \sum_c w_{rc} h_c`).

    Args:
        in_channels (int): input size F.
        hidden_channels (int): width of every layer (also the output size).
        num_layers (int): depth (>= 1).
        conv (str): a key of :data:`MODELS`: ``"gcn"``, ``"sage"`` or ``"graphconv"``.
        dropout (float): dropout probability between layers.
        residual (bool): add each layer's input to its output where the sizes match.
        lin_dropout (float): ``gcn`` only: dropout of the first layer's transformed input
            :math:`X W` before it is propagated, :math:`\hat A_w\, \mathrm{dropout}(X W) + b`
            (the released NCN code's ``--gnndp``: its encoder is a linear layer, dropout, then
            parameter-free GCN propagation). Default 0.

    Shapes:
        - **input:** x :math:`(N, F)`, adj_t sparse :math:`(N, N)`.
        - **output:** :math:`(N, \text{hidden})`.

    Examples:
        >>> import torch
        >>> enc = GNNEncoder(4, 8, num_layers=2, conv="sage", residual=True)
        >>> adj_t = torch.eye(3).to_sparse_csr()
        >>> enc(torch.randn(3, 4), adj_t).shape
        torch.Size([3, 8])
    """

    #: GCN layers on a sparse CSR ``adj_t`` compute PyG's ``GCNConv.forward`` with the sparse
    #: products through :func:`~linkpred.propagation.constant_sparse_mm` (the same numbers, bit
    #: for bit; faster backward). ``False``: ``GCNConv`` itself, the reference path of the tests
    #: and of ``benchmarks/bench_reproduce.py speed`` (except in training with ``lin_dropout``,
    #: which needs the linear map and the propagation apart).
    fast_sparse: bool = True

    def __init__(
        self,
        in_channels: int,
        hidden_channels: int,
        num_layers: int = 1,
        conv: str = "gcn",
        dropout: float = 0.0,
        residual: bool = False,
        lin_dropout: float = 0.0,
    ) -> None:
        super().__init__()
        make = MODELS[check_model(conv)].conv
        check_int(num_layers, "num_layers", low=1)
        check_real(dropout, "dropout", low=0, high=1, high_open=True)
        check_real(lin_dropout, "lin_dropout", low=0, high=1, high_open=True)
        if lin_dropout and conv != "gcn":
            raise InputError(f"lin_dropout needs a gcn encoder (its linear layer comes first), "
                             f"not {conv!r}")  # fmt: skip
        self.kind = conv
        self.dropout = dropout
        self.lin_dropout = lin_dropout
        self.residual = residual
        sizes = [in_channels] + [hidden_channels] * num_layers
        self.convs = nn.ModuleList(make(sizes[i], sizes[i + 1]) for i in range(num_layers))

    def reset_parameters(self) -> None:
        for conv in self.convs:
            cast("MessagePassing", conv).reset_parameters()

    def forward(self, x: Tensor, adj_t: Tensor) -> Tensor:
        h = x
        last = len(self.convs) - 1
        p = self.lin_dropout if self.training else 0.0
        fast = self.kind == "gcn" and (
            (self.fast_sparse and adj_t.layout == torch.sparse_csr) or p > 0
        )
        for i, conv in enumerate(self.convs):
            out = _gcn_conv(conv, h, adj_t, p if i == 0 else 0.0) if fast else conv(h, adj_t)
            if i < last:
                out = F.relu(out)
                out = F.dropout(out, p=self.dropout, training=self.training)
            if self.residual and out.shape == h.shape:
                out = out + h
            h = out
        return h


def _gcn_conv(conv: nn.Module, x: Tensor, adj_t: Tensor, lin_dropout: float = 0.0) -> Tensor:
    """PyG's ``GCNConv.forward`` as :func:`_gcn` builds it (no normalisation, no self-loops):
    :math:`\\hat A_w (X W) + b`, the same numbers, with the sparse products (the adjacency, and
    bag-of-words features given as CSR) through :func:`~linkpred.propagation.constant_sparse_mm`,
    whose backward does not rebuild their transposes at every batch; ``lin_dropout`` drops
    entries of :math:`X W` before the propagation (:class:`GNNEncoder`)."""
    lin = cast(nn.Module, conv.lin)
    if x.layout == torch.sparse_csr:  # F.linear(x, W) of a CSR x: the same product
        xw = constant_sparse_mm(x, cast(Tensor, lin.weight).t())
    else:
        xw = lin(x)
    if lin_dropout:
        xw = F.dropout(xw, lin_dropout, training=True)
    out = constant_sparse_mm(adj_t, xw) if adj_t.layout == torch.sparse_csr else adj_t @ xw
    bias = cast("Tensor | None", conv.bias)
    return out if bias is None else out + bias


class InnerProductDecoder(nn.Module):
    r"""Inner-product decoder: :math:`\text{logit}(u, v) = \sum_k z_k`, :math:`z = h_u \odot h_v`.

    Shapes:
        - **input:** :math:`(*, F)` Hadamard products.
        - **output:** :math:`(*)` logits.

    Examples:
        >>> import torch
        >>> InnerProductDecoder()(torch.tensor([[1.0, 2.0], [0.5, -0.5]]))
        tensor([3., 0.])
    """

    def reset_parameters(self) -> None:
        pass

    def forward(self, z: Tensor, rows: BatchRows | None = None) -> Tensor:
        return z.sum(dim=-1)


class MLPDecoder(nn.Module):
    r"""MLP decoder on the Hadamard product.

    .. math:: \text{logit}(u, v) = \mathrm{MLP}(h_u \odot h_v)

    Args:
        in_channels (int): size F of the node representations.
        hidden_channels (int): width of the hidden layers.
        num_layers (int): number of linear layers (>= 1); ReLU and dropout between them.
        dropout (float): dropout probability.

    ``forward(z, rows)``: with ``rows`` (:class:`BatchRows`), ``z`` is a shard of a global
    batch and the dropout masks are the global batch's rows (see :func:`batch_dropout`).

    Shapes:
        - **input:** :math:`(*, F)`.
        - **output:** :math:`(*)` logits.

    Examples:
        >>> import torch
        >>> MLPDecoder(4, 8, num_layers=2)(torch.randn(5, 4)).shape
        torch.Size([5])
    """

    def __init__(
        self, in_channels: int, hidden_channels: int, num_layers: int = 2, dropout: float = 0.0
    ) -> None:
        super().__init__()
        check_int(num_layers, "decoder num_layers", low=1)
        sizes = [in_channels] + [hidden_channels] * (num_layers - 1) + [1]
        self.lins = nn.ModuleList(nn.Linear(a, b) for a, b in itertools.pairwise(sizes))
        self.dropout = dropout

    def reset_parameters(self) -> None:
        for lin in self.lins:
            cast(nn.Linear, lin).reset_parameters()

    def forward(self, z: Tensor, rows: BatchRows | None = None) -> Tensor:
        for lin in self.lins[:-1]:
            z = F.relu(lin(z))
            z = batch_dropout(z, self.dropout, self.training, rows)
        return self.lins[-1](z).squeeze(-1)


class LinkPredictor(nn.Module):
    r"""Encoder + decoder, with learnable node embeddings when the graph has no features.

    Args:
        num_nodes (int): N.
        in_channels (int or None): feature size F; ``None`` learns an embedding table
            :math:`(N, \text{emb\_dim})` used as the input instead (e.g. ogbl-ddi).
        hidden_channels (int): encoder width.
        num_layers (int): encoder depth.
        model (str): encoder kind, a key of :data:`MODELS`.
        decoder (str): ``"mlp"`` or ``"inner"``.
        decoder_layers (int): linear layers of the MLP decoder.
        dropout (float): dropout of encoder and decoder.
        residual (bool): encoder residuals.
        emb_dim (int or None): embedding size (default ``hidden_channels``).

    Shapes:
        - ``encode(x, adj_t)``: x :math:`(N, F)` or None -> :math:`(N, \text{hidden})`.
        - ``score(h, pairs)``: pairs :math:`(E, 2)` or :math:`(2, E)` -> logits :math:`(E)`.

    Examples:
        >>> import torch
        >>> model = LinkPredictor(3, None, 8, model="gcn")
        >>> h = model.encode(None, torch.eye(3).to_sparse_csr())
        >>> model.score(h, torch.tensor([[0, 1], [1, 2]])).shape
        torch.Size([2])
    """

    def __init__(
        self,
        num_nodes: int,
        in_channels: int | None,
        hidden_channels: int = 256,
        num_layers: int = 1,
        model: str = "gcn",
        decoder: Literal["mlp", "inner"] = "mlp",
        decoder_layers: int = 2,
        dropout: float = 0.0,
        residual: bool = False,
        emb_dim: int | None = None,
    ) -> None:
        super().__init__()
        check_choice(decoder, "decoder", DECODERS)  # the model name: GNNEncoder checks it
        if model in MODELS and MODELS[model].scorer != "pair":
            raise InputError(
                f"model {model!r} scores pairs from common neighbours, not with a decoder: "
                "build it with linkpred.ncn.NCNLinkPredictor (training does)"
            )
        self.num_nodes = num_nodes
        self.embedding: nn.Embedding | None = None
        if in_channels is None:
            emb_dim = emb_dim or hidden_channels
            self.embedding = nn.Embedding(num_nodes, emb_dim)
            nn.init.xavier_uniform_(self.embedding.weight)
            in_channels = emb_dim
        self.encoder = GNNEncoder(
            in_channels, hidden_channels, num_layers, model, dropout, residual
        )
        self.decoder: nn.Module = (
            MLPDecoder(hidden_channels, hidden_channels, decoder_layers, dropout)
            if decoder == "mlp"
            else InnerProductDecoder()
        )

    def encode(self, x: Tensor | None, adj_t: Tensor) -> Tensor:
        """Node representations ``h`` of shape [N, hidden]."""
        if self.embedding is not None:
            x = self.embedding.weight
        if x is None:
            raise InputError("this model has no embedding table: pass node features x")
        return self.encoder(x, adj_t)

    def score(self, h: Tensor, pairs: Tensor, rows: BatchRows | None = None) -> Tensor:
        """Logits of the node pairs (shape [E, 2] or [2, E]); ``rows``: the pairs are these rows
        of a global batch (data parallelism: the decoder's dropout masks are the global
        batch's, :func:`batch_dropout`)."""
        if pairs.dim() != 2 or 2 not in pairs.shape:
            raise InputError(f"pairs must have shape [E, 2] or [2, E], got {list(pairs.shape)}")
        src, dst = (pairs[:, 0], pairs[:, 1]) if pairs.shape[1] == 2 else (pairs[0], pairs[1])
        return self.decoder(h[src] * h[dst], rows)

    def forward(self, x: Tensor | None, adj_t: Tensor, pairs: Tensor) -> Tensor:
        return self.score(self.encode(x, adj_t), pairs)
