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
    "read_node_features",
    "run_data",
    "user_split_dataset",
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
        The user's node ids (node ``i`` is ``ids[i]``), for outputs; ``None``: 0..N-1. Inside
        (graph, split) nodes are positions 0..N-1.
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


def link_data(
    ds: GraphDataset,
    split_seed: int = 0,
    protocol: str = "modern",
    val_ratio: float = 0.1,
    test_ratio: float = 0.2,
) -> LinkData:
    """:class:`LinkData` of a loaded dataset (see :func:`load_link_data`), without reading it
    again; a graph without a split is split with ``val_ratio`` / ``test_ratio``. The graph's
    ``node_ids`` (a user's edge list) become :attr:`LinkData.ids`."""
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
        # nodes are positions inside; the user's ids travel beside them, for outputs
        ids, graph = ds.graph.node_ids, ds.graph.with_node_ids(None)
        return LinkData(
            ds.name, ds.num_nodes, graph, split, xt, k or MRR_NODE_K, k == 0, test_graph, ids
        )
    splitter = ncnc_link_split if rules.split == "ncnc" else random_link_split
    split = splitter(ds.graph, val_ratio, test_ratio, seed=split_seed)
    data = from_split(ds.name, ds.graph.num_nodes, split, xt, PLANETOID_K)
    data.ids = ds.graph.node_ids
    return data


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
    return link_data(ds, seed, cfg.protocol, cfg.val_ratio, cfg.test_ratio)


