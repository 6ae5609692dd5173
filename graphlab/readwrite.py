"""Reading and writing plain edge lists.

An edge list has one edge per line: two integer node ids and an optional numeric weight,
separated by commas, tabs or spaces (detected from the first data line). Lines starting with
``#`` and blank lines are skipped; a first line that is not numeric is taken as a header.
Gzipped files are recognised by their name (``.gz``) or their content.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import DataFormatError, InputError, quote_content
from .fileio import atomic_path, read_bytes

__all__ = [
    "EdgeList",
    "compact_ids",
    "map_ids",
    "read_edge_list",
    "read_pairs",
    "write_edge_list",
]


@dataclass(frozen=True)
class EdgeList:
    """Pairs and optional weights read from a file, before they become a graph."""

    pairs: np.ndarray  # int64 [E, 2]
    weights: np.ndarray | None  # float64 [E]
    path: Path
    header: list[str] | None
    comment: str = "#"

    def line_of(self, row: int) -> int:
        """The file's line number (1-based) of pair ``row``, for messages (re-reads the file)."""
        seen = -1 if self.header is None else -2  # a header is the first data line, not a pair
        for number, line in enumerate(_read_text(self.path).splitlines(), 1):
            if line.strip() and not line.lstrip().startswith(self.comment):
                seen += 1
                if seen == row:
                    return number
        raise IndexError(row)  # pragma: no cover (rows come from this file)


#: Bytes that never occur in a text file: the C0 controls but tab, line feed, vertical tab, form
#: feed and carriage return, and DEL.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


def _read_text(path: Path) -> str:
    data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataFormatError(
            f"{path}: not a text file ({err.reason} at byte {err.start})"
        ) from None
    bad = _CONTROL.search(data)
    if bad is not None:
        line = data.count(b"\n", 0, bad.start()) + 1
        raise DataFormatError(
            f"{path}: line {line}: not a text file (control character {quote_content(bad.group())})"
        )
    return text


#: Node ids must be below 2**53 (exact as floats, far beyond any graph that fits in memory).
_MAX_ID = 1 << 53


def _is_number(tok: str) -> bool:
    try:
        float(tok)
    except ValueError:
        return False
    return True


def _split(line: str, sep: str | None) -> list[str]:
    return [t.strip() for t in line.split(sep)] if sep else line.split()


def read_pairs(
    path: str | os.PathLike[str], *, comment: str = "#", allow_empty: bool = False
) -> EdgeList:
    """Read integer node pairs (and an optional weight column) from an edge-list file.

    Parameters
    ----------
    path : path-like
        CSV, TSV or whitespace-separated text, optionally gzipped.
    comment : str, default "#"
        Lines starting with it are skipped.
    allow_empty : bool, default False
        Return zero pairs for a file without edges instead of raising.

    Returns
    -------
    EdgeList
        ``pairs`` int64 [E, 2], ``weights`` float64 [E] or None, the header if there was one.

    Raises
    ------
    DataFormatError
        Naming the file and line: wrong column count, non-integer or negative ids, non-numeric
        or NaN/infinite weights, a truncated gzip stream, or no edges at all.
    DatasetNotFoundError
        If the file does not exist.
    """
    path = Path(path)
    text = _read_text(path)
    fast = _read_pairs_fast(text, path, comment)
    if fast is not None:
        return fast
    # the slow path runs on irregular or bad files: it maps every row to its line number
    lines = text.splitlines()
    data_idx = [
        i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith(comment)
    ]
    header: list[str] | None = None
    sep: str | None = None
    if data_idx:
        first = lines[data_idx[0]]
        sep = "," if "," in first else ("\t" if "\t" in first else None)
        toks = _split(first, sep)
        if not all(_is_number(t) for t in toks[:2]):
            header = toks
            data_idx = data_idx[1:]
    if not data_idx:
        if allow_empty:
            return EdgeList(np.zeros((0, 2), np.int64), None, path, header)
        raise DataFormatError(f"{path}: holds no edges")
    body = "\n".join(lines[i] for i in data_idx)
    ncols = len(_split(lines[data_idx[0]], sep))
    if ncols not in (2, 3):
        raise DataFormatError(
            f"{path}: line {data_idx[0] + 1} has {ncols} columns; expected 2 (source target) "
            "or 3 (source target weight)"
        )
    values = _parse_columns(body, sep, ncols, path, data_idx)
    ids = values[:, :2]
    bad = ~np.isfinite(ids) | (np.mod(ids, 1) != 0)
    if bad.any():
        row = int(np.argmax(bad.any(axis=1)))
        raise DataFormatError(
            f"{path}: line {data_idx[row] + 1}: node ids must be integers, got "
            f"{quote_content(lines[data_idx[row]].strip())}"
        )
    if (ids < 0).any():
        row = int(np.argmax((ids < 0).any(axis=1)))
        raise DataFormatError(
            f"{path}: line {data_idx[row] + 1}: negative node id in "
            f"{quote_content(lines[data_idx[row]].strip())}"
        )
    if (ids >= _MAX_ID).any():
        row = int(np.argmax((ids >= _MAX_ID).any(axis=1)))
        raise DataFormatError(
            f"{path}: line {data_idx[row] + 1}: node id too large in "
            f"{quote_content(lines[data_idx[row]].strip())} (ids must be below 2**53); renumber "
            "the ids to 0..n-1 (e.g. with pandas.factorize)"
        )
    weights = None
    if ncols == 3:
        weights = values[:, 2]
        badw = ~np.isfinite(weights)
        if badw.any():
            row = int(np.argmax(badw))
            raise DataFormatError(
                f"{path}: line {data_idx[row] + 1}: weight must be a finite number, got "
                f"{float(weights[row])} in {quote_content(lines[data_idx[row]].strip())}"
            )
    return EdgeList(ids.astype(np.int64), weights, path, header, comment)


