"""Converters between :class:`Hypergraph` and HyperNetX, XGI, PyG and networkx.

Conventions, both ways:

* Exports use node ids ``0 .. n-1`` (``node_names=True``: the names, which must be distinct)
  and as hyperedge ids the values of ``edge_data["id"]`` when they are distinct, else
  ``0 .. m-1`` (a repeated hyperedge is a second hyperedge with its own id).
* HyperNetX and XGI exports carry names, labels, times and node and edge columns as node and
  edge attributes (HyperNetX: ``misc_properties``), a ``None`` value left out, plus a small
  metadata dict (:data:`META_KEY` ``"graphlab"``: XGI graph attribute ``X["graphlab"]``,
  HyperNetX instance attribute ``N.graphlab``) with the dtypes and the attribute name of every
  field, so that ``from_X(to_X(h))`` equals ``h`` exactly (names with their Python type,
  labels and label names, columns with their dtypes, times, repeated hyperedges, edge ids).
* Imports of objects without that metadata (from outside graphlab) keep non-negative integer
  node ids as they are; other ids are numbered in the object's node order and kept in
  ``node_names`` as ``str``; hyperedge ids other than ``0 .. m-1`` go to ``edge_data["id"]``
  as ``str``. Hyperedges keep the object's order. An attribute that some items lack gives a
  column with ``None`` there, which an export leaves out again.

HyperNetX, XGI and PyG are imported inside the functions that need them (HyperNetX takes
seconds to import). HyperNetX is slow to construct: :func:`to_hypernetx` took about 10 s for
contact-primary-school (224k incidences) here, 4-5x :func:`to_xgi` and 25x or more a plain
:class:`Hypergraph` read (the issue measured about 25x XGI on 225k incidences). No internal
computation goes through it: use it only to hand results to HyperNetX users.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from graphlab.errors import InputError

from .core import Hypergraph
from .readwrite.jsonio import typed_column

if TYPE_CHECKING:  # pragma: no cover
    import hypernetx as hnx
    import networkx as nx
    import xgi

__all__ = [
    "META_KEY",
    "from_bipartite",
    "from_hyperedge_index",
    "from_hypernetx",
    "from_xgi",
    "to_bipartite",
    "to_hyperedge_index",
    "to_hypernetx",
    "to_xgi",
]


def _check(h: Any) -> Hypergraph:
    if not isinstance(h, Hypergraph):
        raise InputError(f"expected a Hypergraph, got {type(h).__name__}")
    return h


def _node_keys(h: Hypergraph, node_names: bool) -> list[Hashable]:
    if not node_names:
        return list(range(h.num_nodes))
    if h.node_names is None:
        raise InputError("node_names=True but the hypergraph has no node names")
    keys = h.node_names.tolist()
    if len(set(keys)) != len(keys):
        raise InputError("node_names=True needs distinct node names")
    return keys


def _index_nodes(keys: Sequence[Hashable]) -> tuple[dict[Hashable, int], int, np.ndarray | None]:
    """Map node keys to ids: non-negative ints stay, anything else is numbered in order."""
    ints = [
        int(k)
        for k in keys
        if isinstance(k, (int, np.integer)) and not isinstance(k, (bool, np.bool_)) and k >= 0
    ]
    if len(ints) == len(keys):
        # every key passed the filter, so ints holds them as int, in order
        return dict(zip(keys, ints)), (max(ints) + 1 if ints else 0), None
    index = {k: i for i, k in enumerate(keys)}
    return index, len(keys), np.asarray(list(keys), dtype=object).astype(str)


def _from_sets(
    node_keys: Sequence[Hashable],
    edge_ids: Sequence[Hashable],
    members: Sequence[Sequence[Hashable]],
    times: Any = None,
    name: str | None = None,
) -> Hypergraph:
    index, n, names = _index_nodes(list(node_keys))
    for e, ms in zip(edge_ids, members):
        for v in ms:
            if v not in index:
                raise InputError(f"hyperedge {e!r} names node {v!r}, which is not a node")
    ptr = np.zeros(len(members) + 1, dtype=np.int64)
    np.cumsum([len(ms) for ms in members], out=ptr[1:])
    flat = np.fromiter((index[v] for ms in members for v in ms), dtype=np.int64, count=ptr[-1])
    edge_data = {}
    if list(edge_ids) != list(range(len(edge_ids))):
        edge_data["id"] = np.asarray([str(e) for e in edge_ids])
    return Hypergraph.from_csr(
        ptr, flat, n, node_names=names, times=times, edge_data=edge_data, name=name
    )


# ---------------------------------------------------------------------- graphlab metadata
#: Key of the metadata that :func:`to_xgi` (graph attribute ``X["graphlab"]``) and
#: :func:`to_hypernetx` (instance attribute ``N.graphlab``) leave on the object, so that
#: ``from_xgi`` / ``from_hypernetx`` give back the exact hypergraph.
META_KEY = "graphlab"
_META_VERSION = 1


def _dtype_str(a: np.ndarray) -> str:
    return a.dtype.str


def _restore(values: list[Any], dtype: str) -> np.ndarray:
    """``values`` (Python objects, ``None`` where an item had no attribute) as ``dtype``."""
    dt = np.dtype(dtype)
    if dt.kind != "O":
        try:
            if not any(v is None for v in values):
                return np.asarray(values, dtype=dt)
        except (TypeError, ValueError, OverflowError):
            pass
    col = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        col[i] = v
    return col if dt.kind == "O" else typed_column(values)


def _free(name: str, used: set[str]) -> str:
    key, i = name, 1
    while key in used:
        key, i = f"{name}.{i}", i + 1
    used.add(key)
    return key


def _edge_keys(h: Hypergraph) -> list[Hashable] | None:
    """The ``edge_data["id"]`` values when they can be the object's hyperedge ids."""
    col = h.edge_data.get("id")
    if col is None:
        return None
    keys = col.tolist()
    try:
        if any(k is None or isinstance(k, float) for k in keys) or len(set(keys)) != len(keys):
            return None
    except TypeError:  # unhashable ids
        return None
    return keys


