"""A SHyRe train / test pair of hyperedge-list files, format name ``shyre-pair``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar, NamedTuple

from graphlab.errors import DatasetNotFoundError

from ..core import Hypergraph
from .common import existing_file
from .hyperedge_list import read_hyperedge_list

__all__ = ["HypergraphPair", "read_shyre_pair"]


class _Pair(NamedTuple):
    train: Hypergraph
    test: Hypergraph


class HypergraphPair(_Pair):
    """A training hypergraph and a query (test) hypergraph of one domain (SHyRe data).

    A named tuple ``(train, test)``.
    """

    __slots__ = ()

    #: What a command that needs a pair asks for, in words (a NamedTuple's own body cannot
    #: hold a class variable, hence the base class).
    dataset_kind: ClassVar[str] = "a train/test hypergraph pair"


def read_shyre_pair(path: str | os.PathLike[str], *, unique: bool = True) -> HypergraphPair:
    """Read a SHyRe ``train.txt[.gz]`` / ``test.txt[.gz]`` pair as the reference code does.

    Each file is read as a set of hyperedges and re-indexed on its own when its ids are not
    ``0 .. n-1`` (:func:`read_hyperedge_list` with its defaults). ``unique=False`` keeps a
    repeated line as a repeated hyperedge (Crimes' test file: 276 lines, 256 distinct), which
    multiplicity-aware reconstruction scores.

    Raises
    ------
    DatasetNotFoundError
        If a file of the pair is missing.
    """
    folder = Path(path)
    parts = []
    for part in ("train", "test"):
        f = existing_file(folder, f"{part}.txt")
        if f is None:
            raise DatasetNotFoundError(f"{folder}: no {part}.txt or {part}.txt.gz")
        h = read_hyperedge_list(f, unique=unique)
        parts.append(h.replace(name=f"{folder.name}-{part}"))
    return HypergraphPair(*parts)
