from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from graphlab.errors import InputError
from hypergraph.convert import (
    from_bipartite,
    from_hyperedge_index,
    from_hypernetx,
    from_xgi,
    to_bipartite,
    to_hyperedge_index,
    to_hypernetx,
    to_xgi,
)
from hypergraph.core import Hypergraph
from hypergraph.projection import star_expansion
from hypergraph.readwrite import read_benson, read_lesmis, read_xgi_json

families = st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=5), min_size=1, max_size=20)


def _rich() -> Hypergraph:
    return Hypergraph.from_edges(
        [[0, 1, 2], [3], [0, 1, 2], [1, 4]],
        num_nodes=6,
        times=[4, 2, 9, 1],
        node_names=list("abcdef"),
    )


def test_xgi_round_trip_keeps_isolated_nodes_repeats_times_names():
    H = _rich()
    X = to_xgi(H)
    assert (X.num_nodes, X.num_edges) == (6, 4)
    assert X.nodes.attrs("name").asdict()[5] == "f"
    back = from_xgi(X)
    assert back.equals(H)
    Xn = to_xgi(H, node_names=True)
    assert set(Xn.nodes) == set("abcdef")
    assert from_xgi(Xn).node_names.tolist() == list("abcdef")


def test_xgi_on_real_data(folder):
    H = read_benson(folder("email-Enron"))
    back = from_xgi(to_xgi(H))
    assert back.edges() == H.edges() and np.array_equal(back.times, H.times)
    real = read_xgi_json(folder("xgi-diseasome") / "diseasome.json")
    assert from_xgi(to_xgi(real)).edges() == real.edges()


def test_hypernetx_round_trip():
    H = _rich().replace(times=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        N = to_hypernetx(H.replace(node_names=None))
        # node 5 lies in no hyperedge: HyperNetX cannot hold it, graphlab's metadata does
        assert from_hypernetx(N).equals(H.replace(node_names=None))
        named = from_hypernetx(to_hypernetx(H, node_names=True))
        assert named.equals(H)
        # without the metadata (an object from outside graphlab) the node is lost
        delattr(N, "graphlab")
        back = from_hypernetx(N)
        assert back.num_nodes == 5 and back.edges() == H.edges()
    with pytest.raises(InputError, match="empty"):
        to_hypernetx(Hypergraph.from_edges([[0], []]))
    with pytest.raises(InputError, match="no node names"):
        to_hypernetx(Hypergraph.from_edges([[0]]), node_names=True)


def test_hypernetx_on_les_miserables(folder):
    S = read_lesmis(folder("lesmis-scenes"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        back = from_hypernetx(to_hypernetx(S, node_names=True))
    # HyperNetX's LesMis scenes: 402 scenes on 80 characters
    assert back.num_edges == 402 and back.num_nodes == 80
    mapped = {frozenset(back.node_names[list(e)].tolist()) for e in back.edges()}
    assert mapped == {frozenset(S.node_names[list(e)].tolist()) for e in S.edges()}


def test_pyg_hyperedge_index():
    H = _rich()
    idx = to_hyperedge_index(H)
    assert idx.dtype == torch.long and idx.shape == (2, H.num_incidences)
    assert idx.tolist() == [[0, 1, 2, 3, 0, 1, 2, 1, 4], [0, 0, 0, 1, 2, 2, 2, 3, 3]]
    back = from_hyperedge_index(idx, num_nodes=6)
    assert back.equals(H, metadata=False)
    assert from_hyperedge_index(idx, num_edges=6).edge_sizes().tolist()[-2:] == [0, 0]
    with pytest.raises(InputError, match="shape"):
        from_hyperedge_index([[0, 1, 2]])
    with pytest.raises(InputError, match="integers"):
        from_hyperedge_index([[0.5], [0]])
    with pytest.raises(InputError, match="negative"):
        from_hyperedge_index([[-1], [0]])


def test_pyg_hypergraph_conv_accepts_it():
    from torch_geometric.nn import HypergraphConv

    H = _rich()
    conv = HypergraphConv(3, 2)
    out = conv(torch.ones(H.num_nodes, 3), to_hyperedge_index(H))
    assert out.shape == (6, 2)


def test_bipartite_round_trip_and_star_expansion():
    H = _rich()
    G = to_bipartite(H)
    assert G.number_of_nodes() == 10 and G.number_of_edges() == 9
    assert G.nodes[6]["time"] == 4 and G.nodes[0]["name"] == "a"
    assert from_bipartite(G).equals(H)
    S = star_expansion(H)
    assert sorted(map(tuple, S.edges().tolist())) == sorted(tuple(sorted(e)) for e in G.edges())
    import networkx as nx

    bad = nx.Graph([(0, 1)])
    with pytest.raises(InputError, match="bipartite"):
        from_bipartite(bad)


def test_bipartite_with_string_keys():
    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from(["u", "v", "w"], bipartite=0)
    G.add_nodes_from(["E1", "E2"], bipartite=1)
    G.add_edges_from([("u", "E1"), ("v", "E1"), ("w", "E2")])
    H = from_bipartite(G)
    assert H.edges() == [(0, 1), (2,)] and H.node_names.tolist() == ["u", "v", "w"]


@settings(max_examples=60, deadline=None)
@given(families)
def test_round_trips_property(edges):
    H = Hypergraph.from_edges(edges, num_nodes=10)
    assert from_hyperedge_index(to_hyperedge_index(H), num_nodes=10).equals(H)
    assert from_bipartite(to_bipartite(H)).equals(H)
    assert from_xgi(to_xgi(H)).equals(H)