def _export_plan(
    h: Hypergraph, node_names: bool
) -> tuple[list[Hashable], list[Hashable], list[dict[str, Any]], list[dict[str, Any]], dict]:
    """Node keys, edge keys, per-item attribute dicts (``None`` values left out) and metadata."""
    nkeys = _node_keys(h, node_names)
    ekeys = _edge_keys(h)
    used_n: set[str] = set()
    used_e: set[str] = set()
    meta: dict[str, Any] = {
        "version": _META_VERSION,
        "num_nodes": h.num_nodes,
        "num_edges": h.num_edges,
        "node_keys": "names" if node_names else "ids",
        "edge_keys": "id" if ekeys is not None else "index",
        "name": h.name,
        "label_names": None if h.label_names is None else list(h.label_names),
    }
    ncols: list[tuple[str, str | None, np.ndarray]] = []
    ecols: list[tuple[str, str | None, np.ndarray]] = []
    if h.node_names is not None:
        attr = None if node_names else _free("name", used_n)
        meta["node_names"] = {"attr": attr, "dtype": _dtype_str(h.node_names)}
        if attr is not None:
            ncols.append(("", attr, h.node_names))
    if h.node_labels is not None:
        attr = _free("label", used_n)
        meta["node_labels"] = {"attr": attr, "dtype": _dtype_str(h.node_labels)}
        ncols.append(("", attr, h.node_labels))
    if h.times is not None:
        attr = _free("time", used_e)
        meta["times"] = {"attr": attr, "dtype": _dtype_str(h.times)}
        ecols.append(("", attr, h.times))
    meta["node_data"] = []
    for k, col in h.node_data.items():
        attr = _free(k, used_n)
        meta["node_data"].append([k, attr, _dtype_str(col)])
        ncols.append((k, attr, col))
    meta["edge_data"] = []
    for k, col in h.edge_data.items():
        if k == "id" and ekeys is not None:
            meta["edge_data"].append([k, None, _dtype_str(col)])
            continue
        attr = _free(k, used_e)
        meta["edge_data"].append([k, attr, _dtype_str(col)])
        ecols.append((k, attr, col))
    nattrs: list[dict[str, Any]] = [{} for _ in range(h.num_nodes)]
    eattrs: list[dict[str, Any]] = [{} for _ in range(h.num_edges)]
    for records, cols in ((nattrs, ncols), (eattrs, ecols)):
        for _, attr, col in cols:
            assert attr is not None
            for r, v in zip(records, col.tolist()):
                if v is not None:  # a missing value stays missing
                    r[attr] = v
    ekeys_out: list[Hashable] = ekeys if ekeys is not None else list(range(h.num_edges))
    return nkeys, ekeys_out, nattrs, eattrs, meta