def read_node_features(path: Any, graph: Graph) -> np.ndarray:
    """The feature rows of ``graph``'s nodes from a file, float32 [N, F].

    ``.npy``: an array [M, F] whose row ``i`` belongs to node id ``i`` (M larger than every id
    of the graph; rows of ids the graph lacks are unused). Text (CSV, TSV, whitespace, optionally
    gzipped, an optional header): one line per node, its id first, then its F values; every
    node of the graph needs a line, lines of other ids are unused. Ids are the graph's
    :meth:`~graphlab.graph.Graph.ids` (a user's edge list: the ids the file names); a graph of
    text ids (names) needs a text file that names its nodes the same way (``.npy`` rows are
    integer ids).

    Raises
    ------
    DataFormatError
        Naming the file (and line): unreadable, not numeric, not finite, a repeated id, ragged
        rows, or a node without features.
    DatasetNotFoundError
        If the file does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = f.write_text("node,a,b\\n30,1,0\\n10,0,1\\n")
    >>> g = Graph.from_edge_index([[0], [1]]).with_node_ids([10, 30])
    >>> read_node_features(f, g).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    >>> _ = f.write_text("node,a,b\\nbob,1,0\\nann,0,1\\n")
    >>> read_node_features(f, g.with_node_ids(["ann", "bob"])).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    from pathlib import Path

    from graphlab.errors import DataFormatError, DatasetNotFoundError

    path = Path(path)
    if not path.is_file():
        raise DatasetNotFoundError(f"{str(path)!r}: no such feature file")
    ids = np.asarray(graph.ids())
    if path.suffix == ".npy":
        if ids.dtype.kind == "U":
            raise DataFormatError(
                f"{path}: a .npy array's rows are integer node ids, but the graph's nodes are "
                "names: give the features as text lines 'name,f1,...,fF'"
            )
        try:
            arr = np.load(path, allow_pickle=False)
        except Exception as err:
            raise DataFormatError(f"{path}: not a readable .npy array ({err})") from None
        if arr.ndim != 2 or not np.issubdtype(arr.dtype, np.number):
            raise DataFormatError(
                f"{path}: expected a numeric array [nodes, features], got {arr.dtype} of shape "
                f"{list(arr.shape)}"
            )
        if ids.size and ids.max() >= arr.shape[0]:
            raise DataFormatError(
                f"{path}: {arr.shape[0]} rows, but the graph has node id {int(ids.max())} (row i "
                "holds the features of node id i)"
            )
        x = np.asarray(arr[ids], dtype=np.float32)
        bad = ~np.isfinite(x)
        if bad.any():
            raise DataFormatError(
                f"{path}: row {int(ids[np.argmax(bad.any(axis=1))])}: features must be finite"
            )
        return x
    return _features_from_text(path, ids)


def _features_from_text(path: Any, ids: np.ndarray) -> np.ndarray:
    """The rows of ``ids`` from a text file; its ids are read as the graph's are: integers, or
    text (each id its text, spaces at its ends removed) when ``ids`` are names."""
    from graphlab.errors import DataFormatError
    from graphlab.fileio import read_bytes

    try:
        text = read_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise DataFormatError(f"{path}: not a UTF-8 text file") from None
    sep = "," if path.suffix in (".csv", ".gz") and "," in text[:4096] else None
    if path.suffix == ".tsv":
        sep = "\t"
    names = ids.dtype.kind == "U"
    rows: dict[int | str, list[float]] = {}
    width = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split(sep) if sep else line.split()
        try:
            node: int | str = cells[0].strip() if names else int(cells[0])
            if node == "":
                raise ValueError("an empty node id")
            values = [float(c) for c in cells[1:]]
        except ValueError:
            if not rows and width is None:  # a header line
                width = -1
                continue
            raise DataFormatError(
                f"{path}: line {number}: expected a node id and numbers, got {line.strip()[:60]!r}"
            ) from None
        if not values:
            raise DataFormatError(f"{path}: line {number}: node {node} has no feature values")
        if width not in (None, -1) and len(values) != width:
            raise DataFormatError(
                f"{path}: line {number}: {len(values)} feature values, earlier lines have {width}"
            )
        if not np.isfinite(values).all():
            raise DataFormatError(f"{path}: line {number}: features must be finite")
        if node in rows:
            raise DataFormatError(f"{path}: line {number}: node {node} appears a second time")
        width = len(values)
        rows[node] = values
    if not rows:
        raise DataFormatError(f"{path}: no feature lines")
    keys = [str(i) if names else int(i) for i in ids]
    missing = [k for k in keys if k not in rows]
    if missing:
        shown = repr(missing[0]) if names else missing[0]
        raise DataFormatError(
            f"{path}: no features for {len(missing)} node(s) of the graph, e.g. node {shown}"
        )
    return np.asarray([rows[k] for k in keys], dtype=np.float32)


def user_split_dataset(
    name: str,
    graph: Graph,
    valid: np.ndarray,
    test: np.ndarray,
    x: np.ndarray | None = None,
    seed: int = 0,
) -> LinkDataset:
    """A link dataset from a user's graph and validation / test positives (node positions).

    The training graph is ``graph`` without the validation and test pairs; validation and test
    get one negative per positive, drawn uniformly among the pairs that are edges of none of
    the three (:func:`linkpred.splits.sample_non_edges`, seeded), distinct across both. Metric:
    Hits@100, as for a random split.

    Raises
    ------
    InputError
        If a pair is a self-loop, validation and test share a pair, or no training edge is left.
    """
    from .splits import sample_non_edges

    n = graph.num_nodes
    parts = {}
    for part, pairs in (("valid", valid), ("test", test)):
        e = np.sort(np.asarray(pairs, dtype=np.int64).reshape(-1, 2), axis=1)
        if (e[:, 0] == e[:, 1]).any():
            raise InputError(f"the {part} edges hold a self-loop: a link needs two nodes")
        parts[part] = np.unique(e, axis=0)
    kv, kt = (set((parts[p][:, 0] * n + parts[p][:, 1]).tolist()) for p in ("valid", "test"))
    if kv & kt:
        raise InputError(f"{len(kv & kt)} pair(s) are both validation and test edges")
    edges = graph.edges()
    edges = edges[edges[:, 0] != edges[:, 1]]
    held = np.isin(edges[:, 0] * n + edges[:, 1], np.fromiter(kv | kt, np.int64))
    train = edges[~held]
    if train.shape[0] == 0:
        raise InputError(
            "no training edges are left once the validation and test edges are held out"
        )
    everything = np.concatenate([train, parts["valid"], parts["test"]])
    neg = sample_non_edges(
        n, len(parts["valid"]) + len(parts["test"]), everything, np.random.default_rng(seed)
    )
    nv = len(parts["valid"])
    split = {
        "train": {"edge": train},
        "valid": {"edge": parts["valid"], "edge_neg": neg[:nv]},
        "test": {"edge": parts["test"], "edge_neg": neg[nv:]},
    }
    tg = Graph.from_coo(train[:, 0], train[:, 1], num_nodes=n).with_node_ids(graph.node_ids)
    return LinkDataset(name, tg, x=x, split=split, metric=f"hits@{PLANETOID_K}")