def _read_pairs_fast(text: str, path: Path, comment: str) -> EdgeList | None:
    """One pass of pandas' C parser for a regular file; ``None`` sends it to the checked path."""
    import pandas as pd

    skip, first = 0, None
    for line in io.StringIO(text):
        if line.strip() and not line.lstrip().startswith(comment):
            first = line
            break
        skip += 1
    if first is None:
        return None
    sep = "," if "," in first else ("\t" if "\t" in first else None)
    toks = _split(first, sep)
    header = None if all(_is_number(t) for t in toks[:2]) else toks
    ncols = len(toks)
    if ncols not in (2, 3):
        return None
    try:
        with warnings.catch_warnings():
            # an id such as 1e30 makes pandas warn while casting; the checked path reports it
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pd.read_csv(
                io.StringIO(text),
                sep=sep if sep else r"\s+",
                header=None,
                skiprows=skip + (header is not None),
                comment=comment,
                dtype={0: np.int64, 1: np.int64, 2: np.float64},
                float_precision="round_trip",
                engine="c",
            )
    except (ValueError, OverflowError, pd.errors.ParserError):
        return None
    if frame.shape[1] != ncols or frame.isna().to_numpy().any() or len(frame) == 0:
        return None
    pairs = frame[[0, 1]].to_numpy(dtype=np.int64)
    weights = frame[2].to_numpy(dtype=np.float64) if ncols == 3 else None
    if (pairs < 0).any() or (pairs >= _MAX_ID).any():
        return None
    if weights is not None and not np.isfinite(weights).all():
        return None
    return EdgeList(pairs, weights, path, header, comment)


