"""Approximated topological concentration (ATC): TC from propagated random features.

Exact TC at K hops costs walk products; ATC replaces them by ``K`` sparse-dense products
(Wang et al., ICLR 2024; steps as restated in shared/SPEC-tc.md):

1. :math:`\\hat A = \\hat D^{-1}(A + I)`, :math:`\\hat d = d + 1` (row-stochastic, self-loops);
2. :math:`R \\in \\mathbb R^{N \\times d}` i.i.d. normal with standard deviation :math:`1/d`,
   drawn from a seeded generator;
3. :math:`Z^{(1)} = \\hat A R`, :math:`Z^{(k)} = \\hat A Z^{(k-1)}`,
   :math:`Z = \\frac1K \\sum_{k=1}^K Z^{(k)}`;
4. :math:`ATC_s(v) = \\frac{1}{|N_s(v)|} \\sum_{u \\in N_s(v)} \\cos(Z_v, Z_u)` (or the inner
   product), 0 when :math:`N_s(v)` is empty, for the training and query neighbour sets.

Cost :math:`O(K d (|E| + |V|))`. The features are drawn in float32 on the CPU from ``seed`` (a
torch generator) and then moved to ``device``, so a seed gives the same features on every
device; the products run on ``device`` (CUDA when given one).

References
----------
Y. Wang, T. Zhao, Y. Zhao, Y. Liu, X. Cheng, N. Shah, T. Derr, "A Topological Perspective on
Demystifying GNN-Based Link Prediction Performance", ICLR 2024, arXiv:2310.04612.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import torch

from graphlab.errors import MemoryBudgetError
from graphlab.graph import Graph
from graphlab.kernels import row_blocks
from graphlab.validation import check_choice, check_int, check_memory_budget, check_seed

from .propagation import MessageGraph
from .queries import query_graphs, training_graph

__all__ = ["approximate_tc", "approximate_tcs", "atc_embedding"]

Similarity = Literal["cosine", "inner"]


def _atc_bytes(num_nodes: int, dim: int, dtype: torch.dtype) -> int:
    # peak working set: three dense [N, d] arrays (the running power, its product with the
    # adjacency and the running sum) besides the adjacency itself
    return 3 * num_nodes * dim * torch.empty(0, dtype=dtype).element_size()


def atc_embedding(
    graph: Graph,
    *,
    hops: int = 1,
    dim: int = 64,
    seed: int = 0,
    device: str | torch.device | None = None,
    dtype: torch.dtype = torch.float32,
    memory_budget: int | str | None = None,
) -> torch.Tensor:
    """Propagated random features :math:`Z = \\frac1K \\sum_{k=1}^K \\hat A^k R` of every node.

    Parameters
    ----------
    graph : Graph
        Undirected training graph (weights and self-loops ignored).
    hops : int, default 1
        K >= 1.
    dim : int, default 64
        d, the number of random features (std ``1/d``).
    seed : int, default 0
        Seed of the CPU generator that draws ``R``.
    device : str or torch.device, optional
        Where the propagation runs (CPU by default).
    dtype : torch.dtype, default float32
    memory_budget : int or str, optional
        Bytes of working memory (``512M``-style text accepted; default
        :func:`graphlab.validation.check_memory_budget`). The propagation holds three dense
        [N, d] arrays at once and cannot be cut into row blocks (every hop reads all rows), so
        the budget is checked, not split.

    Returns
    -------
    Tensor of shape [N, d] on ``device``.

    Raises
    ------
    MemoryBudgetError
        If three [N, d] arrays of ``dtype`` exceed the budget.

    Examples
    --------
    On a triangle :math:`\\hat A` averages all three rows, so every node gets the same vector:

    >>> g = Graph.from_edge_index([[0, 0, 1], [1, 2, 2]])
    >>> z = atc_embedding(g, dim=4, seed=1)
    >>> z.shape, bool(torch.allclose(z[0], z[1]) and torch.allclose(z[0], z[2]))
    (torch.Size([3, 4]), True)
    """
    g = training_graph(graph, "approximate topological concentration")
    k = check_int(hops, "hops (K)", low=1)
    d = check_int(dim, "dim (feature dimension)", low=1)
    seed = check_seed(seed)
    budget = check_memory_budget(memory_budget)
    need = _atc_bytes(g.num_nodes, d, dtype)
    if need > budget:
        raise MemoryBudgetError(
            f"memory budget of {budget:,} bytes is too small for ATC: {g.num_nodes:,} nodes x "
            f"dim {d} need about {need:,} bytes; raise the memory budget or lower dim"
        )
    dev = torch.device("cpu" if device is None else device)
    gen = torch.Generator(device="cpu").manual_seed(seed)
    feats = torch.randn(g.num_nodes, d, generator=gen, dtype=torch.float32) / d
    mg = MessageGraph(g, "sage").to(dev)
    adj = mg.adj_t(mg.w0.to(dtype))
    z = feats.to(device=dev, dtype=dtype)
    del feats  # not held through the loop (the budget counts three arrays)
    total = torch.zeros_like(z)
    for _ in range(k):
        z = adj @ z
        total += z
    return total / k


def _mean_similarity(
    z: torch.Tensor,
    indptr: np.ndarray,
    indices: np.ndarray,
    similarity: str,
    memory_budget: int | str | None = None,
) -> np.ndarray:
    # sum_{u in N(v)} <z_v, z_u> = <z_v, (Q z)_v>: one sparse-dense product over the neighbour
    # pattern Q instead of gathering both ends of every pair; in row blocks of Q so that the
    # [B, d] product stays within the budget (two such arrays per block: Q z and the Hadamard)
    n, d = z.shape
    if similarity == "cosine":
        z = torch.nn.functional.normalize(z, dim=1)
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int64)
    total = np.zeros(n)
    row_bytes = np.full(n, 2 * d * z.element_size(), dtype=np.float64)
    for block in row_blocks(row_bytes, memory_budget):
        lo, hi = block.start, block.stop
        ptr = indptr[lo : hi + 1] - indptr[lo]
        cols = indices[indptr[lo] : indptr[hi]]
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")
            q = torch.sparse_csr_tensor(
                torch.from_numpy(ptr).to(z.device),
                torch.from_numpy(cols).to(z.device),
                torch.ones(cols.shape[0], dtype=z.dtype, device=z.device),
                (hi - lo, n),
                check_invariants=False,
            )
        total[lo:hi] = (z[lo:hi] * (q @ z)).sum(dim=1).to(torch.float64).cpu().numpy()
    deg = np.diff(indptr).astype(np.float64)
    out = np.zeros(n)
    np.divide(total, deg, out=out, where=deg > 0)
    return out


def approximate_tcs(
    graph: Graph,
    query_edges: Mapping[str, Any] | None = None,
    *,
    hops: int = 1,
    dim: int = 64,
    seed: int = 0,
    similarity: Similarity = "cosine",
    train: bool = True,
    device: str | torch.device | None = None,
    memory_budget: int | str | None = None,
) -> dict[str, np.ndarray]:
    """ATC of every node for the training variant and several query variants.

    .. math::
        ATC_s(v) = \\frac{1}{|N_s(v)|} \\sum_{u \\in N_s(v)} \\cos(Z_v, Z_u), \\qquad
        Z = \\frac1K \\sum_{k=1}^K (\\hat D^{-1}(A + I))^k R

    (0 when :math:`N_s(v)` is empty; no degree rule beyond that), with ``Z`` from
    :func:`atc_embedding`, computed once for all variants.

    Parameters
    ----------
    graph : Graph
        Undirected training graph.
    query_edges : mapping of str to int array [E, 2], optional
        Query edge sets by name (``{"valid": ..., "test": ...}``).
    hops, dim, seed, device, memory_budget
        As in :func:`atc_embedding`; the budget also bounds the row blocks of the similarity
        step.
    similarity : {"cosine", "inner"}, default "cosine"
        Cosine similarity or the inner product :math:`Z_v \\cdot Z_u`.
    train : bool, default True
        Include the training variant (key ``"train"``).

    Returns
    -------
    dict of str to ndarray of float64, shape [N]

    Raises
    ------
    InputError
        No edges, a directed graph, ``hops < 1``, ``dim < 1``, a bad seed or similarity, query
        edges outside the graph.
    MemoryBudgetError
        If the [N, d] arrays do not fit the memory budget.

    Examples
    --------
    A triangle, an edge and an isolated node: inside each component :math:`\\hat A^k R` is the
    same for every node (each row of :math:`\\hat A` averages its whole component), so the
    cosine is exactly 1; the isolated node has no neighbour and gets 0, whatever the seed:

    >>> g = Graph.from_edge_index([[0, 0, 1, 3], [1, 2, 2, 4]], num_nodes=6)
    >>> approximate_tcs(g, hops=2, seed=7)["train"].round(4).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 0.0]

    References
    ----------
    Wang et al., ICLR 2024, arXiv:2310.04612; ATC as restated in shared/SPEC-tc.md.
    """
    check_choice(similarity, "similarity", ("cosine", "inner"))
    g = training_graph(graph, "approximate topological concentration")
    queries = query_graphs(g, query_edges)
    z = atc_embedding(g, hops=hops, dim=dim, seed=seed, device=device, memory_budget=memory_budget)
    out: dict[str, np.ndarray] = {}
    if train:
        out["train"] = _mean_similarity(z, g.indptr_np, g.indices_np, similarity, memory_budget)
    for name, q in queries.items():
        out[name] = _mean_similarity(z, q.indptr_np, q.indices_np, similarity, memory_budget)
    return out


def approximate_tc(
    graph: Graph,
    query_edges: Any = None,
    *,
    hops: int = 1,
    dim: int = 64,
    seed: int = 0,
    similarity: Similarity = "cosine",
    device: str | torch.device | None = None,
    memory_budget: int | str | None = None,
) -> np.ndarray:
    """ATC of every node: training variant, or over the given query edges' neighbours.

    See :func:`approximate_tcs` for the definition and parameters.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 0, 1, 3], [1, 2, 2, 4]], num_nodes=6)
    >>> approximate_tc(g, [[1, 2], [2, 1]]).round(4).tolist()   # one query pair, both ways
    [0.0, 1.0, 1.0, 0.0, 0.0, 0.0]

    References
    ----------
    Wang et al., ICLR 2024, arXiv:2310.04612.
    """
    if query_edges is None:
        kw: dict[str, Any] = {}
        name = "train"
    else:
        kw = {"train": False}
        name = "query"
    res = approximate_tcs(
        graph, None if query_edges is None else {"query": query_edges}, hops=hops, dim=dim,
        seed=seed, similarity=similarity, device=device, memory_budget=memory_budget, **kw,
    )  # fmt: skip
    return res[name]
