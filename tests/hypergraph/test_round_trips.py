"""HIF, XGI JSON and XGI round trips give back an equal hypergraph: node names with their
type (int or str), labels and label names, node and edge columns with their types, times."""

from __future__ import annotations

import contextlib
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypergraph.convert import from_hypernetx, from_xgi, to_hypernetx, to_xgi
from hypergraph.core import Hypergraph
from hypergraph.readwrite import read_hif, read_xgi_json, write_hif, write_xgi_json

with contextlib.suppress(ImportError):  # importing HyperNetX raises the recursion limit:
    import hypernetx  # noqa: F401  # do it before hypothesis runs

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
            assert y is not None and x.dtype.kind == y.dtype.kind and x.tolist() == y.tolist()
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


# ---------------------------------------------------------------------- HyperNetX and XGI objects
# from_X(to_X(h)) equals h exactly: names with their Python type, labels and label names,
# node and edge columns with their dtypes, times, repeated hyperedges, edge ids.
def assert_exact(a: Hypergraph, b: Hypergraph) -> None:
    assert_same(a, b)
    for x, y in ((a.node_names, b.node_names), (a.times, b.times), (a.node_labels, b.node_labels)):
        if x is not None:
            assert y is not None and x.dtype == y.dtype
            assert [type(v) for v in x.tolist()] == [type(v) for v in y.tolist()]
    assert a.label_names == b.label_names
    for cols, back in ((a.node_data, b.node_data), (a.edge_data, b.edge_data)):
        assert list(cols) == list(back)
        for k, col in cols.items():
            assert col.dtype == back[k].dtype, k
            assert [type(v) for v in col.tolist()] == [type(v) for v in back[k].tolist()], k


_COLUMN_NAMES = st.sampled_from(["age", "tag", "name", "label", "time", "weight", "id", "w"])


def _column(draw: st.DrawFn, length: int) -> np.ndarray:
    kind = draw(st.sampled_from(["int", "float", "str"]))
    if kind == "int":
        return np.asarray(draw(st.lists(st.integers(-5, 5), min_size=length, max_size=length)))
    if kind == "float":
        vals = st.floats(-10, 10, allow_nan=False, width=32)
        return np.asarray(draw(st.lists(vals, min_size=length, max_size=length)), dtype=float)
    return np.asarray(draw(st.lists(st.text("abc", max_size=3), min_size=length, max_size=length)))


@st.composite
def hypergraphs(draw: st.DrawFn, empty_edges: bool = True) -> tuple[Hypergraph, bool]:
    n = draw(st.integers(1, 6))
    edge = st.lists(st.integers(0, n - 1), min_size=0 if empty_edges else 1, max_size=4)
    edges = draw(st.lists(edge, min_size=1, max_size=6))
    edges += draw(st.lists(st.sampled_from(edges), max_size=2))  # repeated hyperedges
    m = len(edges)
    kw: dict = {}
    names = draw(st.sampled_from([None, "int", "str"]))
    if names == "int":
        kw["node_names"] = np.asarray(
            draw(st.lists(st.integers(0, 50), min_size=n, max_size=n, unique=True))
        )
    elif names == "str":
        kw["node_names"] = np.asarray(
            draw(st.lists(st.text("xyz7", min_size=1, max_size=3), min_size=n, max_size=n))
        )
    if draw(st.booleans()):
        kw["times"] = _column(draw, m) if draw(st.booleans()) else np.arange(m) * 1.5
        if kw["times"].dtype.kind not in "if":
            kw["times"] = np.arange(m)
    if draw(st.booleans()):
        kw["node_labels"] = draw(st.lists(st.integers(-1, 2), min_size=n, max_size=n))
        if draw(st.booleans()):
            kw["label_names"] = ["p", "q", "r"]
    kw["node_data"] = {
        k: _column(draw, n) for k in draw(st.lists(_COLUMN_NAMES, max_size=2, unique=True))
    }
    kw["edge_data"] = {
        k: _column(draw, m) for k in draw(st.lists(_COLUMN_NAMES, max_size=2, unique=True))
    }
    if draw(st.booleans()):
        kw["name"] = draw(st.text("ab", min_size=1, max_size=3))
    h = Hypergraph.from_edges(edges, num_nodes=n, **kw)
    as_keys = h.node_names is not None and len(set(h.node_names.tolist())) == n
    return h, as_keys and draw(st.booleans())