def _parse_columns(body: str, sep: str | None, ncols: int, path: Path, data_idx: list[int]) -> Any:
    import pandas as pd

    try:
        frame = pd.read_csv(
            io.StringIO(body),
            sep=sep if sep else r"\s+",
            header=None,
            dtype=str,
            engine="c",
            skip_blank_lines=False,
            na_filter=False,
        )
    except pd.errors.ParserError as err:
        msg = str(err)
        # pandas counts lines of the filtered body; map back to the file's line numbers
        m = re.search(r"line (\d+), saw (\d+)", msg)
        if m:
            line = data_idx[int(m.group(1)) - 1] + 1
            raise DataFormatError(
                f"{path}: line {line} has {m.group(2)} columns; expected {ncols}"
            ) from None
        raise DataFormatError(f"{path}: {msg}") from None
    if frame.shape[1] != ncols:
        raise DataFormatError(f"{path}: expected {ncols} columns, found {frame.shape[1]}")
    cols = []
    for j in range(ncols):
        raw = frame[j].to_numpy(dtype=str)
        try:
            # numpy parses with Python's correctly rounded float(); pandas' fast parser does not
            # always round-trip
            cols.append(raw.astype(np.float64))
            continue
        except ValueError:
            pass
        num = pd.to_numeric(frame[j], errors="coerce").to_numpy(dtype=np.float64)
        row = int(np.argmax(np.isnan(num) & (np.char.lower(raw) != "nan")))
        what = "node id" if j < 2 else "weight"
        raise DataFormatError(
            f"{path}: line {data_idx[row] + 1}: {what} {quote_content(str(raw[row]))} is not a "
            "number"
            if raw[row] != ""
            else f"{path}: line {data_idx[row] + 1} has fewer than {ncols} columns"
        )
    return np.stack(cols, axis=1)


def read_edge_list(
    path: str | os.PathLike[str],
    *,
    num_nodes: int | None = None,
    directed: bool = False,
    weighted: bool | None = None,
    self_loops: bool = False,
    relabel: bool = False,
) -> Any:
    """Read an edge-list file into a :class:`graphlab.Graph`.

    Parameters
    ----------
    path : path-like
        See :func:`read_pairs` for the format.
    num_nodes : int, optional
        Number of nodes; ``max id + 1`` when omitted. Ids ``>= num_nodes`` are an error. The
        file's ids are then positions ``0 .. num_nodes - 1`` (nodes that no line names are
        isolated), so it is never combined with ``relabel``: it turns relabelling off.
    directed : bool, default False
    weighted : bool, optional
        Use the third column as weights; by default whenever the file has one.
    self_loops : bool, default False
        Keep ``(v, v)`` lines.
    relabel : bool, default False
        Compact the ids that occur in the file to ``0 .. n-1`` in ascending order and keep the
        file's ids as the graph's :attr:`~graphlab.Graph.node_ids` (``None`` when they already
        are ``0 .. n-1``, so such a file gives the same graph either way). The graph then has
        only the nodes the file names, whatever their ids (``1`` and ``10000000`` are two
        nodes). Off by default: without it the ids are the positions, as the API always had
        them (callers index arrays by them); the ``graphlab`` commands read files with it on.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "g.csv"
    >>> _ = f.write_text("source,target\\n0,1\\n1,2\\n2,0\\n")
    >>> read_edge_list(f)
    Graph(num_nodes=3, num_edges=3, directed=False, weighted=False)
    >>> _ = f.write_text("5,10\\n10,20\\n20,5\\n20,30\\n")
    >>> g = read_edge_list(f, relabel=True)
    >>> g.num_nodes, g.node_ids.tolist()
    (4, [5, 10, 20, 30])
    """
    from .graph import Graph

    el = read_pairs(path)
    node_ids = None
    if relabel and num_nodes is None:
        pairs, node_ids = compact_ids(el.pairs)
        el = EdgeList(pairs, el.weights, el.path, el.header, el.comment)
    else:
        _check_id_space(el, num_nodes)
    use_w = el.weights is not None if weighted is None else weighted
    if use_w and el.weights is None:
        raise InputError(f"{el.path}: weighted=True but the file has no weight column")
    if use_w and el.weights is not None and (el.weights < 0).any():
        row = int(np.argmax(el.weights < 0))
        raise DataFormatError(
            f"{el.path}: line {el.line_of(row)}: negative weight {el.weights[row]:g} "
            "(edge weights must be >= 0)"
        )
    try:
        graph = Graph.from_coo(
            el.pairs[:, 0],
            el.pairs[:, 1],
            num_nodes,
            el.weights if use_w else None,
            directed=directed,
            self_loops=self_loops,
            name=str(el.path),
        )
    except InputError as err:
        raise DataFormatError(str(err)) from None
    return graph if node_ids is None else graph.with_node_ids(node_ids)


