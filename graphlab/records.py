"""The typed records of the dataset registry: an entry, and what loading it gives.

:func:`graphlab.datasets.load_dataset` returns a :class:`GraphDataset`, a :class:`LinkDataset`
(a graph with link-prediction splits and a metric), or the record of an upper package's format
reader; :class:`TimestampedGraph` is what per-period analyses take.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .errors import InputError

if TYPE_CHECKING:  # only annotations: naming a dataset needs no torch (graphlab.datasets)
    from .graph import Graph

__all__ = ["DatasetEntry", "GraphDataset", "LinkDataset", "TimestampedGraph"]


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
class GraphDataset:
    """A graph with optional node features ``x`` [N, F] and labels ``y`` [N]."""

    #: What a command that needs this record asks for, in words (messages name no class).
    dataset_kind: ClassVar[str] = "a graph"

    name: str
    graph: Graph
    x: np.ndarray | None = None
    y: np.ndarray | None = None

    @property
    def num_nodes(self) -> int:
        return self.graph.num_nodes


@dataclass(frozen=True)
class LinkDataset(GraphDataset):
    """A link-prediction dataset: the training graph, OGB-style splits and the metric.

    ``split[s]`` holds ``"edge"`` (int64 [E, 2] positive pairs) for ``s`` in train / valid /
    test, ``"edge_neg"`` for valid / test where the benchmark fixes negatives, and any other
    per-edge arrays the source ships (``"weight"``, ``"year"``). ``metric`` is the benchmark's
    (``"hits@20"``, ``"mrr"``), as the registry states it.
    """

    dataset_kind: ClassVar[str] = "a link-prediction dataset"

    split: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    metric: str = ""


@dataclass(frozen=True)
class TimestampedGraph:
    """A graph whose edges carry the time they first appear.

    ``times[i]`` is the time of ``graph.edges()[i]`` (undirected edges once, ``u <= v``).
    """

    dataset_kind: ClassVar[str] = "a timestamped graph"

    name: str
    graph: Graph
    times: np.ndarray

    def __post_init__(self) -> None:
        if self.times.shape != (self.graph.num_edges,):
            raise InputError(
                f"times must hold one value per edge ({self.graph.num_edges}), "
                f"got shape {self.times.shape}"
            )
