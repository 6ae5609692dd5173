"""The dataset registry and the loaders of graph datasets.

Datasets are described in ``datasets/registry.toml`` (name, kind, format, folder, upstream
source, sha256 of the identifying files). A dataset's folder is looked for under each data root
in turn:

1. every folder of ``$GRAPHLAB_DATA`` (``os.pathsep``-separated),
2. ``datasets/`` in the checkout,
3. a sibling ``../shared/datasets`` of the checkout,
4. the download cache (``$GRAPHLAB_CACHE``, else ``datasets/`` when writable, else
   ``~/.cache/graphlab``).

What is missing is downloaded into the cache with the ecosystem's own code (OGB's and PyG's
download helpers, from the original URLs) when ``download=True`` and the machine has internet.
Nothing is ever written into a data root that is not the cache.

Loaders here cover OGB link-prediction datasets and the Planetoid citation graphs; registry
entries with a ``loader = "module:function"`` field (hypergraphs) are loaded by that function,
imported only when asked for.
"""

from __future__ import annotations

import importlib
import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import tomllib

from .errors import DataFormatError, DatasetNotFoundError, InputError
from .graph import Graph
from .safeload import load_pickle, load_torch_arrays

__all__ = [
    "DatasetEntry",
    "GraphDataset",
    "LinkDataset",
    "cache_dir",
    "data_roots",
    "list_datasets",
    "load_dataset",
    "load_graph",
    "locate",
    "registry",
    "sha256sum",
    "verify",
]

_CHECKOUT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class DatasetEntry:
    """One registered dataset (a table of ``registry.toml``)."""

    name: str
    kind: str
    format: str
    path: str
    source: str = ""
    description: str = ""
    sha256: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkDataset:
    """A link-prediction dataset: the training graph and OGB-style splits.

    ``split[s]`` holds ``"edge"`` (int64 [E, 2] positive pairs) for ``s`` in train / valid /
    test, ``"edge_neg"`` for valid / test where the benchmark fixes negatives, and any other
    per-edge arrays the source ships (``"weight"``, ``"year"``).
    """

    name: str
    graph: Graph
    split: dict[str, dict[str, np.ndarray]]
    metric: str = ""
    x: np.ndarray | None = None

    @property
    def num_nodes(self) -> int:
        return self.graph.num_nodes


@dataclass(frozen=True)
class GraphDataset:
    """A graph with optional node features ``x`` [N, F] and labels ``y`` [N]."""

    name: str
    graph: Graph
    x: np.ndarray | None = None
    y: np.ndarray | None = None

    @property
    def num_nodes(self) -> int:
        return self.graph.num_nodes


# --------------------------------------------------------------------------- registry
def _registry_file() -> Path:
    in_checkout = _CHECKOUT / "datasets" / "registry.toml"
    if in_checkout.is_file():
        return in_checkout
    return Path(__file__).with_name("_registry.toml")  # copy shipped inside a wheel


@lru_cache(maxsize=1)
def registry() -> dict[str, DatasetEntry]:
    """All registered datasets by name.

    Examples
    --------
    >>> registry()["ogbl-ddi"].kind
    'link'
    """
    with open(_registry_file(), "rb") as fh:
        tables = tomllib.load(fh).get("datasets", {})
    known = {f for f in DatasetEntry.__dataclass_fields__ if f not in ("name", "extra")}
    entries = {}
    for name, table in tables.items():
        extra = {k: v for k, v in table.items() if k not in known}
        entries[name] = DatasetEntry(
            name=name, **{k: v for k, v in table.items() if k in known}, extra=extra
        )
    return entries


def data_roots() -> list[Path]:
    """The folders searched for datasets, in order (see the module docstring)."""
    roots = [Path(p) for p in os.environ.get("GRAPHLAB_DATA", "").split(os.pathsep) if p]
    roots += [_CHECKOUT / "datasets", _CHECKOUT.parent / "shared" / "datasets", cache_dir()]
    seen: list[Path] = []
    for r in roots:
        if r not in seen:
            seen.append(r)
    return seen


def cache_dir() -> Path:
    """Writable folder for downloads and the caches OGB / PyG write."""
    env = os.environ.get("GRAPHLAB_CACHE")
    if env:
        return Path(env)
    local = _CHECKOUT / "datasets"
    if local.is_dir() and os.access(local, os.W_OK):
        return local
    return Path.home() / ".cache" / "graphlab"


