"""Any model's per-node results, read and checked against the dataset's nodes.

The table has one row per node: the node's id (the dataset's id, or the edge-list file's own
id) and one or more per-node metrics (Hits@K, MRR, NDCG, ...), as CSV, TSV, Parquet or JSON
records (the formats :func:`graphlab.fileio.write_table` writes; ``graphlab analyze``'s
``node_metrics.csv`` is one).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from graphlab.errors import DataFormatError, DatasetNotFoundError, InputError
from graphlab.fileio import read_bytes

__all__ = ["choose_metric", "read_per_node"]

#: Column names read as per-node metrics, in the order a default is chosen from them.
METRIC_PATTERNS = (
    r"hits@\d+",
    r"mrr",
    r"ndcg@\d+",
    r"recall@\d+",
    r"precision@\d+",
    r"map@\d+",
    r"auc",
    r"ap",
)


def choose_metric(columns: list[str], metric: str | None) -> str:
    """The metric column: ``metric`` when given (it must exist), otherwise the first column
    whose name reads as a metric, by :data:`METRIC_PATTERNS` (Hits@K first).

    Raises
    ------
    InputError
        If ``metric`` is not a column, or none is given and no column reads as a metric.

    Examples
    --------
    >>> choose_metric(["node", "mrr", "hits@20"], None)
    'hits@20'
    >>> choose_metric(["node", "score"], "score")
    'score'
    """
    if metric is not None:
        if metric not in columns:
            raise InputError(
                f"--metric {metric!r}: the table has no such column (columns: {', '.join(columns)})"
            )
        return metric
    for pattern in METRIC_PATTERNS:
        for col in columns:
            if re.fullmatch(pattern, col.strip().lower()):
                return col
    raise InputError(
        f"no column reads as a per-node metric (hits@K, mrr, ndcg@K, ...): choose one with "
        f"--metric (columns: {', '.join(columns)})"
    )


def _shown(value: object) -> str:
    """A cell as the user wrote it: text quoted, numbers plain (``nan``, ``5.5``)."""
    if isinstance(value, str):
        return repr(str(value))  # a numpy str too, which reprs as np.str_('...')
    return str(value.item() if hasattr(value, "item") else value)


def _without_comment_lines(data: bytes) -> str:
    """The text with its comment lines (first non-blank character ``#``) left out.

    pandas' ``comment="#"`` would also cut a line at a ``#`` inside it, and so a node named
    ``c#`` (a tag of tags-math-sx) to ``c``.
    """
    lines = data.decode("utf-8").split("\n")  # read_bytes made every line end LF
    return "\n".join(ln for ln in lines if not ln.lstrip().startswith("#"))


def _read(path: Path, text_column: str | None = None) -> pd.DataFrame:
    """The table at ``path``; ``text_column`` (node names) is read as text, as written."""
    name = path.name.lower()
    try:
        if name.endswith(".parquet"):
            return pd.read_parquet(path)
        if name.endswith(".json"):
            return pd.read_json(
                path, orient="records", dtype=None if text_column is None else {text_column: str}
            )
        sep = "\t" if name.endswith((".tsv", ".tsv.gz")) else ","
        text = None if text_column is None else {text_column: str}
        return pd.read_csv(
            io.StringIO(_without_comment_lines(read_bytes(path))),
            # index_col=False: a row with more fields than the header is an error, not the
            # first column silently taken as the index (which shifted every column name)
            sep=sep, dtype=text, keep_default_na=text is None, index_col=False,
        )  # fmt: skip
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: the per-node table is empty") from None
    except (ValueError, OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
        first = str(err).strip().splitlines()[0][:160] if str(err).strip() else type(err).__name__
        raise DataFormatError(f"{path}: not a readable table ({first})") from None
    except Exception as err:  # pyarrow's own errors when a file is not Parquet
        if type(err).__module__.startswith("pyarrow"):
            raise DataFormatError(f"{path}: not a readable Parquet table ({err})") from None
        raise


def read_per_node(
    path: str | Path,
    ids: np.ndarray,
    *,
    metric: str | None = None,
    node_column: str = "node",
) -> tuple[pd.DataFrame, str]:
    """Read a per-node results table and map its node ids to positions.

    Parameters
    ----------
    path : path
        CSV (``,``), TSV, Parquet or JSON records; ``#`` starts a comment line in CSV / TSV.
    ids : int or str array [N]
        The dataset's node ids, by position (:meth:`graphlab.Graph.ids`). When they are names
        (numpy ``str``: a user's edge list of text ids), the table's node ids are read as text.
    metric : str, optional
        The metric column (default: :func:`choose_metric`).
    node_column : str
        The column of node ids.

    Returns
    -------
    frame : DataFrame
        ``node`` (positions ``0 .. N-1``) and the metric, one row per node, in table order.
    metric : str
        The metric column used.

    Raises
    ------
    DatasetNotFoundError
        If the file does not exist.
    InputError
        An empty table, no node or metric column, a node id that is not an integer (or, for
        named nodes, an empty one), an id the dataset does not have, a node listed twice, a
        metric value that is not a finite number (the message names the row, counted from 1
        after the header, and the id).

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "res.csv")
    ...     _ = open(p, "w").write("node,mrr\\n30,0.5\\n10,1\\n")
    ...     frame, metric = read_per_node(p, np.array([10, 20, 30]))
    >>> metric, frame["node"].tolist(), frame["mrr"].tolist()
    ('mrr', [2, 0], [0.5, 1.0])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = os.path.join(d, "res.csv")
    ...     _ = open(p, "w").write("node,mrr\\nbob,0.5\\n")
    ...     frame, metric = read_per_node(p, np.array(["ann", "bob"]))
    >>> frame["node"].tolist()
    [1]
    """
    path = Path(path)
    if not path.exists():
        raise DatasetNotFoundError(f"{str(path)!r}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a per-node table")
    names = np.asarray(ids).dtype.kind == "U"
    table = _read(path, node_column if names else None)
    columns = [str(c) for c in table.columns]
    table.columns = pd.Index(columns)
    if node_column not in columns:
        raise InputError(
            f"{path}: no node-id column {node_column!r} (columns: {', '.join(columns)}); "
            "name it with --node-column"
        )
    metric = choose_metric([c for c in columns if c != node_column], metric)
    if len(table) == 0:
        raise InputError(f"{path}: the per-node table has no rows")
    raw = table[node_column]
    if names:
        text = raw.astype(str).str.strip()
        bad = raw.isna() | (text == "")
        node_ids = text.to_numpy(dtype=str)
    else:
        node = pd.to_numeric(raw, errors="coerce")
        # beyond 2**62 no dataset has the id, and int64 would wrap it (shown as the user wrote)
        bad = node.isna() | (node != np.floor(node.fillna(0))) | (node.abs() >= 2.0**62)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"{path}: row {i + 1}: node id {_shown(raw.iloc[i])} is not "
            + ("a node name" if names else "an integer id of the dataset")
        )
    if not names:
        node_ids = node.to_numpy(np.int64)
    ids = np.asarray(ids) if names else np.asarray(ids, dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    where = np.searchsorted(ids, node_ids, sorter=order)
    where = np.minimum(where, len(ids) - 1)
    pos = order[where]
    unknown = ids[pos] != node_ids
    if unknown.any():
        missing = node_ids[unknown]
        shown = ", ".join(_shown(v) for v in missing[:3]) + (", ..." if missing.size > 3 else "")
        raise InputError(
            f"{path}: {missing.size:,} node id(s) the dataset does not have ({shown}; "
            f"the dataset has {len(ids):,} nodes)"
        )
    seen, first = np.unique(pos, return_index=True)
    if seen.size != pos.size:
        dup = np.setdiff1d(np.arange(pos.size), first)[0]
        raise InputError(f"{path}: row {dup + 1}: node {_shown(node_ids[dup])} is listed twice")
    values = pd.to_numeric(table[metric], errors="coerce").to_numpy(float)
    nonfinite = ~np.isfinite(values)
    if nonfinite.any():
        i = int(np.flatnonzero(nonfinite)[0])
        raise InputError(
            f"{path}: row {i + 1} (node {_shown(node_ids[i])}): {metric} is "
            f"{_shown(table[metric].iloc[i])}, not a finite number"
        )
    return pd.DataFrame({"node": pos, metric: values}), metric
