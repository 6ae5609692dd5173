"""The Hypergraph Interchange Format (HIF), format name ``hif``.

JSON with ``incidences``, ``nodes``, ``edges``, ``metadata`` and ``network-type``, implemented
here: HyperNetX's ``to_hif`` / ``from_hif`` fetch the schema over the network.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from graphlab.errors import DataFormatError

from ..core import Hypergraph
from . import jsonio

__all__ = ["read_hif", "write_hif"]


def read_hif(path: str | os.PathLike[str]) -> Hypergraph:
    """Read the Hypergraph Interchange Format (HIF) JSON, without a schema download.

    Nodes are numbered in the order of the ``nodes`` array, then of first appearance in
    ``incidences``; hyperedges likewise from ``edges`` then ``incidences`` (an edge listed in
    ``edges`` without incidences is an empty hyperedge). Node ids go to ``node_names`` unless
    nodes carry a ``name`` attribute (then to ``node_data["id"]``); edge ids to
    ``edge_data["id"]``. Edge attributes ``time`` (numbers) or ``timestamp`` (ISO-8601) become
    ``times``; ``metadata.label_names`` turns node ``label`` attributes into ``node_labels``.
    Incidence attributes (weights) are not kept.

    Raises
    ------
    DataFormatError
        On invalid JSON, a missing ``incidences`` array, or an element without its ``node`` /
        ``edge`` id (the message names the element, e.g. ``incidences[12]``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> H = Hypergraph.from_edges([[0, 1, 2], [2], [0, 1, 2]], times=[1.5, 2.0, 3.0])
    >>> p = write_hif(H, pathlib.Path(tempfile.mkdtemp()) / "h.hif.json")
    >>> read_hif(p).equals(H, metadata=False), read_hif(p).times.tolist()
    (True, [1.5, 2.0, 3.0])

    References
    ----------
    M. Coll et al., "HIF: The hypergraph interchange format for higher-order networks",
    arXiv:2507.11520, 2025 (schema: github.com/pszufe/HIF-standard).
    """
    path = Path(path)
    obj = jsonio.load_json(path)
    if not isinstance(obj, dict) or not isinstance(obj.get("incidences"), list):
        raise DataFormatError(f"{path}: not a HIF document (no 'incidences' array)")
    if obj.get("network-type", "undirected") != "undirected":
        raise DataFormatError(
            f"{path}: network-type {obj.get('network-type')!r}: only undirected hypergraphs "
            "are supported"
        )
    nodes_index: dict[Any, int] = {}
    node_records: list[dict[str, Any]] = []
    edges_index: dict[Any, int] = {}
    edge_records: list[dict[str, Any]] = []

    def key_of(item: Any, field: str, where: str) -> Any:
        if not isinstance(item, dict) or field not in item:
            raise DataFormatError(f"{path}: {where}: expected an object with a {field!r} id")
        k = item[field]
        if not isinstance(k, (str, int)) or isinstance(k, bool):
            raise DataFormatError(f"{path}: {where}: {field} id must be a string or integer")
        return k

    def attrs_of(item: dict[str, Any], where: str) -> dict[str, Any]:
        a = item.get("attrs") or {}
        if not isinstance(a, dict):
            raise DataFormatError(f"{path}: {where}: 'attrs' must be an object")
        return dict(a)

    for i, item in enumerate(obj.get("nodes") or []):
        k = key_of(item, "node", f"nodes[{i}]")
        if k not in nodes_index:
            nodes_index[k] = len(nodes_index)
            node_records.append(attrs_of(item, f"nodes[{i}]"))
    for i, item in enumerate(obj.get("edges") or []):
        k = key_of(item, "edge", f"edges[{i}]")
        if k not in edges_index:
            edges_index[k] = len(edges_index)
            edge_records.append(attrs_of(item, f"edges[{i}]"))
    pairs = np.empty((len(obj["incidences"]), 2), dtype=np.int64)
    for i, item in enumerate(obj["incidences"]):
        where = f"incidences[{i}]"
        e = key_of(item, "edge", where)
        v = key_of(item, "node", where)
        if e not in edges_index:
            edges_index[e] = len(edges_index)
            edge_records.append({})
        if v not in nodes_index:
            nodes_index[v] = len(nodes_index)
            node_records.append({})
        pairs[i] = edges_index[e], nodes_index[v]
    m, n = len(edges_index), len(nodes_index)
    order = np.argsort(pairs[:, 0], kind="stable")
    ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(pairs[:, 0], minlength=m), out=ptr[1:])
    meta = obj.get("metadata") or {}
    label_names = meta.get("label_names") if isinstance(meta, dict) else None
    kwargs = jsonio.split_node_records(node_records, label_names)
    ids = list(nodes_index)
    if ids != list(range(n)):  # ids of their own: the names, or kept as a column next to them
        if "node_names" in kwargs:
            kwargs["node_data"]["id"] = jsonio.typed_column(ids)
        else:
            kwargs["node_names"] = jsonio.typed_column(ids)
    ecols = jsonio.columns(edge_records)
    times = None
    for tk in ("time", "timestamp"):
        if times is None and tk in ecols and all(v is not None for v in ecols[tk]):
            times = jsonio.parse_times(ecols[tk].tolist())
            if times is not None:
                ecols.pop(tk)
    edge_ids = list(edges_index)
    if edge_ids != list(range(m)):
        ecols["id"] = jsonio.typed_column(edge_ids)
    return Hypergraph.from_csr(
        ptr,
        pairs[order, 1],
        n,
        times=times,
        edge_data=ecols,
        name=meta.get("name") if isinstance(meta, dict) else None,
        **kwargs,
    )


def _id_values(column: np.ndarray | None, length: int) -> list[Any] | None:
    """A column's values as HIF ids: distinct strings or integers (not bools), else None."""
    if column is None:
        return None
    values = column.tolist()
    ok = all(isinstance(v, str) for v in values) or all(
        isinstance(v, int) and not isinstance(v, bool) for v in values
    )
    if not ok or len(set(values)) != length:
        return None
    return values


def write_hif(h: Hypergraph, path: str | os.PathLike[str]) -> Path:
    """Write ``h`` as HIF JSON, atomically (``.gz`` gzips).

    Node ids are the node names when they are distinct strings or integers (read back as
    ``node_names`` of the same type), else ``0 .. n-1`` with the names as attribute ``name``;
    labels and other node columns are attributes. Edge ids are ``edge_data["id"]`` when
    distinct, else ``0 .. m-1`` (numeric times as attribute ``time``, ``datetime64`` as
    ``timestamp``, other edge columns as attributes); ``metadata`` holds the name and label
    names. :func:`read_hif` gives back an equal hypergraph.
    """
    path = Path(path)
    time_key = (
        "timestamp"
        if h.times is not None and np.issubdtype(h.times.dtype, np.datetime64)
        else "time"
    )
    node_records = jsonio.node_attr_records(h)
    node_ids: list[Any] = list(range(h.num_nodes))
    names = _id_values(h.node_names, h.num_nodes)
    if names is not None and "id" not in h.node_data:
        node_ids = names
        for r in node_records:
            r.pop("name", None)
    edge_records = jsonio.edge_attr_records(h, time_key)
    edge_ids: list[Any] = list(range(h.num_edges))
    given = _id_values(h.edge_data.get("id"), h.num_edges)
    if given is not None:
        edge_ids = given
        for r in edge_records:
            r.pop("id", None)
    nodes = [{"node": k, "attrs": r} for k, r in zip(node_ids, node_records)]
    edges = [{"edge": k, "attrs": r} for k, r in zip(edge_ids, edge_records)]
    eid = h.edge_index_of_incidences().tolist()
    incidences = [
        {"edge": edge_ids[e], "node": node_ids[v]} for e, v in zip(eid, h.edge_nodes.tolist())
    ]
    meta: dict[str, Any] = {}
    if h.name:
        meta["name"] = h.name
    if h.label_names is not None:
        meta["label_names"] = list(h.label_names)
    obj = {
        "network-type": "undirected",
        "metadata": meta,
        "nodes": nodes,
        "edges": edges,
        "incidences": incidences,
    }
    return jsonio.write_json(obj, path)
