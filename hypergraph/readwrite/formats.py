"""The one table of hypergraph formats, and what is built on it.

:data:`FORMATS` maps a format name to a :class:`HypergraphFormat` row: its reader, its writer,
how to recognise it on disk and how to load a registered dataset stored in it.
:func:`read_hypergraph`, :func:`guess_format` and :func:`load_registered` (the dataset
registry's loader, found through the ``graphlab.formats`` entry points) all read this table,
so a new format is one module plus one row here.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from graphlab.errors import DataFormatError, DatasetNotFoundError, InputError
from graphlab.fileio import read_bytes
from graphlab.records import DatasetEntry

from ..core import Hypergraph
from .benson import read_benson, write_benson
from .hif import read_hif, write_hif
from .hyperedge_list import read_hyperedge_list, write_hyperedge_list
from .hyperlabels import read_hyperlabels, write_hyperlabels
from .lesmis import read_lesmis
from .shyre_pair import HypergraphPair, read_shyre_pair
from .xgi_json import read_xgi_json, write_xgi_json

__all__ = [
    "FORMATS",
    "HypergraphFormat",
    "PathProbe",
    "guess_format",
    "load_registered",
    "read_hypergraph",
]


class PathProbe:
    """A path whose format is being guessed; lists the folder and reads the file head once.

    Every row's ``guess`` looks at the same probe, so a large gzipped JSON file is
    decompressed once, not once per JSON format.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    @functools.cached_property
    def is_dir(self) -> bool:
        """Whether the path is a folder."""
        return self.path.is_dir()

    @functools.cached_property
    def names(self) -> list[str]:
        """The names in the folder (empty for a file)."""
        return [p.name for p in self.path.iterdir()] if self.is_dir else []

    @functools.cached_property
    def head(self) -> bytes:
        """The first 64 kB of the (decompressed) file."""
        return read_bytes(self.path)[: 1 << 16]


@dataclass(frozen=True)
class HypergraphFormat:
    """One row of :data:`FORMATS`: a hypergraph format and how to read, write and find it.

    Attributes
    ----------
    name : str
        The name used by ``read_hypergraph(format=...)`` and by the registry's ``format``.
    kind : {"hypergraph", "hypergraph-pair"}
        What ``read`` returns: a :class:`~hypergraph.core.Hypergraph`, or a
        :class:`HypergraphPair` (train and test).
    read : callable
        ``read(path, **kwargs)``: a file or folder in this format.
    write : callable or None
        The writer (its arguments are the format's own), None for a read-only format.
    guess : callable or None
        ``guess(probe) -> bool`` on a :class:`PathProbe`: whether a path looks like this
        format. :func:`guess_format` tries the rows in table order, so a looser test comes
        after the stricter ones; None: never guessed.
    load : callable
        ``load(entry, folder)``: the registered dataset ``entry`` (``name``, ``format``,
        ``extra``) stored in ``folder``, named after the entry.
    """

    name: str
    kind: Literal["hypergraph", "hypergraph-pair"]
    read: Callable[..., Any]
    write: Callable[..., Any] | None
    guess: Callable[[PathProbe], bool] | None
    load: Callable[[DatasetEntry, Path], Any]


def _file_of(entry: DatasetEntry, folder: Path) -> Path:
    file = entry.extra.get("file")
    if not file:
        raise InputError(
            f"dataset {entry.name!r}: format {entry.format!r} needs a `file` field naming the "
            "file inside its folder"
        )
    return Path(folder) / file


def _read_lines(path: str | os.PathLike[str], **kwargs: Any) -> Hypergraph:
    # a guessed text file may use tabs or runs of blanks: any run of blanks separates ids; a
    # user's file keeps every line (repeated hyperedges are multiplicities) and its ids (in
    # node_names when they are not 0 .. n-1); only the SHyRe pair reader de-duplicates
    return read_hyperedge_list(path, **{"sep": None, "unique": False, **kwargs})


def _load_scholp(entry: DatasetEntry, folder: Path) -> Hypergraph:
    return read_benson(folder, entry.extra.get("prefix")).replace(name=entry.name)


def _load_hyperlabels(entry: DatasetEntry, folder: Path) -> Hypergraph:
    return read_hyperlabels(folder, entry.extra.get("prefix")).replace(name=entry.name)


def _load_lesmis(entry: DatasetEntry, folder: Path) -> Hypergraph:
    return read_lesmis(folder, entry.extra.get("by", "scene")).replace(name=entry.name)


def _load_shyre_pair(entry: DatasetEntry, folder: Path) -> HypergraphPair:
    # the parts keep their own names (FOLDER-train, FOLDER-test)
    return read_shyre_pair(folder)


def _file_loader(read: Callable[..., Hypergraph]) -> Callable[[Any, Path], Hypergraph]:
    def load(entry: DatasetEntry, folder: Path) -> Hypergraph:
        return read(_file_of(entry, folder)).replace(name=entry.name)

    return load


def _is_xgi(p: PathProbe) -> bool:
    # a HIF document may carry XGI-like keys in its attributes: "incidences" decides for HIF
    return (
        not p.is_dir
        and ".json" in p.path.name
        and b'"incidences"' not in p.head
        and (b'"edge-dict"' in p.head or b'"node-data"' in p.head)
    )


