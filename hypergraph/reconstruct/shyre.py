"""SHyRe: supervised hypergraph reconstruction from a projected graph.

Train on a hypergraph :math:`H_0` of a domain; reconstruct the hypergraph behind a query
projection :math:`G_1` of the same domain:

1. maximal cliques :math:`Q(G)` of each projection;
2. :math:`\\rho(n, k)` on :math:`(H_0, Q(G_0))` (:mod:`.statistics`) and the budgeted greedy
   sampler's fractions :math:`r(n, k)` (:mod:`.sampler`);
3. candidates of a graph = its maximal cliques :math:`\\cup` the sampled sub-cliques;
4. features per candidate (:mod:`.features`), z-scored per graph;
5. two binary classifiers (maximal / sub-clique candidates) trained on :math:`G_0`'s candidates
   labelled by membership in :math:`H_0`; the candidates of :math:`G_1` with probability
   :math:`\\ge` the threshold are the reconstruction.

Each stage shows a progress bar on a terminal (:mod:`graphlab.progress`). Ctrl-C is never
lost: scikit-learn's MLP catches :class:`KeyboardInterrupt` and returns a half-trained model,
so the classifiers are fitted under :func:`graphlab.interrupt.watching` and the interrupt is
raised again right after (nothing is fitted, nothing is written).

References
----------
Y. Wang, J. Kleinberg, "From Graphs to Hypergraphs: Hypergraph Projection and its Remediation",
ICLR 2024, arXiv:2401.08519 (earlier version "Supervised Hypergraph Reconstruction",
arXiv:2211.13343).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from graphlab.errors import InputError
from graphlab.graph import Graph
from graphlab.interrupt import check as check_interrupt
from graphlab.interrupt import watching
from graphlab.progress import progress, progress_bar
from graphlab.validation import check_bool, check_choice, check_int, check_real, check_seed

from ..cliques import DEFAULT_MAX_CLIQUES, maximal_cliques
from ..core import Hypergraph
from ..projection import clique_expansion
from .base import Reconstructor
from .features import FEATURE_SETS, FeatureSet, GraphContext, candidate_features, zscore
from .sampler import SamplerPlan, greedy_plan, sample_subcliques, sorted_sets
from .statistics import clique_statistics
from .validation import check_budget, check_query, check_training

__all__ = ["CLASSIFIERS", "Candidates", "SHyRe"]

#: Classifier choices: scikit-learn MLP (one hidden layer of 100, the reference's), random
#: forest, logistic regression, histogram gradient boosting.
CLASSIFIERS = ("mlp", "rf", "lr", "gb")


def _proba(model: Any, x: np.ndarray, chunk: int = 65_536) -> np.ndarray:
    """Positive-class probabilities, predicted in row chunks (an MLP's hidden layer on a
    million candidates at once would take a few hundred MB)."""
    out = np.empty(x.shape[0], dtype=np.float64)
    starts = range(0, x.shape[0], chunk)
    for a in progress(starts, desc="SHyRe prediction", unit="chunk", disable=len(starts) < 4):
        out[a : a + chunk] = model.predict_proba(x[a : a + chunk])[:, 1]
    return out


class _Average:
    """Mean predicted probability of several fitted classifiers."""

    def __init__(self, models: list[Any]) -> None:
        self.models = models

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return np.mean([m.predict_proba(x) for m in self.models], axis=0)


class _Constant:
    """A classifier for a training group with one label only."""

    def __init__(self, p: float) -> None:
        self.p = p

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        return np.column_stack([np.full(len(x), 1 - self.p), np.full(len(x), self.p)])


def _make_classifier(kind: str, seed: int | None, rows: int) -> Any:
    if kind == "mlp":
        from sklearn.neural_network import MLPClassifier

        # the reference's MLP (sklearn defaults, one hidden layer of 100); on large training
        # sets early stopping on a 10% validation split bounds the time
        big = rows > 20_000
        return MLPClassifier(
            hidden_layer_sizes=(100,),
            max_iter=200,
            early_stopping=big,
            n_iter_no_change=5 if big else 10,
            random_state=seed,
        )
    if kind == "rf":
        from sklearn.ensemble import RandomForestClassifier

        return RandomForestClassifier(
            n_estimators=100, min_samples_leaf=2, n_jobs=1, random_state=seed
        )
    if kind == "lr":
        from sklearn.linear_model import LogisticRegression

        return LogisticRegression(max_iter=2000)
    if kind == "gb":
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(max_iter=200, random_state=seed)
    raise InputError(f"classifier must be one of {CLASSIFIERS}, got {kind!r}")


@dataclass
class Candidates:
    """The candidates of one graph with their group and (z-scored) features."""

    sets: Hypergraph
    maximal: np.ndarray
    features: np.ndarray
    num_maximal: int


class SHyRe(Reconstructor):
    """Supervised hypergraph reconstruction (Wang & Kleinberg, ICLR 2024).

    Parameters
    ----------
    budget : float, default 10,000
        :math:`\\beta`, the number of sub-clique subsets the sampler may enumerate on the
        training graph (the paper's values are in :data:`hypergraph.reconstruct.PAPER_BUDGETS`).
    features : {"count", "count+", "motif"}, default "count+"
        The paper's "count" set; "count+" adds cheap columns (number of maximal cliques
        containing the candidate, min/max edge clique counts and degrees); "motif" adds
        capped clique-intersection counts to "count+".
    classifier : {"mlp", "rf", "lr", "gb"}, default "mlp"
    threshold : float or "auto", default 0.5
        Decision threshold on the predicted probability (both classifiers). ``"auto"``
        keeps the query candidates that maximise the plug-in expected Jaccard (a candidate
        of probability :math:`p` is worth adding iff :math:`p > J / (1 + J)`), estimated from
        the probabilities themselves.
    tune_threshold : bool, default False
        Choose one threshold per classifier from 3-fold out-of-fold probabilities on the
        training candidates to maximise the training Jaccard (ties: closest to
        ``threshold``); the classifiers are fit on all training candidates. Costs 3 more fits.
    motif_cap : int, default 64
        Most maximal cliques looked at per candidate for the motif columns.
    max_train : int, default 200,000
        Most training rows per classifier (a seeded subsample beyond).
    ensemble : int, default 1
        Average the probabilities of this many classifiers seeded ``seed, seed + 1, ...``
        (lowers the variance of the MLP on small training sets).
    seed : int, default 0
        Seeds the sampler, the subsample and the classifiers; same seed, same output.
    max_cliques : int
        Limit passed to :func:`hypergraph.cliques.maximal_cliques`.

    Attributes
    ----------
    plan_ : SamplerPlan
        Cells :math:`(n, k, r)` chosen on the training pair.
    thresholds_ : tuple of float
        Thresholds used for (maximal, sub-clique) candidates.
    train_candidates_ : int
        Number of training candidates.

    Notes
    -----
    Well-defined answers for degenerate input: a training group (maximal / sub-clique
    candidates) with a single label gets a constant classifier predicting that label. E.g. a
    training hypergraph of size-1 hyperedges only has only isolated nodes as maximal cliques,
    all of them hyperedges, and no sub-clique cell: every maximal clique of the query is then
    predicted a hyperedge (the answer of :class:`MaxCliques`). A query graph without edges
    gives its isolated nodes as candidates. The query graph's node ids are its own (train
    and query need not share nodes); the output lies on ``graph.num_nodes`` nodes.

    Examples
    --------
    >>> H0 = Hypergraph.from_edges([[0, 1, 2], [2, 3], [3, 4], [2, 4], [5, 6, 7, 8], [5, 6]])
    >>> H1 = Hypergraph.from_edges([[0, 1, 2, 3], [3, 4], [4, 5], [3, 5], [0, 1]])
    >>> model = SHyRe(budget=50, classifier="lr").fit(H0)
    >>> R = model.predict(clique_expansion(H1))
    >>> isinstance(R, Hypergraph), R.num_nodes
    (True, 6)
    """

    def __init__(
        self,
        budget: float = 10_000,
        *,
        features: FeatureSet = "count+",
        classifier: Literal["mlp", "rf", "lr", "gb"] = "mlp",
        threshold: float | Literal["auto"] = 0.5,
        tune_threshold: bool = False,
        motif_cap: int = 64,
        max_train: int = 200_000,
        ensemble: int = 1,
        seed: int | None = 0,
        max_cliques: int = DEFAULT_MAX_CLIQUES,
    ) -> None:
        self.budget = budget
        self.features = features
        self.classifier = classifier
        self.threshold = threshold
        self.tune_threshold = tune_threshold
        self.motif_cap = motif_cap
        self.max_train = max_train
        self.ensemble = ensemble
        self.seed = seed
        self.max_cliques = max_cliques

    # ------------------------------------------------------------------ helpers
    def _validate_params(self) -> None:
        # the constructor only stores the parameters (scikit-learn's contract): fit checks them
        check_budget(self.budget)
        check_choice(self.features, "features", FEATURE_SETS)
        check_choice(self.classifier, "classifier", CLASSIFIERS)
        if self.threshold != "auto":
            check_real(self.threshold, "threshold (or 'auto')", low=0, high=1)
        if check_bool(self.tune_threshold, "tune_threshold") and self.threshold == "auto":
            raise InputError("threshold='auto' and tune_threshold=True exclude each other")
        for name in ("motif_cap", "max_train", "ensemble"):
            check_int(getattr(self, name), name, low=1)
        if self.seed is not None:
            check_seed(self.seed)

    def _candidates(self, graph: Graph, cliques: Hypergraph) -> Candidates:
        cliques = sorted_sets(cliques)
        sub, parents = sample_subcliques(cliques, self.plan_, self.seed)
        ptr = np.concatenate([cliques.edge_ptr, sub.edge_ptr[1:] + cliques.edge_ptr[-1]])
        nodes = np.concatenate([cliques.edge_nodes, sub.edge_nodes])
        sets = Hypergraph(ptr, nodes, graph.num_nodes, validate=False)
        maximal = np.r_[np.ones(cliques.num_edges), np.zeros(sub.num_edges)]
        par = np.r_[np.zeros(cliques.num_edges), parents]
        ctx = GraphContext.build(graph, cliques)
        x = candidate_features(
            ctx, sets, maximal, par, self.features, motif_cap=self.motif_cap, seed=self.seed
        )
        return Candidates(sets, maximal.astype(bool), zscore(x, inplace=True), cliques.num_edges)

    def _fit_group(self, x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> Any:
        if x.shape[0] == 0:
            return _Constant(0.0)
        if y.all() or not y.any():
            return _Constant(float(y[0]))
        if x.shape[0] > self.max_train:
            idx = np.sort(rng.choice(x.shape[0], self.max_train, replace=False))
            x, y = x[idx], y[idx]
            if y.all() or not y.any():
                return _Constant(float(y[0]))
        import warnings

        from sklearn.exceptions import ConvergenceWarning

        base = 0 if self.seed is None else int(self.seed)
        models = []
        for i in range(int(self.ensemble)):
            clf = _make_classifier(self.classifier, base + i, x.shape[0])
            with warnings.catch_warnings(), watching():
                warnings.simplefilter("ignore", ConvergenceWarning)
                clf.fit(x, y)
                check_interrupt()  # the MLP swallows Ctrl-C and returns: raise it again
            models.append(clf)
        return models[0] if len(models) == 1 else _Average(models)

    # ------------------------------------------------------------------ API
    def fit(self, hypergraph: Hypergraph) -> SHyRe:
        """Learn the sampler and the two classifiers from a training hypergraph :math:`H_0`.

        Raises
        ------
        InputError
            If the hypergraph has no hyperedge, or a parameter is out of range
            (``budget <= 0``, an unknown classifier or feature set, ...).
        """
        self._validate_params()
        h0 = check_training(hypergraph)
        g0 = clique_expansion(h0)
        q0 = maximal_cliques(g0, nodes=h0.covered(), max_cliques=self.max_cliques)
        self.stats_ = clique_statistics(h0, q0)
        self.plan_: SamplerPlan = greedy_plan(self.stats_, float(self.budget))
        # steps of the bar: candidates and features, 2 classifiers, 6 out-of-fold ones
        with progress_bar(9 if self.tune_threshold else 3, desc="SHyRe fit", unit="step") as bar:
            cand = self._candidates(g0, q0)
            bar.update(1)
            y = cand.sets.isin(h0)
            self.train_candidates_ = cand.sets.num_edges
            self.train_recall_bound_ = float(y.sum() / h0.num_edges)
            rng = np.random.default_rng(0 if self.seed is None else self.seed)
            groups = (cand.maximal, ~cand.maximal)
            models = []
            for g in groups:
                models.append(self._fit_group(cand.features[g], y[g], rng))
                bar.update(1)
            if not self.tune_threshold:
                self.models_ = tuple(models)
                t = 0.5 if self.threshold == "auto" else float(self.threshold)
                self.thresholds_ = (t, t)
                return self
            # tuning: out-of-fold probabilities (3 folds) choose the thresholds that maximise
            # the training Jaccard; the classifiers are then fit on all training candidates
            fold = rng.integers(0, 3, cand.sets.num_edges)
            oof = np.zeros(cand.sets.num_edges)
            for f in range(3):
                for g in groups:
                    tr, te = g & (fold != f), g & (fold == f)
                    if te.any():
                        model = self._fit_group(cand.features[tr], y[tr], rng)
                        oof[te] = _proba(model, cand.features[te])
                    bar.update(1)
            self.models_ = tuple(models)
        grid = np.round(np.arange(0.05, 0.951, 0.025), 4)
        tp, cnt = [], []
        for g in groups:
            p, yy = oof[g], y[g]
            tp.append(np.array([yy[p >= t].sum() for t in grid], dtype=np.float64))
            cnt.append(np.array([(p >= t).sum() for t in grid], dtype=np.float64))
        tps = tp[0][:, None] + tp[1][None, :]
        jac = tps / np.maximum(cnt[0][:, None] + cnt[1][None, :] + h0.num_edges - tps, 1)
        best = jac >= jac.max() - 1e-12
        # among ties, the thresholds closest to the default
        dist = np.abs(grid[:, None] - self.threshold) + np.abs(grid[None, :] - self.threshold)
        i, j = np.unravel_index(int(np.argmin(np.where(best, dist, np.inf))), jac.shape)
        self.thresholds_ = (float(grid[i]), float(grid[j]))
        self.tuned_jaccard_ = float(jac[i, j])
        return self

    def __sklearn_is_fitted__(self) -> bool:
        """Whether :meth:`fit` got as far as the classifiers (``models_``); an earlier failure
        leaves the model unfitted."""
        return hasattr(self, "models_")

    def predict_candidates(
        self, graph: Graph, *, nodes: np.ndarray | None = None
    ) -> tuple[Candidates, np.ndarray]:
        """The query graph's candidates and their predicted probability of being hyperedges.

        ``nodes`` (mask or ids) restricts which isolated nodes are size-1 candidates.
        """
        self._check_fitted()
        g1 = check_query(graph)
        q1 = maximal_cliques(g1, max_cliques=self.max_cliques, nodes=nodes)
        cand = self._candidates(g1, q1)
        proba = np.zeros(cand.sets.num_edges)
        for model, g in zip(self.models_, (cand.maximal, ~cand.maximal), strict=True):
            if g.any():
                proba[g] = _proba(model, cand.features[g])
        return cand, proba

    def predict(self, graph: Graph, *, nodes: np.ndarray | None = None) -> Hypergraph:
        """The reconstructed hypergraph of a query projection :math:`G_1`.

        Parameters
        ----------
        graph : Graph
            The query projection (undirected).
        nodes : array-like of int or bool mask, optional
            The nodes that exist in the query hypergraph: isolated nodes outside it are not
            size-1 candidates (default: every isolated node is one).

        Returns
        -------
        Hypergraph
            The candidates predicted positive, distinct, by size then lexicographically, on
            ``graph.num_nodes`` nodes.

        Raises
        ------
        InputError
            If the model is not fitted or ``graph`` is not an undirected Graph.
        """
        cand, proba = self.predict_candidates(graph, nodes=nodes)
        if self.threshold == "auto":
            return sorted_sets(cand.sets.select(self._expected_jaccard_choice(proba)))
        thr = np.where(cand.maximal, self.thresholds_[0], self.thresholds_[1])
        return sorted_sets(cand.sets.select(proba >= thr))

    def _expected_jaccard_choice(self, proba: np.ndarray) -> np.ndarray:
        """Mask of the candidates that maximise the plug-in expected Jaccard.

        With calibrated probabilities :math:`p_i`, taking the :math:`s` most probable
        candidates gives :math:`\\hat J(s) = P_s / (s + \\hat T - P_s)`, :math:`P_s` the sum
        of their probabilities and :math:`\\hat T = \\sum_i p_i / b` the estimated number of
        true hyperedges (:math:`b` = share of training hyperedges among the training
        candidates). Equivalently: keep :math:`p_i > \\hat J / (1 + \\hat J)`.
        """
        order = np.argsort(-proba, kind="stable")
        ps = np.cumsum(proba[order])
        total = ps[-1] / max(self.train_recall_bound_, 1e-12) if ps.size else 0.0
        s = np.arange(1, ps.size + 1)
        jac = ps / np.maximum(s + total - ps, 1e-12)
        keep = np.zeros(proba.shape[0], dtype=bool)
        if ps.size and jac.max() > 0:
            keep[order[: int(np.argmax(jac)) + 1]] = True
        return keep
