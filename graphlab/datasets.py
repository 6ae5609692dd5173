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

Each registry ``format`` names a reader found through the ``graphlab.formats`` entry-point group
(``pyproject.toml``): the core registers ``ogb`` and ``planetoid``, the hypergraph package its
hypergraph formats, so the core names no package above it. A reader is a callable
``(entry, folder) -> dataset``.

What a dataset is, is typed: :func:`load_dataset` returns a :class:`GraphDataset`, a
:class:`LinkDataset` (a graph with link-prediction splits and a metric), or the record a format
reader returns (a hypergraph, a hypergraph pair); ``kind=`` asks for one of them and gets a
clear error otherwise. :func:`resolve` is the one rule, used by every command, that tells a
dataset name from a file path.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .errors import DataFormatError, DatasetNotFoundError, InputError
from .records import DatasetEntry, GraphDataset, LinkDataset, TimestampedGraph

if TYPE_CHECKING:  # resolving a name or a path imports no torch: a command's input error is
    from .graph import Graph  # reported before the seconds of importing its models

__all__ = [
    "FORMAT_GROUP",
    "TIMESTAMPED_GROUP",
    "DatasetEntry",
    "GraphDataset",
    "LinkDataset",
    "TimestampedGraph",
    "as_timestamped_graph",
    "cache_dir",
    "data_roots",
    "formats",
    "kind_words",
    "list_datasets",
    "load_dataset",
    "load_graph",
    "locate",
    "registry",
    "resolve",
    "sha256sum",
    "verify",
]

#: Entry-point group of the dataset readers: ``format name = "module:callable(entry, folder)"``.
FORMAT_GROUP = "graphlab.formats"
#: Entry-point group of the converters of loaded datasets to a :class:`TimestampedGraph`.
TIMESTAMPED_GROUP = "graphlab.timestamped_graph"

T = TypeVar("T")

_CHECKOUT = Path(__file__).resolve().parents[1]


def as_timestamped_graph(obj: Any) -> TimestampedGraph | None:
    """``obj`` as a :class:`TimestampedGraph`, or ``None`` if no registered converter applies.

    ``obj`` itself if it is one; otherwise each converter of the ``graphlab.timestamped_graph``
    entry-point group is asked in turn (the hypergraph package converts a timestamped hypergraph
    to its projection with first meeting times).
    """
    if isinstance(obj, TimestampedGraph):
        return obj
    for ep in entry_points(group=TIMESTAMPED_GROUP):
        converted = ep.load()(obj)
        if converted is not None:
            return converted
    return None


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


