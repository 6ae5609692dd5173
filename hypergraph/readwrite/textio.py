"""Reading text data files (plain or gzipped) with errors that name the file and line.

Helpers of the text formats of :mod:`hypergraph.readwrite`: whole-file reads, integer columns
and lines of separated integer ids, each validated in vectorised passes; the slow per-line scan
runs only to locate the first bad line for the error message.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from graphlab.errors import DataFormatError, quote_content
from graphlab.fileio import read_bytes
from graphlab.ids import is_number


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _check_bytes(data: bytes, path: Path, allowed: bytes, what: str) -> None:
    arr = np.frombuffer(data, dtype=np.uint8)
    ok = np.zeros(256, dtype=bool)
    ok[np.frombuffer(allowed, dtype=np.uint8)] = True
    bad = ~ok[arr]
    if bad.any():
        pos = int(np.argmax(bad))
        line_no = _line_of(data, pos)
        byte = data[pos]
        if (byte < 0x20 and byte not in b"\t\n\r\x0b\x0c") or byte == 0x7F:
            # binary content: say so, as the edge-list reader does, without echoing it
            raise DataFormatError(
                f"{path}: line {line_no}: not a text file (control character "
                f"{quote_content(bytes([byte]))})"
            )
        start = data.rfind(b"\n", 0, pos) + 1
        end = data.find(b"\n", pos)
        text = quote_content(data[start : end if end >= 0 else len(data)])
        raise DataFormatError(f"{path}: line {line_no}: {what}, got {text}")


def split_lines(data: bytes, path: Path) -> list[bytes]:
    """Lines of ``data`` (a final newline ends the last line); an empty file has no lines.

    Blank lines at the end of the file are no lines (the empty last line an editor leaves);
    a blank line before a non-blank one stays, for the reader to refuse with its number.
    """
    lines = data.split(b"\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def _first_empty(lines: list[bytes]) -> int:
    return next((i for i, line in enumerate(lines) if not line.strip()), -1)


def int_column(
    path: str | os.PathLike[str], *, what: str = "integer", allow_negative: bool = False
) -> np.ndarray:
    """Read a file of one integer per line into an int64 array.

    Raises
    ------
    DataFormatError
        On an empty line or a line that is not one integer, naming file and line.
    """
    path = Path(path)
    data = read_bytes(path)
    allowed = b"0123456789 \t\n" + (b"-+" if allow_negative else b"")
    _check_bytes(data, path, allowed, f"expected one {what} per line")
    lines = split_lines(data, path)
    i = _first_empty(lines)
    if i >= 0:
        raise DataFormatError(f"{path}: line {i + 1}: empty line (expected one {what})")
    try:
        return np.array([int(x) for x in lines], dtype=np.int64)
    except ValueError:
        for j, x in enumerate(lines):
            try:
                int(x)
            except ValueError:
                raise DataFormatError(
                    f"{path}: line {j + 1}: expected one {what}, got {x.decode(errors='replace')!r}"
                ) from None
        raise  # pragma: no cover


def text_lines(path: str | os.PathLike[str]) -> list[str]:
    """The lines of a UTF-8 text file (gzipped or not), without line ends."""
    path = Path(path)
    return _decoded_lines(read_bytes(path), path)


def id_lines(
    path: str | os.PathLike[str], sep: str | None, *, check_space: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Read one set of non-negative integer ids per line.

    Parameters
    ----------
    path : path
        Text file, gzipped when its name ends in ``.gz``.
    sep : str or None
        Separator between ids (``","``, ``" "``), or ``None`` for any run of blanks.
    check_space : bool, default True
        Refuse ids whose id space (``max id + 1`` nodes) would not fit in memory. A caller that
        renumbers the ids it read turns this off.

    Returns
    -------
    ptr : ndarray of int64, shape [lines + 1]
    ids : ndarray of int64
        Ids of line ``i`` are ``ids[ptr[i]:ptr[i + 1]]`` in file order (not deduplicated).

    Raises
    ------
    DataFormatError
        On an empty line, an empty field (two separators in a row) or a field that is not a
        non-negative integer, naming file and line.
    """
    path = Path(path)
    data = read_bytes(path)
    seps = b" \t" if sep is None else sep.encode()
    _check_bytes(
        data,
        path,
        b"0123456789\n" + seps + (b"" if sep is None else b" \t"),
        "expected non-negative integer ids" + ("" if sep is None else f" separated by {sep!r}"),
    )
    lines = split_lines(data, path)
    i = _first_empty(lines)
    if i >= 0:
        raise DataFormatError(f"{path}: line {i + 1}: empty line (expected at least one node id)")
    bsep = None if sep is None else sep.encode()
    fields = [line.strip().split(bsep) for line in lines]
    counts = np.fromiter((len(f) for f in fields), dtype=np.int64, count=len(fields))
    ptr = np.zeros(len(fields) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    flat = [x for f in fields for x in f]
    try:
        ids = np.array([int(x) for x in flat], dtype=np.int64)
    except ValueError:
        k = next(j for j, x in enumerate(flat) if not x.strip().isdigit())
        line_no = int(np.searchsorted(ptr, k, side="right"))
        raise DataFormatError(
            f"{path}: line {line_no}: expected non-negative integer ids"
            + ("" if sep is None else f" separated by {sep!r}")
            + f", got {quote_content(lines[line_no - 1])}"
        ) from None
    if not check_space:
        return ptr, ids
    # refuse an id space that would not fit before a hypergraph is built on it
    from graphlab.csr import check_id_space

    top = int(ids.max(initial=-1))
    problem = check_id_space(top + 1, ids.size, inferred=True)
    if problem is not None:
        line_no = int(np.searchsorted(ptr, int(np.argmax(ids)), side="right"))
        raise DataFormatError(f"{path}: line {line_no}: node id {top:,}, which {problem}")
    return ptr, ids


#: Characters a node label of a hyperedge list may not hold: the separators of the other text
#: formats, so that a CSV edge list is never read as one-label lines.
_LABEL_RESERVED = (",", ";")


def label_lines(path: str | os.PathLike[str], sep: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Read one set of node labels per line: integers, or any text without blanks.

    Parameters
    ----------
    path : path
        UTF-8 text file, gzipped when its name ends in ``.gz``.
    sep : str or None
        Separator between labels, or ``None`` for any run of blanks (tabs alone when a line
        holds a tab and every line with a space holds one too, so that names may hold spaces).

    Returns
    -------
    ptr : ndarray of int64, shape [lines + 1]
    labels : ndarray
        Labels of line ``i`` are ``labels[ptr[i]:ptr[i + 1]]`` in file order. int64 when every
        label is a non-negative integer below :math:`2^{63}`; otherwise str for all of them
        (``"7"`` then stays the text ``"7"``), so ids of any size and names both read. As
        in edge lists, a file is one of names when one of its ids is not a number at all: a
        negative or fractional number among numbers is an error.

    Raises
    ------
    DataFormatError
        On a file that is not UTF-8 text, a control character, an empty line or field, or a
        label holding ``,`` or ``;`` (the separators of edge-list files), naming file and line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "h.txt"
    >>> _ = p.write_text("algebra topology\\nc++ algebra c#\\n")
    >>> ptr, labels = label_lines(p, None)
    >>> ptr.tolist(), labels.tolist()
    ([0, 2, 5], ['algebra', 'topology', 'c++', 'algebra', 'c#'])
    >>> _ = p.write_text("5 1000000000000\\n7 5\\n")
    >>> label_lines(p, None)[1].tolist()
    [5, 1000000000000, 7, 5]
    """
    path = Path(path)
    data = read_bytes(path)
    arr = np.frombuffer(data, dtype=np.uint8)
    control = ((arr < 0x20) & ~np.isin(arr, np.frombuffer(b"\t\n\r", np.uint8))) | (arr == 0x7F)
    if control.any():
        pos = int(np.argmax(control))
        raise DataFormatError(
            f"{path}: line {_line_of(data, pos)}: not a text file (control character "
            f"{quote_content(data[pos : pos + 1])})"
        )
    lines = _decoded_lines(data, path)
    i = next((k for k, line in enumerate(lines) if not line.strip()), -1)
    if i >= 0:
        raise DataFormatError(f"{path}: line {i + 1}: empty line (expected at least one node)")
    # blanks separate the nodes, or tabs alone in a file whose every line with a space holds
    # a tab too (a name such as "New York" then keeps its space, as in a TSV edge list; a
    # file mixing "0 1 2" and "2<TAB>3" lines keeps blanks)
    tabs = sep is None and any("\t" in line for line in lines)
    if tabs and all("\t" in line for line in lines if " " in line.strip()):
        sep = "\t"
    fields = [
        line.split() if sep is None else [t.strip() for t in line.split(sep)] for line in lines
    ]
    for k, f in enumerate(fields):
        bad = next((t for t in f if not t or any(c in t for c in _LABEL_RESERVED)), None)
        if bad is not None:
            what = "empty field" if not bad else f"node {quote_content(bad)} holds a ',' or ';'"
            raise DataFormatError(
                f"{path}: line {k + 1}: {what} (a hyperedge list separates its nodes by "
                + ("blanks" if sep is None else repr(sep))
                + ")"
            )
    counts = np.fromiter((len(f) for f in fields), dtype=np.int64, count=len(fields))
    ptr = np.zeros(len(fields) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    flat = [t for f in fields for t in f]
    digits = [t.isascii() and t.isdigit() for t in flat]
    if all(digits) and all(len(t) < 19 for t in flat):
        return ptr, np.array([int(t) for t in flat], dtype=np.int64)
    # as in edge lists (graphlab.readwrite): a file is one of names when one of its ids is no
    # number at all; a number that is no id (-3, 2.5) in a file of numbers is an error;
    # integers beyond int64 (19 digits and more) are kept exactly, as text
    if not all(digits) and not any(
        not d and not is_number(t) for d, t in zip(digits, flat, strict=True)
    ):
        k = next(i for i, d in enumerate(digits) if not d)
        line = int(np.searchsorted(ptr, k, side="right"))
        raise DataFormatError(
            f"{path}: line {line}: expected non-negative integer ids or names, got "
            f"{quote_content(flat[k])} (a number that is not a non-negative integer)"
        )
    return ptr, np.array(flat, dtype=str)


def _decoded_lines(data: bytes, path: Path) -> list[str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line_no = _line_of(data, err.start)
        raise DataFormatError(f"{path}: line {line_no}: not valid UTF-8 text") from None
    lines = text.split("\n")
    while lines and not lines[-1].strip():  # as split_lines: trailing blank lines are none
        lines.pop()
    return lines


def line_of_index(ptr: np.ndarray, k: int) -> int:
    """1-based line holding flat position ``k`` of an :func:`id_lines` result."""
    return int(np.searchsorted(ptr, k, side="right"))
