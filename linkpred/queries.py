"""The graphs TC, ATC and the heuristics read: the training graph, node pairs, query edge sets.

Shared by :mod:`linkpred.tc`, :mod:`linkpred.atc` and :mod:`linkpred.heuristics`, which import
this module and never each other's helpers (so they form no import circle).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from graphlab.errors import InputError
from graphlab.graph import Graph
from graphlab.validation import require_undirected

__all__ = ["node_pairs", "query_graph", "query_graphs", "training_graph"]


def training_graph(graph: Graph, what: str = "topological concentration") -> Graph:
    """The 0/1 undirected training graph TC walks on: checked, weights and self-loops dropped.

    Parameters
    ----------
    graph : Graph
    what : str
        The algorithm named in the error messages.

    Raises
    ------
    InputError
        If ``graph`` is not a :class:`graphlab.Graph`, is directed, or has no edges.

    Examples
    --------
    >>> g = Graph.from_coo([0, 1, 1], [1, 1, 2], num_nodes=3, self_loops=True)
    >>> training_graph(g).num_self_loops, training_graph(g).num_edges
    (0, 2)
    """
    if not isinstance(graph, Graph):
        raise InputError(f"expected a graphlab.Graph, got {type(graph).__name__}")
    require_undirected(graph, what)
    if graph.num_self_loops or graph.is_weighted:
        rows, cols = graph.row_np(), graph.indices_np
        off = rows != cols
        graph = Graph.from_coo(rows[off], cols[off], graph.num_nodes)
    if graph.num_edges == 0:
        raise InputError(
            f"the training graph has no edges ({graph.num_nodes} nodes): {what} is undefined"
        )
    return graph


def node_pairs(graph: Graph, pairs: Any) -> np.ndarray:
    """``pairs`` as an int64 array [P, 2] of node ids of ``graph``, checked.

    Accepts [P, 2] or PyG's [2, P] layout, numpy arrays, lists or torch tensors.

    Raises
    ------
    InputError
        Pairs that are not integer pairs, or that name a node outside ``0 .. N-1``.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 1], [1, 2]])
    >>> node_pairs(g, [[0, 0, 1], [2, 1, 2]]).tolist()   # [2, P] -> [P, 2]
    [[0, 2], [0, 1], [1, 2]]
    """
    arr = pairs.detach().cpu().numpy() if hasattr(pairs, "detach") else np.asarray(pairs)
    if arr.ndim == 2 and arr.shape[0] == 2 and arr.shape[1] != 2:
        arr = arr.T  # accept PyG's [2, P] layout
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise InputError(f"pairs must have shape [P, 2] (or [2, P]), got {list(arr.shape)}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise InputError(f"pairs must hold integer node ids, got dtype {arr.dtype}")
    arr = arr.astype(np.int64, copy=False)
    if arr.size and (arr.min() < 0 or arr.max() >= graph.num_nodes):
        row = int(np.argmax(((arr < 0) | (arr >= graph.num_nodes)).any(axis=1)))
        raise InputError(
            f"pair {row} ({arr[row, 0]}, {arr[row, 1]}) names a node outside "
            f"0..{graph.num_nodes - 1}"
        )
    return arr


def query_graph(graph: Graph, edges: Any, name: str = "query") -> Graph:
    """The undirected graph of query (validation / test) edges over ``graph``'s nodes.

    ``edges`` is an int array of shape [E, 2] (or PyG's [2, E]); duplicates and both
    directions of a pair are merged, self-loops dropped.

    Raises
    ------
    InputError
        If the edges are not integer pairs or name a node outside ``0 .. N-1``.

    Examples
    --------
    Both directions of a pair make one query edge:

    >>> query_graph(Graph.from_edge_index([[0, 1], [1, 2]]), [[0, 2], [2, 0]]).num_edges
    1
    """
    try:
        pairs = node_pairs(graph, edges)
    except InputError as err:
        raise InputError(f"query edges {name!r}: {err}") from None
    return Graph.from_coo(pairs[:, 0], pairs[:, 1], graph.num_nodes, name=f"query edges {name!r}")


def query_graphs(graph: Graph, query_edges: Mapping[str, Any] | None) -> dict[str, Graph]:
    """One :func:`query_graph` per named query edge set (none for ``None``).

    Raises
    ------
    InputError
        If ``query_edges`` is not a mapping, uses the reserved name ``"train"``, or holds bad
        edges.

    Examples
    --------
    >>> g = Graph.from_edge_index([[0, 1], [1, 2]])
    >>> {k: q.num_edges for k, q in query_graphs(g, {"test": [[0, 2]]}).items()}
    {'test': 1}
    """
    if query_edges is None:
        return {}
    if not isinstance(query_edges, Mapping):
        raise InputError(
            "query_edges must map variant names to edge arrays, e.g. {'valid': ..., 'test': ...}"
        )
    out = {}
    for name, edges in query_edges.items():
        if name == "train":
            raise InputError("'train' is the training variant; name query edge sets otherwise")
        out[str(name)] = query_graph(graph, edges, str(name))
    return out