def _import_meta(
    meta: Any,
    node_keys: list[Hashable],
    edge_keys: list[Hashable],
    members: list[list[Hashable]],
    node_attrs: dict[Hashable, dict[str, Any]],
    edge_attrs: list[dict[str, Any]],
) -> Hypergraph | None:
    """The hypergraph ``meta`` describes, or ``None`` when it does not fit the object."""
    if not isinstance(meta, dict) or meta.get("version") != _META_VERSION:
        return None
    n, m = meta.get("num_nodes"), meta.get("num_edges")
    if n != len(node_keys) or m != len(edge_keys):
        return None
    index = {k: i for i, k in enumerate(node_keys)}
    if len(index) != n or any(v not in index for ms in members for v in ms):
        return None
    ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum([len(ms) for ms in members], out=ptr[1:])
    flat = np.fromiter((index[v] for ms in members for v in ms), dtype=np.int64, count=ptr[-1])
    nrec = [node_attrs.get(k, {}) for k in node_keys]

    def ncol(attr: str, dtype: str) -> np.ndarray:
        return _restore([r.get(attr) for r in nrec], dtype)

    def ecol(attr: str, dtype: str) -> np.ndarray:
        return _restore([r.get(attr) for r in edge_attrs], dtype)

    kw: dict[str, Any] = {"name": meta.get("name"), "label_names": meta.get("label_names")}
    spec = meta.get("node_names")
    if spec is not None:
        kw["node_names"] = (
            _restore(list(node_keys), spec["dtype"])
            if spec["attr"] is None
            else ncol(spec["attr"], spec["dtype"])
        )
    spec = meta.get("node_labels")
    if spec is not None:
        kw["node_labels"] = ncol(spec["attr"], spec["dtype"])
    spec = meta.get("times")
    if spec is not None:
        kw["times"] = ecol(spec["attr"], spec["dtype"])
    kw["node_data"] = {k: ncol(a, d) for k, a, d in meta.get("node_data", [])}
    kw["edge_data"] = {
        k: _restore(list(edge_keys), d) if a is None else ecol(a, d)
        for k, a, d in meta.get("edge_data", [])
    }
    return Hypergraph.from_csr(ptr, flat, n, **kw)


