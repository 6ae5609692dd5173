"""One hyperedge per line, ids separated by a blank (the SHyRe data), format name ``lines``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import numpy as np

from graphlab.errors import DataFormatError, InputError
from graphlab.fileio import atomic_path
from graphlab.ids import compact_ids

from ..core import Hypergraph
from .common import edge_lines, lines_bytes, one_based_ids, write_bytes
from .textio import id_lines, label_lines

__all__ = ["read_hyperedge_list", "write_hyperedge_list"]


def read_hyperedge_list(
    path: str | os.PathLike[str],
    *,
    sep: str | None = " ",
    one_based: bool = False,
    unique: bool = True,
    reindex: Literal["auto", "always", "never"] = "auto",
) -> Hypergraph:
    """Read one hyperedge per line (the SHyRe ``train.txt`` / ``test.txt`` files).

    The reference code of Wang & Kleinberg reads each file as a **set** of node sets and, when
    the ids used are not exactly :math:`0, \\dots, n-1`, re-indexes them in increasing order,
    each file on its own. ``unique=True, reindex="auto"`` (the defaults) do the same;
    ``unique=False`` keeps every line as an occurrence and ``reindex="never"`` keeps the ids.

    Parameters
    ----------
    path : path
        Text file, gzipped when its name ends in ``.gz``.
    sep : str or None, default " "
        Separator between ids; ``None`` for any run of blanks, or tabs alone when a line holds
        a tab and every line with a space holds one too (names may then hold spaces:
        ``New York``).
    one_based : bool, default False
        Ids in the file start at 1 (0 is then an error).
    unique : bool, default True
        Keep each distinct hyperedge once (first occurrence order).
    reindex : {"auto", "always", "never"}, default "auto"
        Renumber the ids in use to ``0 .. n' - 1`` (their order kept) when they are not
        already exactly that (``"auto"``), always, or never. Re-indexed hypergraphs keep the
        file ids in ``node_names``. A re-indexed file may name its nodes by any text without
        blanks (tag names, DOIs, integers of any size): when one of them is not an integer
        below :math:`2^{63}`, every node is a label, ``node_names`` holds the labels as str,
        and the numbering follows their sorted order (numeric order when all are integers,
        some of 19 digits or more).

    Raises
    ------
    DataFormatError
        On an empty line, or (``reindex="never"``) a field that is not a non-negative integer,
        naming file and line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "h.txt"
    >>> _ = p.write_text("5 9\\n9 7 5\\n5 9\\n")
    >>> H = read_hyperedge_list(p)
    >>> H.edges(), H.node_names.tolist()
    ([(0, 2), (0, 1, 2)], [5, 7, 9])
    >>> read_hyperedge_list(p, unique=False, reindex="never").edges()
    [(5, 9), (5, 7, 9), (5, 9)]
    >>> _ = p.write_text("algebra topology\\ntopology c++\\n")
    >>> H = read_hyperedge_list(p)
    >>> H.edges(), H.node_names.tolist()
    ([(0, 2), (1, 2)], ['algebra', 'c++', 'topology'])

    References
    ----------
    Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its
    Remediation", ICLR 2024, arXiv:2401.08519.
    """
    if reindex not in ("auto", "always", "never"):
        raise InputError(f"reindex must be 'auto', 'always' or 'never', got {reindex!r}")
    path = Path(path)
    if reindex == "never":
        ptr, ids = id_lines(path, sep)
    else:  # a file that is renumbered may hold any labels, and any id space
        ptr, ids = label_lines(path, sep)
    if one_based:
        if ids.dtype.kind == "U":
            raise DataFormatError(f"{path}: one_based needs integer ids, the file has labels")
        ids = one_based_ids(ids, ptr, path)
    names = None
    if reindex != "never":
        # renumber the ids that occur to 0..n-1 (sorted) before any node array is built
        ids, labels = compact_ids(ids)
        if labels is None and reindex == "always":
            labels = np.arange(int(ids.max(initial=-1)) + 1)
        if labels is not None:
            names = labels + 1 if one_based else labels
    h = Hypergraph.from_csr(ptr, ids, name=path.name.split(".")[0])
    if unique:
        h = h.unique()
    return h if names is None else h.replace(node_names=names)


def write_hyperedge_list(
    h: Hypergraph,
    path: str | os.PathLike[str],
    *,
    sep: str = " ",
    one_based: bool = False,
    names: bool = False,
) -> Path:
    """Write one hyperedge per line (ids separated by ``sep``), atomically; ``.gz`` gzips.

    Parameters
    ----------
    names : bool, default False
        Write each node's ``node_names`` entry (the labels a re-indexed read keeps) instead of
        its index, so that :func:`read_hyperedge_list` reads the file back to the same
        hypergraph with the same names. Ignored when ``h`` has no names.

    Raises
    ------
    InputError
        If a hyperedge is empty (a line cannot hold it), or a name holds a blank or a line
        break (the line could not be read back).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "h.txt"
    >>> H = Hypergraph.from_edges([[0, 1], [1, 2]], node_names=["c++", "algebra", "c#"])
    >>> _ = write_hyperedge_list(H, f, names=True)
    >>> f.read_text()
    'c++ algebra\\nalgebra c#\\n'
    """
    path = Path(path)
    data = lines_bytes(edge_lines(h, sep, 1 if one_based else 0, names=names))
    with atomic_path(path) as tmp:
        write_bytes(tmp, path, data)
    return path
