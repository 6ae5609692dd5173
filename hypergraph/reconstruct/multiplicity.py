"""Multiplicity-aware reconstruction from a weighted projection, after MARIOH.

The weighted projection :math:`W = BB^\\top - \\operatorname{diag}(BB^\\top)` of a hypergraph
with repeated hyperedges records, per pair, how many hyperedges hold it
(:func:`hypergraph.projection.clique_expansion` with ``weighted=True``). The multiplicities
rule out many hypergraphs that the 0/1 projection allows, and the reconstruction is a multiset:
every hyperedge comes with how many times it occurs. Three steps (Lee, Lee & Shin, 2025):

1. **Provable size-2 hyperedges** (:func:`provable_pairs`). A hyperedge of size
   :math:`\\ge 3` holding :math:`u` and :math:`v` holds a third node :math:`z`, adjacent to
   both, and at most :math:`\\min(W_{uz}, W_{vz})` hyperedges hold :math:`\\{u, v, z\\}`. So at
   most :math:`\\sum_{z \\in N(u) \\cap N(v)} \\min(W_{uz}, W_{vz})` of the :math:`W_{uv}`
   hyperedges on :math:`\\{u, v\\}` are larger than a pair, and

   .. math::

       m(\\{u, v\\}) \\ge W_{uv} - \\sum_{z \\in N(u) \\cap N(v)} \\min(W_{uz}, W_{vz}).

   The bound is exact pair by pair and already a fixed point (see :func:`provable_pairs`).
2. **A multiplicity-aware clique classifier** trained on a hypergraph of the same domain:
   features of a candidate clique from the multiplicities of its pairs and their covers
   (:data:`MULTIPLICITY_FEATURES`); positives are the training hyperedges, negatives random
   sub-cliques of its maximal cliques (four per positive) and the maximal cliques that are no
   hyperedge.
3. **A search that spends the multiplicity budget.** The residual multiplicities start at
   :math:`W` minus the proven pairs. In rounds, the maximal cliques of the residual graph (and
   sub-cliques of the rejected ones) are scored; the accepted ones consume it: each accepted
   copy subtracts 1 from every pair it holds, candidates sharing a pair share its budget
   (progressive filling, the limit of the reference's one-copy-per-round loop), and a pair
   whose budget is spent leaves the graph. Rounds repeat while the classifier accepts and
   budget remains, the threshold falling from ``threshold`` to ``final_threshold`` in
   ``steps`` steps (the reference's schedule ends at 0: every remaining pair is spent).

Bounded on dense projections: when the residual graph has more than ``max_cliques`` maximal
cliques, the round's candidates are grown greedily, one per live pair
(:func:`.multiplicity_kernels.greedy_cliques`), and ``fallback_rounds_`` counts such rounds.

References
----------
K. Lee, G. Lee, K. Shin, "MARIOH: Multiplicity-Aware Hypergraph Reconstruction", 2025,
arXiv:2504.00522. Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection
and its Remediation", ICLR 2024, arXiv:2401.08519 (the supervised setting).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from graphlab.errors import InputError
from graphlab.graph import Graph
from graphlab.interrupt import check as check_interrupt
from graphlab.interrupt import watching
from graphlab.progress import progress
from graphlab.validation import check_choice, check_int, check_real

from ..cliques import CliqueLimitError, maximal_cliques
from ..core import Hypergraph
from ..projection import clique_expansion
from .base import Reconstructor, in_query_names
from .multiplicity_kernels import (
    MULTIPLICITY_FEATURES,
    edge_ids,
    greedy_cliques,
    multiplicity_features,
    pair_cover,
    progressive_fill,
)
from .validation import check_classifier_seed, check_query

__all__ = [
    "MULTIPLICITY_CLASSIFIERS",
    "MULTIPLICITY_FEATURES",
    "MultiplicityReconstructor",
    "check_multiplicities",
    "provable_pairs",
]

#: Classifier choices: histogram gradient boosting (default), scikit-learn MLP (two hidden
#: layers, after the reference's network), random forest.
MULTIPLICITY_CLASSIFIERS = ("gb", "mlp", "rf")


def check_multiplicities(graph: Any) -> np.ndarray:
    """The pair multiplicities of a weighted projection, aligned with ``graph.edges()``.

    Raises
    ------
    InputError
        If ``graph`` is not an undirected :class:`graphlab.Graph`, has no weights, or a weight
        is not a positive integer (NaN, infinite, 0, negative or fractional), naming the
        first such edge.

    Examples
    --------
    >>> g = clique_expansion(Hypergraph.from_edges([[0, 1, 2], [1, 2]]), weighted=True)
    >>> check_multiplicities(g).tolist()
    [1, 1, 2]
    >>> check_multiplicities(Graph.from_edge_index([[0], [1]], edge_weight=[0.5]))
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: pair (0, 1) has weight 0.5: pair multiplicities must be ...
    """
    g = check_query(graph)
    w = g.edge_weights()
    if w is None:
        raise InputError(
            "multiplicity-aware reconstruction needs a weighted projection (the weight of a "
            "pair = the number of hyperedges holding it: clique_expansion(h, weighted=True))"
        )
    w = np.asarray(w, dtype=np.float64)
    bad = ~np.isfinite(w) | (w < 1) | (w != np.round(w))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        u, v = (int(x) for x in g.edges()[i])
        if g.node_ids is not None:
            u, v = (g.node_ids[u].item(), g.node_ids[v].item())
        raise InputError(
            f"pair ({u}, {v}) has weight {w[i]:g}: pair multiplicities must be positive "
            "integers (the number of hyperedges holding the pair)"
        )
    return w.astype(np.int64)


@dataclass
class _Pairs:
    """A projection as a symmetric CSR with one id per undirected edge."""

    indptr: np.ndarray
    indices: np.ndarray
    eid: np.ndarray
    edges: np.ndarray
    num_nodes: int
    keys: np.ndarray

    @classmethod
    def of(cls, graph: Graph) -> _Pairs:
        ip, ix = graph.indptr_np, graph.indices_np
        n = graph.num_nodes
        # entry (u, v) of the CSR is at position searchsorted(keys, u * n + v)
        keys = np.repeat(np.arange(n, dtype=np.int64), np.diff(ip)) * n + ix
        return cls(ip, ix, edge_ids(ip, ix), graph.edges(), n, keys)

    def live_graph(self, r: np.ndarray) -> tuple[Graph, np.ndarray]:
        """The graph of the edges with ``r > 0`` and, per its stored entry, the edge id."""
        keep = r[self.eid] > 0
        rows = np.repeat(np.arange(self.num_nodes), np.diff(self.indptr))[keep]
        indptr = np.zeros(self.num_nodes + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=self.num_nodes), out=indptr[1:])
        g = Graph(indptr, self.indices[keep], self.num_nodes, validate=False)
        return g, self.eid[keep]

    def pair_ids(self, sets: Hypergraph) -> tuple[np.ndarray, np.ndarray]:
        """CSR of the edge ids of the pairs of each set (sets must be cliques)."""
        sizes = sets.edge_sizes()
        npairs = sizes * (sizes - 1) // 2
        ptr = np.zeros(sets.num_edges + 1, dtype=np.int64)
        np.cumsum(npairs, out=ptr[1:])
        out = np.empty(int(ptr[-1]), dtype=np.int64)
        for k in np.unique(sizes[sizes >= 2]).tolist():
            idx = np.flatnonzero(sizes == k)
            block = sets.edge_nodes[sets.edge_ptr[idx][:, None] + np.arange(k)]
            iu, ju = np.triu_indices(k, 1)
            u, v = block[:, iu].ravel(), block[:, ju].ravel()
            pos = np.searchsorted(self.keys, u * self.num_nodes + v)
            dest = (ptr[idx][:, None] + np.arange(iu.shape[0])).ravel()
            out[dest] = self.eid[pos]
        return ptr, out


def _proven(pairs: _Pairs, r: np.ndarray) -> np.ndarray:
    """Proven size-2 multiplicities per edge; ``r`` is lowered by them in place."""
    cover = pair_cover(pairs.indptr, pairs.indices, pairs.eid, r)
    proven = np.maximum(r - cover, 0)
    r -= proven
    return proven


def provable_pairs(graph: Graph) -> tuple[np.ndarray, np.ndarray]:
    """Size-2 hyperedges that a weighted projection proves, with proven multiplicities.

    .. math::

        m(\\{u, v\\}) \\;\\ge\\; L_{uv} = W_{uv} - \\sum_{z \\in N(u) \\cap N(v)}
        \\min(W_{uz}, W_{vz})

    for every hypergraph whose weighted projection is :math:`W`.

    *Sound*: a hyperedge of size :math:`\\ge 3` holding :math:`u, v` holds some common
    neighbour :math:`z`, and at most :math:`\\min(W_{uz}, W_{vz})` hyperedges hold
    :math:`\\{u, v, z\\}`, so at most the sum of these of the :math:`W_{uv}` hyperedges on the
    pair are not the pair itself.

    *Exact*: no better bound exists for a pair. Take :math:`c_z \\le \\min(W_{uz}, W_{vz})` with
    :math:`\\sum_z c_z = \\min(W_{uv}, \\sum_z \\min(W_{uz}, W_{vz}))`; the hypergraph made of
    :math:`c_z` copies of every triangle :math:`\\{u, v, z\\}` and of every other pair's remaining
    weight as size-2 hyperedges projects to :math:`W` and holds :math:`\\{u, v\\}` exactly
    :math:`\\max(L_{uv}, 0)` times.

    *A fixed point*: removing the proven pairs from :math:`W` and applying the rule again proves
    nothing more. After the removal :math:`W'_{uz} \\ge \\min(W_{uz}, W_{uv}, W_{vz})`, so if some
    :math:`z` has :math:`\\min(W_{uz}, W_{vz}) \\ge W_{uv}` the new cover of :math:`\\{u, v\\}` is
    still :math:`\\ge W_{uv}`, and otherwise it is at least the old one, which is
    :math:`\\ge W'_{uv}`. (MARIOH applies the rule once; so does this function, losing nothing.)

    Parameters
    ----------
    graph : Graph
        A weighted projection: undirected, weights the positive integer pair multiplicities.

    Returns
    -------
    pairs : ndarray of int64, shape [k, 2]
        The proven pairs (``u < v``, in :meth:`Graph.edges` order).
    multiplicity : ndarray of int64, shape [k]
        :math:`L_{uv} \\ge 1`: the fewest size-2 hyperedges on the pair in any hypergraph with
        this projection.

    Raises
    ------
    InputError
        As :func:`check_multiplicities`.

    Examples
    --------
    A pair held 3 times with only one triangle through it (weights 1) holds at least 2
    size-2 hyperedges:

    >>> g = clique_expansion(Hypergraph.from_edges([[0, 1, 2], [0, 1], [0, 1]]), weighted=True)
    >>> pairs, mult = provable_pairs(g)
    >>> pairs.tolist(), mult.tolist()
    ([[0, 1]], [2])

    References
    ----------
    K. Lee, G. Lee, K. Shin, "MARIOH: Multiplicity-Aware Hypergraph Reconstruction",
    arXiv:2504.00522, 2025 (the rule, Section III).
    """
    r = check_multiplicities(graph)
    pairs = _Pairs.of(graph)
    total = _proven(pairs, r)
    keep = total > 0
    return pairs.edges[keep], total[keep]


def _make_classifier(kind: str, seed: int) -> Any:
    if kind == "gb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(max_iter=200, random_state=seed)
    if kind == "mlp":
        from sklearn.neural_network import MLPClassifier
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        # the reference's network has two hidden layers (256, 128); early stopping bounds time
        mlp = MLPClassifier(
            hidden_layer_sizes=(256, 128), early_stopping=True, max_iter=100, random_state=seed
        )
        return make_pipeline(StandardScaler(), mlp)
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(n_estimators=100, min_samples_leaf=2, n_jobs=1, random_state=seed)


def _uniform(block: np.ndarray, num_nodes: int) -> Hypergraph:
    """The sets of equal size given as the rows of ``block`` (each row sorted)."""
    count, k = block.shape
    ptr = np.arange(count + 1, dtype=np.int64) * k
    return Hypergraph(ptr, np.ascontiguousarray(block, dtype=np.int64).ravel(), num_nodes,
                      validate=False)  # fmt: skip


def _concat(parts: list[Hypergraph], num_nodes: int) -> Hypergraph:
    ptrs, nodes, offset = [np.zeros(1, dtype=np.int64)], [], 0
    for h in parts:
        ptrs.append(h.edge_ptr[1:] + offset)
        nodes.append(h.edge_nodes)
        offset += int(h.edge_ptr[-1])
    flat = np.concatenate(nodes) if nodes else np.zeros(0, dtype=np.int64)
    return Hypergraph(np.concatenate(ptrs), flat, num_nodes, validate=False)


def _by_size_then_lex(h: Hypergraph) -> np.ndarray:
    """Order of the sets of ``h`` by size, then lexicographically."""
    sizes = h.edge_sizes()
    order = np.zeros(0, dtype=np.int64)
    for k in np.unique(sizes).tolist():
        idx = np.flatnonzero(sizes == k)
        block = h.edge_nodes[h.edge_ptr[idx][:, None] + np.arange(k)]
        sub = np.lexsort(block.T[::-1]) if k else np.arange(idx.shape[0])
        order = np.concatenate([order, idx[sub]])
    return order


class _Graphs:
    """A projection after its proven pairs: structure, fixed features inputs, residual."""

    def __init__(self, graph: Graph) -> None:
        w = check_multiplicities(graph)
        self.pairs = _Pairs.of(graph)
        self.proven = _proven(self.pairs, w)
        self.w = w  # after the proven pairs: the graph the features describe
        p = self.pairs
        self.cover = pair_cover(p.indptr, p.indices, p.eid, w)
        wd = np.zeros(graph.num_nodes, dtype=np.float64)
        np.add.at(wd, p.edges[:, 0], w)
        np.add.at(wd, p.edges[:, 1], w)
        self.wdeg = wd

    def features(self, sets: Hypergraph) -> np.ndarray:
        p = self.pairs
        return multiplicity_features(
            sets.edge_ptr, sets.edge_nodes, p.indptr, p.indices, p.eid, self.w, self.cover,
            self.wdeg,
        )  # fmt: skip


class MultiplicityReconstructor(Reconstructor):
    """Reconstruct hyperedges with multiplicities from a weighted projection (after MARIOH).

    Parameters
    ----------
    classifier : {"gb", "mlp", "rf"}, default "gb"
        Histogram gradient boosting, an MLP (256, 128) on standardised features, or a random
        forest.
    threshold : float, default 0.5
        Probability from which a candidate is accepted in the first rounds.
    final_threshold : float, default 0.0
        Threshold of the last rounds; 0 spends every remaining pair (the reference's
        schedule), a higher value leaves unexplained multiplicity out.
    steps : int, default 10
        Number of threshold levels after the first (linear from ``threshold`` to
        ``final_threshold``).
    negatives : int, default 4
        Random non-hyperedge sub-cliques per training hyperedge (the reference's K).
    explore : float, default 1.0
        Share of the rejected candidates (least probable first) whose sub-cliques are scored
        in a round (the reference's ``ratio_prob`` / 100).
    max_cliques : int, default 500,000
        Most maximal cliques listed per round; beyond, greedy candidates (one per live pair).
    max_train : int, default 300,000
        Most training rows (a seeded subsample beyond).
    max_rounds : int, default 200
        Most candidate rounds per threshold level.
    seed : int, default 0
        Seeds the negative sampling, the sub-cliques and the classifier.

    Attributes
    ----------
    model_ : classifier
        The fitted clique classifier.
    max_size_ : int
        Largest training hyperedge: the size cap of greedy candidates.
    proven_ : int
        Multiplicity placed by the provable-pair rule at the last :meth:`predict`.
    rounds_, fallback_rounds_ : int
        Candidate rounds of the last :meth:`predict`, and how many of them used greedy
        candidates because the maximal cliques exceeded ``max_cliques``.
    unspent_ : int
        Pair multiplicity left unexplained by the last :meth:`predict` (0 when
        ``final_threshold`` is 0).

    Notes
    -----
    Size-1 hyperedges leave no trace in a projection: training ignores them and the output
    has none (compare with a truth restricted to sizes :math:`\\ge 2`).

    Examples
    --------
    >>> H0 = Hypergraph.from_edges([[0, 1, 2]] * 3 + [[2, 3]] * 2 + [[3, 4, 5], [0, 5]])
    >>> H1 = Hypergraph.from_edges([[0, 1, 2]] * 2 + [[1, 2]] * 3 + [[3, 4, 5]])
    >>> model = MultiplicityReconstructor(classifier="rf").fit(H0)
    >>> R = model.predict(clique_expansion(H1, weighted=True))
    >>> clique_expansion(R, weighted=True).equals(clique_expansion(H1, weighted=True))
    True
    """

    def __init__(
        self,
        *,
        classifier: Literal["gb", "mlp", "rf"] = "gb",
        threshold: float = 0.5,
        final_threshold: float = 0.0,
        steps: int = 10,
        negatives: int = 4,
        explore: float = 1.0,
        max_cliques: int = 500_000,
        max_train: int = 300_000,
        max_rounds: int = 200,
        seed: int | None = 0,
    ) -> None:
        self.classifier = classifier
        self.threshold = threshold
        self.final_threshold = final_threshold
        self.steps = steps
        self.negatives = negatives
        self.explore = explore
        self.max_cliques = max_cliques
        self.max_train = max_train
        self.max_rounds = max_rounds
        self.seed = seed

    # ------------------------------------------------------------------ helpers
    def _validate_params(self) -> None:
        check_choice(self.classifier, "classifier", MULTIPLICITY_CLASSIFIERS)
        check_real(self.threshold, "threshold", low=0, high=1)
        check_real(self.final_threshold, "final_threshold", low=0, high=1)
        if self.final_threshold > self.threshold:
            raise InputError(
                f"final_threshold ({self.final_threshold}) must not exceed threshold "
                f"({self.threshold})"
            )
        check_int(self.steps, "steps", low=0)
        check_int(self.negatives, "negatives", low=0)
        check_real(self.explore, "explore", low=0, high=1)
        for name in ("max_cliques", "max_train", "max_rounds"):
            check_int(getattr(self, name), name, low=1)
        if self.seed is not None:
            check_classifier_seed(self.seed)

    def _seed(self) -> int:
        return 0 if self.seed is None else int(self.seed)

    def _source_cliques(
        self, pairs: _Pairs, r: np.ndarray, max_size: int
    ) -> tuple[Hypergraph, bool]:
        """Maximal cliques (size >= 2) of the live graph, or greedy ones past the cap."""
        g, eid = pairs.live_graph(r)
        try:
            return maximal_cliques(g, min_size=2, max_cliques=int(self.max_cliques)), False
        except CliqueLimitError:
            ptr, nodes = greedy_cliques(g.indptr_np, g.indices_np, eid, r, max(max_size, 2))
            return Hypergraph(ptr, nodes, pairs.num_nodes, validate=False).unique(), True

    def _sample_negatives(
        self, positives: Hypergraph, sources: Hypergraph, rng: np.random.Generator
    ) -> Hypergraph:
        """``negatives`` random sub-cliques per positive: a random source clique at least as
        large, and a random subset of the positive's size (the reference's sampling)."""
        src_sizes = sources.edge_sizes()
        order = np.argsort(src_sizes, kind="stable")
        sorted_sizes = src_sizes[order]
        parts = []
        for k in np.unique(positives.edge_sizes()).tolist():
            count = int((positives.edge_sizes() == k).sum()) * int(self.negatives)
            first = int(np.searchsorted(sorted_sizes, k))
            if count == 0 or first == sorted_sizes.shape[0]:
                continue
            pick = order[rng.integers(first, sorted_sizes.shape[0], count)]
            sizes = src_sizes[pick]
            # a random k-subset of each picked clique: the k smallest of random keys
            keys = rng.random((count, int(sizes.max())))
            keys[np.arange(sizes.max())[None, :] >= sizes[:, None]] = np.inf
            cols = np.sort(np.argpartition(keys, k - 1, axis=1)[:, :k], axis=1)
            block = sources.edge_nodes[sources.edge_ptr[pick][:, None] + cols]
            block.sort(axis=1)
            parts.append(_uniform(block, positives.num_nodes))
        return _concat(parts, positives.num_nodes)

    # ------------------------------------------------------------------ API
    def fit(self, hypergraph: Hypergraph) -> MultiplicityReconstructor:
        """Train the clique classifier on a hypergraph :math:`H_0` with its multiplicities.

        Raises
        ------
        InputError
            If ``hypergraph`` is not a Hypergraph, has no hyperedge of size :math:`\\ge 2`, or
            a parameter is out of range.
        """
        self._validate_params()
        if not isinstance(hypergraph, Hypergraph):
            raise InputError(
                f"the training hypergraph must be a Hypergraph, got {type(hypergraph).__name__}"
            )
        h0 = hypergraph.select(hypergraph.edge_sizes() >= 2)
        if h0.num_edges == 0:
            raise InputError(
                "the training hypergraph has no hyperedge of 2 or more nodes: nothing to learn"
            )
        rng = np.random.default_rng(self._seed())
        graphs = _Graphs(clique_expansion(h0, weighted=True))
        distinct, counts = h0.unique(return_counts=True)
        # what the proven pairs explain is not left for the classifier (as the reference)
        sizes = distinct.edge_sizes()
        two = np.flatnonzero(sizes == 2)
        if two.size:
            pos = graphs.pairs.pair_ids(distinct.select(two))[1]
            counts = counts.copy()
            counts[two] -= graphs.proven[pos]
        positives = distinct.select(counts > 0)
        self.max_size_ = int(positives.edge_sizes().max(initial=2))
        r = graphs.w.copy()
        sources, _ = self._source_cliques(graphs.pairs, r, self.max_size_)
        negatives = self._sample_negatives(positives, sources, rng)
        cand = _concat([positives, sources, negatives], h0.num_nodes).unique()
        y = cand.isin(positives)
        if cand.num_edges > self.max_train:
            keep = np.sort(rng.choice(cand.num_edges, int(self.max_train), replace=False))
            cand, y = cand.select(keep), y[keep]
        x = graphs.features(cand)
        self.train_rows_ = int(x.shape[0])
        self.train_positive_share_ = float(y.mean()) if y.size else 0.0
        if y.all() or not y.any():
            self.model_: Any = float(y.all()) if y.size else 1.0
            return self
        import warnings

        from sklearn.exceptions import ConvergenceWarning

        model = _make_classifier(self.classifier, self._seed())
        with warnings.catch_warnings(), watching():
            warnings.simplefilter("ignore", ConvergenceWarning)
            # the MLP warns on Ctrl-C; the interrupt is raised again below, in one line
            warnings.filterwarnings("ignore", message="Training interrupted by user")
            model.fit(x, y)
            check_interrupt()  # scikit-learn's MLP swallows Ctrl-C and returns: raise it again
        self.model_ = model
        return self

    def __sklearn_is_fitted__(self) -> bool:
        """Whether :meth:`fit` got as far as the classifier (``model_``)."""
        return hasattr(self, "model_")

    def _proba(self, x: np.ndarray) -> np.ndarray:
        if isinstance(self.model_, float):
            return np.full(x.shape[0], self.model_)
        out = np.empty(x.shape[0])
        for a in range(0, x.shape[0], 65_536):
            out[a : a + 65_536] = self.model_.predict_proba(x[a : a + 65_536])[:, 1]
        return out

    def _subclique_parts(
        self, sets: Hypergraph, rng: np.random.Generator, chunk: int = 20_000
    ) -> Iterator[Hypergraph]:
        """Sub-cliques of rejected candidates, in parts of at most ``chunk`` parent cliques:
        each with one node left out, and one random subset of every size from 2 to
        ``|C| - 2`` (the reference draws one per size). Parts keep the memory of scoring them
        bounded (a round of email-Eu has millions of sub-cliques)."""
        sizes = sets.edge_sizes()
        n = sets.num_nodes
        for k in np.unique(sizes[sizes >= 3]).tolist():
            idx = np.flatnonzero(sizes == k)
            blocks = [
                sets.edge_nodes[sets.edge_ptr[idx[a : a + chunk]][:, None] + np.arange(k)]
                for a in range(0, idx.shape[0], chunk)
            ]
            keep = ~np.eye(k, dtype=bool)
            for block in blocks:
                drop1 = block[:, None, :].repeat(k, axis=1)[:, keep].reshape(-1, k - 1)
                yield _uniform(drop1, n).unique()
            for size in range(2, k - 1):
                for block in blocks:
                    keys = rng.random(block.shape)
                    cols = np.sort(np.argpartition(keys, size - 1, axis=1)[:, :size], axis=1)
                    yield _uniform(np.take_along_axis(block, cols, axis=1), n).unique()

    def _accepted_subcliques(
        self, sets: Hypergraph, graphs: _Graphs, thr: float, rng: np.random.Generator
    ) -> tuple[Hypergraph, np.ndarray]:
        """The distinct sub-cliques of ``sets`` scored at least ``thr``, with their scores."""
        n = sets.num_nodes
        subs, probs = [], []
        for part in self._subclique_parts(sets, rng):
            p = self._proba(graphs.features(part))
            keep = p >= thr
            if keep.any():
                subs.append(part.select(keep))
                probs.append(p[keep])
        if not subs:
            return _concat([], n), np.zeros(0)
        allsubs = _concat(subs, n)
        distinct, inverse = allsubs.unique(return_inverse=True)
        first = np.full(distinct.num_edges, allsubs.num_edges, dtype=np.int64)
        np.minimum.at(first, inverse, np.arange(allsubs.num_edges))
        return distinct, np.concatenate(probs)[first]

    def predict_multiplicities(
        self, graph: Graph, *, nodes: np.ndarray | None = None
    ) -> tuple[Hypergraph, np.ndarray]:
        """The distinct reconstructed hyperedges and their multiplicities.

        Returns
        -------
        Hypergraph
            Distinct hyperedges (sizes :math:`\\ge 2`), by size then lexicographically, on
            ``graph.num_nodes`` nodes.
        ndarray of int64
            The multiplicity of each.

        Raises
        ------
        InputError
            If the model is not fitted, or ``graph`` is not a weighted projection with
            positive integer weights.
        """
        del nodes  # size-1 hyperedges leave no trace in a projection: none are predicted
        self._check_fitted()
        graphs = _Graphs(graph)
        pairs = graphs.pairs
        n = pairs.num_nodes
        rng = np.random.default_rng(self._seed())
        r = graphs.w.copy()
        found: list[Hypergraph] = []
        mults: list[np.ndarray] = []
        proven = np.flatnonzero(graphs.proven > 0)
        if proven.size:
            found.append(_uniform(pairs.edges[proven], n))
            mults.append(graphs.proven[proven])
        self.proven_ = int(graphs.proven.sum())
        self.rounds_ = self.fallback_rounds_ = 0
        levels = np.linspace(
            float(self.threshold), float(self.final_threshold), int(self.steps) + 1
        )
        # equal levels would only repeat a round that accepted nothing
        levels = np.unique(levels)[::-1]
        for thr in progress(levels, desc="multiplicity search", unit="level"):
            for _ in range(int(self.max_rounds)):
                check_interrupt()
                if not (r > 0).any():
                    break
                cand, fallback = self._source_cliques(pairs, r, self.max_size_)
                self.rounds_ += 1
                self.fallback_rounds_ += int(fallback)
                p = self._proba(graphs.features(cand))
                pool, pp = [cand.select(p >= thr)], [p[p >= thr]]
                rejected = np.flatnonzero(p < thr)
                if rejected.size and self.explore > 0:
                    worst = rejected[np.argsort(p[rejected], kind="stable")]
                    worst = worst[: int(np.ceil(self.explore * worst.size))]
                    sub, ps = self._accepted_subcliques(cand.select(worst), graphs, thr, rng)
                    pool.append(sub)
                    pp.append(ps)
                acc = _concat(pool, n)
                if acc.num_edges == 0:
                    break
                order = np.argsort(-np.concatenate(pp), kind="stable")
                acc = acc.select(order)
                cptr, cedges = pairs.pair_ids(acc)
                mult = progressive_fill(cptr, cedges, r)
                if not mult.any():
                    break
                found.append(acc.select(mult > 0))
                mults.append(mult[mult > 0])
        self.unspent_ = int(r.sum())
        allsets = _concat(found, n)
        if allsets.num_edges == 0:
            return allsets, np.zeros(0, dtype=np.int64)
        m = np.concatenate(mults)
        distinct, inverse = allsets.unique(return_inverse=True)
        total = np.bincount(inverse, weights=m, minlength=distinct.num_edges).astype(np.int64)
        order = _by_size_then_lex(distinct)
        return in_query_names(distinct.select(order), graph), total[order]

    def predict(self, graph: Graph, *, nodes: np.ndarray | None = None) -> Hypergraph:
        """The reconstructed hypergraph, every hyperedge repeated as often as it occurs.

        Its weighted projection equals ``graph`` when ``final_threshold`` is 0 (every pair
        multiplicity is explained), and is at most ``graph`` pair by pair otherwise. See
        :meth:`predict_multiplicities` for distinct hyperedges with counts.
        """
        distinct, counts = self.predict_multiplicities(graph, nodes=nodes)
        return distinct.select(np.repeat(np.arange(distinct.num_edges), counts))