# ---------------------------------------------------------------------- HyperNetX
def to_hypernetx(h: Hypergraph, *, node_names: bool = False) -> hnx.Hypergraph:
    """A HyperNetX ``Hypergraph``; :func:`from_hypernetx` gives ``h`` back exactly.

    Nodes are ``0 .. n-1`` (``node_names=True``: the names), hyperedges the values of
    ``edge_data["id"]`` when they are distinct (else ``0 .. m-1``). Node names (unless they
    are the keys), labels (``"label"``), node columns, times (``"time"``) and edge columns
    become node and edge properties (HyperNetX's ``misc_properties``; a ``None`` value is
    left out). The instance attribute ``graphlab`` (:data:`META_KEY`) holds what
    :func:`from_hypernetx` needs to restore the exact hypergraph: the number of nodes, the
    node order, the attributes of nodes in no hyperedge (HyperNetX cannot hold such nodes)
    and the dtype of every column.

    HyperNetX is slow to build (about 10 s for 224k incidences here, 4-5x XGI; see the module
    notes) and refuses empty hyperedges.

    Raises
    ------
    InputError
        If a hyperedge is empty, or ``node_names`` is asked for without distinct names.

    Examples
    --------
    >>> H = Hypergraph.from_edges([[0, 1], [1, 2], [0, 1]], times=[3, 1, 2])
    >>> from_hypernetx(to_hypernetx(H)).equals(H)
    True
    """
    import hypernetx as hnx
    import pandas as pd

    h = _check(h)
    if (h.edge_sizes() == 0).any():
        raise InputError("HyperNetX cannot hold empty hyperedges")
    nkeys, ekeys, nattrs, eattrs, meta = _export_plan(h, node_names)
    edges = h.edges()
    setsystem = {e: [nkeys[v] for v in ms] for e, ms in zip(ekeys, edges)}
    covered = np.zeros(h.num_nodes, dtype=bool)
    covered[h.edge_nodes] = True
    if node_names:
        meta["nodes"] = list(nkeys)
    meta["isolated"] = [[nkeys[i], nattrs[i]] for i in np.flatnonzero(~covered).tolist()]
    inner = np.flatnonzero(covered).tolist()
    node_props = pd.DataFrame(
        {"uid": [nkeys[i] for i in inner], "misc_properties": [nattrs[i] for i in inner]}
    )
    edge_props = pd.DataFrame({"uid": list(ekeys), "misc_properties": eattrs})
    obj = hnx.Hypergraph(
        setsystem,
        node_properties=node_props,
        edge_properties=edge_props,
        misc_properties_col="misc_properties",
        name=h.name or "",
    )
    setattr(obj, META_KEY, meta)
    return obj


def from_hypernetx(obj: hnx.Hypergraph) -> Hypergraph:
    """A :class:`Hypergraph` from a HyperNetX ``Hypergraph`` (nodes and edges in its order).

    An object made by :func:`to_hypernetx` gives back that hypergraph exactly (see its
    ``graphlab`` attribute). Any other object: non-negative integer node ids stay, other
    ids are numbered in the object's node order and kept as ``str`` in ``node_names``;
    hyperedge ids other than ``0 .. m-1`` go to ``edge_data["id"]`` as ``str``.

    Examples
    --------
    >>> import hypernetx as hnx
    >>> H = from_hypernetx(hnx.Hypergraph({"a": ["x", "y"], "b": ["y"]}))
    >>> H.edges(), H.node_names.tolist(), H.edge_data["id"].tolist()
    ([(0, 1), (1,)], ['x', 'y'], ['a', 'b'])
    """
    inc = obj.incidence_dict
    raw_edges = list(obj.edges)
    edges = [_plain(e) for e in raw_edges]
    members = [[_plain(v) for v in inc[e]] for e in raw_edges]
    meta = getattr(obj, META_KEY, None)
    if isinstance(meta, dict):
        n = meta.get("num_nodes", -1)
        keys = meta.get("nodes") if meta.get("node_keys") == "names" else list(range(n))
        if keys is not None:
            nattrs = _properties(obj.nodes.properties)
            for k, a in meta.get("isolated", []):
                nattrs[k] = a
            eprops = _properties(obj.edges.properties)
            eattrs = [eprops.get(e, {}) for e in edges]
            h = _import_meta(meta, list(keys), edges, members, nattrs, eattrs)
            if h is not None:
                return h
    nodes = [_plain(v) for v in obj.nodes]
    return _from_sets(nodes, edges, members, name=getattr(obj, "name", None) or None)


