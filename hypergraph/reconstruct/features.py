"""Candidate features of SHyRe: the "count" set, a cheap "count+" extension and "motif".

Every column is computed per candidate clique :math:`c` of a graph :math:`G` from per-node and
per-edge numbers of :math:`G` and its maximal cliques :math:`Q(G)`, then z-scored over the
candidates of that graph (each graph on its own, so that training and query graphs of
different sizes are comparable).

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its Remediation",
ICLR 2024, arXiv:2401.08519, Section 4 and Appendix (features).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from graphlab.errors import InputError
from graphlab.graph import Graph
from graphlab.stats import clustering

from ..core import Hypergraph
from .kernels import (
    COUNT_FEATURES,
    EXTRA_FEATURES,
    MOTIF_FEATURES,
    containing_counts,
    count_features,
    edge_clique_counts,
    inverted_index,
    motif_features,
)

__all__ = [
    "COVER_FEATURE",
    "FEATURE_SETS",
    "GraphContext",
    "candidate_features",
    "feature_names",
    "zscore",
]

FeatureSet = Literal["count", "count+", "motif"]
#: Feature sets: the paper's "count", "count" plus cheap extras, and "count+" plus motif counts.
FEATURE_SETS = ("count", "count+", "motif")


def feature_names(kind: FeatureSet) -> tuple[str, ...]:
    """Column names of a feature set.

    Examples
    --------
    >>> len(feature_names("count")), len(feature_names("count+")), len(feature_names("motif"))
    (9, 15, 22)
    """
    if kind not in FEATURE_SETS:
        raise InputError(f"features must be one of {FEATURE_SETS}, got {kind!r}")
    names: tuple[str, ...] = COUNT_FEATURES
    if kind in ("count+", "motif"):
        names = names + EXTRA_FEATURES
    if kind == "motif":
        names = names + MOTIF_FEATURES
    return names


@dataclass
class GraphContext:
    """A graph with its maximal cliques and the per-node / per-edge numbers features need."""

    graph: Graph
    cliques: Hypergraph
    node_ptr: np.ndarray
    node_cliques: np.ndarray
    edge_cliques: np.ndarray
    degree: np.ndarray
    avg_nbr_degree: np.ndarray
    cliques_per_node: np.ndarray
    clustering: np.ndarray
    maximal_family: bool = True

    @classmethod
    def build(
        cls, graph: Graph, cliques: Hypergraph, *, maximal_family: bool = True
    ) -> GraphContext:
        """Per-node and per-edge numbers of ``graph`` and its clique family ``cliques``:
        the maximal cliques, or (``maximal_family=False``) any cliques, e.g. a clique cover."""
        indptr, indices = graph.indptr_np, graph.indices_np
        n = graph.num_nodes
        deg = np.diff(indptr).astype(np.float64)
        nbr_sum = np.asarray(graph.to_scipy() @ deg) if indices.size else np.zeros(n)
        with np.errstate(divide="ignore", invalid="ignore"):
            avg = np.where(deg > 0, nbr_sum / np.maximum(deg, 1), 0.0)
        node_ptr, node_cl = inverted_index(cliques.edge_ptr, cliques.edge_nodes, n)
        ecount = edge_clique_counts(indptr, indices, cliques.edge_ptr, cliques.edge_nodes)
        return cls(
            graph,
            cliques,
            node_ptr,
            node_cl,
            ecount.astype(np.float64),
            deg,
            avg,
            np.diff(node_ptr).astype(np.float64),
            np.asarray(clustering(graph), dtype=np.float64) if n else np.zeros(0),
            maximal_family,
        )


#: Most cliques scanned per candidate for "num_containing_cliques" (a strided sample beyond;
#: see :func:`~hypergraph.reconstruct.kernels.containing_counts`).
CONTAINING_CAP = 1024

#: Name of the column that marks the candidates of the greedy clique cover.
COVER_FEATURE = "in_clique_cover"

#: Candidates per feature chunk: the kernels' temporaries stay a few MB whatever the graph.
FEATURE_CHUNK = 65_536


def candidate_features(
    ctx: GraphContext,
    candidates: Hypergraph,
    maximal: np.ndarray,
    parents: np.ndarray,
    kind: FeatureSet = "count",
    *,
    motif_cap: int = 64,
    seed: int | None = 0,
    in_cover: np.ndarray | None = None,
    chunk: int = FEATURE_CHUNK,
) -> np.ndarray:
    """Raw (not z-scored) feature matrix of the candidates, columns :func:`feature_names`.

    The "motif" columns look at the maximal cliques meeting :math:`c`; past ``motif_cap`` of
    them a seeded random subset of ``motif_cap`` is used, so memory stays
    :math:`O(\\#\\text{candidates} \\times \\#\\text{features} + \\#\\text{cliques})` and time
    :math:`O(\\#\\text{candidates} \\cdot \\text{motif\\_cap} \\cdot \\bar{|q|})` (the reference
    code materialises every clique-pair intersection and runs out of memory on P.School and
    Foursquare).

    The candidates are processed ``chunk`` at a time into one preallocated float32 matrix:
    every row depends on its own candidate only, so the result is that of one call.
    ``in_cover`` (a mask over the candidates) appends the column :data:`COVER_FEATURE`, 1 for
    the sets of the greedy clique cover.
    """
    names = feature_names(kind)
    m = candidates.num_edges
    width = len(names) + (in_cover is not None)
    out = np.empty((m, width), dtype=np.float32)
    ptr, nodes = candidates.edge_ptr, candidates.edge_nodes
    maximal = np.asarray(maximal, dtype=np.float64)
    parents = np.asarray(parents, dtype=np.float64)
    rank = None
    if kind == "motif":
        rank = np.random.default_rng(0 if seed is None else seed).permutation(ctx.cliques.num_edges)
    for a in range(0, m, max(int(chunk), 1)):
        b = min(a + int(chunk), m)
        cptr = ptr[a : b + 1] - ptr[a]
        cnodes = nodes[ptr[a] : ptr[b]]
        out[a:b, : len(names)] = _chunk_features(
            ctx, cptr, cnodes, maximal[a:b], parents[a:b], kind, motif_cap, rank
        )
    if in_cover is not None:
        out[:, -1] = np.asarray(in_cover, dtype=np.float32)
    return out


def _chunk_features(
    ctx: GraphContext,
    ptr: np.ndarray,
    nodes: np.ndarray,
    maximal: np.ndarray,
    parents: np.ndarray,
    kind: FeatureSet,
    motif_cap: int,
    rank: np.ndarray | None,
) -> np.ndarray:
    g = ctx.graph
    q = ctx.cliques
    extra = kind != "count"
    contain = np.zeros(0, dtype=np.float64)
    if extra:
        # a maximal clique is held by itself only; when the base sets are not maximal cliques
        # (the clique-cover fallback) every candidate is counted
        one = maximal > 0 if ctx.maximal_family else np.zeros(maximal.shape[0], dtype=bool)
        contain = containing_counts(
            ptr, nodes, q.edge_ptr, q.edge_nodes, ctx.node_ptr, ctx.node_cliques,
            g.num_nodes, one, CONTAINING_CAP,
        )  # fmt: skip
    x = count_features(
        ptr,
        nodes,
        maximal,
        parents,
        g.indptr_np,
        g.indices_np,
        ctx.edge_cliques,
        ctx.degree,
        ctx.avg_nbr_degree,
        ctx.cliques_per_node,
        ctx.clustering,
        contain,
        extra,
    )
    del contain
    if rank is not None:
        m = motif_features(
            ptr, nodes, q.edge_ptr, q.edge_nodes, ctx.node_ptr, ctx.node_cliques,
            rank.astype(np.int64), g.num_nodes, int(motif_cap),
        )  # fmt: skip
        x = np.concatenate([x, m], axis=1)
    return x


def zscore(x: np.ndarray, *, inplace: bool = False) -> np.ndarray:
    """Columns centred and scaled to unit variance (constant columns become 0).

    Statistics are accumulated in float64 one column at a time; ``inplace`` overwrites ``x``
    (no copy of the matrix).

    Examples
    --------
    >>> zscore(np.array([[1.0, 5.0], [3.0, 5.0]])).tolist()
    [[-1.0, 0.0], [1.0, 0.0]]
    """
    out = x if inplace else x.copy()
    for j in range(out.shape[1]):
        col = out[:, j]
        mu = col.mean(dtype=np.float64)
        sd = col.std(dtype=np.float64)
        col -= col.dtype.type(mu)
        if sd > 0:
            col /= col.dtype.type(sd)
    return out