_ROWS = (
    HypergraphFormat(
        "scholp",
        "hypergraph",
        read_benson,
        write_benson,
        lambda p: p.is_dir and any("-nverts.txt" in s for s in p.names),
        _load_scholp,
    ),
    HypergraphFormat(
        "hyperlabels",
        "hypergraph",
        read_hyperlabels,
        write_hyperlabels,
        lambda p: p.is_dir and any(s.startswith("hyperedges-") for s in p.names),
        _load_hyperlabels,
    ),
    HypergraphFormat(
        "lesmis",
        "hypergraph",
        read_lesmis,
        None,
        lambda p: p.is_dir and "lesmis-chapters.txt" in p.names,
        _load_lesmis,
    ),
    HypergraphFormat(
        "xgi-json",
        "hypergraph",
        read_xgi_json,
        write_xgi_json,
        _is_xgi,
        _file_loader(read_xgi_json),
    ),
    # any other JSON file is read as HIF (its errors then say what HIF expects)
    HypergraphFormat(
        "hif",
        "hypergraph",
        read_hif,
        write_hif,
        lambda p: not p.is_dir and ".json" in p.path.name,
        _file_loader(read_hif),
    ),
    # the last resort for a file: one hyperedge per line
    HypergraphFormat(
        "lines",
        "hypergraph",
        _read_lines,
        write_hyperedge_list,
        lambda p: not p.is_dir,
        _file_loader(_read_lines),
    ),
    HypergraphFormat(
        "shyre-pair", "hypergraph-pair", read_shyre_pair, None, None, _load_shyre_pair
    ),
)

#: Every hypergraph format by name, in the order :func:`guess_format` tries them.
FORMATS: dict[str, HypergraphFormat] = {row.name: row for row in _ROWS}


def guess_format(path: str | os.PathLike[str]) -> str:
    """The name of the first format of :data:`FORMATS` whose ``guess`` accepts ``path``.

    Folders: ScHoLP (a ``*-nverts.txt[.gz]``), hyperlabels (a ``hyperedges-*.txt[.gz]``),
    Les Misérables (``lesmis-chapters.txt``). Files: ``.json[.gz]`` holding ``edge-dict`` or
    ``node-data`` and no ``incidences`` (XGI), any other JSON (HIF); anything else one
    hyperedge per line.

    Raises
    ------
    DataFormatError
        If no format recognises a folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "h.txt"
    >>> _ = p.write_text("0 1 2\\n")
    >>> guess_format(p)
    'lines'
    """
    probe = PathProbe(Path(path))
    for row in _ROWS:
        if row.guess is not None and row.guess(probe):
            return row.name
    raise DataFormatError(f"{path}: no hypergraph files recognised in this folder")


def read_hypergraph(
    path: str | os.PathLike[str], format: str | None = None, **kwargs: Any
) -> Hypergraph:
    """Read a hypergraph file or folder, guessing the format when ``format`` is omitted.

    Parameters
    ----------
    path : path
        The file or folder.
    format : str, optional
        A name of :data:`FORMATS` whose kind is ``"hypergraph"`` (``scholp``,
        ``hyperlabels``, ``lesmis``, ``xgi-json``, ``hif``, ``lines``); guessed by
        :func:`guess_format` when omitted. ``lines`` splits ids at any run of blanks and
        keeps repeated lines as repeated hyperedges (``unique=True`` drops them).
    **kwargs
        Passed to the format's reader.

    Returns
    -------
    Hypergraph

    Raises
    ------
    DatasetNotFoundError
        If the path does not exist.
    DataFormatError
        If the format cannot be recognised, or the file is malformed.
    InputError
        If ``format`` is unknown or names a train/test pair format.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "h.txt"
    >>> _ = p.write_text("0 1 2\\n2\\t3\\n")
    >>> read_hypergraph(p).edges()
    [(0, 1, 2), (2, 3)]
    """
    path = Path(path)
    if not path.exists():
        raise DatasetNotFoundError(f"{path}: no such file or folder")
    if format is None:
        format = guess_format(path)
    row = FORMATS.get(format)
    if row is None:
        raise InputError(f"unknown hypergraph format {format!r}; known: {sorted(FORMATS)}")
    if row.kind != "hypergraph":
        raise InputError(
            f"format {format!r} holds a train/test pair, not one hypergraph: "
            "read it with read_shyre_pair"
        )
    return row.read(path, **kwargs)


def load_registered(
    entry: DatasetEntry, folder: str | os.PathLike[str]
) -> Hypergraph | HypergraphPair:
    """Load a registered hypergraph dataset: the ``graphlab.formats`` entry-point target.

    The dataset registry calls this for every entry whose ``format`` is a name of
    :data:`FORMATS`; the row's ``load`` does the work.

    Parameters
    ----------
    entry : DatasetEntry-like
        Needs ``name`` and ``format`` (``scholp``, ``hyperlabels``, ``shyre-pair``,
        ``xgi-json``, ``hif``, ``lines``, ``lesmis``); ``extra["prefix"]`` names the dataset
        inside a ScHoLP or hyperlabels folder, ``extra["file"]`` the file inside the folder for
        the one-file formats, ``extra["by"]`` the hyperedges of ``lesmis``.
    folder : path
        The dataset's folder under a data root.

    Returns
    -------
    Hypergraph (named after the entry), or HypergraphPair for ``shyre-pair``.

    Raises
    ------
    InputError
        If the format is not a hypergraph format, or a one-file format lacks ``file``.
    """
    row = FORMATS.get(entry.format)
    if row is None:
        raise InputError(f"dataset {entry.name!r}: unknown hypergraph format {entry.format!r}")
    return row.load(entry, Path(folder))