def _properties(df: Any) -> dict[Hashable, dict[str, Any]]:
    """HyperNetX properties (a DataFrame on ``uid``) as ``{uid: misc_properties}``."""
    if df is None or "misc_properties" not in getattr(df, "columns", ()):
        return {}
    return {
        _plain(k): dict(p) if isinstance(p, dict) else {}
        for k, p in zip(df.index, df["misc_properties"])
    }


def _plain(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


# ---------------------------------------------------------------------- XGI
def to_xgi(h: Hypergraph, *, node_names: bool = False) -> xgi.Hypergraph:
    """An XGI ``Hypergraph`` (isolated nodes too); :func:`from_xgi` gives ``h`` back exactly.

    Nodes are ``0 .. n-1`` (``node_names=True``: the names), hyperedges the values of
    ``edge_data["id"]`` when they are distinct (else ``0 .. m-1``). Times become the edge
    attribute ``"time"``, node names the node attribute ``"name"`` (unless they are the node
    keys), node labels ``"label"``, columns attributes of their own name (a ``None`` value is
    left out); an attribute name already taken gets a ``.1`` suffix. The graph attributes
    ``"name"`` and ``"label_names"`` hold the dataset's name and label names, and
    ``"graphlab"`` (:data:`META_KEY`) what :func:`from_xgi` needs to restore the types.

    Examples
    --------
    >>> H = Hypergraph.from_edges([[0, 1], [1, 2], [0, 1], []], num_nodes=4, times=[1, 2, 3, 4])
    >>> X = to_xgi(H)
    >>> X.num_nodes, X.num_edges
    (4, 4)
    >>> from_xgi(X).equals(H)
    True
    """
    import xgi

    h = _check(h)
    nkeys, ekeys, nattrs, eattrs, meta = _export_plan(h, node_names)
    x = xgi.Hypergraph()
    x.add_nodes_from(zip(nkeys, nattrs))
    x.add_edges_from({e: [nkeys[v] for v in ms] for e, ms in zip(ekeys, h.edges())})
    x.set_edge_attributes({e: a for e, a in zip(ekeys, eattrs) if a})
    if h.name:
        x["name"] = h.name
    if h.label_names is not None:
        x["label_names"] = list(h.label_names)
    x[META_KEY] = meta
    return x


def from_xgi(obj: xgi.Hypergraph) -> Hypergraph:
    """A :class:`Hypergraph` from an XGI ``Hypergraph`` (edge attribute ``"time"`` -> times).

    An object made by :func:`to_xgi` gives back that hypergraph exactly (graph attribute
    ``"graphlab"``). Any other object: node ids as in :func:`from_hypernetx`; ``"label"``
    (ints), ``"name"`` and ``"time"`` (on every item) become labels, names and times; other
    attributes become columns (``None`` where an item lacks the attribute).

    Examples
    --------
    >>> import xgi
    >>> X = xgi.Hypergraph([["a", "b"], ["b", "c"]])
    >>> H = from_xgi(X)
    >>> H.edges(), H.node_names.tolist()
    ([(0, 1), (1, 2)], ['a', 'b', 'c'])
    """
    members = obj.edges.members(dtype=dict)
    edges = list(members)
    meta = obj._net_attr.get(META_KEY)
    if isinstance(meta, dict):
        h = _import_meta(
            meta,
            list(obj.nodes),
            edges,
            [list(members[e]) for e in edges],
            {v: obj.nodes[v] for v in obj.nodes},
            [obj.edges[e] for e in edges],
        )
        if h is not None:
            return h
    sets = [sorted(members[e], key=_sort_key) for e in edges]
    times = None
    tattr = obj.edges.attrs("time").asdict()
    if edges and all(tattr.get(e) is not None for e in edges):
        times = np.asarray([tattr[e] for e in edges])
    name = obj["name"] if "name" in obj._net_attr else None
    h = _from_sets(list(obj.nodes), edges, sets, times=times, name=name)
    labels = obj.nodes.attrs("label").asdict()
    if labels and all(isinstance(labels.get(v), (int, np.integer)) for v in obj.nodes):
        # ids 0 .. n-1 or names numbered in the object's node order: the order of obj.nodes
        h = h.replace(node_labels=np.asarray([labels[v] for v in obj.nodes], dtype=np.int64))
    names = obj.nodes.attrs("name").asdict()
    if h.node_names is None and names and all(names.get(v) is not None for v in obj.nodes):
        arr2 = [names[v] for v in obj.nodes]  # nodes are 0 .. n-1 here, in order
        h = h.replace(node_names=typed_column(arr2))
    # further node and edge attributes become node_data / edge_data (their types kept)
    node_attrs = [obj.nodes[v] for v in obj.nodes]
    ncols = {
        k: typed_column([a.get(k) for a in node_attrs])
        for k in dict.fromkeys(k for a in node_attrs for k in a)
        if not (k == "name" and h.node_names is not None)
        and not (k == "label" and h.node_labels is not None)
    }  # fmt: skip
    edge_attrs = [obj.edges[e] for e in edges]
    ecols = {
        k: typed_column([a.get(k) for a in edge_attrs])
        for k in dict.fromkeys(k for a in edge_attrs for k in a)
        if not (k == "time" and h.times is not None)
    }
    net = obj._net_attr
    label_names = net.get("label_names") if h.node_labels is not None else None
    return h.replace(
        node_data={**h.node_data, **ncols},
        edge_data={**h.edge_data, **ecols},
        label_names=label_names,
    )


def _sort_key(v: Any) -> tuple[int, Any]:
    return (0, v) if isinstance(v, (int, np.integer)) else (1, str(v))


# ---------------------------------------------------------------------- PyG
def to_hyperedge_index(h: Hypergraph) -> torch.Tensor:
    """PyG's ``hyperedge_index``: a LongTensor [2, nnz] of (node, hyperedge) incidences.

    The layout ``HypergraphConv`` takes: row 0 node ids, row 1 hyperedge ids, sorted by
    hyperedge.

    Examples
    --------
    >>> to_hyperedge_index(Hypergraph.from_edges([[0, 2], [1]]))
    tensor([[0, 2, 1],
            [0, 0, 1]])
    """
    h = _check(h)
    return torch.stack(
        [torch.from_numpy(h.edge_nodes.copy()), torch.from_numpy(h.edge_index_of_incidences())]
    )


def from_hyperedge_index(
    hyperedge_index: Any, num_nodes: int | None = None, num_edges: int | None = None
) -> Hypergraph:
    """A :class:`Hypergraph` from PyG's ``hyperedge_index`` [2, nnz] (node row, edge row).

    ``num_edges`` adds empty hyperedges past the largest edge id; repeated incidences are
    merged.

    Raises
    ------
    InputError
        On a wrong shape, non-integer or negative ids.

    Examples
    --------
    >>> from_hyperedge_index([[0, 2, 1], [0, 0, 1]]).edges()
    [(0, 2), (1,)]
    """
    if isinstance(hyperedge_index, torch.Tensor):
        hyperedge_index = hyperedge_index.detach().cpu().numpy()
    a = np.asarray(hyperedge_index)
    if a.ndim != 2 or a.shape[0] != 2:
        raise InputError(f"hyperedge_index must have shape [2, nnz], got {list(a.shape)}")
    if a.size and (a.dtype == bool or not np.issubdtype(a.dtype, np.integer)):
        raise InputError(f"hyperedge_index must hold integers, got dtype {a.dtype}")
    a = a.astype(np.int64)
    if a.size and a.min() < 0:
        raise InputError("hyperedge_index holds a negative id")
    m = int(a[1].max(initial=-1)) + 1
    if num_edges is not None:
        if num_edges < m:
            raise InputError(f"hyperedge id {m - 1} is out of range for num_edges={num_edges}")
        m = int(num_edges)
    order = np.argsort(a[1], kind="stable")
    ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(a[1], minlength=m), out=ptr[1:])
    return Hypergraph.from_csr(ptr, a[0][order], num_nodes)


