import pickle

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab import Graph, InputError


def dense_reference(edges, n, directed=False, self_loops=False):
    a = np.zeros((n, n))
    for u, v in edges:
        if u == v and not self_loops:
            continue
        a[u, v] = 1
        if not directed:
            a[v, u] = 1
    return a


edge_lists = st.integers(1, 12).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40),
    )
)


@settings(max_examples=60, deadline=None)
@given(edge_lists, st.booleans(), st.booleans())
def test_from_edge_index_matches_dense_definition(data, directed, self_loops):
    n, edges = data
    ei = np.array(edges, dtype=np.int64).reshape(-1, 2).T
    g = Graph.from_edge_index(ei, num_nodes=n, directed=directed, self_loops=self_loops)
    np.testing.assert_array_equal(
        g.to_scipy().toarray(), dense_reference(edges, n, directed, self_loops)
    )
    # the invariants the kernels rely on hold (the checking constructor accepts the arrays)
    Graph(g.indptr, g.indices, n, directed=directed)
    assert g.num_edges == len(g.edges())


def test_undirected_symmetrised_deduplicated_without_self_loops():
    g = Graph.from_edge_index(torch.tensor([[0, 1, 1, 2, 2], [1, 0, 1, 0, 0]]))
    assert g.num_nodes == 3 and g.num_edges == 2
    assert g.edges().tolist() == [[0, 1], [0, 2]]
    assert g.neighbors(0).tolist() == [1, 2]
    assert g.num_self_loops == 0
    loops = Graph.from_edge_index([[0, 1], [0, 1]], self_loops=True)
    assert loops.num_self_loops == 2 and loops.num_edges == 2


def test_weights_merge_by_reduce():
    ei = [[0, 1, 0], [1, 0, 1]]
    w = [2.0, 2.0, 5.0]
    assert Graph.from_edge_index(ei, edge_weight=w).edge_weights().tolist() == [5.0]
    assert Graph.from_edge_index(ei, edge_weight=w, reduce="sum").edge_weights().tolist() == [9.0]
    assert Graph.from_edge_index(ei, edge_weight=w, reduce="min").edge_weights().tolist() == [2.0]
    g = Graph.from_edge_index([[0], [1]], edge_weight=[3.0])
    assert g.to_scipy().toarray().tolist() == [[0, 3], [3, 0]]
    assert g.degree(weighted=True).tolist() == [3.0, 3.0]


def test_views_share_memory_and_graph_is_immutable():
    g = Graph.from_edge_index([[0, 1], [1, 2]])
    assert np.shares_memory(g.indices_np, g.indices.numpy())
    a = g.to_scipy()
    assert np.shares_memory(a.indices, g.indices_np)
    assert not g.indices_np.flags.writeable
    with pytest.raises(AttributeError):
        g.num_nodes = 5
    assert pickle.loads(pickle.dumps(g)).equals(g)


def test_round_trips_through_every_format():
    rng = np.random.default_rng(0)
    ei = rng.integers(0, 30, size=(2, 80))
    w = rng.random(80) + 0.1
    for g in (Graph.from_edge_index(ei, 30), Graph.from_edge_index(ei, 30, edge_weight=w)):
        weighted = g.is_weighted
        assert Graph.from_edge_index(g.to_edge_index(), 30, g.weight).equals(g)
        assert Graph.from_scipy(g.to_scipy(), weighted=weighted).equals(g)
        frame = g.to_pandas()
        assert Graph.from_pandas(frame, weight="weight" if weighted else None, num_nodes=30).equals(
            g
        )
        assert Graph.from_networkx(g.to_networkx(), weight="weight" if weighted else None).equals(g)
        assert Graph.from_pyg(g.to_pyg()).equals(g)
    d = Graph.from_edge_index(ei, 30, directed=True)
    assert Graph.from_networkx(d.to_networkx()).equals(d)
    assert Graph.from_scipy(d.to_scipy(), directed=True).equals(d)


def test_from_networkx_relabels_in_node_order():
    g = nx.Graph([("a", "b"), ("b", "c")])
    gl = Graph.from_networkx(g)
    assert gl.edges().tolist() == [[0, 1], [1, 2]]
    gl = Graph.from_networkx(g, nodelist=["c", "b", "a"])
    assert gl.edges().tolist() == [[0, 1], [1, 2]]
    with pytest.raises(InputError, match="missing from nodelist"):
        Graph.from_networkx(g, nodelist=["a", "b"])


