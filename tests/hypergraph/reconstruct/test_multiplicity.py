"""Multiplicity-aware reconstruction: the provable-pair rule against brute force, the kernels
against direct Python, the search's invariants, the multi-Jaccard, and the input errors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone

from graphlab.errors import InputError
from graphlab.graph import Graph
from hypergraph import Hypergraph
from hypergraph.projection import clique_expansion
from hypergraph.reconstruct import (
    MultiplicityReconstructor,
    NotFittedError,
    check_multiplicities,
    multiset_jaccard,
    multiset_scores,
    provable_pairs,
    reconstruction_scores,
)
from hypergraph.reconstruct.multiplicity_kernels import (
    MULTIPLICITY_FEATURES,
    edge_ids,
    greedy_cliques,
    multiplicity_features,
    pair_cover,
    progressive_fill,
)


def random_multi_hypergraph(rng: np.random.Generator, n: int, p: float, top: int) -> Hypergraph:
    """Every node set of size >= 2 with probability ``p``, repeated 1 .. ``top`` times."""
    edges: list[tuple[int, ...]] = []
    for k in range(2, n + 1):
        for c in itertools.combinations(range(n), k):
            if rng.random() < p:
                edges += [c] * int(rng.integers(1, top + 1))
    if not edges:
        edges = [(0, 1)]
    return Hypergraph.from_edges(edges, num_nodes=n)


def weights_of(g: Graph) -> dict[tuple[int, int], int]:
    return {(int(u), int(v)): int(w) for (u, v), w in zip(g.edges(), g.edge_weights())}


def larger_sets(n: int, w: dict[tuple[int, int], int]) -> list[tuple[tuple[int, ...], int]]:
    """The node sets of size >= 3 that a hypergraph with projection ``w`` may hold, each with
    the most times it may occur (its smallest pair weight)."""
    larger = [c for k in range(3, n + 1) for c in itertools.combinations(range(n), k)]
    bounds = [min(w.get(q, 0) for q in itertools.combinations(c, 2)) for c in larger]
    return [(c, b) for c, b in zip(larger, bounds) if b > 0]


def min_pair_multiplicity(n: int, w: dict[tuple[int, int], int]) -> dict[tuple[int, int], int]:
    """Brute force: per pair, the fewest size-2 hyperedges over every multiset of hyperedges
    whose weighted projection is ``w`` (all multiplicities of the larger sets enumerated)."""
    used = larger_sets(n, w)
    best = dict(w)
    for ms in itertools.product(*[range(b + 1) for _, b in used]):
        rest = dict(w)
        for (c, _), m in zip(used, ms):
            for q in itertools.combinations(c, 2):
                rest[q] -= m
        if min(rest.values()) < 0:
            continue
        for q, x in rest.items():
            best[q] = min(best[q], x)
    return best


# ---------------------------------------------------------------- provable size-2 hyperedges
def proven_dict(g: Graph) -> dict[tuple[int, int], int]:
    pairs, mult = provable_pairs(g)
    return {(int(u), int(v)): int(m) for (u, v), m in zip(pairs, mult)}


@pytest.mark.parametrize("seed", range(40))
def test_provable_pairs_exact_on_four_nodes(seed):
    # exhaustive over every hypergraph with the same weighted projection: the rule gives the
    # fewest size-2 hyperedges any of them has on each pair (sound, and no better bound exists)
    h = random_multi_hypergraph(np.random.default_rng(seed), 4, 0.45, 3)
    g = clique_expansion(h, weighted=True)
    w = weights_of(g)
    got = proven_dict(g)
    assert {q: got.get(q, 0) for q in w} == min_pair_multiplicity(4, w)


@pytest.mark.parametrize("seed", range(15))
def test_provable_pairs_exact_on_five_nodes(seed):
    rng = np.random.default_rng(1000 + seed)
    while True:  # a hypergraph whose alternatives can be enumerated in well under a second
        h = random_multi_hypergraph(rng, 5, 0.12, 2)
        g = clique_expansion(h, weighted=True)
        w = weights_of(g)
        if np.prod([b + 1 for _, b in larger_sets(5, w)]) <= 3000:
            break
    got = proven_dict(g)
    assert {q: got.get(q, 0) for q in w} == min_pair_multiplicity(5, w)


@pytest.mark.parametrize("seed", range(8))
def test_provable_pairs_sound_exact_and_a_fixed_point_on_larger_graphs(seed):
    rng = np.random.default_rng(2000 + seed)
    big = random_multi_hypergraph(rng, 11, 0.0015, 4)
    pairs = [tuple(sorted(rng.choice(11, 2, replace=False).tolist())) for _ in range(12)]
    h = Hypergraph.from_edges(big.edges() + pairs * 2, num_nodes=11)
    g = clique_expansion(h, weighted=True)
    w = weights_of(g)
    got = proven_dict(g)
    # sound: h itself has at least that many size-2 hyperedges on each pair
    true2 = dict.fromkeys(w, 0)
    for e in h.edges():
        if len(e) == 2:
            true2[e] += 1
    assert all(m <= true2[q] for q, m in got.items())
    # exact: for every pair, a hypergraph with the same projection holds it exactly that often
    nbr: dict[int, set[int]] = {}
    for u, v in w:
        nbr.setdefault(u, set()).add(v)
        nbr.setdefault(v, set()).add(u)
    W = {**w, **{(v, u): x for (u, v), x in w.items()}}
    for (u, v), wuv in w.items():
        left = wuv
        edges: list[tuple[int, ...]] = []
        rest = dict(w)
        for z in sorted(nbr[u] & nbr[v]):
            c = min(W[u, z], W[v, z], left)
            left -= c
            edges += [tuple(sorted((u, v, z)))] * c
            rest[(u, v)] -= c
            rest[tuple(sorted((u, z)))] -= c
            rest[tuple(sorted((v, z)))] -= c
        edges += [q for q, x in rest.items() for _ in range(x)]
        witness = Hypergraph.from_edges(edges, num_nodes=h.num_nodes)
        assert clique_expansion(witness, weighted=True).equals(g)
        assert rest[(u, v)] == got.get((u, v), 0)
    # a fixed point: on what is left after the proven pairs, the rule proves nothing more
    residual = Hypergraph.from_edges(
        [q for q, x in w.items() for _ in range(x - got.get(q, 0))], num_nodes=h.num_nodes
    )
    assert proven_dict(clique_expansion(residual, weighted=True)) == {}


def test_provable_pairs_known_values():
    # a pair in no triangle holds only size-2 hyperedges: all of its weight is proven
    h = Hypergraph.from_edges([[0, 1]] * 4 + [[1, 2, 3]] * 2 + [[2, 3]])
    assert proven_dict(clique_expansion(h, weighted=True)) == {(0, 1): 4, (2, 3): 1}
    # two triangles through {0, 1} can cover 1 + 2 of its 5 copies: 2 are proven
    h = Hypergraph.from_edges([[0, 1]] * 3 + [[0, 1, 2]] + [[0, 1, 3]] + [[0, 3], [1, 3]])
    assert proven_dict(clique_expansion(h, weighted=True)) == {(0, 1): 2}


# ---------------------------------------------------------------- input checks
def test_check_multiplicities_errors():
    with pytest.raises(InputError, match="needs a weighted projection"):
        check_multiplicities(Graph.from_edge_index([[0, 1], [1, 2]]))
    with pytest.raises(InputError, match=r"pair \(0, 1\) has weight 2.5"):
        check_multiplicities(Graph.from_edge_index([[0], [1]], edge_weight=[2.5]))
    with pytest.raises(InputError, match="has weight 0"):
        check_multiplicities(
            Graph(np.array([0, 1, 2]), np.array([1, 0]), 2, np.array([0.0, 0.0]), validate=False)
        )
    with pytest.raises(InputError, match="has weight nan"):
        check_multiplicities(
            Graph(np.array([0, 1, 2]), np.array([1, 0]), 2, np.array([np.nan] * 2), validate=False)
        )
    with pytest.raises(InputError, match="project the hypergraph first"):
        check_multiplicities(Hypergraph.from_edges([[0, 1]]))
    with pytest.raises(InputError):
        check_multiplicities(Graph.from_edge_index([[0], [1]], edge_weight=[1.0], directed=True))


def test_check_multiplicities_names_node_ids():
    g = Graph.from_edge_index([[0], [1]], edge_weight=[1.5]).with_node_ids(np.array([10, 20]))
    with pytest.raises(InputError, match=r"pair \(10, 20\)"):
        check_multiplicities(g)


# ---------------------------------------------------------------- kernels vs direct Python
def _csr(h: Hypergraph) -> tuple[Graph, np.ndarray, np.ndarray]:
    g = clique_expansion(h, weighted=True)
    eid = edge_ids(g.indptr_np, g.indices_np)
    return g, eid, g.edge_weights().astype(np.int64)


@pytest.mark.parametrize("seed", range(5))
def test_pair_cover_and_features_match_python(seed):
    rng = np.random.default_rng(seed)
    h = random_multi_hypergraph(rng, 7, 0.08, 3)
    g, eid, w = _csr(h)
    ed = [tuple(e) for e in g.edges().tolist()]
    W = {**dict(zip(ed, w.tolist())), **{e[::-1]: x for e, x in zip(ed, w.tolist())}}
    nbr = {v: {u for (a, u) in W if a == v} for v in range(7)}
    cover = pair_cover(g.indptr_np, g.indices_np, eid, w)
    for (u, v), c in zip(ed, cover.tolist()):
        assert c == sum(min(W[u, z], W[v, z]) for z in nbr[u] & nbr[v])
    wdeg = np.array([sum(W[v, u] for u in nbr[v]) for v in range(7)], dtype=np.float64)
    from hypergraph.cliques import maximal_cliques

    cands = maximal_cliques(g, min_size=2)
    x = multiplicity_features(
        cands.edge_ptr, cands.edge_nodes, g.indptr_np, g.indices_np, eid, w, cover, wdeg
    )
    assert x.shape == (cands.num_edges, len(MULTIPLICITY_FEATURES))
    cov = dict(zip(ed, cover.tolist()))
    for row, c in zip(x, cands.edges()):
        ws = [W[q] for q in itertools.combinations(c, 2)]
        cs = [cov[q] for q in itertools.combinations(c, 2)]
        common = set.intersection(*(nbr[v] for v in c)) - set(c)
        f = dict(zip(MULTIPLICITY_FEATURES, row.tolist()))
        assert f["size"] == len(c)
        assert f["weight_sum"] == sum(ws) and f["weight_min"] == min(ws)
        assert f["weight_std"] == pytest.approx(np.std(ws), abs=1e-9)
        assert f["cover_max"] == max(cs)
        assert f["ambiguity_mean"] == pytest.approx(np.mean(np.array(cs) / np.array(ws)))
        assert f["wdegree_sum"] == sum(wdeg[v] for v in c)
        assert f["inside_share"] == pytest.approx(2 * sum(ws) / sum(wdeg[v] for v in c))
        assert f["common_neighbours"] == len(common) == 0  # maximal cliques
        assert f["min_weight_minus_common_cover"] == min(ws)


def test_features_common_neighbours_of_a_subclique():
    h = Hypergraph.from_edges([[0, 1, 2]] * 2 + [[0, 1, 3]] + [[0, 1]])
    g, eid, w = _csr(h)
    cover = pair_cover(g.indptr_np, g.indices_np, eid, w)
    sub = Hypergraph.from_edges([[0, 1]], num_nodes=4)
    f = dict(zip(MULTIPLICITY_FEATURES, multiplicity_features(
        sub.edge_ptr, sub.edge_nodes, g.indptr_np, g.indices_np, eid, w, cover, np.ones(4)
    )[0].tolist()))  # fmt: skip
    # nodes 2 and 3 are adjacent to both; they cover min(2, 2) + min(1, 1) = 3 of the 4 copies
    assert f["common_neighbours"] == 2 and f["common_cover"] == 3
    assert f["min_weight_minus_common_cover"] == 1 and f["cover_sum"] == 3


@pytest.mark.parametrize("seed", range(5))
def test_greedy_cliques_are_cliques_of_the_live_graph(seed):
    rng = np.random.default_rng(seed)
    h = random_multi_hypergraph(rng, 8, 0.06, 2)
    g, eid, w = _csr(h)
    r = w.copy()
    r[rng.random(r.shape[0]) < 0.2] = 0
    live = {tuple(e) for e, x in zip(g.edges().tolist(), r.tolist()) if x > 0}
    ptr, nodes = greedy_cliques(g.indptr_np, g.indices_np, eid, r, 4)
    assert ptr.shape[0] - 1 == len(live)  # one per live edge
    for a, b in itertools.pairwise(ptr.tolist()):
        c = nodes[a:b].tolist()
        assert 2 <= len(c) <= 4 and c == sorted(c)
        assert all(q in live for q in itertools.combinations(c, 2))


def _fill(cands: list[list[int]], r: list[int]) -> tuple[list[int], list[int]]:
    ptr = np.r_[0, np.cumsum([len(c) for c in cands])].astype(np.int64)
    rr = np.array(r, dtype=np.int64)
    mult = progressive_fill(ptr, np.array([e for c in cands for e in c], dtype=np.int64), rr)
    return mult.tolist(), rr.tolist()


def test_progressive_fill_known_values():
    # disjoint candidates take their smallest budget
    assert _fill([[0, 1], [2]], [3, 5, 2]) == ([3, 2], [0, 2, 0])
    # two candidates sharing edge 0 (budget 4) split it evenly
    assert _fill([[0, 1], [0, 2]], [4, 3, 3]) == ([2, 2], [0, 1, 1])
    # an odd budget: the rounded-down levels, then one more to the most probable candidate
    assert _fill([[0, 1], [0, 2]], [3, 3, 3]) == ([2, 1], [0, 1, 2])
    # a candidate bounded elsewhere frees budget for the other (max-min fairness)
    assert _fill([[0, 1], [0, 2]], [6, 1, 9]) == ([1, 5], [0, 0, 4])


@given(st.integers(0, 10_000))
@settings(max_examples=60, deadline=None)
def test_progressive_fill_never_overspends(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 8))
    r = rng.integers(0, 6, m).tolist()
    cands = [sorted(rng.choice(m, int(rng.integers(1, m + 1)), replace=False).tolist())
             for _ in range(int(rng.integers(1, 6)))]  # fmt: skip
    mult, left = _fill(cands, r)
    used = [0] * m
    for c, k in zip(cands, mult):
        for e in c:
            used[e] += k
    assert all(u + x == b for u, x, b in zip(used, left, r)) and min(left) >= 0
    # whenever some candidate fits in the budget, something is placed
    if any(min(r[e] for e in c) >= 1 for c in cands):
        assert sum(mult) > 0


# ---------------------------------------------------------------- the reconstructor
H0 = Hypergraph.from_edges(
    [[0, 1, 2]] * 3 + [[2, 3]] * 2 + [[3, 4, 5]] + [[0, 5]] + [[5, 6, 7, 8]] * 2 + [[6, 7]] * 3
    + [[1, 3]] + [[4, 6]] * 2 + [[2, 4, 6]]
)  # fmt: skip


def _query(seed: int, n: int = 9) -> Hypergraph:
    return random_multi_hypergraph(np.random.default_rng(seed), n, 0.03, 4)


@pytest.mark.parametrize("seed", range(6))
def test_spends_every_pair_with_final_threshold_zero(seed):
    h1 = _query(seed)
    g1 = clique_expansion(h1, weighted=True)
    model = MultiplicityReconstructor(classifier="rf", steps=3).fit(H0)
    rec = model.predict(g1)
    assert clique_expansion(rec, weighted=True).equals(g1)
    assert model.unspent_ == 0 and rec.edge_sizes().min() >= 2


@pytest.mark.parametrize("seed", range(4))
def test_higher_final_threshold_stays_under_the_budget(seed):
    h1 = _query(100 + seed)
    g1 = clique_expansion(h1, weighted=True)
    model = MultiplicityReconstructor(classifier="rf", threshold=0.9, final_threshold=0.9).fit(H0)
    rec = model.predict(g1)
    got = weights_of(clique_expansion(rec, weighted=True)) if rec.num_edges else {}
    want = weights_of(g1)
    assert all(q in want and x <= want[q] for q, x in got.items())
    assert model.unspent_ == sum(want.values()) - sum(got.values())


def test_exact_when_the_projection_is_unambiguous():
    # disjoint hyperedges with multiplicities: the search recovers them exactly
    h1 = Hypergraph.from_edges([[0, 1, 2]] * 4 + [[3, 4]] * 2 + [[5, 6, 7, 8]] * 3)
    g1 = clique_expansion(h1, weighted=True)
    model = MultiplicityReconstructor(classifier="rf").fit(H0)
    distinct, counts = model.predict_multiplicities(g1)
    assert distinct.edges() == [(3, 4), (0, 1, 2), (5, 6, 7, 8)]
    assert counts.tolist() == [2, 4, 3]
    assert multiset_jaccard(model.predict(g1), h1) == 1.0
    assert model.proven_ == 2


def test_same_seed_same_output_and_clone():
    g1 = clique_expansion(_query(7, 12), weighted=True)
    a = MultiplicityReconstructor(seed=3).fit(H0).predict(g1)
    b = clone(MultiplicityReconstructor(seed=3)).fit(H0).predict(g1)
    assert a.equals(b)
    assert MultiplicityReconstructor(seed=3).get_params()["seed"] == 3
    # a query with node_ids names the nodes of the reconstruction, hyperedges unchanged
    names = [f"n{i}" for i in range(g1.num_nodes)]
    named = MultiplicityReconstructor(seed=3).fit(H0).predict(g1.with_node_ids(names))
    assert named.edges() == a.edges() and named.node_names.tolist() == names


def test_estimator_contract():
    # scikit-learn's contract (as tests/hypergraph/reconstruct/test_contract.py for the others)
    est = MultiplicityReconstructor(classifier="rf", threshold=0.7, steps=4, seed=2)
    params = est.get_params()
    assert params == est.get_params(deep=False) and type(est)(**params).get_params() == params
    assert repr(est).startswith("MultiplicityReconstructor(classifier='rf', threshold=0.7")
    with pytest.raises(InputError, match="unknown parameter 'nope'"):
        est.set_params(nope=1)
    assert not est.__sklearn_is_fitted__()
    g1 = clique_expansion(_query(3), weighted=True)
    assert est.fit(H0) is est and est.__sklearn_is_fitted__()
    copy = clone(est)
    assert not copy.__sklearn_is_fitted__() and copy.get_params() == params
    with pytest.raises(NotFittedError, match="not fitted"):
        copy.predict(g1)
    first = est.predict(g1)
    assert est.fit(H0).predict(g1).equals(first)


def test_greedy_fallback_when_cliques_exceed_the_cap():
    g1 = clique_expansion(_query(11, 12), weighted=True)
    model = MultiplicityReconstructor(classifier="rf", max_cliques=1).fit(H0)
    rec = model.predict(g1)
    assert 0 < model.fallback_rounds_ <= model.rounds_
    assert clique_expansion(rec, weighted=True).equals(g1)


@pytest.mark.parametrize("classifier", ["gb", "mlp", "rf"])
def test_classifiers(classifier):
    g1 = clique_expansion(_query(5), weighted=True)
    rec = MultiplicityReconstructor(classifier=classifier).fit(H0).predict(g1)
    assert clique_expansion(rec, weighted=True).equals(g1)


def test_errors():
    with pytest.raises(NotFittedError):
        MultiplicityReconstructor().predict(clique_expansion(H0, weighted=True))
    with pytest.raises(InputError, match="no hyperedge of 2 or more nodes"):
        MultiplicityReconstructor().fit(Hypergraph.from_edges([[0], [1]]))
    with pytest.raises(InputError, match="must be a Hypergraph"):
        MultiplicityReconstructor().fit(clique_expansion(H0))
    with pytest.raises(InputError, match="classifier"):
        MultiplicityReconstructor(classifier="svm").fit(H0)
    with pytest.raises(InputError, match="final_threshold"):
        MultiplicityReconstructor(threshold=0.3, final_threshold=0.6).fit(H0)
    model = MultiplicityReconstructor(classifier="rf").fit(H0)
    with pytest.raises(InputError, match="needs a weighted projection"):
        model.predict(clique_expansion(H0))


def test_single_label_training_gives_a_constant_model():
    # every maximal clique of the training projection is a hyperedge and nothing else is
    model = MultiplicityReconstructor(negatives=0).fit(Hypergraph.from_edges([[0, 1]] * 2))
    g1 = clique_expansion(Hypergraph.from_edges([[0, 1, 2], [2, 3]]), weighted=True)
    assert clique_expansion(model.predict(g1), weighted=True).equals(g1)


# ---------------------------------------------------------------- multi-Jaccard
def test_multiset_scores_known_values():
    r = Hypergraph.from_edges([[0, 1, 2], [0, 1, 2], [1, 2]])
    e = Hypergraph.from_edges([[2, 1, 0]] * 3 + [[0, 2]])
    s = multiset_scores(r, e)
    assert (s["matched"], s["predicted"], s["true"]) == (2, 3, 4)
    assert s["multi_jaccard"] == pytest.approx(2 / 5)
    assert s["multi_precision"] == pytest.approx(2 / 3) and s["multi_recall"] == 0.5
    assert multiset_jaccard(e, e) == 1.0
    empty = Hypergraph.from_edges([], num_nodes=3)
    assert multiset_jaccard(empty, empty) == 1.0


@given(st.integers(0, 10_000))
@settings(max_examples=40, deadline=None)
def test_multiset_jaccard_properties(seed):
    rng = np.random.default_rng(seed)
    a = random_multi_hypergraph(rng, 5, 0.15, 3)
    b = random_multi_hypergraph(rng, 5, 0.15, 3)
    assert multiset_jaccard(a, b) == pytest.approx(multiset_jaccard(b, a))
    assert 0.0 <= multiset_jaccard(a, b) <= 1.0
    # with every multiplicity 1 it is the set Jaccard
    assert multiset_jaccard(a.unique(), b.unique()) == pytest.approx(
        reconstruction_scores(a, b)["jaccard"]
    )
    # a brute-force Counter gives the same
    from collections import Counter

    ca, cb = Counter(a.edges()), Counter(b.edges())
    keys = ca.keys() | cb.keys()
    want = sum(min(ca[k], cb[k]) for k in keys) / sum(max(ca[k], cb[k]) for k in keys)
    assert multiset_jaccard(a, b) == pytest.approx(want)


def test_multiset_scores_errors():
    with pytest.raises(InputError, match="node ids do not match"):
        multiset_scores(Hypergraph.from_edges([[0, 1]]), Hypergraph.from_edges([[0, 2]]))
    with pytest.raises(InputError, match="must be a Hypergraph"):
        multiset_scores([[0, 1]], Hypergraph.from_edges([[0, 1]]))
