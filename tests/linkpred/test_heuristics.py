import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require
from graphlab import Graph, InputError
from graphlab.datasets import load_dataset
from linkpred.heuristics import adamic_adar, common_neighbors, jaccard, resource_allocation


def check(graph: Graph, pairs: np.ndarray):
    g = graph.to_networkx()
    ebunch = [tuple(p) for p in pairs.tolist()]
    cn = [len(list(nx.common_neighbors(g, u, v))) for u, v in ebunch]
    np.testing.assert_array_equal(common_neighbors(graph, pairs), cn)
    np.testing.assert_allclose(
        jaccard(graph, pairs), [s for *_, s in nx.jaccard_coefficient(g, ebunch)]
    )
    np.testing.assert_allclose(
        adamic_adar(graph, pairs), [s for *_, s in nx.adamic_adar_index(g, ebunch)]
    )
    np.testing.assert_allclose(
        resource_allocation(graph, pairs), [s for *_, s in nx.resource_allocation_index(g, ebunch)]
    )


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 30), st.floats(0.0, 0.7), st.integers(0, 2**32 - 1))
def test_random_graphs_match_networkx(n, p, seed):
    graph = Graph.from_networkx(nx.gnp_random_graph(n, p, seed=seed))
    rng = np.random.default_rng(seed)
    pairs = rng.integers(0, n, size=(20, 2))
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    check(graph, pairs)


def test_real_graph_matches_networkx():
    require("cora")
    graph = load_dataset("cora").graph
    pairs = np.random.default_rng(1).integers(0, graph.num_nodes, size=(300, 2))
    pairs = np.vstack([pairs[pairs[:, 0] != pairs[:, 1]], graph.edges()[:300]])
    check(graph, pairs)


def test_pair_validation():
    g = Graph.from_edge_index([[0, 1], [1, 2]])
    with pytest.raises(InputError, match="outside"):
        common_neighbors(g, [[0, 7]])
    with pytest.raises(InputError, match="shape"):
        jaccard(g, [0, 1, 2])
    # PyG's [2, P] layout is accepted
    assert common_neighbors(g, np.array([[0, 0, 1], [2, 1, 2]])).tolist() == [1, 0, 0]