def _check_id_space(el: EdgeList, num_nodes: int | None) -> None:
    """Ids below ``num_nodes``, and an id space that fits (:func:`graphlab.csr.check_id_space`)
    before anything is allocated: the checks of a file whose ids are positions."""
    from .csr import check_id_space

    top = int(el.pairs.max()) if el.pairs.size else -1
    if num_nodes is not None and top >= num_nodes:
        row = int(np.argmax((el.pairs >= num_nodes).any(axis=1)))
        raise DataFormatError(
            f"{el.path}: line {el.line_of(row)}: edge ({el.pairs[row, 0]}, {el.pairs[row, 1]}) "
            f"names a node >= num_nodes={num_nodes}"
        )
    problem = check_id_space(
        top + 1 if num_nodes is None else num_nodes, el.pairs.size, inferred=num_nodes is None
    )
    if problem is not None:
        if num_nodes is not None:
            raise InputError(f"num_nodes={num_nodes:,} {problem}")
        row = int(np.argmax(el.pairs.max(axis=1)))
        raise DataFormatError(
            f"{el.path}: line {el.line_of(row)}: node id {top:,}, which {problem}"
        )


def compact_ids(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """The ids of ``pairs`` compacted to ``0 .. n-1`` in ascending order, and the original id of
    each compact one (``None`` when the ids already are ``0 .. n-1``: nothing to map).

    ``pairs`` may be any array of ids (the flat members of hyperedges too); the result has its
    shape.

    Costs O(E + max id) when the ids are dense, a sort of the 2E ids otherwise; never an array
    as long as the largest id when that id is far beyond the number of pairs.

    Examples
    --------
    >>> p, ids = compact_ids(np.array([[5, 10], [10, 20], [20, 5], [20, 30]]))
    >>> p.tolist(), ids.tolist()
    ([[0, 1], [1, 2], [2, 0], [2, 3]], [5, 10, 20, 30])
    >>> compact_ids(np.array([[0, 1], [1, 2]]))[1] is None
    True
    """
    pairs = np.asarray(pairs, dtype=np.int64)
    if pairs.size == 0:
        return pairs, None
    flat = pairs.ravel()
    top = int(flat.max())
    if top < 4 * flat.size + 1024:  # dense: a presence mask as long as the id space
        present = np.zeros(top + 1, dtype=bool)
        present[flat] = True
        if present.all():
            return pairs, None
        labels = np.flatnonzero(present)
        position = np.cumsum(present, dtype=np.int64) - 1
        return position[pairs], labels
    labels, inverse = np.unique(flat, return_inverse=True)
    return inverse.reshape(pairs.shape).astype(np.int64, copy=False), labels


def map_ids(el: EdgeList, node_ids: np.ndarray | None, num_nodes: int, what: str) -> np.ndarray:
    """The pairs of ``el`` (ids of the user, as in the file) as positions of a graph whose node
    ids are ``node_ids`` (``None``: positions ``0 .. num_nodes - 1``).

    Raises
    ------
    DataFormatError
        Naming the file and line of the first pair with an id that is no node of the graph.
    """
    pairs = el.pairs
    if node_ids is None:
        known = pairs < num_nodes
        mapped = pairs
    elif node_ids.size == 0:
        known = np.zeros(pairs.shape, dtype=bool)
        mapped = pairs
    else:
        order = None if (np.diff(node_ids) > 0).all() else np.argsort(node_ids, kind="stable")
        at = np.minimum(np.searchsorted(node_ids, pairs, sorter=order), node_ids.size - 1)
        mapped = at if order is None else order[at]
        known = node_ids[mapped] == pairs
    bad = ~known.all(axis=1)
    if bad.any():
        row = int(np.argmax(bad))
        col = int(np.argmin(known[row]))
        raise DataFormatError(
            f"{el.path}: line {el.line_of(row)}: node {pairs[row, col]} of pair "
            f"({pairs[row, 0]}, {pairs[row, 1]}) is not a node of {what}"
        )
    return np.asarray(mapped, dtype=np.int64)


def write_edge_list(graph: Any, path: str | os.PathLike[str], *, header: bool = True) -> Path:
    """Write a graph's edges (one line per edge, ``u <= v`` if undirected) as CSV, atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        graph.to_pandas().to_csv(
            tmp,
            index=False,
            header=header,
            compression="gzip" if path.name.endswith(".gz") else None,
        )
    return path
