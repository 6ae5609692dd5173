"""The SHyRe data pairs, the paper's budgets and results, and a method factory."""

from __future__ import annotations

from typing import Any

from graphlab.errors import DatasetNotFoundError, InputError

from ..readwrite import HypergraphPair, read_shyre_pair

__all__ = ["METHODS", "PAPER_BUDGETS", "PAPER_JACCARD", "load_pair", "make_method"]

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


def load_pair(name: str, *, unique: bool = True) -> HypergraphPair:
    """A SHyRe (train, test) pair by registered name (``shyre-crime``) or folder path.

    The name-or-path rule is :func:`graphlab.datasets.resolve`'s, as in every command.
    ``unique=False`` keeps the files' repeated hyperedges (:func:`read_shyre_pair`).

    Raises
    ------
    DatasetNotFoundError
        If the name is unknown or its files are not found.
    InputError
        If a registered dataset is not a train/test pair.
    """
    from pathlib import Path

    from graphlab.datasets import load_dataset, resolve

    source = resolve(name)
    if not isinstance(source, Path):
        if unique:
            return load_dataset(source.name, HypergraphPair)
        from graphlab.datasets import locate

        entry, source = locate(source.name)
        if entry.format != "shyre-pair":  # its error names what the dataset is instead
            return load_dataset(entry.name, HypergraphPair)
    if not source.is_dir():
        raise DatasetNotFoundError(
            f"{name!r} is not a folder with a SHyRe pair (registered pairs: "
            f"{', '.join(PAPER_BUDGETS)})"
        )
    return read_shyre_pair(source, unique=unique)


def make_method(
    method: str,
    budget: float = 10_000,
    seed: int | None = 0,
    *,
    preset: str | None = None,
    **kwargs: Any,
) -> Any:
    """An estimator by CLI name: shyre, shyre-motif, max-cliques, clique-cover.

    ``preset`` (SHyRe only) starts from a named setting of
    :data:`hypergraph.reconstruct.shyre.PRESETS` (``"paper"``); ``kwargs`` override it.

    >>> make_method("shyre", 1000, preset="paper").features
    'count'
    """
    from .baselines import CliqueCover, MaxCliques
    from .shyre import SHyRe

    if method in ("shyre", "shyre-motif"):
        if method == "shyre-motif":
            kwargs.setdefault("features", "motif")
        if preset is not None:
            return SHyRe.preset(preset, budget, seed=seed, **kwargs)
        return SHyRe(budget, seed=seed, **kwargs)
    if method == "max-cliques":
        return MaxCliques(memory_budget=kwargs.get("memory_budget"))
    if method == "clique-cover":
        return CliqueCover()
    raise InputError(f"method must be one of {METHODS}, got {method!r}")
