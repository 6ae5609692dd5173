"""Link-prediction data: a dataset's training graph, split, features and metric, in one object."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from graphlab.errors import InputError
from graphlab.graph import Graph
from graphlab.records import GraphDataset, LinkDataset

from .splits import random_link_split, split_graph

__all__ = ["LinkData", "from_split", "hits_k", "link_data", "load_link_data"]

#: Hits@K of the Planetoid protocol (Wang et al., ICLR 2024)
PLANETOID_K = 100


@dataclass
class LinkData:
    """What training and evaluation need.

    Attributes
    ----------
    name : str
    num_nodes : int
    graph : Graph
        The undirected training graph (message passing and TC walk on it only).
    split : dict
        ``{"train": {"edge"}, "valid": {"edge", "edge_neg"}, "test": {"edge", "edge_neg"}}``,
        int64 arrays [E, 2].
    x : Tensor or None
        Node features [N, F] (float32), ``None`` for featureless graphs.
    k : int
        The K of the Hits@K used for model selection and reporting.
    """

    name: str
    num_nodes: int
    graph: Graph
    split: dict[str, dict[str, np.ndarray]]
    x: torch.Tensor | None
    k: int

    @property
    def metric(self) -> str:
        return f"hits@{self.k}"


def hits_k(name: str, metric: Any) -> int:
    """The K of a dataset's ``hits@K`` metric; training selects and reports Hits@K only.

    Raises
    ------
    InputError
        For any other metric (e.g. ogbl-citation2's ``mrr``), naming it.

    Examples
    --------
    >>> hits_k("ogbl-ddi", "hits@20")
    20
    >>> hits_k("ogbl-citation2", "mrr")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: dataset 'ogbl-citation2' is evaluated by 'mrr': training supp...
    """
    m = re.fullmatch(r"hits@(\d+)", str(metric).lower())
    if m is None or int(m.group(1)) < 1:
        raise InputError(
            f"dataset {name!r} is evaluated by {metric!r}: training supports Hits@K metrics "
            "only (hits@K)"
        )
    return int(m.group(1))


def from_split(
    name: str, num_nodes: int, split: dict[str, dict[str, Any]], x: Any = None, k: int = 100
) -> LinkData:
    """Build :class:`LinkData` from a split dict (training graph = the train edges)."""
    for part, keys in (
        ("train", ("edge",)),
        ("valid", ("edge", "edge_neg")),
        ("test", ("edge", "edge_neg")),
    ):
        for key in keys:
            if part not in split or key not in split[part]:
                raise InputError(f"split lacks {part}/{key}")
    split = {
        p: {k_: np.asarray(v, dtype=np.int64).reshape(-1, 2) for k_, v in d.items()}
        for p, d in split.items()
    }
    xt = None if x is None else torch.as_tensor(np.asarray(x, dtype=np.float32))
    return LinkData(name, num_nodes, split_graph(num_nodes, split["train"]["edge"]), split, xt, k)


def load_link_data(name: str, split_seed: int = 0) -> LinkData:
    """Load a registered dataset ready for link prediction.

    OGB link datasets keep their official split and metric (``ogbl-ddi``: Hits@20); graphs
    without a split (Planetoid: ``cora``, ``citeseer``, ``pubmed``) get a seeded random 70/10/20
    split with one negative per positive (:func:`linkpred.splits.random_link_split`) and
    Hits@100.

    Raises
    ------
    DatasetNotFoundError
        For an unknown dataset.
    InputError
        For a dataset that is neither a link dataset nor a graph, or whose metric is not
        Hits@K (it is not replaced by another).
    """
    from graphlab.datasets import load_dataset

    # link datasets are graph datasets with a split
    return link_data(load_dataset(name, GraphDataset), split_seed=split_seed)


def link_data(ds: GraphDataset, split_seed: int = 0) -> LinkData:
    """:class:`LinkData` of a loaded dataset (see :func:`load_link_data`), without reading it
    again."""
    if isinstance(ds, LinkDataset):
        k = hits_k(ds.name, ds.metric)
        xt = None if ds.x is None else torch.as_tensor(np.asarray(ds.x, dtype=np.float32))
        return LinkData(ds.name, ds.num_nodes, ds.graph, ds.split, xt, k)
    split = random_link_split(ds.graph, 0.1, 0.2, seed=split_seed)
    return from_split(ds.name, ds.graph.num_nodes, split, ds.x, PLANETOID_K)
