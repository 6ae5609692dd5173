"""Knuth's Les Misérables scenes as shipped by HyperNetX, format name ``lesmis`` (read only)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import numpy as np

from graphlab.errors import DataFormatError, InputError

from ..core import Hypergraph
from .textio import text_lines

__all__ = ["read_lesmis"]


def read_lesmis(
    path: str | os.PathLike[str], by: Literal["scene", "chapter"] = "scene"
) -> Hypergraph:
    """Read Knuth's Les Misérables co-appearances as shipped by HyperNetX.

    ``lesmis-characters.txt`` (``CODE description`` per line) gives the 80 nodes in file order
    (codes in ``node_names``, descriptions in ``node_data["description"]``);
    ``lesmis-chapters.txt`` (``volume.book.chapter:scene;scene`` with comma-separated codes)
    gives one hyperedge per scene (402) or per chapter with characters (288, the union of its
    scenes); ``edge_data["chapter"]`` names the chapter.

    Raises
    ------
    DataFormatError
        On a character code that is not in the character list (naming file and line).
    """
    if by not in ("scene", "chapter"):
        raise InputError(f"by must be 'scene' or 'chapter', got {by!r}")
    folder = Path(path)
    chars = folder / "lesmis-characters.txt"
    chaps = folder / "lesmis-chapters.txt"
    codes, descriptions = [], []
    for i, line in enumerate(text_lines(chars)):
        code, _, desc = line.partition(" ")
        if not code:
            raise DataFormatError(f"{chars}: line {i + 1}: expected 'CODE description'")
        codes.append(code)
        descriptions.append(desc.strip())
    index = {c: i for i, c in enumerate(codes)}
    edges: list[list[int]] = []
    chapter: list[str] = []
    for i, line in enumerate(text_lines(chaps)):
        line = line.strip()
        if not line:
            raise DataFormatError(f"{chaps}: line {i + 1}: empty line")
        label, colon, rest = line.partition(":")
        if not colon:
            continue
        scenes = []
        for scene in rest.split(";"):
            members = [c.strip() for c in scene.split(",") if c.strip()]
            unknown = [c for c in members if c not in index]
            if unknown:
                raise DataFormatError(
                    f"{chaps}: line {i + 1}: character code {unknown[0]!r} is not in {chars.name}"
                )
            if members:
                scenes.append([index[c] for c in members])
        if by == "scene":
            edges.extend(scenes)
            chapter.extend([label] * len(scenes))
        elif scenes:
            edges.append(sorted({v for s in scenes for v in s}))
            chapter.append(label)
    return Hypergraph.from_edges(
        edges,
        len(codes),
        node_names=np.asarray(codes),
        node_data={"description": np.asarray(descriptions)},
        edge_data={"chapter": np.asarray(chapter)},
        name=f"lesmis-{by}s",
    )
