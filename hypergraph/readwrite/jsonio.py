"""JSON helpers shared by the XGI and HIF formats: parsing with line numbers, atomic writes,
times, and per-node / per-edge attribute records <-> columns.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from graphlab.errors import DataFormatError
from graphlab.fileio import atomic_path, read_bytes

from ..core import Hypergraph
from .common import write_bytes

__all__ = [
    "columns",
    "edge_attr_records",
    "load_json",
    "node_attr_records",
    "parse_times",
    "split_node_records",
    "times_json",
    "write_json",
]


def load_json(path: Path) -> Any:
    """Parse a JSON file (gzipped or not); invalid JSON is an error naming its line."""
    data = read_bytes(path)
    try:
        return json.loads(data)
    except json.JSONDecodeError as err:
        raise DataFormatError(f"{path}: line {err.lineno}: invalid JSON ({err.msg})") from None
    except UnicodeDecodeError:
        raise DataFormatError(f"{path}: not UTF-8 JSON") from None


def write_json(obj: Any, path: Path) -> Path:
    """Write ``obj`` as indented JSON, atomically; numpy scalars become JSON numbers."""
    data = (json.dumps(obj, indent=1, default=_json_value) + "\n").encode()
    with atomic_path(path) as tmp:
        write_bytes(tmp, path, data)
    return path


def _json_value(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    raise TypeError(f"not JSON serialisable: {type(v).__name__}")


def parse_times(values: list[Any]) -> np.ndarray | None:
    """Numbers -> numeric array; ISO-8601 strings -> datetime64[s]; otherwise None."""
    if not values:
        return None
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return np.asarray(values)
    if all(isinstance(v, str) for v in values):
        try:
            return np.asarray(values, dtype="datetime64[s]")
        except ValueError:
            return None
    return None


def times_json(times: np.ndarray) -> list[Any]:
    """Times as JSON values: ``datetime64`` as ISO-8601 strings (seconds), numbers as they are."""
    if np.issubdtype(times.dtype, np.datetime64):
        return np.datetime_as_string(times.astype("datetime64[s]"), unit="s").tolist()
    return times.tolist()


def columns(records: list[dict[str, Any]], skip: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """Per-record dicts -> columns: typed (int, float, bool, str) when every record holds a value
    of one such type, else object (``None`` where a record lacks the key)."""
    keys: dict[str, None] = {}
    for r in records:
        keys.update(dict.fromkeys(r))
    out = {}
    for k in keys:
        if k in skip:
            continue
        values = [r.get(k) for r in records]
        out[k] = typed_column(values)
    return out


def typed_column(values: Sequence[Any]) -> np.ndarray:
    """``values`` as an int64 / float64 / bool / str array when all are of that one type, else
    an object array (so that a JSON round trip gives back the column's type)."""
    kinds = {type(v) for v in values}
    if len(kinds) == 1 and values:
        kind = kinds.pop()
        if kind in (bool, int, float, str):
            try:
                return np.asarray(values, dtype={bool: bool, int: np.int64, float: np.float64,
                                                 str: str}[kind])  # fmt: skip
            except OverflowError:  # an int past int64
                pass
    col = np.empty(len(values), dtype=object)
    col[:] = list(values)
    return col


def node_attr_records(h: Hypergraph) -> list[dict[str, Any]]:
    """One attribute dict per node: ``name``, ``label`` (its name when known), node columns."""
    records: list[dict[str, Any]] = [{} for _ in range(h.num_nodes)]
    if h.node_names is not None:
        for r, v in zip(records, h.node_names.tolist()):
            r["name"] = v
    if h.node_labels is not None:
        names = h.label_names
        for r, v in zip(records, h.node_labels.tolist()):
            if v >= 0:  # -1 (unknown) is no label
                r["label"] = names[v] if names is not None else v
    for k, col in h.node_data.items():
        for r, v in zip(records, col.tolist()):
            if v is not None:
                r[k] = v
    return records


def edge_attr_records(h: Hypergraph, time_key: str) -> list[dict[str, Any]]:
    """One attribute dict per hyperedge: edge columns and the time under ``time_key``."""
    records: list[dict[str, Any]] = [{} for _ in range(h.num_edges)]
    for k, col in h.edge_data.items():
        for r, v in zip(records, col.tolist()):
            if v is not None:
                r[k] = v
    if h.times is not None:
        for r, v in zip(records, times_json(h.times)):
            r[time_key] = v
    return records


def split_node_records(
    records: list[dict[str, Any]], label_names: Sequence[str] | None
) -> dict[str, Any]:
    """Per-node attribute dicts -> node_names / node_labels / node_data keyword arguments."""
    cols = columns(records)
    out: dict[str, Any] = {}
    if "name" in cols and all(v is not None for v in cols["name"]):
        out["node_names"] = np.asarray(cols.pop("name").tolist())
    if "label" in cols and label_names is not None:
        index = {s: i for i, s in enumerate(label_names)}
        labels = cols["label"].tolist()
        if all(v is None or v in index for v in labels):
            cols.pop("label")
            out["node_labels"] = np.asarray(
                [-1 if v is None else index[v] for v in labels], dtype=np.int64
            )
            out["label_names"] = list(label_names)
    elif "label" in cols and all(
        v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in cols["label"]
    ):
        out["node_labels"] = np.asarray(
            [-1 if v is None else v for v in cols.pop("label").tolist()], dtype=np.int64
        )
    out["node_data"] = cols
    return out