# ---------------------------------------------------------------------- networkx bipartite
def to_bipartite(h: Hypergraph) -> nx.Graph:
    """The bipartite incidence graph: nodes ``0 .. n-1`` (``bipartite=0``), hyperedges
    ``n .. n+m-1`` (``bipartite=1``, attribute ``time`` when ``h`` has times).

    Same numbering as :func:`hypergraph.projection.star_expansion`.

    Examples
    --------
    >>> G = to_bipartite(Hypergraph.from_edges([[0, 1], [1]]))
    >>> sorted(G.edges()), G.nodes[2]["bipartite"]
    ([(0, 2), (1, 2), (1, 3)], 1)
    >>> from_bipartite(G).edges()
    [(0, 1), (1,)]
    """
    import networkx as nx

    h = _check(h)
    g = nx.Graph()
    n = h.num_nodes
    if h.node_names is not None:
        g.add_nodes_from(
            (i, {"bipartite": 0, "name": s}) for i, s in enumerate(h.node_names.tolist())
        )
    else:
        g.add_nodes_from(range(n), bipartite=0)
    if h.times is not None:
        g.add_nodes_from(
            (n + e, {"bipartite": 1, "time": t}) for e, t in enumerate(h.times.tolist())
        )
    else:
        g.add_nodes_from(range(n, n + h.num_edges), bipartite=1)
    g.add_edges_from(zip(h.edge_nodes.tolist(), (n + h.edge_index_of_incidences()).tolist()))
    return g