@settings(max_examples=150, deadline=None)
@given(hypergraphs())
def test_xgi_round_trip_property(case):
    pytest.importorskip("xgi")
    h, node_names = case
    assert_exact(h, from_xgi(to_xgi(h)))
    if node_names:
        assert_exact(h, from_xgi(to_xgi(h, node_names=True)))


@settings(max_examples=60, deadline=None)
@given(hypergraphs(empty_edges=False))
def test_hypernetx_round_trip_property(case):
    pytest.importorskip("hypernetx")
    h, node_names = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert_exact(h, from_hypernetx(to_hypernetx(h)))
        if node_names:
            assert_exact(h, from_hypernetx(to_hypernetx(h, node_names=True)))


def _trial() -> Hypergraph:
    return Hypergraph.from_edges(
        [[0, 1], [1, 2], [0, 1], [3]],
        num_nodes=5,
        node_names=np.array([7, 3, 11, 5, 9]),
        node_labels=[0, 1, -1, 1, 0],
        label_names=["p", "q"],
        times=[4, 2, 9, 1],
        node_data={"age": np.array([1.5, 2.0, 3.0, 4.0, 5.0]), "tag": np.array(list("uvwxy"))},
        edge_data={"id": np.array([42, 7, 8, 9]), "w": np.array([1, 2, 3, 4])},
        name="trial",
    )


def test_trial_hypernetx_keeps_attributes():
    pytest.importorskip("hypernetx")
    h = _trial()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        N = to_hypernetx(h, node_names=True)
        assert N.nodes.properties.loc[7, "misc_properties"] == {"label": 0, "age": 1.5, "tag": "u"}
        assert N.edges.properties.loc[42, "misc_properties"] == {"time": 4, "w": 1}
        assert_exact(h, from_hypernetx(N))
        assert_exact(h, from_hypernetx(to_hypernetx(h)))


def test_trial_xgi_keeps_int_names_and_edge_ids():
    pytest.importorskip("xgi")
    h = _trial()
    X = to_xgi(h, node_names=True)
    assert list(X.nodes) == [7, 3, 11, 5, 9]
    back = from_xgi(X)
    assert back.node_names is not None and back.node_names.tolist() == [7, 3, 11, 5, 9]
    assert back.edge_data["id"].tolist() == [42, 7, 8, 9]
    assert_exact(h, back)


def test_trial_xgi_missing_attributes_stay_missing():
    xgi = pytest.importorskip("xgi")
    X = xgi.Hypergraph()
    X.add_nodes_from([(0, {}), (1, {"age": 3}), (2, {"age": 4})])
    X.add_edges_from({"e": [0, 1], "f": [2]})
    X.set_edge_attributes({"f": {"w": 2.5}})
    h = from_xgi(X)
    assert h.node_data["age"].tolist() == [None, 3, 4]
    Y = to_xgi(h)
    assert [Y.nodes[v] for v in Y.nodes] == [{}, {"age": 3}, {"age": 4}]
    assert [Y.edges[e] for e in Y.edges] == [{}, {"w": 2.5}]
    assert list(Y.edges) == ["e", "f"]
    assert_exact(h, from_xgi(Y))


def test_trial_exports_use_the_edge_ids():
    h = _trial()
    assert list(to_xgi(h).edges) == [42, 7, 8, 9]
    pytest.importorskip("hypernetx")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert [int(e) for e in to_hypernetx(h).edges] == [42, 7, 8, 9]
    # repeated ids cannot be keys: the hyperedges are 0 .. m-1, the ids an attribute
    dup = h.replace(edge_data={"id": np.array([1, 1, 2, 3])})
    X = to_xgi(dup)
    assert list(X.edges) == [0, 1, 2, 3] and X.edges[0]["id"] == 1
    assert_exact(dup, from_xgi(X))
