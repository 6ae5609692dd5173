"""Link-prediction data: a dataset's training graph, split, features and metric, in one object.

What follows the dataset (its evaluation protocol):

* the metric: the registry's ``hits@K`` (split arrays ``edge`` / ``edge_neg``, OGB's shared
  negatives) or ``mrr`` (ogbl-citation2's layout: ``source_node``, ``target_node`` and
  ``target_node_neg`` [E, M], per-positive negatives); any other metric, or a split that lacks
  the arrays its metric needs, is an :class:`~graphlab.errors.InputError`, never a fallback;
* the graph messages run on at test time: the training graph, or for the datasets of
  :data:`VALID_AS_INPUT` (ogbl-collab) the training plus validation edges, OGB's rule for
  collab (validation edges may be used as input at test time, not as training labels);
* graphs without a split (Planetoid, a user's edge list) get the protocol's random split
  (:data:`linkpred.config.PROTOCOLS`) and Hits@100.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

from graphlab.errors import InputError
from graphlab.graph import Graph
from graphlab.records import GraphDataset, LinkDataset

from .splits import ncnc_link_split, random_link_split, split_graph

if TYPE_CHECKING:
    from .config import TrainConfig

__all__ = [
    "VALID_AS_INPUT",
    "LinkData",
    "from_split",
    "hits_k",
    "link_data",
    "load_link_data",
    "normalize_rows",
    "run_data",
]

#: Hits@K of the Planetoid protocol (Wang et al., ICLR 2024)
PLANETOID_K = 100

#: K of the per-node @K metrics of an MRR dataset (its benchmark metric has no K)
MRR_NODE_K = 100

#: Datasets whose test-time message passing runs on the training plus validation edges (OGB's
#: convention for ogbl-collab), under the ``"modern"`` protocol; the paper's collab code does
#: not (its line is commented out), so ``"paper"`` keeps the training graph.
VALID_AS_INPUT = frozenset({"ogbl-collab"})


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
        The K of the Hits@K used for model selection and reporting (with ``mrr``: the K of the
        per-node @K metrics only).
    mrr : bool
        Selection and report by MRR over per-positive negatives (``target_node_neg``).
    test_graph : Graph or None
        The graph messages run on when scoring the test edges (``None``: ``graph``).
    ids : ndarray or None
        The user's node ids (node ``i`` is ``ids[i]``), for outputs; ``None``: 0..N-1.
    """

    name: str
    num_nodes: int
    graph: Graph
    split: dict[str, dict[str, np.ndarray]]
    x: torch.Tensor | None
    k: int
    mrr: bool = False
    test_graph: Graph | None = None
    ids: np.ndarray | None = None

    @property
    def metric(self) -> str:
        return "mrr" if self.mrr else f"hits@{self.k}"


