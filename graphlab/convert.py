"""Adapters between other libraries' graph objects and the arrays a ``Graph`` is built from.

The ``from_*`` constructors and ``to_*`` exporters of :class:`~graphlab.graph.Graph` (networkx,
pandas, PyG, scipy) are one-line delegations to the functions here, which read an object into
the keyword arguments of :meth:`Graph.from_coo <graphlab.graph.Graph.from_coo>` (``row``,
``col``, ``num_nodes``, ``edge_weight``, ...) or write edge and CSR arrays out as an object.

Why arrays and not ``Graph``: this module must not import :mod:`graphlab.graph`, since the
class delegates to it and the package allows no import cycle, not even a deferred one. So
``Graph`` keeps its constructors as methods (every existing call and doctest works, and
subclasses get their own type back), and what is specific to each library lives here.

networkx, pandas and torch_geometric are imported inside the functions that need them.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp
import torch

from .csr import as_numpy
from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd
    from torch_geometric.data import Data

__all__ = [
    "csr_to_scipy",
    "edge_index_to_coo",
    "edge_index_to_pyg",
    "edges_to_networkx",
    "edges_to_pandas",
    "networkx_to_coo",
    "pandas_to_coo",
    "pyg_to_coo",
    "scipy_to_coo",
]


# ---------------------------------------------------------------------- readers (-> COO)
def edge_index_to_coo(edge_index: Any) -> dict[str, Any]:
    """``row`` and ``col`` of a PyG-style ``edge_index`` of shape [2, E].

    Examples
    --------
    >>> coo = edge_index_to_coo([[0, 1], [1, 2]])
    >>> coo["row"].tolist(), coo["col"].tolist()
    ([0, 1], [1, 2])
    """
    ei = as_numpy(edge_index, "edge_index")
    if ei.ndim != 2 or ei.shape[0] != 2:
        hint = (
            " (transpose it: an [E, 2] list of pairs was given)"
            if (ei.ndim == 2 and ei.shape[1] == 2)
            else ""
        )
        raise InputError(f"edge_index must have shape [2, E], got {list(ei.shape)}{hint}")
    return {"row": ei[0], "col": ei[1]}


def scipy_to_coo(matrix: Any, *, weighted: bool = False) -> dict[str, Any]:
    """The non-zero entries of a square scipy sparse array or matrix (stored zeros dropped)."""
    if not sp.issparse(matrix):
        raise InputError(f"expected a scipy sparse matrix, got {type(matrix).__name__}")
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise InputError(f"adjacency must be square, got shape {list(matrix.shape)}")
    coo = sp.coo_array(matrix)
    nz = coo.data != 0
    return {
        "row": coo.row[nz],
        "col": coo.col[nz],
        "num_nodes": coo.shape[0],
        "edge_weight": coo.data[nz] if weighted else None,
        "name": "matrix",
    }


def pandas_to_coo(
    frame: pd.DataFrame, source: str, target: str, weight: str | None
) -> dict[str, Any]:
    """The ``source``, ``target`` (and ``weight``) columns of an edge frame."""
    for col in (source, target, weight):
        if col is not None and col not in frame.columns:
            raise InputError(f"edge frame has no column {col!r} (columns: {list(frame.columns)})")
    if frame[[source, target]].isna().to_numpy().any():
        raise InputError("edge frame has missing node ids")
    return {
        "row": frame[source].to_numpy(),
        "col": frame[target].to_numpy(),
        "edge_weight": None if weight is None else frame[weight].to_numpy(),
        "name": "edge frame",
    }


def networkx_to_coo(
    graph: nx.Graph, weight: str | None, nodelist: Sequence[Hashable] | None
) -> dict[str, Any]:
    """The edges of a networkx graph, node ``nodelist[i]`` numbered ``i``.

    Also sets ``directed`` from ``graph.is_directed()`` and ``reduce="sum"`` for a multigraph
    (parallel edges' weights are summed).
    """
    nodes = list(graph) if nodelist is None else list(nodelist)
    index = {v: i for i, v in enumerate(nodes)}
    if len(index) != len(nodes):
        raise InputError("nodelist holds a node twice")
    pairs = []
    ws = []
    for u, v, d in graph.edges(data=True):
        if u not in index or v not in index:
            raise InputError(f"edge ({u!r}, {v!r}) names a node missing from nodelist")
        pairs.append((index[u], index[v]))
        if weight is not None:
            ws.append(d.get(weight, 1.0))
    arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return {
        "row": arr[:, 0],
        "col": arr[:, 1],
        "num_nodes": len(nodes),
        "edge_weight": None if weight is None else np.asarray(ws, float),
        "directed": graph.is_directed(),
        "reduce": "sum" if graph.is_multigraph() else "max",
        "name": "networkx edges",
    }


def pyg_to_coo(data: Data) -> dict[str, Any]:
    """The ``edge_index``, ``num_nodes`` and ``edge_weight`` (if any) of a PyG ``Data``."""
    if getattr(data, "edge_index", None) is None:
        raise InputError("the PyG Data object has no edge_index")
    return {
        **edge_index_to_coo(data.edge_index),
        "num_nodes": data.num_nodes,
        "edge_weight": getattr(data, "edge_weight", None),
    }


# ---------------------------------------------------------------------- writers
def csr_to_scipy(
    indptr: np.ndarray,
    indices: np.ndarray,
    weight: np.ndarray | None,
    num_nodes: int,
    dtype: Any = np.float64,
) -> sp.csr_array:
    """A scipy ``csr_array`` sharing ``indptr`` and ``indices``; data the weights or ones."""
    data = (
        np.ones(indices.shape[0], dtype=dtype)
        if weight is None
        else weight.astype(dtype, copy=False)
    )
    shape = (num_nodes, num_nodes)
    mat = sp.csr_array((data, indices, indptr), shape=shape, copy=False)
    mat.has_sorted_indices = True
    return mat


def edges_to_pandas(edges: np.ndarray, weights: np.ndarray | None) -> pd.DataFrame:
    """Edge frame with columns ``source``, ``target`` (and ``weight``) from [E, 2] edges."""
    import pandas as pd

    frame = pd.DataFrame({"source": edges[:, 0], "target": edges[:, 1]})
    if weights is not None:
        frame["weight"] = weights
    return frame


def edges_to_networkx(
    edges: np.ndarray,
    weights: np.ndarray | None,
    num_nodes: int,
    *,
    directed: bool,
    weight: str = "weight",
) -> nx.Graph:
    """A networkx ``Graph`` (``DiGraph`` if directed) on nodes ``0 .. num_nodes - 1``."""
    import networkx as nx

    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(range(num_nodes))
    e = edges.tolist()
    if weights is None:
        g.add_edges_from(e)
    else:
        g.add_weighted_edges_from(
            ((u, v, x) for (u, v), x in zip(e, weights.tolist())), weight=weight
        )
    return g


def edge_index_to_pyg(
    edge_index: torch.Tensor, num_nodes: int, edge_weight: torch.Tensor | None
) -> Data:
    """A PyG ``Data`` with ``edge_index``, ``num_nodes`` and (if given) ``edge_weight``."""
    from torch_geometric.data import Data

    data = Data(edge_index=edge_index, num_nodes=num_nodes)
    if edge_weight is not None:
        data.edge_weight = edge_weight
    return data
