"""The ``planetoid`` dataset format: the raw Planetoid files, read without PyG.

Pickles go through an allow-listed unpickler (:mod:`graphlab.safeload`); downloads through
PyG's own helper.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DatasetNotFoundError
from ..graph import Graph
from ..records import DatasetEntry, GraphDataset
from ..safeload import load_pickle

__all__ = ["download_planetoid", "read_planetoid"]


def read_planetoid(entry: DatasetEntry, folder: Path) -> GraphDataset:
    """Reader of the ``planetoid`` format: the raw Planetoid files, without PyG."""
    import scipy.sparse as sp

    prefix = entry.extra["prefix"]
    raw = folder / "raw"

    def part(name: str) -> Any:
        f = raw / f"ind.{prefix}.{name}"
        return load_pickle(f) if f.is_file() else None

    adjacency = part("graph")
    if adjacency is None:
        raise DatasetNotFoundError(f"{entry.name}: {raw / f'ind.{prefix}.graph'} is missing")
    src = np.fromiter((u for u, nbrs in adjacency.items() for _ in nbrs), dtype=np.int64)
    dst = np.fromiter((v for nbrs in adjacency.values() for v in nbrs), dtype=np.int64)
    num_nodes = max(len(adjacency), int(max(src.max(initial=-1), dst.max(initial=-1))) + 1)

    test_file = raw / f"ind.{prefix}.test.index"
    test_index = np.loadtxt(test_file, dtype=np.int64, ndmin=1) if test_file.is_file() else None
    allx, tx, ally, ty = part("allx"), part("tx"), part("ally"), part("ty")
    x = y = None
    if test_index is not None and ally is not None and ty is not None:
        y = _planetoid_stack(ally, ty, test_index, num_nodes).argmax(axis=1)
    if test_index is not None and allx is not None and tx is not None:
        x = _planetoid_stack(
            sp.csr_array(allx).toarray(), sp.csr_array(tx).toarray(), test_index, num_nodes
        ).astype(np.float32)
    missing = [
        f"ind.{prefix}.{p}" for p in ("allx", "tx") if not (raw / f"ind.{prefix}.{p}").is_file()
    ]
    if x is None:
        # A model trained without features is a different experiment (learned embeddings):
        # say so, instead of letting the numbers stand beside featured ones unexplained.
        warnings.warn(
            f"{entry.name}: node features unavailable ({', '.join(missing) or 'test.index'} "
            f"missing in {raw}); the dataset has no x",
            stacklevel=2,
        )
    graph = Graph.from_coo(src, dst, num_nodes, name=f"{entry.name} graph")
    return GraphDataset(entry.name, graph, x, y)


def _planetoid_stack(
    all_rows: np.ndarray, test_rows: np.ndarray, test_index: np.ndarray, num_nodes: int
) -> np.ndarray:
    """Rows of the non-test nodes then the test nodes, placed at their ids (PyG's convention).

    Test ids missing upstream (CiteSeer's isolated nodes) get zero rows.
    """
    out = np.zeros((num_nodes, all_rows.shape[1]), dtype=all_rows.dtype)
    out[: all_rows.shape[0]] = all_rows
    out[test_index] = test_rows
    return out


def download_planetoid(entry: DatasetEntry, target: Path) -> None:
    import torch_geometric.data

    prefix = entry.extra["prefix"]
    with tempfile.TemporaryDirectory(dir=_ensure(target.parent)) as tmp:
        staged = Path(tmp) / "raw"
        for part in ("x", "tx", "allx", "y", "ty", "ally", "graph", "test.index"):
            torch_geometric.data.download_url(
                f"{entry.source}/ind.{prefix}.{part}", staged, log=False
            )
        # the raw folder appears whole or not at all
        os.replace(staged, _ensure(target) / "raw")


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