def locate(name: str, *, download: bool = True) -> tuple[DatasetEntry, Path]:
    """The registry entry of ``name`` and the folder that holds its files.

    Raises
    ------
    DatasetNotFoundError
        If ``name`` is not registered, or its files are in no data root and downloading is off
        (``download=False``) or fails.
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
    entry, folder = locate(name, download=False)
    return {f: sha256sum(folder / f) == digest for f, digest in entry.sha256.items()}


# --------------------------------------------------------------------------- loading
#: Registry kinds whose datasets load as each of the core's records.
_REGISTRY_KINDS: dict[type, tuple[str, ...]] = {
    GraphDataset: ("graph", "link"),
    LinkDataset: ("link",),
}


@lru_cache(maxsize=1)
def formats() -> dict[str, Callable[[DatasetEntry, Path], Any]]:
    """Readers of the registry's formats, from the ``graphlab.formats`` entry-point group.

    Examples
    --------
    >>> sorted(formats())[:2]
    ['generated', 'hyperlabels']
    """
    return {ep.name: ep.load() for ep in entry_points(group=FORMAT_GROUP)}


def resolve(name_or_path: str | os.PathLike[str]) -> DatasetEntry | Path:
    """What a command's ``DATASET_OR_FILE`` argument names: a registered dataset or a path.

    One precedence for every command:

    1. text that reads as a path (a ``Path``, or text holding a path separator or starting with
       ``.`` or ``~``) is a path;
    2. a registered name is that dataset (so a stray file called ``cora`` in the working folder
       does not hide the dataset; write ``./cora`` for the file);
    3. an existing file or folder is a path;
    4. anything else is an error that suggests close registered names.

    Raises
    ------
    DatasetNotFoundError
        If the text is neither registered nor an existing path.

    Examples
    --------
    >>> resolve("cora").kind
    'graph'
    >>> resolve("./edges.csv")
    PosixPath('edges.csv')
    """
    if isinstance(name_or_path, os.PathLike):
        return Path(name_or_path)
    text = str(name_or_path)
    if os.sep in text or (os.altsep and os.altsep in text) or text.startswith((".", "~")):
        return Path(text).expanduser()
    if text in registry():
        return registry()[text]
    if Path(text).exists():
        return Path(text)
    import difflib

    close = difflib.get_close_matches(text, list(registry()), n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise DatasetNotFoundError(
        f"{text!r} is neither a registered dataset{hint} nor an existing file; "
        "`graphlab datasets` lists the registered ones"
    )


@overload
def load_dataset(name: str, kind: type[T], *, download: bool = ...) -> T: ...
@overload
def load_dataset(name: str, kind: None = None, *, download: bool = ...) -> object: ...
def load_dataset(name: str, kind: type[Any] | None = None, *, download: bool = True) -> Any:
    """Load a registered dataset.

    Parameters
    ----------
    name : str
        A registered name (``graphlab datasets`` lists them).
    kind : type, optional
        The record expected: :class:`GraphDataset` (any graph, link datasets included),
        :class:`LinkDataset`, or a type of an upper package (``hypergraph.Hypergraph``,
        ``hypergraph.readwrite.HypergraphPair``). A dataset of another kind is an error.
    download : bool, default True
        Download what is missing into the cache (needs internet).

    Returns
    -------
    object
        A :class:`LinkDataset` for OGB link datasets, a :class:`GraphDataset` for Planetoid
        graphs, the record of the format's reader for other formats.

    Raises
    ------
    DatasetNotFoundError
        For an unknown name or missing files.
    InputError
        If the dataset is not of ``kind``.

    Examples
    --------
    >>> ds = load_dataset("cora", GraphDataset)
    >>> ds.graph
    Graph(num_nodes=2708, num_edges=5278, directed=False, weighted=False)
    >>> load_dataset("cora", LinkDataset)
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: dataset 'cora' is a graph, not a link-prediction dataset
    """
    entry = _entry(name)
    expected = None if kind is None else _REGISTRY_KINDS.get(kind)
    if kind is not None and expected is not None and entry.kind not in expected:
        # refused from the registry alone, before any file is read
        raise InputError(f"dataset {name!r} is {kind_words(entry.kind)}, not {kind_words(kind)}")
    entry, folder = locate(name, download=download)
    reader = formats().get(entry.format)
    if reader is None:
        raise DataFormatError(
            f"dataset {name!r}: no reader for format {entry.format!r} (readers are registered "
            f"in the {FORMAT_GROUP!r} entry-point group; is the package that reads it installed?)"
        )
    obj = reader(entry, folder)
    if kind is not None and not isinstance(obj, kind):
        got, read = kind_words(entry.kind), kind_words(type(obj))
        raise InputError(
            f"dataset {name!r} is {got}"
            + ("" if read == got else f" (its reader gives {read})")
            + f", not {kind_words(kind)}"
        )
    return obj


#: The registry's kinds in words, for messages.
_KIND_WORDS = {
    "graph": "a graph",
    "link": "a link-prediction dataset",
    "hypergraph": "a hypergraph",
    "hypergraph-pair": "a train/test hypergraph pair",
}


def kind_words(kind: str | type) -> str:
    """What a dataset kind is, in words: a registry kind (``"link"``) or a record type.

    A type says it with its ``dataset_kind`` class attribute (:class:`GraphDataset`,
    :class:`LinkDataset`, ``hypergraph.Hypergraph``, ``hypergraph.readwrite.HypergraphPair``);
    a type without one by its name.

    Examples
    --------
    >>> kind_words("link"), kind_words(GraphDataset), kind_words(slice)
    ('a link-prediction dataset', 'a graph', 'a slice')
    """
    if isinstance(kind, str):
        return _KIND_WORDS.get(kind, f"a {kind}")
    words = getattr(kind, "dataset_kind", None)
    return words if isinstance(words, str) else f"a {kind.__name__}"


def load_graph(
    name_or_path: str | os.PathLike[str], *, relabel: bool = False, **kwargs: Any
) -> Graph:
    """A graph from a registered dataset (its training graph) or an edge-list file.

    ``name_or_path`` is resolved by :func:`resolve`. ``relabel`` and the other keyword
    arguments go to :func:`graphlab.readwrite.read_edge_list` for files: with ``relabel=True``
    a file's ids are compacted to ``0 .. n-1`` and kept as the graph's ``node_ids``. A
    registered dataset's nodes already are ``0 .. n-1``: ``relabel`` leaves it as it is.
    """
    from .readwrite import read_edge_list

    source = resolve(name_or_path)
    if isinstance(source, Path):
        if not source.exists():
            raise DatasetNotFoundError(f"{str(source)!r}: no such file")
        return read_edge_list(source, relabel=relabel, **kwargs)
    if kwargs:
        raise InputError(
            f"{', '.join(sorted(kwargs))} apply to edge-list files, not to the registered "
            f"dataset {source.name!r}"
        )
    return load_dataset(source.name, GraphDataset).graph


def _download(entry: DatasetEntry) -> Path | None:
    """Fetch a missing dataset into the cache; ``None`` with a note when that fails here."""
    if entry.format not in _DOWNLOADERS:
        return None
    from importlib import import_module

    module, name = _DOWNLOADERS[entry.format]
    fetch = getattr(import_module(module, __package__), name)
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


# The core downloads the formats whose ecosystems ship download helpers (OGB's, PyG's).
_DOWNLOADERS = {
    "ogb": (".formats.ogb", "download_ogb"),
    "planetoid": (".formats.planetoid", "download_planetoid"),
}
