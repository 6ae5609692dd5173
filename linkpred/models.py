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
from typing import Literal

import torch.nn.functional as F
from torch import Tensor, nn

from graphlab.errors import InputError

from .layers import WeightedSAGEConv

__all__ = [
    "DECODERS",
    "ENCODERS",
    "GNNEncoder",
    "InnerProductDecoder",
    "LinkPredictor",
    "MLPDecoder",
]

ENCODERS = ("gcn", "sage", "graphconv")
DECODERS = ("mlp", "inner")
#: base normalisation of the adjacency each encoder expects (see MessageGraph)
BASE_NORM = {"gcn": "gcn", "sage": "sage", "graphconv": "sage"}


def _make_conv(kind: str, cin: int, cout: int) -> nn.Module:
    if kind == "gcn":
        from torch_geometric.nn import GCNConv

        return GCNConv(cin, cout, add_self_loops=False, normalize=False)
    if kind == "sage":
        return WeightedSAGEConv(cin, cout)
    if kind == "graphconv":
        from torch_geometric.nn import GraphConv

        return GraphConv(cin, cout, aggr="add")
    raise InputError(f"unknown model {kind!r}: choose one of {', '.join(ENCODERS)}")


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
        conv (str): ``"gcn"``, ``"sage"`` or ``"graphconv"``.
        dropout (float): dropout probability between layers.
        residual (bool): add each layer's input to its output where the sizes match.

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

    def __init__(
        self,
        in_channels: int,
        hidden_channels: int,
        num_layers: int = 1,
        conv: str = "gcn",
        dropout: float = 0.0,
        residual: bool = False,
    ) -> None:
        super().__init__()
        if num_layers < 1:
            raise InputError(f"num_layers must be >= 1, got {num_layers}")
        if not 0.0 <= dropout < 1.0:
            raise InputError(f"dropout must lie in [0, 1), got {dropout}")
        self.kind = conv
        self.dropout = dropout
        self.residual = residual
        sizes = [in_channels] + [hidden_channels] * num_layers
        self.convs = nn.ModuleList(
            _make_conv(conv, sizes[i], sizes[i + 1]) for i in range(num_layers)
        )

    def reset_parameters(self) -> None:
        for conv in self.convs:
            conv.reset_parameters()

    def forward(self, x: Tensor, adj_t: Tensor) -> Tensor:
        h = x
        last = len(self.convs) - 1
        for i, conv in enumerate(self.convs):
            out = conv(h, adj_t)
            if i < last:
                out = F.relu(out)
                out = F.dropout(out, p=self.dropout, training=self.training)
            if self.residual and out.shape == h.shape:
                out = out + h
            h = out
        return h


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

    def forward(self, z: Tensor) -> Tensor:
        return z.sum(dim=-1)


class MLPDecoder(nn.Module):
    r"""MLP decoder on the Hadamard product.

    .. math:: \text{logit}(u, v) = \mathrm{MLP}(h_u \odot h_v)

    Args:
        in_channels (int): size F of the node representations.
        hidden_channels (int): width of the hidden layers.
        num_layers (int): number of linear layers (>= 1); ReLU and dropout between them.
        dropout (float): dropout probability.

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
        if num_layers < 1:
            raise InputError(f"decoder num_layers must be >= 1, got {num_layers}")
        sizes = [in_channels] + [hidden_channels] * (num_layers - 1) + [1]
        self.lins = nn.ModuleList(nn.Linear(a, b) for a, b in itertools.pairwise(sizes))
        self.dropout = dropout

    def reset_parameters(self) -> None:
        for lin in self.lins:
            lin.reset_parameters()

    def forward(self, z: Tensor) -> Tensor:
        for lin in self.lins[:-1]:
            z = F.relu(lin(z))
            z = F.dropout(z, p=self.dropout, training=self.training)
        return self.lins[-1](z).squeeze(-1)


class LinkPredictor(nn.Module):
    r"""Encoder + decoder, with learnable node embeddings when the graph has no features.

    Args:
        num_nodes (int): N.
        in_channels (int or None): feature size F; ``None`` learns an embedding table
            :math:`(N, \text{emb\_dim})` used as the input instead (e.g. ogbl-ddi).
        hidden_channels (int): encoder width.
        num_layers (int): encoder depth.
        model (str): encoder kind, one of :data:`ENCODERS`.
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
        if model not in ENCODERS:
            raise InputError(f"unknown model {model!r}: choose one of {', '.join(ENCODERS)}")
        if decoder not in DECODERS:
            raise InputError(f"unknown decoder {decoder!r}: choose one of {', '.join(DECODERS)}")
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

    def score(self, h: Tensor, pairs: Tensor) -> Tensor:
        """Logits of the node pairs (shape [E, 2] or [2, E])."""
        if pairs.dim() != 2 or 2 not in pairs.shape:
            raise InputError(f"pairs must have shape [E, 2] or [2, E], got {list(pairs.shape)}")
        src, dst = (pairs[:, 0], pairs[:, 1]) if pairs.shape[1] == 2 else (pairs[0], pairs[1])
        return self.decoder(h[src] * h[dst])

    def forward(self, x: Tensor | None, adj_t: Tensor, pairs: Tensor) -> Tensor:
        return self.score(self.encode(x, adj_t), pairs)