def _entry(name: str) -> DatasetEntry:
    reg = registry()
    if name not in reg:
        import difflib

        close = difflib.get_close_matches(name, list(reg), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise DatasetNotFoundError(
            f"unknown dataset {name!r}{hint}; `graphlab datasets` lists the registered ones"
        )
    return reg[name]


def _marker(entry: DatasetEntry) -> str | None:
    # the file whose presence says the folder holds the dataset
    return next(iter(entry.sha256), None)


def _find(entry: DatasetEntry) -> Path | None:
    for root in data_roots():
        folder = root / entry.path
        marker = _marker(entry)
        if folder.is_dir() and (marker is None or (folder / marker).is_file()):
            return folder
    return None


def locate(name: str, *, download: bool = False) -> tuple[DatasetEntry, Path]:
    """The registry entry of ``name`` and the folder that holds its files.

    Raises
    ------
    DatasetNotFoundError
        If ``name`` is not registered, or its files are in no data root and downloading is off
        or fails.
    """
    entry = _entry(name)
    folder = _find(entry)
    if folder is None and download:
        folder = _download(entry)
    if folder is None:
        where = ", ".join(str(r) for r in data_roots())
        raise DatasetNotFoundError(
            f"dataset {name!r} ({entry.path}) is in no data root ({where}); set GRAPHLAB_DATA "
            "to the folder that holds it"
        )
    return entry, folder


def list_datasets() -> Any:
    """A frame of the registered datasets: name, kind, format, available here, folder."""
    import pandas as pd

    rows = []
    for entry in registry().values():
        folder = _find(entry)
        rows.append(
            {
                "name": entry.name,
                "kind": entry.kind,
                "format": entry.format,
                "available": folder is not None,
                "folder": str(folder) if folder else "",
                "description": entry.description,
            }
        )
    return pd.DataFrame(rows)


def sha256sum(path: str | os.PathLike[str]) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(name: str) -> dict[str, bool]:
    """Check the registered sha256 of each identifying file of a dataset found on disk."""
    entry, folder = locate(name)
    return {f: sha256sum(folder / f) == digest for f, digest in entry.sha256.items()}


# --------------------------------------------------------------------------- loading
def load_dataset(name: str, *, download: bool = True) -> Any:
    """Load a registered dataset.

    Returns a :class:`LinkDataset` for OGB link datasets, a :class:`GraphDataset` for Planetoid
    graphs, and whatever the entry's ``loader`` returns for other kinds (hypergraphs).

    Examples
    --------
    >>> ds = load_dataset("cora")
    >>> ds.graph
    Graph(num_nodes=2708, num_edges=5278, directed=False, weighted=False)
    """
    entry, folder = locate(name, download=download)
    if "loader" in entry.extra:
        module, _, func = entry.extra["loader"].partition(":")
        return getattr(importlib.import_module(module), func)(entry, folder)
    reader = _READERS.get(entry.format)
    if reader is None:
        raise DataFormatError(f"dataset {name!r}: no reader for format {entry.format!r}")
    return reader(entry, folder)


def load_graph(name_or_path: str | os.PathLike[str], **kwargs: Any) -> Graph:
    """A graph from a registered dataset's name (its training graph) or an edge-list file.

    Keyword arguments go to :func:`graphlab.readwrite.read_edge_list` for files.
    """
    from .readwrite import read_edge_list

    text = str(name_or_path)
    if text in registry():
        if kwargs:
            raise InputError(
                f"{', '.join(sorted(kwargs))} apply to edge-list files, not to the registered "
                f"dataset {text!r}"
            )
        ds = load_dataset(text)
        graph = getattr(ds, "graph", None)
        if graph is None:
            raise InputError(f"dataset {text!r} is a {registry()[text].kind}, not a graph")
        return graph
    if Path(text).exists():
        return read_edge_list(text, **kwargs)
    raise DatasetNotFoundError(
        f"{text!r} is neither a registered dataset nor an existing file; "
        "`graphlab datasets` lists the registered ones"
    )


# --------------------------------------------------------------------------- OGB
def _read_csv_array(path: Path, dtype: Any) -> np.ndarray:
    import pandas as pd

    try:
        return pd.read_csv(path, header=None, dtype=dtype).to_numpy()
    except Exception as err:
        raise DataFormatError(f"{path}: {err}") from None


def _read_ogb(entry: DatasetEntry, folder: Path) -> LinkDataset:
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
    return LinkDataset(entry.name, graph, split, entry.extra.get("metric", ""), x)


def _normalise_split(obj: Any, path: Path) -> dict[str, np.ndarray]:
    if not isinstance(obj, dict):
        raise DataFormatError(f"{path}: expected a dict of arrays, got {type(obj).__name__}")
    out = {}
    for key, value in obj.items():
        arr = value.numpy() if hasattr(value, "numpy") else np.asarray(value)
        out[key] = arr
    return out


def _download(entry: DatasetEntry) -> Path | None:
    """Fetch a missing dataset into the cache; ``None`` with a note when that fails here."""
    fetch = _DOWNLOADERS.get(entry.format)
    if fetch is None:
        return None
    target = cache_dir() / entry.path
    try:
        fetch(entry, target)
    except DatasetNotFoundError:
        raise
    except Exception as err:  # no network here: urllib raises URLError / OSError
        raise DatasetNotFoundError(
            f"dataset {entry.name!r} is in no data root and downloading it from {entry.source} "
            f"failed ({type(err).__name__}: {err}); set GRAPHLAB_DATA to a folder that holds "
            f"{entry.path}"
        ) from None
    return target if target.is_dir() else None


def _download_ogb(entry: DatasetEntry, target: Path) -> None:
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


def _download_planetoid(entry: DatasetEntry, target: Path) -> None:
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


# --------------------------------------------------------------------------- Planetoid
def _read_planetoid(entry: DatasetEntry, folder: Path) -> GraphDataset:
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


_READERS = {"ogb": _read_ogb, "planetoid": _read_planetoid}
_DOWNLOADERS = {"ogb": _download_ogb, "planetoid": _download_planetoid}