def from_bipartite(g: nx.Graph, *, edge_side: int = 1) -> Hypergraph:
    """A :class:`Hypergraph` from a bipartite networkx graph with a ``bipartite`` attribute.

    Nodes whose ``bipartite`` attribute equals ``edge_side`` are hyperedges (their neighbours
    the members), the others are nodes; both keep the graph's node order (node keys that are
    not ``0 .. n-1`` go to ``node_names``).

    Raises
    ------
    InputError
        If a node lacks the ``bipartite`` attribute or two hyperedges are adjacent.
    """
    side = {}
    for v, d in g.nodes(data=True):
        if "bipartite" not in d:
            raise InputError(f"node {v!r} has no 'bipartite' attribute")
        side[v] = d["bipartite"] == edge_side
    vertices = [v for v in g if not side[v]]
    hyperedges = [v for v in g if side[v]]
    vindex = {v: i for i, v in enumerate(vertices)}
    members = []
    for e in hyperedges:
        ms = []
        for v in g.neighbors(e):
            if side[v]:
                raise InputError(f"hyperedges {e!r} and {v!r} are adjacent: not bipartite")
            ms.append(vindex[v])
        members.append(ms)
    names = None
    if vertices != list(range(len(vertices))):
        names = np.asarray([str(v) for v in vertices])
    elif all("name" in g.nodes[v] for v in vertices) and vertices:
        names = np.asarray([g.nodes[v]["name"] for v in vertices])
    times = None
    if hyperedges and all("time" in g.nodes[e] for e in hyperedges):
        times = np.asarray([g.nodes[e]["time"] for e in hyperedges])
    ptr = np.zeros(len(members) + 1, dtype=np.int64)
    np.cumsum([len(ms) for ms in members], out=ptr[1:])
    flat = np.asarray([v for ms in members for v in ms], dtype=np.int64)
    return Hypergraph.from_csr(ptr, flat, len(vertices), node_names=names, times=times)
