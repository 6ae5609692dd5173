"""Random link-prediction splits of a graph: the library's 70/10/20 split and the NCNC-style
split of the authors' code (Wang et al., ICLR 2024; ``--protocol paper``).

The split has the shape of OGB's ``get_edge_split()``: ``{"train": {"edge"}, "valid": {"edge",
"edge_neg"}, "test": {"edge", "edge_neg"}}``, every array int64 of shape [E, 2] holding each
undirected edge once.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphlab.errors import InputError
from graphlab.graph import Graph
from graphlab.validation import check_real, check_seed, require_undirected

__all__ = ["ncnc_link_split", "random_link_split", "sample_non_edges", "split_graph"]


def sample_non_edges(
    num_nodes: int, count: int, forbidden: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Draw ``count`` distinct node pairs uniformly among pairs that are not edges.

    Parameters
    ----------
    num_nodes : int
        Number of nodes N.
    count : int
        Number of pairs to draw.
    forbidden : ndarray of int64, shape [E, 2]
        Edges (either orientation) that must not be drawn.
    rng : numpy.random.Generator
        The source of randomness.

    Returns
    -------
    ndarray of int64, shape [count, 2]
        Pairs ``(u, v)`` with ``u < v``, pairwise distinct, none in ``forbidden``.

    Raises
    ------
    InputError
        If the graph has fewer than ``count`` non-edges.

    Examples
    --------
    >>> pairs = sample_non_edges(4, 2, np.array([[0, 1], [1, 2]]), np.random.default_rng(0))
    >>> pairs.shape, bool((pairs[:, 0] < pairs[:, 1]).all())
    ((2, 2), True)
    """
    n = int(num_nodes)
    f = np.sort(np.asarray(forbidden, dtype=np.int64).reshape(-1, 2), axis=1)
    taken = set((f[:, 0] * n + f[:, 1]).tolist())
    available = n * (n - 1) // 2 - len(taken)
    if count > available:
        raise InputError(f"cannot draw {count} negative pairs: the graph has {available} non-edges")
    out: list[int] = []
    chosen: set[int] = set()
    while len(out) < count:
        need = count - len(out)
        u = rng.integers(0, n, size=2 * need + 16)
        v = rng.integers(0, n, size=2 * need + 16)
        lo, hi = np.minimum(u, v), np.maximum(u, v)
        for key in (lo * n + hi)[lo != hi].tolist():
            if key not in taken and key not in chosen:
                chosen.add(key)
                out.append(key)
                if len(out) == count:
                    break
    keys = np.asarray(out, dtype=np.int64)
    return np.stack([keys // n, keys % n], axis=1)


def random_link_split(
    graph: Graph, val_ratio: float = 0.1, test_ratio: float = 0.2, seed: int = 0
) -> dict[str, dict[str, np.ndarray]]:
    """Split the undirected edges of ``graph`` at random into train / valid / test.

    Each undirected edge is held once; a fraction ``val_ratio`` goes to validation,
    ``test_ratio`` to test, the rest to training. Validation and test get one negative per
    positive, drawn uniformly among the node pairs that are not edges of the full graph (and
    distinct across the two sets).

    Parameters
    ----------
    graph : Graph
        An undirected graph.
    val_ratio, test_ratio : float
        Fractions of the edges (default 70/10/20).
    seed : int
        Seed of the permutation and of the negatives.

    Returns
    -------
    dict
        ``{"train": {"edge"}, "valid": {"edge", "edge_neg"}, "test": {"edge", "edge_neg"}}``, each
        an int64 array of shape [E, 2].

    Raises
    ------
    InputError
        On a directed graph or ratios outside ``[0, 1)`` that sum to 1 or more.

    Examples
    --------
    >>> ring = np.arange(8)
    >>> g = Graph.from_edge_index([np.r_[ring, 0, 2], np.r_[(ring + 1) % 8, 4, 6]])
    >>> s = random_link_split(g, seed=0)
    >>> [len(s[k]["edge"]) for k in ("train", "valid", "test")], len(s["test"]["edge_neg"])
    ([7, 1, 2], 2)
    """
    require_undirected(graph, "random_link_split")
    check_real(val_ratio, "val_ratio", low=0, high=1, high_open=True)
    check_real(test_ratio, "test_ratio", low=0, high=1, high_open=True)
    if val_ratio + test_ratio >= 1:
        raise InputError(
            f"val_ratio + test_ratio must be < 1 (some edges must remain for training), got "
            f"{val_ratio!r} + {test_ratio!r}"
        )
    rng = np.random.default_rng(check_seed(seed))
    edges = graph.edges()
    edges = edges[edges[:, 0] != edges[:, 1]]
    perm = rng.permutation(edges.shape[0])
    n_val = int(np.floor(val_ratio * edges.shape[0]))
    n_test = int(np.floor(test_ratio * edges.shape[0]))
    val = edges[perm[:n_val]]
    test = edges[perm[n_val : n_val + n_test]]
    train = edges[perm[n_val + n_test :]]
    neg = sample_non_edges(graph.num_nodes, n_val + n_test, edges, rng)
    return {
        "train": {"edge": train},
        "valid": {"edge": val, "edge_neg": neg[:n_val]},
        "test": {"edge": test, "edge_neg": neg[n_val:]},
    }


def ncnc_link_split(
    graph: Graph, val_ratio: float = 0.1, test_ratio: float = 0.2, seed: int = 0
) -> dict[str, dict[str, np.ndarray]]:
    r"""The NCNC-style split of the paper's code: 70/10/20, validation with ~2 negatives each.

    The authors' ``randomsplit`` (Topo_LP_GNN, ``TC-expr-small/dataprocess.py``, taken from
    NCNC's ``ogbdataset.py``) calls PyG's ``train_test_split_edges(data, test_ratio,
    test_ratio)``: with :math:`E` undirected edges, :math:`n = \lfloor r_{test} E \rfloor`
    edges become validation candidates, the next :math:`n` test edges, and :math:`2n` negatives
    are drawn uniformly, without replacement, among the node pairs that are not edges of the
    full graph (first :math:`n` validation, next :math:`n` test). Then only
    :math:`m = \lfloor n\, r_{val} / r_{test} \rfloor` of the shuffled candidates stay in
    validation; the other :math:`n - m` go back to training. Validation keeps **all** :math:`n`
    negatives drawn for it (about :math:`r_{test} / r_{val} = 2` per positive); test has one
    per positive.

    Sizes on Cora (:math:`E = 5278`): train 3696, valid 527 positives / 1055 negatives, test
    1055 / 1055.

    Parameters
    ----------
    graph : Graph
        An undirected graph.
    val_ratio, test_ratio : float
        Fractions of the edges in validation and test (default 10 % and 20 %).
    seed : int
        Seed of both permutations and of the negatives (a numpy generator: the same seed gives
        the same split here, not PyG's split of that seed).

    Returns
    -------
    dict
        ``{"train": {"edge"}, "valid": {"edge", "edge_neg"}, "test": {"edge", "edge_neg"}}``,
        int64 arrays [E, 2] with each undirected pair once.

    Raises
    ------
    InputError
        On a directed graph or ratios outside ``(0, 1)``, with ``val_ratio > test_ratio`` or
        ``2 test_ratio >= 1``.

    Examples
    --------
    >>> ring = np.arange(20)
    >>> g = Graph.from_edge_index([ring, (ring + 1) % 20])
    >>> s = ncnc_link_split(g, seed=0)
    >>> [len(s[k]["edge"]) for k in ("train", "valid", "test")]
    [14, 2, 4]
    >>> len(s["valid"]["edge_neg"]), len(s["test"]["edge_neg"])
    (4, 4)
    """
    require_undirected(graph, "ncnc_link_split")
    check_real(val_ratio, "val_ratio", low=0, high=1, low_open=True, high_open=True)
    check_real(test_ratio, "test_ratio", low=0, high=1, low_open=True, high_open=True)
    if val_ratio > test_ratio or 2 * test_ratio >= 1:
        raise InputError(
            "the NCNC split holds out test_ratio of the edges twice and keeps val_ratio of them "
            f"in validation: need val_ratio <= test_ratio < 0.5, got {val_ratio!r}, {test_ratio!r}"
        )
    rng = np.random.default_rng(check_seed(seed))
    edges = graph.edges()
    edges = edges[edges[:, 0] != edges[:, 1]]
    n = int(np.floor(test_ratio * edges.shape[0]))
    perm = rng.permutation(edges.shape[0])
    cand, test, train = edges[perm[:n]], edges[perm[n : 2 * n]], edges[perm[2 * n :]]
    neg = sample_non_edges(graph.num_nodes, 2 * n, edges, rng)
    # the code keeps the *last* m of the shuffled candidates (val_pos[:, -num_val:])
    m = int(n * val_ratio / test_ratio)
    cand = cand[rng.permutation(n)]
    return {
        "train": {"edge": np.concatenate([train, cand[: n - m]])},
        "valid": {"edge": cand[n - m :], "edge_neg": neg[:n]},
        "test": {"edge": test, "edge_neg": neg[n:]},
    }


def split_graph(num_nodes: int, edges: Any) -> Graph:
    """The undirected, unweighted graph of the edges of one split (e.g. the training graph).

    Examples
    --------
    >>> split_graph(3, np.array([[0, 1], [1, 0], [1, 2]])).num_edges
    2
    """
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    return Graph.from_coo(e[:, 0], e[:, 1], num_nodes=num_nodes)
