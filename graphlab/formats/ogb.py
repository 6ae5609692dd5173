"""The ``ogb`` dataset format: OGB link-prediction folders, read without OGB's loaders.

OGB's split files are read with an allow-listed ``torch.load`` (:mod:`graphlab.safeload`);
downloads go through OGB's own helpers.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DataFormatError, DatasetNotFoundError
from ..graph import Graph
from ..records import DatasetEntry, LinkDataset
from ..safeload import load_torch_arrays

__all__ = ["download_ogb", "read_ogb"]


def _read_csv_array(path: Path, dtype: Any) -> np.ndarray:
    import pandas as pd

    try:
        return pd.read_csv(path, header=None, dtype=dtype).to_numpy()
    except Exception as err:
        raise DataFormatError(f"{path}: {err}") from None


def read_ogb(entry: DatasetEntry, folder: Path) -> LinkDataset:
    """Reader of the ``ogb`` format: an OGB link-prediction dataset's folder, without OGB."""
    split_dir = folder / "split" / entry.extra.get("split", "")
    raw = folder / "raw"
    num_nodes = int(_read_csv_array(raw / "num-node-list.csv.gz", np.int64).sum())
    split: dict[str, dict[str, np.ndarray]] = {}
    for part in ("train", "valid", "test"):
        f = split_dir / f"{part}.pt"
        if f.is_file():
            split[part] = _normalise_split(load_torch_arrays(f), f)
        elif part == "train":
            # OGB's training split of a link dataset is its raw edge list; the ogbl-ddi snapshot
            # here ships the raw file only
            split[part] = {"edge": _read_csv_array(raw / "edge.csv.gz", np.int64)}
        else:
            raise DatasetNotFoundError(f"{entry.name}: split file {f} is missing")
    train = split["train"]
    if "edge" not in train and "source_node" in train:  # citation2 style
        train_edges = np.stack([train["source_node"], train["target_node"]], axis=1)
    else:
        train_edges = train["edge"]
    weight = train.get("weight")
    graph = Graph.from_coo(
        train_edges[:, 0],
        train_edges[:, 1],
        num_nodes,
        None if weight is None else np.asarray(weight, dtype=np.float64).ravel(),
        reduce="sum",
        name=f"{entry.name} train edges",
    )
    x = None
    feat = raw / "node-feat.csv.gz"
    if feat.is_file():
        x = _read_csv_array(feat, np.float32)
    return LinkDataset(entry.name, graph, x=x, split=split, metric=entry.extra.get("metric", ""))


def _normalise_split(obj: Any, path: Path) -> dict[str, np.ndarray]:
    if not isinstance(obj, dict):
        raise DataFormatError(f"{path}: expected a dict of arrays, got {type(obj).__name__}")
    out = {}
    for key, value in obj.items():
        arr = value.numpy() if hasattr(value, "numpy") else np.asarray(value)
        out[key] = arr
    return out


def download_ogb(entry: DatasetEntry, target: Path) -> None:
    from ogb.utils.url import download_url, extract_zip

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        archive = download_url(entry.source, tmp)
        extract_zip(archive, tmp)
        # OGB's archives hold one folder named after the zip (ddi.zip -> ddi/)
        inner = Path(tmp) / Path(entry.source).stem
        if not inner.is_dir():
            raise DataFormatError(f"{entry.source}: archive lacks the folder {inner.name}/")
        os.replace(inner, target)
