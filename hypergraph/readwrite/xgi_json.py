"""XGI's JSON format (``hypergraph-data``, ``node-data``, ``edge-data``, ``edge-dict``), read
and written without XGI, format name ``xgi-json``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from graphlab.errors import DataFormatError

from ..core import Hypergraph
from .jsonio import (
    columns,
    edge_attr_records,
    load_json,
    node_attr_records,
    parse_times,
    split_node_records,
    write_json,
)

__all__ = ["read_xgi_json", "write_xgi_json"]


def read_xgi_json(path: str | os.PathLike[str]) -> Hypergraph:
    """Read XGI's JSON format (``node-data``, ``edge-data``, ``edge-dict``), without XGI.

    Nodes are numbered in the order of ``node-data``, then of first appearance in
    ``edge-dict``; their JSON ids go to ``node_names`` unless the nodes carry a ``name``
    attribute, in which case the ids go to ``node_data["id"]``. Hyperedges keep the order of
    ``edge-dict``, their ids in ``edge_data["id"]``. Ids ``"0" .. "n-1"`` in order are plain
    positions (kept nowhere); ids that are all canonical integers are read as integers (JSON
    keys are strings: this is how integer names come back). An edge attribute ``timestamp`` of
    ISO-8601 strings (or numbers) becomes ``times``.

    Raises
    ------
    DataFormatError
        On invalid JSON (with its line), a missing ``edge-dict``, or an edge that is not a list
        of node ids.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "h.json"
    >>> _ = p.write_text('{"node-data": {"a": {}, "b": {}}, "edge-data": {}, '
    ...                  '"edge-dict": {"e1": ["a", "b"], "e2": ["c"]}}')
    >>> H = read_xgi_json(p)
    >>> H.edges(), H.node_names.tolist()
    ([(0, 1), (2,)], ['a', 'b', 'c'])
    """
    path = Path(path)
    obj = load_json(path)
    if not isinstance(obj, dict) or not isinstance(obj.get("edge-dict"), dict):
        raise DataFormatError(f"{path}: not an XGI JSON hypergraph (no 'edge-dict' object)")
    node_data = obj.get("node-data") or {}
    edge_data = obj.get("edge-data") or {}
    if not isinstance(node_data, dict) or not isinstance(edge_data, dict):
        raise DataFormatError(f"{path}: 'node-data' and 'edge-data' must be JSON objects")
    index: dict[Any, int] = {k: i for i, k in enumerate(node_data)}
    ptr = [0]
    flat: list[int] = []
    edge_ids = list(obj["edge-dict"])
    for eid in edge_ids:
        members = obj["edge-dict"][eid]
        if not isinstance(members, list) or not all(isinstance(v, (str, int)) for v in members):
            raise DataFormatError(
                f"{path}: edge-dict[{eid!r}]: expected a list of node ids, got {members!r:.80}"
            )
        for v in members:
            key = str(v)
            if key not in index:
                index[key] = len(index)
            flat.append(index[key])
        ptr.append(len(flat))
    ids = list(index)
    node_records = [node_data.get(k) or {} for k in ids]
    node_keys, edge_keys = _key_values(ids), _key_values(edge_ids)
    edge_records = [edge_data.get(e) or {} for e in edge_ids]
    meta = obj.get("hypergraph-data") or {}
    label_names = meta.get("label_names") if isinstance(meta, dict) else None
    kwargs = split_node_records(node_records, label_names)
    if node_keys is not None:  # ids of their own: the names, or a column next to them
        if "node_names" in kwargs:
            kwargs["node_data"]["id"] = node_keys
        else:
            kwargs["node_names"] = node_keys
    ecols = columns(edge_records)
    times = None
    if "timestamp" in ecols and all(v is not None for v in ecols["timestamp"]):
        times = parse_times(ecols["timestamp"].tolist())
        if times is not None:
            ecols.pop("timestamp")
    if edge_keys is not None:
        ecols["id"] = edge_keys
    return Hypergraph.from_csr(
        np.asarray(ptr),
        np.asarray(flat, dtype=np.int64),
        len(ids),
        times=times,
        edge_data=ecols,
        name=meta.get("name") if isinstance(meta, dict) else None,
        **kwargs,
    )


def _key_values(keys: list[str]) -> np.ndarray | None:
    """JSON object keys as ids: None for ``"0" .. "n-1"`` in order (plain positions), int64 when
    every key is a canonical integer (``"5"``, not ``"05"``), else strings."""
    if keys == [str(i) for i in range(len(keys))]:
        return None
    try:
        ints = [int(k) for k in keys]
    except ValueError:
        return np.asarray(keys, dtype=str)
    if [str(i) for i in ints] == keys:
        return np.asarray(ints, dtype=np.int64)
    return np.asarray(keys, dtype=str)


def write_xgi_json(h: Hypergraph, path: str | os.PathLike[str]) -> Path:
    """Write ``h`` in XGI's JSON format, atomically (``.gz`` gzips).

    Node ids are ``node_data["id"]`` or ``node_names`` when those are distinct, else the
    integer ids; edge ids are ``edge_data["id"]`` when distinct, else ``0 .. m-1``. Times go to
    the edge attribute ``timestamp`` (ISO-8601 for ``datetime64``).
    """
    path = Path(path)
    nd, ed = h.node_data, h.edge_data
    node_records = node_attr_records(h)
    if "id" in nd and len(set(nd["id"].tolist())) == h.num_nodes:
        node_ids = [str(v) for v in nd["id"].tolist()]
        for r in node_records:
            r.pop("id", None)
    elif h.node_names is not None and len(set(h.node_names.tolist())) == h.num_nodes:
        node_ids = [str(v) for v in h.node_names.tolist()]
        for r in node_records:
            r.pop("name", None)
    else:
        node_ids = [str(i) for i in range(h.num_nodes)]
    edge_records = edge_attr_records(h, "timestamp")
    if "id" in ed and len(set(ed["id"].tolist())) == h.num_edges:
        edge_ids = [str(v) for v in ed["id"].tolist()]
        for r in edge_records:
            r.pop("id", None)
    else:
        edge_ids = [str(i) for i in range(h.num_edges)]
    members = [[node_ids[v] for v in e] for e in h.edges()]
    meta: dict[str, Any] = {"name": h.name} if h.name else {}
    if h.label_names is not None:
        meta["label_names"] = list(h.label_names)
    obj = {
        "hypergraph-data": meta,
        "node-data": dict(zip(node_ids, node_records)),
        "edge-data": dict(zip(edge_ids, edge_records)),
        "edge-dict": dict(zip(edge_ids, members)),
    }
    return write_json(obj, path)