def hits_k(name: str, metric: Any) -> int:
    """The K of a dataset's metric: ``hits@K`` -> K, ``mrr`` -> 0.

    Raises
    ------
    InputError
        For any other metric (or none), naming the dataset: its evaluation protocol is unknown.

    Examples
    --------
    >>> hits_k("ogbl-ddi", "hits@20"), hits_k("ogbl-citation2", "mrr")
    (20, 0)
    >>> hits_k("ogbl-wikikg2", "")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: dataset 'ogbl-wikikg2' has no known evaluation protocol ...
    """
    text = str(metric).lower()
    if text == "mrr":
        return 0
    m = re.fullmatch(r"hits@(\d+)", text)
    if m is None or int(m.group(1)) < 1:
        raise InputError(
            f"dataset {name!r} has no known evaluation protocol (metric {metric!r}; training "
            "knows hits@K with shared negatives and mrr with per-positive negatives)"
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


def normalize_rows(x: Any) -> np.ndarray:
    """Each row divided by its sum (rows summing to 0 kept): PyG's ``NormalizeFeatures``.

    Examples
    --------
    >>> normalize_rows(np.array([[1.0, 3.0], [0.0, 0.0]])).tolist()
    [[0.25, 0.75], [0.0, 0.0]]
    """
    a = np.asarray(x, dtype=np.float32)
    norm = a.sum(axis=1, keepdims=True)
    norm[norm == 0] = 1
    return a / norm


def load_link_data(name: str, split_seed: int = 0, protocol: str = "modern") -> LinkData:
    """Load a registered dataset ready for link prediction.

    OGB link datasets keep their official split and metric (``ogbl-ddi``: Hits@20,
    ``ogbl-citation2``: MRR); graphs without a split (Planetoid: ``cora``, ``citeseer``,
    ``pubmed``) get a seeded random split of the ``protocol``
    (:data:`linkpred.config.PROTOCOLS`) and Hits@100.

    Raises
    ------
    DatasetNotFoundError
        For an unknown dataset.
    InputError
        For a dataset that is neither a link dataset nor a graph, or whose evaluation protocol
        is unknown (it is not replaced by another).
    """
    from graphlab.datasets import load_dataset

    # link datasets are graph datasets with a split
    return link_data(load_dataset(name, GraphDataset), split_seed=split_seed, protocol=protocol)


def link_data(ds: GraphDataset, split_seed: int = 0, protocol: str = "modern") -> LinkData:
    """:class:`LinkData` of a loaded dataset (see :func:`load_link_data`), without reading it
    again."""
    from .config import PROTOCOLS

    rules = PROTOCOLS[protocol]
    x = ds.x
    if x is not None and rules.features == "row":
        x = normalize_rows(x)
    xt = None if x is None else torch.as_tensor(np.asarray(x, dtype=np.float32))
    if isinstance(ds, LinkDataset):
        k = hits_k(ds.name, ds.metric)
        split = _checked_split(ds.name, ds.split, mrr=k == 0)
        test_graph = None
        if ds.name in VALID_AS_INPUT and protocol == "modern":
            both = np.concatenate([split["train"]["edge"], split["valid"]["edge"]])
            test_graph = split_graph(ds.num_nodes, both)
        return LinkData(
            ds.name, ds.num_nodes, ds.graph, split, xt, k or MRR_NODE_K, k == 0, test_graph
        )
    splitter = ncnc_link_split if rules.split == "ncnc" else random_link_split
    split = splitter(ds.graph, 0.1, 0.2, seed=split_seed)
    return from_split(ds.name, ds.graph.num_nodes, split, xt, PLANETOID_K)


def _checked_split(
    name: str, split: dict[str, dict[str, np.ndarray]], *, mrr: bool
) -> dict[str, dict[str, np.ndarray]]:
    """The split with ``edge`` [E, 2] in every part (built from ``source_node`` /
    ``target_node`` in citation2's layout), checked for the arrays its metric needs."""
    need = ("source_node", "target_node", "target_node_neg") if mrr else ("edge", "edge_neg")
    out: dict[str, dict[str, np.ndarray]] = {}
    for part in ("train", "valid", "test"):
        d = dict(split.get(part, {}))
        if "edge" not in d and "source_node" in d and "target_node" in d:
            d["edge"] = np.stack(
                [np.asarray(d["source_node"]).ravel(), np.asarray(d["target_node"]).ravel()], 1
            ).astype(np.int64)
        keys = ("edge",) if part == "train" else ("edge", *need)
        lacking = [k for k in keys if k not in d]
        if lacking:
            metric = "mrr" if mrr else "hits@K"
            raise InputError(
                f"dataset {name!r}: its {part} split lacks {', '.join(lacking)}, which {metric} "
                "evaluation needs"
            )
        d["edge"] = np.asarray(d["edge"], dtype=np.int64).reshape(-1, 2)
        if mrr and part != "train":
            neg = np.asarray(d["target_node_neg"], dtype=np.int64)
            if neg.ndim != 2 or neg.shape[0] != d["edge"].shape[0]:
                raise InputError(
                    f"dataset {name!r}: {part} target_node_neg must be [E, M] with one row per "
                    f"positive ({d['edge'].shape[0]}), got shape {list(neg.shape)}"
                )
            d["target_node_neg"] = neg
        out[part] = d
    return out


def run_data(cfg: TrainConfig, run: int, ds: GraphDataset | None = None) -> LinkData:
    """The data of run ``run`` of ``cfg``: the split of seed ``cfg.split_seed``, or
    ``cfg.split_seed + run`` under a protocol with one split per run (``"paper"``).

    ``ds`` is the loaded dataset (read ``cfg.dataset`` when not given).
    """
    from graphlab.datasets import load_dataset

    seed = cfg.split_seed + (run if cfg.rules.split_per_run else 0)
    if ds is None:
        ds = load_dataset(cfg.dataset, GraphDataset)
    return link_data(ds, split_seed=seed, protocol=cfg.protocol)
