"""HIF, XGI JSON and XGI round trips give back an equal hypergraph: node names with their
type (int or str), labels and label names, node and edge columns with their types, times."""

from __future__ import annotations

import numpy as np
import pytest

from hypergraph.convert import from_xgi, to_xgi
from hypergraph.core import Hypergraph
from hypergraph.readwrite import read_hif, read_xgi_json, write_hif, write_xgi_json

CASES = {
    "plain": Hypergraph.from_edges([[0, 1], [1, 2], [0, 1]]),
    "int names": Hypergraph.from_edges(
        [[0, 1, 2], [1, 2], [0, 1, 2], [3]], node_names=np.array([5, 10, 20, 30])
    ),
    "str names, times": Hypergraph.from_edges(
        [[0, 1], [1, 2], [0, 1]], node_names=np.array(["a", "b", "c"]), times=[1, 2, 3], name="x"
    ),
    "labels, columns": Hypergraph.from_edges(
        [[0, 1], [1, 2]],
        node_names=np.array(["a", "b", "c"]),
        node_labels=[0, 1, -1],
        label_names=["p", "q"],
        node_data={"age": np.array([1.5, 2.0, 3.0]), "tag": np.array(["u", "v", "w"])},
        edge_data={"w": np.array([1, 2])},
    ),
    "int labels, float times": Hypergraph.from_edges(
        [[0, 2], [1]], num_nodes=4, node_labels=[2, -1, 0, 1], times=[0.5, 1.25]
    ),
}


def assert_same(a: Hypergraph, b: Hypergraph) -> None:
    assert a.equals(b), (a, b)
    for x, y in ((a.node_names, b.node_names), (a.times, b.times)):
        assert (x is None) == (y is None)
        if x is not None:
            assert x.dtype.kind == y.dtype.kind and x.tolist() == y.tolist()
    for cols, back in ((a.node_data, b.node_data), (a.edge_data, b.edge_data)):
        for k, col in cols.items():
            assert col.dtype.kind == back[k].dtype.kind and col.tolist() == back[k].tolist()
    assert a.name == b.name


@pytest.mark.parametrize("case", list(CASES))
def test_hif_round_trip(case, tmp_path):
    h = CASES[case]
    assert_same(h, read_hif(write_hif(h, tmp_path / "h.hif.json")))


@pytest.mark.parametrize("case", list(CASES))
def test_xgi_json_round_trip(case, tmp_path):
    h = CASES[case]
    assert_same(h, read_xgi_json(write_xgi_json(h, tmp_path / "h.json")))


@pytest.mark.parametrize("case", list(CASES))
def test_xgi_round_trip(case):
    pytest.importorskip("xgi")
    h = CASES[case]
    assert_same(h, from_xgi(to_xgi(h)))


def test_xgi_round_trip_with_string_names_as_keys():
    pytest.importorskip("xgi")
    for case in ("str names, times", "labels, columns"):
        h = CASES[case]
        assert_same(h, from_xgi(to_xgi(h, node_names=True)))


def test_hif_names_are_the_node_ids(tmp_path):
    import json

    p = write_hif(CASES["int names"], tmp_path / "h.json")
    doc = json.loads(p.read_text())
    assert [n["node"] for n in doc["nodes"]] == [5, 10, 20, 30]
    assert {i["node"] for i in doc["incidences"]} == {5, 10, 20, 30}
