"""Reading and writing plain edge lists.

An edge list has one edge per line: two node ids and an optional numeric weight, separated by
commas, tabs or spaces (detected from the first data line). Lines starting with ``#`` and blank
lines are skipped. Gzipped files are recognised by their name (``.gz``) or their content.

Node ids are integers (``0 <= id < 2**53``) or names (text ids):

- A file whose id columns hold only numbers is a file of integer ids, read as always: a
  number that is not a whole one (``2.5``) or a negative one is an error naming its line. A
  first line that is not numeric is its header. A whole number ``>= 2**53`` (a 19-digit
  snowflake or tweet id) cannot be a position: with ``relabel=True`` (and no ``num_nodes``)
  the file is read as one of text ids, so every id keeps its digits exactly
  (``9007199254740993`` and ``9007199254740992`` are two nodes); as positions it is an error.
- A file in which some id is not a number (``alice``, ``10.1000/xyz``, ``c++``) is a file of
  text ids: every id is its text, so ``1``, ``01`` and ``1.0`` are three nodes. An id is the
  text between two separators with the spaces at its ends removed: it cannot hold the separator
  (no quoting: an id starting with a quote is an error), may hold inner spaces in a CSV or TSV
  file and ``#`` anywhere but at the start of the line (a line starting with ``#`` is a
  comment); an empty id is an error naming its line. Control characters are refused for the
  whole file (it is not text). The first line is a header when the ids it names occur on no
  other line (``source,target`` above edges of tags) or when its third column, the weight, is
  not a number; so a file whose first edge joins two nodes that no other edge names needs a
  header line. A later line equal to a header line is an error naming both lines (a header
  pasted twice is no edge between nodes named ``source`` and ``target``).

Text ids reach a graph through ``read_edge_list(..., relabel=True)``, which keeps them, sorted,
as the graph's :attr:`~graphlab.Graph.node_ids` (a numpy ``str`` array; ids that are all digit
strings, as the whole numbers beyond ``2**53``, in numeric order); without ``relabel`` the ids
are positions and must be integers.
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
from .ids import compact_ids, is_number

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

    pairs: np.ndarray  # int64 [E, 2]: the file's ids, or ranks into ``labels``
    weights: np.ndarray | None  # float64 [E]
    path: Path
    header: list[str] | None
    comment: str = "#"
    #: A file of text ids: its distinct ids, sorted (numpy str); ``pairs`` holds their ranks.
    labels: np.ndarray | None = None

    def shown(self, row: int, col: int | None = None) -> str:
        """Id ``col`` of pair ``row`` (both ids when ``col`` is None) as messages show it: an
        integer plain, a text id quoted."""
        if col is None:
            return f"({self.shown(row, 0)}, {self.shown(row, 1)})"
        value = self.pairs[row, col]
        return str(value) if self.labels is None else quote_content(str(self.labels[value]))

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


def _split(line: str, sep: str | None) -> list[str]:
    return [t.strip() for t in line.split(sep)] if sep else line.split()


def read_pairs(
    path: str | os.PathLike[str],
    *,
    comment: str = "#",
    allow_empty: bool = False,
    text_ids: bool = False,
    huge_ids_as_text: bool = False,
) -> EdgeList:
    """Read node pairs (and an optional weight column) from an edge-list file.

    Parameters
    ----------
    path : path-like
        CSV, TSV or whitespace-separated text, optionally gzipped; integer or text ids (see the
        module's notes for the rules of each and of a header line).
    comment : str, default "#"
        Lines starting with it are skipped.
    allow_empty : bool, default False
        Return zero pairs for a file without edges instead of raising.
    text_ids : bool, default False
        Read every id as text, even in a file of numbers (to find a file's ids among the text
        ids of a graph: ``007`` stays ``007``).
    huge_ids_as_text : bool, default False
        Read a file of whole numbers with an id ``>= 2**53`` (too large to be a position, or
        exact as a float) as a file of text ids instead of refusing it.

    Returns
    -------
    EdgeList
        ``pairs`` int64 [E, 2], ``weights`` float64 [E] or None, the header if there was one.
        A file of text ids has its sorted distinct ids in ``labels`` (numpy str) and their
        ranks in ``pairs``.

    Raises
    ------
    DataFormatError
        Naming the file and line: wrong column count, a number id that is not a whole one or
        is negative, an empty or quoted text id, non-numeric or NaN/infinite weights, a
        truncated gzip stream, or no edges at all.
    DatasetNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "tags.csv"
    >>> _ = f.write_text("source,target\\nlinear-algebra,matrices\\nmatrices,calculus\\n")
    >>> el = read_pairs(f)
    >>> el.header, el.labels.tolist(), el.pairs.tolist()
    (['source', 'target'], ['calculus', 'linear-algebra', 'matrices'], [[1, 2], [2, 0]])
    """
    path = Path(path)
    text = _read_text(path)
    fast = None if text_ids else _read_pairs_fast(text, path, comment)
    if fast is not None:
        return fast
    # the slow path runs on irregular or bad files and on text ids: it maps every row to its
    # line number
    lines = text.splitlines()
    data_idx = _data_lines(text, lines, comment)
    header: list[str] | None = None
    header_at = -1
    sep: str | None = None
    if data_idx:
        first = lines[data_idx[0]]
        sep = "," if "," in first else ("\t" if "\t" in first else None)
        toks = _split(first, sep)
        if not all(is_number(t) for t in toks[:2]):
            header, header_at = toks, data_idx[0]
            data_idx = data_idx[1:]
    if not data_idx:
        if allow_empty:
            return EdgeList(np.zeros((0, 2), np.int64), None, path, header)
        if header is not None:
            raise DataFormatError(
                f"{path}: holds no edges (its only line, {quote_content(lines[header_at])}, is "
                "read as a header; a file of one edge between names needs a header line above it)"
            )
        raise DataFormatError(f"{path}: holds no edges")
    quotes = '"' in text or "'" in text
    try:
        ncols = _column_count(lines, data_idx, sep, path)
        raw = _raw_columns(lines, data_idx, sep, ncols, path)
    except DataFormatError:
        if quotes:  # a quoted id holding the separator splits its line: name the cause
            _refuse_quoted(lines, data_idx, sep, path)
        raise
    if quotes and header is not None and len(header) != ncols:
        _refuse_quoted(lines, [header_at], sep, path)  # a quoted edge, not a header
    if text_ids or not all(_all_numbers(raw[j]) for j in range(2)):
        if header is not None:
            _refuse_repeated_header(header, header_at, raw, ncols, path, lines, data_idx)
        if header is not None and not _is_header(header, raw, ncols):
            data_idx, header = [header_at, *data_idx], None  # the first line is an edge
            ncols = _column_count(lines, data_idx, sep, path)
            raw = _raw_columns(lines, data_idx, sep, ncols, path)
        return _text_pairs(raw, ncols, path, header, comment, lines, data_idx, quotes)
    values = _numbers(raw, ncols, path, data_idx)
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
        if huge_ids_as_text:  # the ids as the file writes them: floats would merge neighbours
            return _text_pairs(raw, ncols, path, header, comment, lines, data_idx, quotes)
        row = int(np.argmax((ids >= _MAX_ID).any(axis=1)))
        raise DataFormatError(
            f"{path}: line {data_idx[row] + 1}: node id too large in "
            f"{quote_content(lines[data_idx[row]].strip())} (ids must be below 2**53); renumber "
            "the ids to 0..n-1 (e.g. with pandas.factorize), or read the file with relabel=True "
            "and without num_nodes (on the command line: without --num-nodes)"
        )
    weights = None if ncols == 2 else _checked_weights(values[:, 2], path, lines, data_idx)
    return EdgeList(ids.astype(np.int64), weights, path, header, comment)


def _data_lines(text: str, lines: list[str], comment: str) -> list[int]:
    """Indices of the lines that are neither blank nor comments; a file without such lines
    (most) is told by scans of its text, not a look at every line."""
    if not (
        text[:1].isspace()
        or text.startswith(comment)
        or "\n\n" in text
        or "\n" + comment in text
        or re.search(r"\n[ \t\f\v\r]", text) is not None
        or re.search(r"\r[^\n]", text) is not None  # old Mac line ends: lines to look at
        # characters that str.splitlines breaks lines at, besides \n and \r
        or any(c in text for c in "\v\f\x1c\x1d\x1e\x85\u2028\u2029")
    ):
        return list(range(len(lines)))
    return [i for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith(comment)]


def _column_count(lines: list[str], data_idx: list[int], sep: str | None, path: Path) -> int:
    ncols = len(_split(lines[data_idx[0]], sep))
    if ncols not in (2, 3):
        raise DataFormatError(
            f"{path}: line {data_idx[0] + 1} has {ncols} columns; expected 2 (source target) "
            "or 3 (source target weight)"
        )
    return ncols


def _all_numbers(raw: np.ndarray) -> bool:
    try:
        raw.astype(np.float64)
    except ValueError:
        return False
    return True


def _is_header(header: list[str], raw: list[np.ndarray], ncols: int) -> bool:
    """Whether the first line of a file of text ids is its header: its weight is not a number,
    or the ids it names occur on no other line (see the module's notes)."""
    if ncols == 3 and len(header) == 3:
        return not is_number(header[2])
    return not any((raw[j] == name).any() for name in header[:2] for j in range(2))


#: Why an id may not start with a quote (see the module's notes).
_QUOTED = "a quoted node id (ids are not quoted; an id cannot hold the separator)"


def _refuse_quoted(lines: list[str], idx: list[int], sep: str | None, path: Path) -> None:
    """Refuse the first of the lines ``idx`` with a cell that starts with a quote."""
    for i in idx:
        if any(cell.startswith(('"', "'")) for cell in _split(lines[i], sep)):
            raise DataFormatError(
                f"{path}: line {i + 1}: {_QUOTED} in {quote_content(lines[i].strip())}"
            )


def _refuse_repeated_header(
    header: list[str],
    header_at: int,
    raw: list[np.ndarray],
    ncols: int,
    path: Path,
    lines: list[str],
    data_idx: list[int],
) -> None:
    """Refuse a line equal to the first when, but for such lines, the first is the header (a
    header pasted twice, files concatenated): read as an edge, it would join two nodes named
    like the columns. A line equal to a first line that is an edge is a repeated edge."""
    if len(header) != ncols:
        return
    same = np.logical_and.reduce([raw[j] == header[j] for j in range(ncols)])
    if not same.any() or not _is_header(header, [r[~same] for r in raw], ncols):
        return
    row = int(np.argmax(same))
    raise DataFormatError(
        f"{path}: line {data_idx[row] + 1} repeats the header line {header_at + 1} "
        f"({quote_content(lines[header_at].strip())}); remove it (or, if line {header_at + 1} "
        "is an edge, add a header line above it)"
    )


def _text_pairs(
    raw: list[np.ndarray],
    ncols: int,
    path: Path,
    header: list[str] | None,
    comment: str,
    lines: list[str],
    data_idx: list[int],
    quotes: bool,
) -> EdgeList:
    """The pairs of a file of text ids: each id is its text (checked: not empty, not quoted;
    ``quotes``: whether the file holds a quote at all)."""
    import pandas as pd

    flat = pd.Series(np.concatenate([raw[0], raw[1]]), dtype=object)
    for what, bad in (
        ("an empty node id", (flat == "").to_numpy()),
        (_QUOTED, _starts_with_quote(flat, quotes)),
    ):  # fmt: skip
        if bad.any():
            row = int(np.argmax(bad)) % len(raw[0])
            raise DataFormatError(
                f"{path}: line {data_idx[row] + 1}: {what} in "
                f"{quote_content(lines[data_idx[row]].strip())}"
            )
    ranks, labels = compact_ids(flat.to_numpy())
    pairs = ranks.reshape(2, -1).T.copy()
    weights = None
    if ncols == 3:
        w = _numbers([raw[2]], 1, path, data_idx, first_col=2)[:, 0]
        weights = _checked_weights(w, path, lines, data_idx)
    return EdgeList(pairs, weights, path, header, comment, labels)


def _starts_with_quote(cells: Any, quotes: bool) -> np.ndarray:
    """Which of ``cells`` (a pandas Series of str) start with a quote; ``quotes``: whether the
    file holds one at all (most do not: one scan of the text then answers)."""
    if not quotes:
        return np.zeros(len(cells), dtype=bool)
    return np.asarray(cells.str.startswith(('"', "'")).to_numpy(dtype=bool))


def _checked_weights(
    weights: np.ndarray, path: Path, lines: list[str], data_idx: list[int]
) -> np.ndarray:
    badw = ~np.isfinite(weights)
    if badw.any():
        row = int(np.argmax(badw))
        raise DataFormatError(
            f"{path}: line {data_idx[row] + 1}: weight must be a finite number, got "
            f"{float(weights[row])} in {quote_content(lines[data_idx[row]].strip())}"
        )
    return weights


def _read_pairs_fast(text: str, path: Path, comment: str) -> EdgeList | None:
    """One pass of pandas' C parser for a regular file; ``None`` sends it to the checked path."""
    import pandas as pd

    skip, first, at = 0, None, 0
    for line in io.StringIO(text):
        at += len(line)
        if line.strip() and not line.lstrip().startswith(comment):
            first = line
            break
        skip += 1
    if first is None:
        return None
    sep = "," if "," in first else ("\t" if "\t" in first else None)
    toks = _split(first, sep)
    header = None if all(is_number(t) for t in toks[:2]) else toks
    ncols = len(toks)
    if ncols not in (2, 3):
        return None
    if header is not None:  # a file of names shows it on its second data line: not for this path
        for line in io.StringIO(text[at:]):
            if line.strip() and not line.lstrip().startswith(comment):
                if not all(is_number(t) for t in _split(line, sep)[:2]):
                    return None
                break
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


def _raw_columns(
    lines: list[str], data_idx: list[int], sep: str | None, ncols: int, path: Path
) -> list[np.ndarray]:
    """The columns of the data lines as text (object arrays of str, the spaces at the ends of
    each cell removed), checked for their count."""
    import csv

    import pandas as pd

    body = "\n".join(lines[i] for i in data_idx)
    try:
        frame = pd.read_csv(
            io.StringIO(body),
            sep=sep if sep else r"\s+",
            header=None,
            dtype=str,
            engine="c",
            skip_blank_lines=False,
            na_filter=False,
            quoting=csv.QUOTE_NONE,  # an id is the text between separators (see the notes)
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
    # object arrays of str: numpy's fixed-width str arrays are several times slower to hash,
    # compare and strip
    cols = [frame[j].to_numpy(dtype=object) for j in range(ncols)]
    if sep is not None and _padded(body, sep):  # spaces at a cell's ends are no part of it
        cols = [frame[j].str.strip().to_numpy(dtype=object) for j in range(ncols)]
    for j in range(ncols):
        # an empty cell at a line's end is a missing column; inside a line, an empty id
        # (reported by the text-id check)
        missing = (cols[j] == "") & np.logical_and.reduce([c == "" for c in cols[j:]])
        if missing.any():
            row = int(np.argmax(missing))
            raise DataFormatError(
                f"{path}: line {data_idx[row] + 1} has fewer than {ncols} columns"
            )
    return cols


def _padded(body: str, sep: str) -> bool:
    """Whether a cell of ``body`` may start or end with white space (substring scans of the
    text, far faster than a regular expression over it)."""
    spaces = " \f\v" if sep == "\t" else " \t\f\v"
    for c in spaces:
        if c in body and (
            body.startswith(c)
            or body.endswith(c)
            or any(pair in body for pair in (c + sep, sep + c, c + "\n", "\n" + c))
        ):
            return True
    return False


def _numbers(
    raw: list[np.ndarray], ncols: int, path: Path, data_idx: list[int], first_col: int = 0
) -> Any:
    """The text columns ``raw`` as float64 [rows, ncols]; an error names the first cell that is
    not a number."""
    import pandas as pd

    cols = []
    for j in range(ncols):
        try:
            # numpy parses with Python's correctly rounded float(); pandas' fast parser does not
            # always round-trip
            cols.append(raw[j].astype(np.float64))
            continue
        except ValueError:
            pass
        text = np.asarray(raw[j], dtype=str)
        num = pd.to_numeric(pd.Series(text), errors="coerce").to_numpy(dtype=np.float64)
        row = int(np.argmax(np.isnan(num) & (np.char.lower(text) != "nan")))
        what = "node id" if j + first_col < 2 else "weight"
        raise DataFormatError(
            f"{path}: line {data_idx[row] + 1}: {what} {quote_content(str(text[row]))} is not a "
            "number"
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
        nodes). A file of text ids (names) needs it: its ids, sorted as strings, become
        ``node_ids``, a numpy ``str`` array; so does a file of integers of which one is
        ``>= 2**53``, read as text to keep every digit. Off by default: without it the ids are the
        positions, as the API always had them (callers index arrays by them); the ``graphlab``
        commands read files with it on.

    Raises
    ------
    DataFormatError
        As :func:`read_pairs`; also for a file of text ids without ``relabel`` (or with
        ``num_nodes``), naming the line of the first id that is not a number.

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
    >>> _ = f.write_text("user,follows\\nbob,alice\\ncarol,bob\\n")
    >>> g = read_edge_list(f, relabel=True)
    >>> g.node_ids.tolist(), g.edges().tolist()
    (['alice', 'bob', 'carol'], [[0, 1], [1, 2]])
    """
    from .graph import Graph

    el = read_pairs(path, huge_ids_as_text=relabel and num_nodes is None)
    node_ids = None
    if el.labels is not None:
        if not relabel or num_nodes is not None:
            row, col = _first_name(el)
            raise DataFormatError(
                f"{el.path}: line {el.line_of(row)}: node id {el.shown(row, col)} is not a "
                "number: a file whose ids are names is read with relabel=True and without "
                "num_nodes (on the command line: without --num-nodes)"
            )
        node_ids = el.labels
    elif relabel and num_nodes is None:
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


def _first_name(el: EdgeList) -> tuple[int, int]:
    """Row and column of the first id of a file of text ids that is not a number."""
    assert el.labels is not None
    name = np.array([not is_number(str(t)) for t in el.labels])[el.pairs]
    row = int(np.argmax(name.any(axis=1)))
    return row, int(np.argmax(name[row]))


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


def map_ids(el: EdgeList, node_ids: np.ndarray | None, num_nodes: int, what: str) -> np.ndarray:
    """The pairs of ``el`` (ids of the user, as in the file) as positions of a graph whose node
    ids are ``node_ids`` (``None``: positions ``0 .. num_nodes - 1``).

    A graph of text ids (``node_ids`` a numpy ``str`` array) finds the file's ids as text: a
    file of numbers is read again with ``text_ids=True`` (``007`` is not ``7``). A graph of
    integer ids finds the number ids of a file of text ids; its other ids are unknown.

    Raises
    ------
    DataFormatError
        Naming the file and line of the first pair with an id that is no node of the graph.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "q.csv"
    >>> _ = f.write_text("u,v\\nbob,carol\\n")
    >>> map_ids(read_pairs(f), np.array(["alice", "bob", "carol"]), 3, "g").tolist()
    [[1, 2]]
    """
    if node_ids is not None and node_ids.dtype.kind == "U":
        if el.labels is None:
            el = read_pairs(el.path, comment=el.comment, text_ids=True)
        assert el.labels is not None
        at, found = _lookup(node_ids, el.labels)
    elif el.labels is not None:
        # the numbers among the file's text ids may be nodes of a graph of integer ids
        keys = np.array([_whole(str(t)) for t in el.labels], dtype=np.int64)
        if node_ids is None:
            at, found = keys, (keys >= 0) & (keys < num_nodes)
        else:
            at, found = _lookup(node_ids, keys)
            found &= keys >= 0
    elif node_ids is None:
        at, found = el.pairs, el.pairs < num_nodes
    else:
        at, found = _lookup(node_ids, el.pairs)
    if el.labels is not None:
        mapped, known = at[el.pairs], found[el.pairs]
    else:
        mapped, known = at, found
    bad = ~known.all(axis=1)
    if bad.any():
        row = int(np.argmax(bad))
        col = int(np.argmin(known[row]))
        raise DataFormatError(
            f"{el.path}: line {el.line_of(row)}: node {el.shown(row, col)} of pair "
            f"{el.shown(row)} is not a node of {what}"
        )
    return np.asarray(mapped, dtype=np.int64)


def _whole(token: str) -> int:
    """``token`` as an integer id when it is one (``-1`` when not)."""
    try:
        value = float(token)
    except ValueError:
        return -1
    return int(value) if value.is_integer() and 0 <= value < _MAX_ID else -1


def _lookup(node_ids: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The position in ``node_ids`` of each of ``keys`` and whether it is there at all."""
    if node_ids.size == 0:
        return np.zeros(keys.shape, np.int64), np.zeros(keys.shape, bool)
    order = None if (node_ids[1:] > node_ids[:-1]).all() else np.argsort(node_ids, kind="stable")
    at = np.minimum(np.searchsorted(node_ids, keys, sorter=order), node_ids.size - 1)
    mapped = at if order is None else order[at]
    return mapped, node_ids[mapped] == keys


def write_edge_list(graph: Any, path: str | os.PathLike[str], *, header: bool = True) -> Path:
    """Write a graph's edges (one line per edge, ``u <= v`` by position if undirected) as CSV,
    atomically.

    Nodes are written by :meth:`~graphlab.Graph.ids`: the graph's ``node_ids`` (integers or
    names) when it has them, so that ``read_edge_list(path, relabel=True)`` reads the same
    graph back (nodes without edges aside; names that all read as numbers come back as
    integers).

    Raises
    ------
    InputError
        For a name that no edge-list file can hold (see the module's notes): empty, with a comma
        or a line break, starting with a quote or with spaces at its ends.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from graphlab import Graph
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "g.csv"
    >>> g = Graph.from_edge_index([[0, 1], [1, 2]]).with_node_ids(["ann", "bo", "cy"])
    >>> _ = write_edge_list(g, f)
    >>> print(f.read_text().strip())
    source,target
    ann,bo
    bo,cy
    >>> read_edge_list(f, relabel=True).equals(g)
    True
    """
    path = Path(path)
    frame = graph.to_pandas()
    ids = graph.node_ids
    if ids is not None and ids.dtype.kind == "U" and ids.size:
        bad = (
            (ids == "")
            | (np.char.strip(ids) != ids)
            | (np.char.find(ids, ",") >= 0)
            | (np.char.find(ids, "\n") >= 0)
            | (np.char.find(ids, "\r") >= 0)
            | np.char.startswith(ids, '"')
            | np.char.startswith(ids, "'")
        )
        if bad.any():
            raise InputError(
                f"node id {quote_content(str(ids[np.argmax(bad)]))} cannot be written to an "
                "edge list (ids are written unquoted, between commas)"
            )
    if ids is not None:
        for column in ("source", "target"):
            frame[column] = graph.node_ids[frame[column].to_numpy()]
    with atomic_path(path) as tmp:
        frame.to_csv(
            tmp,
            index=False,
            header=header,
            compression="gzip" if path.name.endswith(".gz") else None,
        )
    return path
