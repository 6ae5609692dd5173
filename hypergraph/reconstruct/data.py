"""The SHyRe data pairs, the paper's budgets and results, and a method factory."""

from __future__ import annotations

from typing import Any

from graphlab.errors import DatasetNotFoundError, InputError

from ..readwrite import HypergraphPair, read_shyre_pair

__all__ = ["METHODS", "PAPER_BUDGETS", "PAPER_JACCARD", "SHYRE_FOLDERS", "load_pair", "make_method"]

#: Registered name -> folder of ``shyre-reconstruction``.
SHYRE_FOLDERS = {
    "shyre-dblp": "dblp",
    "shyre-enron": "enron",
    "shyre-school": "school",
    "shyre-school2": "school2",
    "shyre-foursquare": "foursquare",
    "shyre-hosts": "hosts",
    "shyre-directors": "directors",
    "shyre-crime": "crime",
}
#: The paper's sampler budgets :math:`\\beta`.
PAPER_BUDGETS = {
    "shyre-dblp": 1e6,
    "shyre-enron": 1e3,
    "shyre-school": 3.5e5,
    "shyre-school2": 6e4,
    "shyre-foursquare": 2e4,
    "shyre-hosts": 6e3,
    "shyre-directors": 800,
    "shyre-crime": 1e3,
}
#: The paper's best Jaccard x100 per dataset (Wang & Kleinberg, ICLR 2024, Table 2).
PAPER_JACCARD = {
    "shyre-dblp": 81.2,
    "shyre-enron": 16.0,
    "shyre-school": 43.1,
    "shyre-school2": 54.9,
    "shyre-foursquare": 73.6,
    "shyre-hosts": 48.9,
    "shyre-directors": 100.0,
    "shyre-crime": 79.3,
}
METHODS = ("shyre", "shyre-motif", "max-cliques", "clique-cover")


def load_pair(name: str) -> HypergraphPair:
    """A SHyRe (train, test) pair by registered name (``shyre-crime``) or folder path.

    Uses the dataset registry when it knows the name, else looks for
    ``shyre-reconstruction/<folder>`` under :func:`graphlab.datasets.data_roots`.

    Raises
    ------
    DatasetNotFoundError
        If the name is unknown or its files are not found.
    """
    from pathlib import Path

    from graphlab.datasets import data_roots, load_dataset, registry

    if name in registry():
        pair = load_dataset(name)
        if not isinstance(pair, HypergraphPair):
            raise InputError(f"dataset {name!r} is not a train/test hypergraph pair")
        return pair
    if name in SHYRE_FOLDERS:
        for root in data_roots():
            folder = root / "shyre-reconstruction" / SHYRE_FOLDERS[name]
            if folder.is_dir():
                return read_shyre_pair(folder)
        raise DatasetNotFoundError(f"{name}: no shyre-reconstruction/{SHYRE_FOLDERS[name]} found")
    if Path(name).is_dir():
        return read_shyre_pair(name)
    raise DatasetNotFoundError(
        f"{name!r} is neither a SHyRe pair ({', '.join(SHYRE_FOLDERS)}) nor a folder"
    )


def make_method(method: str, budget: float = 10_000, seed: int | None = 0, **kwargs: Any) -> Any:
    """An estimator by CLI name: shyre, shyre-motif, max-cliques, clique-cover."""
    from .baselines import CliqueCover, MaxCliques
    from .shyre import SHyRe

    if method == "shyre":
        return SHyRe(budget, seed=seed, **kwargs)
    if method == "shyre-motif":
        kwargs.setdefault("features", "motif")
        return SHyRe(budget, seed=seed, **kwargs)
    if method == "max-cliques":
        return MaxCliques()
    if method == "clique-cover":
        return CliqueCover()
    raise InputError(f"method must be one of {METHODS}, got {method!r}")
