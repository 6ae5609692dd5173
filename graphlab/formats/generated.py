"""The ``generated`` dataset format: seeded synthetic graphs, drawn on first use and cached.

A registry entry of this format names a model and its parameters instead of files::

    [datasets.hyperbolic-1m]
    kind = "graph"
    format = "generated"
    path = "."
    model = "hyperbolic"
    nodes = 1000000
    avg_degree = 20.0
    gamma = 2.7
    seed = 0

The first load draws the graph (:func:`graphlab.generators.hyperbolic_graph`, seconds) and
writes its CSR to ``<cache>/generated/<name>-<key>.npz`` (:func:`graphlab.datasets.cache_dir`;
``key`` hashes the parameters and :data:`GENERATOR_VERSION`, so a changed entry or generator
never reads a stale file); later loads read that file. Nothing is ever committed: the cache is
outside the sources, and the same seed gives the same graph on every machine.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DataFormatError
from ..graph import Graph
from ..records import DatasetEntry, GraphDataset

__all__ = ["GENERATOR_VERSION", "MODELS", "cached_path", "read_generated"]

#: Bumped whenever the generators draw differently for the same parameters.
GENERATOR_VERSION = 1

#: Models by name: the registry's parameter names of each.
MODELS: dict[str, tuple[str, ...]] = {"hyperbolic": ("nodes", "avg_degree", "gamma", "seed")}


def _params(entry: DatasetEntry) -> dict[str, Any]:
    model = entry.extra.get("model")
    if model not in MODELS:
        raise DataFormatError(
            f"dataset {entry.name!r}: model {model!r} is not one of {', '.join(MODELS)}"
        )
    missing = [p for p in MODELS[model] if p not in entry.extra]
    if missing:
        raise DataFormatError(f"dataset {entry.name!r}: registry entry lacks {', '.join(missing)}")
    return {"model": model, **{p: entry.extra[p] for p in MODELS[model]}}


def cached_path(entry: DatasetEntry) -> Path:
    """Where the generated graph of ``entry`` is cached (it may not exist yet)."""
    from ..datasets import cache_dir

    params = _params(entry)
    key = json.dumps({**params, "version": GENERATOR_VERSION}, sort_keys=True)
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return cache_dir() / "generated" / f"{entry.name}-{digest}.npz"


def _generate(params: dict[str, Any]) -> Graph:
    from ..generators import hyperbolic_graph

    return hyperbolic_graph(
        params["nodes"], params["avg_degree"], params["gamma"], seed=params["seed"]
    )


def read_generated(entry: DatasetEntry, folder: Path) -> GraphDataset:
    """Reader of the ``generated`` format: the cached graph, drawn and cached on first use.

    ``folder`` is not read (the entry's parameters define the graph).
    """
    from ..fileio import atomic_path

    del folder
    path = cached_path(entry)
    if path.is_file():
        try:
            with np.load(path) as z:
                indptr = z["indptr"]
                indices = z["indices"].astype(np.int64)
            graph = Graph(indptr, indices, indptr.shape[0] - 1, validate=False)
            return GraphDataset(entry.name, graph)
        except (OSError, KeyError, ValueError):
            pass  # a damaged cache file is drawn again below
    graph = _generate(_params(entry))
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        # int32 ids halve the file; every id of these graphs fits
        np.savez(fh, indptr=graph.indptr_np, indices=graph.indices_np.astype(np.int32))
    return GraphDataset(entry.name, graph)
