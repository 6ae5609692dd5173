import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require
from graphlab import Graph, InputError
from graphlab.datasets import load_dataset
from graphlab.stats import clustering, ego_density, node_statistics, triangles


def nx_ego_density(g: nx.Graph, v, hops):
    sub = nx.ego_graph(g, v, radius=hops)
    n = sub.number_of_nodes()
    return 0.0 if n < 2 else 2 * sub.number_of_edges() / (n * (n - 1))


def check_against_networkx(graph: Graph, hops=(1, 2), memory_budget=None):
    g = graph.to_networkx()
    t = triangles(graph)
    nx_t = nx.triangles(g)
    np.testing.assert_array_equal(t, [nx_t[v] for v in range(graph.num_nodes)])
    nx_c = nx.clustering(g)
    np.testing.assert_allclose(clustering(graph), [nx_c[v] for v in range(graph.num_nodes)])
    for k in hops:
        expected = [nx_ego_density(g, v, k) for v in range(graph.num_nodes)]
        np.testing.assert_allclose(ego_density(graph, k, memory_budget=memory_budget), expected)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.floats(0.0, 0.6), st.integers(0, 2**32 - 1))
def test_random_graphs_match_networkx(n, p, seed):
    g = Graph.from_networkx(nx.gnp_random_graph(n, p, seed=seed))
    check_against_networkx(g, hops=(1, 2, 3))


def test_blocks_do_not_change_ego_density():
    g = Graph.from_networkx(nx.powerlaw_cluster_graph(300, 4, 0.3, seed=1))
    full = ego_density(g, 2)
    # a budget that forces dozens of row blocks
    np.testing.assert_allclose(ego_density(g, 2, memory_budget=200_000), full)


def test_real_graphs_match_networkx():
    require("cora")
    cora = load_dataset("cora").graph
    check_against_networkx(cora, hops=(1, 2))
    require("ogbl-ddi")
    ddi = load_dataset("ogbl-ddi").graph
    # an induced subgraph keeps the check fast: networkx needs minutes on the whole graph
    keep = np.random.default_rng(0).choice(ddi.num_nodes, 400, replace=False)
    sub = ddi.to_scipy()[keep][:, keep]
    check_against_networkx(Graph.from_scipy(sub), hops=(1,))


def test_node_statistics_frame_and_errors():
    g = Graph.from_edge_index([[0, 0, 1, 2], [1, 2, 2, 3]])
    frame = node_statistics(g, hops=2)
    assert list(frame.columns) == ["node", "degree", "triangles", "clustering", "ego_density"]
    assert frame["triangles"].tolist() == [1, 1, 1, 0]
    with pytest.raises(InputError, match="hops"):
        ego_density(g, 0)
    with pytest.raises(InputError, match="directed"):
        triangles(Graph.from_edge_index([[0], [1]], directed=True))
    empty = Graph.from_edge_index(np.zeros((2, 0), dtype=np.int64), num_nodes=3)
    assert node_statistics(empty)["clustering"].tolist() == [0.0, 0.0, 0.0]
