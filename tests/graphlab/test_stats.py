import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import require
from graphlab import Graph, InputError, MemoryBudgetError
from graphlab.datasets import load_dataset
from graphlab.stats import clustering, edge_triangles, ego_density, node_statistics, triangles


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


def test_hops_follow_the_one_rule():
    g = Graph.from_edge_index([[0, 1, 2], [1, 2, 3]])
    for bad in (True, 1.0, 0, "2"):
        with pytest.raises(InputError, match=r"hops \(K\) must be an integer >= 1"):
            ego_density(g, bad)
    with pytest.raises(InputError, match=r"hops \(K\)"):
        node_statistics(g, hops=False)
    np.testing.assert_allclose(ego_density(g, np.int64(2)), ego_density(g, 2))


def test_graph_preconditions_name_the_statistic():
    directed = Graph.from_edge_index([[0], [1]], directed=True)
    loops = Graph.from_edge_index([[0, 0], [0, 1]], self_loops=True)
    for fn in (triangles, edge_triangles, clustering, ego_density):
        with pytest.raises(InputError, match=f"{fn.__name__} needs an undirected graph"):
            fn(directed)
        with pytest.raises(InputError, match=f"{fn.__name__} needs a graph without self-loops"):
            fn(loops)


def test_triangles_respect_a_tiny_budget(monkeypatch):
    """A 50 kB budget: no 512 kB of bitsets for 2,048 nodes, and the same triangle counts."""
    import graphlab.kernels.intersections as intersections

    rng = np.random.default_rng(5)
    upper = np.triu(rng.random((2048, 2048)) < 0.05, 1)
    g = Graph.from_scipy(sp.csr_array(upper.astype(float)))
    ref = triangles(g)  # under the default budget the bitsets win on this dense graph

    def refuse(*args, **kwargs):
        raise AssertionError("bitsets allocated beyond the budget")

    monkeypatch.setattr(intersections, "bitset_common_neighbors", refuse)
    np.testing.assert_array_equal(triangles(g, memory_budget=50_000), ref)
    np.testing.assert_array_equal(triangles(g, memory_budget="50K"), ref)
    per_edge = edge_triangles(g, memory_budget=50_000)
    assert per_edge.sum() == 2 * ref.sum()  # 6 entries per triangle, 3 nodes per triangle
    np.testing.assert_allclose(
        clustering(g, memory_budget=50_000), clustering(g, triangle_counts=ref)
    )
    frame = node_statistics(g, hops=1, memory_budget=50_000)
    np.testing.assert_array_equal(frame["triangles"], ref)
    with pytest.raises(MemoryBudgetError, match="too small"):
        triangles(g, memory_budget=1_000)  # not even one thread's 2,048 bytes of marks


def test_ego_density_accumulators_count_against_the_budget():
    g = Graph.from_networkx(nx.powerlaw_cluster_graph(300, 4, 0.3, seed=1))
    full = ego_density(g, 2)
    np.testing.assert_allclose(ego_density(g, 2, memory_budget=60_000), full)
    # half the budget cannot hold one 8 N-byte accumulator of the masked product
    with pytest.raises(MemoryBudgetError, match="accumulators"):
        ego_density(g, 2, memory_budget=4_000)
