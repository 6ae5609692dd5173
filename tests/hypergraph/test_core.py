from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab.errors import InputError
from hypergraph.core import Hypergraph, edge_group_ids

# hyperedges as lists of node ids (repeats inside a list allowed: they are dropped)
families = st.lists(st.lists(st.integers(0, 7), min_size=0, max_size=5), max_size=25)


def test_hand_made_statistics():
    H = Hypergraph.from_edges([[2, 0, 1], [1, 2], [0, 1, 2], [3], [1, 2], [1, 2]], num_nodes=6)
    assert H.edges() == [(0, 1, 2), (1, 2), (0, 1, 2), (3,), (1, 2), (1, 2)]
    assert H.num_nodes == 6 and H.num_edges == 6 and H.num_incidences == 13
    assert H.num_distinct == 3
    assert H.degree().tolist() == [2, 5, 5, 1, 0, 0]
    assert H.degree(unique=True).tolist() == [1, 2, 2, 1, 0, 0]
    assert H.covered().tolist() == [True, True, True, True, False, False]
    assert H.size_distribution() == {1: 1, 2: 3, 3: 2}
    assert H.size_distribution(unique=True) == {1: 1, 2: 1, 3: 1}
    assert H.multiplicities().tolist() == [2, 3, 1]
    assert H.multiplicity_distribution() == {1: 1, 2: 1, 3: 1}
    s = H.summary()
    assert s["num_distinct_edges"] == 3 and s["num_covered_nodes"] == 4
    assert s["edge_size_max"] == 3 and s["degree_max"] == 5


def test_incidence_matrix_and_torch_view():
    H = Hypergraph.from_edges([[0, 2], [1], [0, 1, 2]])
    B = H.incidence()
    assert isinstance(B, sp.csr_array) and B.shape == (3, 3)
    assert B.toarray().tolist() == [[1, 0, 1], [0, 1, 1], [1, 0, 1]]
    T = H.incidence_torch()
    assert T.layout == torch.sparse_csr
    assert T.to_dense().numpy().tolist() == B.toarray().tolist()


def test_unique_keeps_first_occurrence_and_min_time():
    H = Hypergraph.from_edges(
        [[0, 1], [1, 2], [1, 0], [3], [2, 1]],
        times=[10, 3, 1, 7, 2],
        edge_data={"label": np.array(["a", "b", "c", "d", "e"])},
    )
    U, counts, inverse = H.unique(return_counts=True, return_inverse=True)
    assert U.edges() == [(0, 1), (1, 2), (3,)]
    assert counts.tolist() == [2, 2, 1]
    assert inverse.tolist() == [0, 1, 0, 2, 1]
    assert U.times.tolist() == [1, 2, 7]
    assert U.edge_data["label"].tolist() == ["a", "b", "d"]
    assert H.unique(times="first").times.tolist() == [10, 3, 7]
    assert H.unique(times="drop").times is None
    # unique of a unique hypergraph is itself
    assert U.unique().equals(U)


def test_select_compact_isin():
    H = Hypergraph.from_edges(
        [[5, 9], [9], [2, 5, 9]], num_nodes=12, times=[1, 2, 3], node_names=np.arange(12) * 10
    )
    S = H.select(np.array([True, False, True]))
    assert S.edges() == [(5, 9), (2, 5, 9)] and S.times.tolist() == [1, 3]
    C, old = H.compact()
    assert old.tolist() == [2, 5, 9]
    assert C.edges() == [(1, 2), (2,), (0, 1, 2)]
    assert C.node_names.tolist() == [20, 50, 90]
    other = Hypergraph.from_edges([[9], [5, 9, 2], [5, 8]], num_nodes=12)
    assert H.isin(other).tolist() == [False, True, True]
    assert other.isin(H).tolist() == [True, True, False]


def test_empty_and_size_one_hyperedges():
    H = Hypergraph.from_edges([[], [4], []], num_nodes=5)
    assert H.edge_sizes().tolist() == [0, 1, 0]
    assert H.num_distinct == 2
    assert H.unique().edges() == [(), (4,)]
    assert Hypergraph.from_edges([]).num_edges == 0


def test_from_incidence_round_trip():
    H = Hypergraph.from_edges([[0, 3], [1, 2, 3], [0, 3]])
    assert Hypergraph.from_incidence(H.incidence()).equals(H)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: Hypergraph.from_edges([[0, -1]]), "must be >= 0"),
        (lambda: Hypergraph.from_edges([[0, 1.5]]), "integer node ids"),
        (lambda: Hypergraph.from_edges([[0, 5]], num_nodes=3), "out of range"),
        (lambda: Hypergraph([0, 2], [1, 0], 3), "strictly increasing"),
        (lambda: Hypergraph([0, 3], [0, 1], 3), "edge_ptr"),
        (lambda: Hypergraph.from_edges([[0]], times=[1, 2]), "times must have shape"),
        (lambda: Hypergraph.from_edges([[0]], times=["x"]), "numeric or datetime64"),
        (lambda: Hypergraph.from_edges([[0]]).replace(foo=1), "unknown Hypergraph fields"),
        (lambda: Hypergraph.from_edges([[0]]).edge(3), "out of range"),
    ],
)
def test_bad_arguments(call, message):
    with pytest.raises(InputError, match=message):
        call()


def test_immutable_arrays():
    H = Hypergraph.from_edges([[0, 1]])
    with pytest.raises(ValueError):
        H.edge_nodes[0] = 5


@settings(max_examples=150, deadline=None)
@given(families)
def test_unique_matches_python_sets(edges):
    H = Hypergraph.from_edges(edges, num_nodes=8)
    seen: dict[frozenset[int], int] = {}
    for e in edges:
        seen.setdefault(frozenset(e), len(seen))
    U, counts = H.unique(return_counts=True)
    assert [frozenset(e) for e in U.edges()] == list(seen)
    expected = dict.fromkeys(seen, 0)
    for e in edges:
        expected[frozenset(e)] += 1
    assert counts.tolist() == list(expected.values())
    assert H.num_distinct == len(seen)
    assert H.degree().tolist() == [sum(v in set(e) for e in edges) for v in range(8)]


@settings(max_examples=100, deadline=None)
@given(families, families)
def test_isin_matches_python_sets(a, b):
    A = Hypergraph.from_edges(a, num_nodes=8)
    B = Hypergraph.from_edges(b, num_nodes=8)
    bs = {frozenset(e) for e in b}
    assert A.isin(B).tolist() == [frozenset(e) in bs for e in a]


def test_edge_group_ids_is_numbered_by_first_occurrence():
    ptr = np.array([0, 1, 3, 4, 6])
    nodes = np.array([7, 1, 2, 7, 1, 2])
    gid, k = edge_group_ids(ptr, nodes)
    assert gid.tolist() == [0, 1, 0, 1] and k == 2
