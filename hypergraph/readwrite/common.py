"""Helpers shared by the format modules: file lookup, atomic multi-file writes, lines and
times columns.

Writers build every output in memory, then :func:`atomic_files` renames all of them into place
only when all are complete, so a failed write leaves no half-written dataset.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from graphlab.errors import DataFormatError, InputError
from graphlab.fileio import atomic_path, read_bytes

from ..core import Hypergraph
from .textio import line_of_index, split_lines

__all__ = [
    "atomic_files",
    "check_names",
    "edge_lines",
    "existing_file",
    "int_lines",
    "lines_bytes",
    "one_based_ids",
    "times_column",
    "times_text",
    "write_bytes",
]


def existing_file(folder: Path, stem: str) -> Path | None:
    """``folder/stem`` or ``folder/stem.gz``, whichever exists (plain first), else None."""
    for candidate in (folder / stem, folder / f"{stem}.gz"):
        if candidate.is_file():
            return candidate
    return None


@contextlib.contextmanager
def atomic_files(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths for several outputs; all are renamed into place only if all succeed.

    Each is a :func:`graphlab.fileio.atomic_path`: the files get the mode ``open()`` gives under
    the umask, and a symbolic link is written through.
    """
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(atomic_path(p)) for p in paths]


def write_bytes(tmp: Path, final: Path, data: bytes) -> None:
    """Write ``data`` to ``tmp``; gzipped (no name, mtime 0: reproducible) for a ``.gz`` name."""
    if final.name.endswith(".gz"):
        with (
            open(tmp, "wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as fh,
        ):
            fh.write(data)
    else:
        tmp.write_bytes(data)


def lines_bytes(lines: Sequence[str]) -> bytes:
    """``lines`` joined by newlines, each line ended (an empty list gives an empty file)."""
    return ("\n".join(lines) + "\n").encode() if len(lines) else b""


def int_lines(values: np.ndarray) -> bytes:
    """One integer per line."""
    return lines_bytes([str(v) for v in values.tolist()])


def edge_lines(h: Hypergraph, sep: str, offset: int = 0, *, names: bool = False) -> list[str]:
    """One line per hyperedge: its ids plus ``offset``, or (``names``) the ``node_names`` of its
    nodes, joined by ``sep``.

    Raises
    ------
    InputError
        If a hyperedge is empty, or a name is empty or holds ``sep``, a blank or a line break
        (the line could not be read back).
    """
    if (h.edge_sizes() == 0).any():
        e = int(np.argmax(h.edge_sizes() == 0))
        raise InputError(f"hyperedge {e} is empty: this format cannot hold empty hyperedges")
    if names and h.node_names is not None:
        text = check_names(h.node_names.tolist(), "node name")

        def unreadable(t: str) -> bool:  # a name the reader would not give back
            blank = any(c.isspace() for c in t) if sep == " " else sep in t
            return not t or t != t.strip() or blank

        bad = next((t for t in text if unreadable(t)), None)
        if bad is not None:
            raise InputError(
                f"node name {bad!r} is empty, padded or holds the separator {sep!r}: a "
                "hyperedge list cannot store it"
                + (" (separate by tabs to keep inner spaces)" if sep == " " else "")
            )
        flat = np.array(text, dtype=object)[h.edge_nodes].tolist()
    else:
        flat = [str(v) for v in (h.edge_nodes + offset).tolist()]
    p = h.edge_ptr.tolist()
    return [sep.join(flat[a:b]) for a, b in itertools.pairwise(p)]


def check_names(values: Sequence[Any], what: str) -> list[str]:
    """``values`` as strings, refusing one with a line break (a line-based file cannot hold it)."""
    out = [str(v) for v in values]
    bad = next((s for s in out if "\n" in s or "\r" in s), None)
    if bad is not None:
        raise InputError(f"{what} {bad!r} holds a line break: this format cannot store it")
    return out


def times_column(path: Path) -> np.ndarray:
    """A file of one time per line: int64 if every line is an integer, else float64."""
    lines = split_lines(read_bytes(path), path)
    try:
        return np.array([int(x) for x in lines], dtype=np.int64)
    except ValueError:
        pass
    try:
        return np.array([float(x) for x in lines], dtype=np.float64)
    except ValueError:
        for i, x in enumerate(lines):
            try:
                float(x)
            except ValueError:
                raise DataFormatError(
                    f"{path}: line {i + 1}: expected one number (a time), "
                    f"got {x.decode(errors='replace')[:80]!r}"
                ) from None
        raise  # pragma: no cover


def times_text(times: np.ndarray) -> list[str]:
    """Times as text lines: ``datetime64`` as integer seconds, floats by ``repr`` (exact)."""
    if np.issubdtype(times.dtype, np.datetime64):
        return [str(v) for v in times.astype("datetime64[s]").astype(np.int64).tolist()]
    if np.issubdtype(times.dtype, np.integer):
        return [str(v) for v in times.tolist()]
    return [repr(float(v)) for v in times.tolist()]


def one_based_ids(ids: np.ndarray, ptr: np.ndarray | None, path: Path) -> np.ndarray:
    """1-based file ids to 0-based ones; an id below 1 is an error naming its line."""
    zero = ids < 1
    if zero.any():
        k = int(np.argmax(zero))
        line = k + 1 if ptr is None else line_of_index(ptr, k)
        raise DataFormatError(
            f"{path}: line {line}: node id {int(ids[k])} in a file of 1-based ids "
            "(ids must be >= 1)"
        )
    return ids - 1
