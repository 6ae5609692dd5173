from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab.errors import InputError
from graphlab.graph import Graph
from hypergraph.core import Hypergraph
from hypergraph.projection import clique_expansion, pair_first_times, star_expansion
from hypergraph.readwrite import read_benson

families = st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=5), max_size=20)


def _pair_counts(edges, count_repeats=True):
    counts: dict[tuple[int, int], int] = {}
    seen = set()
    for e in edges:
        s = frozenset(e)
        if not count_repeats and s in seen:
            continue
        seen.add(s)
        for u, v in itertools.combinations(sorted(s), 2):
            counts[(u, v)] = counts.get((u, v), 0) + 1
    return counts


def test_hand_checked_projection():
    # a repeated triangle, a pair inside it, a size-1 hyperedge, an isolated node
    H = Hypergraph.from_edges([[0, 1, 2], [0, 1, 2], [1, 2], [4]], num_nodes=6)
    G = clique_expansion(H)
    assert isinstance(G, Graph) and not G.directed and not G.is_weighted
    assert G.num_nodes == 6
    assert G.edges().tolist() == [[0, 1], [0, 2], [1, 2]]
    W = clique_expansion(H, weighted=True)
    assert dict(zip(map(tuple, W.edges().tolist()), W.edge_weights().tolist())) == {
        (0, 1): 2.0,
        (0, 2): 2.0,
        (1, 2): 3.0,
    }
    D = clique_expansion(H, weighted=True, count_repeats=False)
    assert D.edge_weights().tolist() == [1.0, 1.0, 2.0]
    assert G.degree().tolist() == [2, 2, 2, 0, 0, 0]


@settings(max_examples=150, deadline=None)
@given(families, st.booleans())
def test_projection_matches_pair_enumeration(edges, count_repeats):
    H = Hypergraph.from_edges(edges, num_nodes=10)
    expected = _pair_counts(edges, count_repeats)
    W = clique_expansion(H, weighted=True, count_repeats=count_repeats)
    got = dict(zip(map(tuple, W.edges().tolist()), W.edge_weights().tolist()))
    assert got == {k: float(v) for k, v in expected.items()}
    assert clique_expansion(H).edges().tolist() == sorted(map(list, expected))


@settings(max_examples=100, deadline=None)
@given(families, st.lists(st.integers(-50, 50), min_size=20, max_size=20))
def test_first_times_match_brute_force(edges, times):
    H = Hypergraph.from_edges(edges, num_nodes=10, times=times[: len(edges)])
    first: dict[tuple[int, int], int] = {}
    for e, t in zip(edges, times):
        for pair in itertools.combinations(sorted(set(e)), 2):
            first[pair] = min(first.get(pair, t), t)
    G, ft = clique_expansion(H, first_times=True)
    assert dict(zip(map(tuple, G.edges().tolist()), ft.tolist())) == first


def test_first_times_datetime_and_errors():
    t = np.array(["2020-01-02", "2020-01-01", "2021-05-05"], dtype="datetime64[s]")
    H = Hypergraph.from_edges([[0, 1], [1, 0, 2], [2, 3]], times=t)
    ft = pair_first_times(H)
    assert ft.dtype == t.dtype
    assert ft.tolist() == [t[1], t[1], t[1], t[2]]
    with pytest.raises(InputError, match="with times"):
        pair_first_times(H.replace(times=None))
    with pytest.raises(InputError, match="not the clique expansion"):
        pair_first_times(H, Graph.from_edge_index([[0], [1]], num_nodes=4))


def test_star_expansion():
    H = Hypergraph.from_edges([[0, 1], [1, 2], [0, 1]])
    S = star_expansion(H)
    assert S.num_nodes == 3 + 3
    assert S.edges().tolist() == [[0, 3], [0, 5], [1, 3], [1, 4], [1, 5], [2, 4]]
    U = star_expansion(H, unique=True)
    assert U.num_nodes == 5 and U.num_edges == 4


@pytest.mark.parametrize(
    ("name", "edges"),
    [
        ("contact-primary-school", 8_317),
        ("contact-high-school", 5_818),
        ("email-Enron", 1_800),
        ("email-Eu", 29_299),
        ("NDC-classes", 6_222),
        ("NDC-substances", 88_268),
        ("congress-bills", 424_932),
        ("tags-ask-ubuntu", 132_703),
        ("tags-math-sx", 91_685),
        ("threads-ask-ubuntu", 187_157),
    ],
)
def test_projected_edge_counts_of_the_readmes(name, edges, folder):
    H = read_benson(folder(name))
    G = clique_expansion(H)
    assert G.num_edges == edges and G.num_nodes == H.num_nodes
    W = clique_expansion(H, weighted=True)
    # total weight = sum over occurrences of C(|e|, 2)
    sizes = H.edge_sizes()
    assert W.edge_weights().sum() == (sizes * (sizes - 1) // 2).sum()


def test_primary_school_first_times_are_in_the_time_range(folder):
    H = read_benson(folder("contact-primary-school"))
    G, ft = clique_expansion(H, first_times=True)
    assert G.num_edges == 8_317 and ft.shape == (8_317,)
    assert ft.min() == 31_220 and ft.max() <= 148_120


def test_shyre_projected_edge_counts(shyre_pairs):
    expected = {
        "enron": (1_326, 1_388),
        "directors": (1_784, 1_444),
        "crime": (925, 1_362),
        "hosts": (17_052, 9_205),
        "foursquare": (38_193, 38_292),
        "school": (5_762, 5_710),
        "school2": (3_822, 3_806),
    }
    for name, (tr, te) in expected.items():
        pair = shyre_pairs(name)
        assert (clique_expansion(pair.train).num_edges, clique_expansion(pair.test).num_edges) == (
            tr,
            te,
        ), name


def test_import_hypergraph_stays_light():
    code = (
        "import sys, hypergraph, hypergraph.core, hypergraph.readwrite, "
        "hypergraph.projection, hypergraph.loss, hypergraph.convert, hypergraph.cli\n"
        "heavy = [m for m in ('hypernetx', 'xgi', 'torch_geometric') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    code2 = (
        "import sys, graphlab, graphlab.graph, graphlab.datasets, graphlab.cli\n"
        "assert 'hypergraph' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code2], check=True)