def test_from_pandas_relabel():
    """relabel=True: string or huge integer ids become the nodes, sorted, kept as node_ids."""
    frame = pd.DataFrame({"source": ["c++", "algebra", "c#"], "target": ["algebra", "c#", "c++"]})
    g = Graph.from_pandas(frame, relabel=True)
    assert g.ids().tolist() == ["algebra", "c#", "c++"] and g.num_edges == 3
    big = pd.DataFrame({"source": [10**15, 7], "target": [7, 3]})
    g = Graph.from_pandas(big, relabel=True)
    assert g.ids().tolist() == [3, 7, 10**15] and g.edges().tolist() == [[0, 1], [1, 2]]
    with pytest.raises(InputError, match="takes no num_nodes"):
        Graph.from_pandas(big, relabel=True, num_nodes=5)
    with pytest.raises(InputError, match="integers or strings"):
        Graph.from_pandas(pd.DataFrame({"source": [0.5], "target": [1.5]}), relabel=True)


def test_from_networkx_keeps_node_labels():
    """String or integer labels become node_ids (per-node outputs name nodes as networkx
    does); 0 .. n-1 in order, or mixed labels, keep positions as ids."""
    from graphlab.stats import clustering

    g = nx.les_miserables_graph()
    gl = Graph.from_networkx(g)
    assert gl.ids().tolist() == list(g)
    ours = dict(zip(gl.ids().tolist(), clustering(gl).tolist(), strict=True))
    assert ours == pytest.approx(nx.clustering(g))
    ints = nx.relabel_nodes(g, {v: 10**12 + 7 * i for i, v in enumerate(g)})
    assert Graph.from_networkx(ints).ids().tolist() == list(ints)
    assert Graph.from_networkx(nx.path_graph(4)).node_ids is None
    assert Graph.from_networkx(nx.Graph([(0, "a"), ("a", 2)])).node_ids is None
    assert Graph.from_networkx(nx.Graph([(True, 2)])).node_ids is None  # bool is no id


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"edge_index": [[0, 1, 2]]}, r"shape \[2, E\]"),
        ({"edge_index": [[0, 1], [1, 2], [2, 0]]}, "transpose"),
        ({"edge_index": [[0, -1], [1, 2]]}, "negative node id"),
        ({"edge_index": [[0, 5], [1, 2]], "num_nodes": 3}, "out of range"),
        ({"edge_index": [[0.0, 1.0], [1.0, 2.0]]}, "integer node ids"),
        ({"edge_index": [[0, 1], [1, 2]], "edge_weight": [1.0, np.nan]}, "finite"),
        ({"edge_index": [[0, 1], [1, 2]], "edge_weight": [1.0, np.inf]}, "finite"),
        ({"edge_index": [[0, 1], [1, 2]], "edge_weight": [1.0, -1.0]}, "negative weight"),
        ({"edge_index": [[0, 1], [1, 2]], "edge_weight": [1.0]}, r"shape \[2\]"),
        ({"edge_index": [[0, 1], [1, 2]], "num_nodes": -1}, "non-negative"),
    ],
)
def test_bad_input_is_named(kwargs, message):
    with pytest.raises(InputError, match=message):
        Graph.from_edge_index(**kwargs)


def test_checking_constructor_rejects_broken_csr():
    with pytest.raises(InputError, match="symmetric"):
        Graph([0, 1, 1], [1], 2)
    with pytest.raises(InputError, match="strictly increasing"):
        Graph([0, 2, 3, 4], [2, 1, 0, 0], 3, directed=True)
    with pytest.raises(InputError, match="indptr"):
        Graph([0, 1], [0, 1], 1)


def test_empty_graphs():
    g = Graph.from_edge_index(np.zeros((2, 0), dtype=np.int64))
    assert (g.num_nodes, g.num_edges) == (0, 0)
    g = Graph.from_edge_index(np.zeros((2, 0), dtype=np.int64), num_nodes=4)
    assert g.degree().tolist() == [0, 0, 0, 0]
    assert g.to_scipy().shape == (4, 4)


def test_scipy_and_pandas_input_checks():
    with pytest.raises(InputError, match="square"):
        Graph.from_scipy(sp.csr_array(np.ones((2, 3))))
    with pytest.raises(InputError, match="no column"):
        Graph.from_pandas(pd.DataFrame({"u": [0], "v": [1]}))
    # stored zeros are not edges
    m = sp.csr_array((np.array([0.0, 1.0]), np.array([1, 0]), np.array([0, 1, 2])), shape=(2, 2))
    assert Graph.from_scipy(m).num_edges == 1


def test_weighted_graph_with_no_edges_left_is_empty_not_an_error():
    # only self-loops, dropped: the weight merge sees no entries
    g = Graph.from_coo([0, 1], [0, 1], 3, [1.0, 2.0])
    assert g.num_edges == 0 and g.num_nodes == 3
    e = Graph.from_coo(np.array([], dtype=np.int64), np.array([], dtype=np.int64), 2, [])
    assert e.num_edges == 0 and e.num_nodes == 2
