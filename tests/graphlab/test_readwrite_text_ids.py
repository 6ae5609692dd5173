"""Edge lists whose node ids are names: read as sorted str node_ids, the same graph as the file
renumbered to integers, headers told from edges, ids mapped back by name, bad files refused."""

from __future__ import annotations

import gzip
import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlab import DataFormatError, Graph, InputError
from graphlab.readwrite import compact_ids, map_ids, read_edge_list, read_pairs, write_edge_list
from graphlab.stats import node_statistics

NAME_CHARS = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp"), exclude_characters=",#\"'"
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edges=st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), min_size=1, max_size=40),
    names=st.lists(st.text(NAME_CHARS, max_size=6), min_size=15, max_size=15, unique=True),
    sep=st.sampled_from([",", "\t"]),
)
def test_names_give_the_integer_files_graph_up_to_the_map(tmp_path, edges, names, sep):
    """Relabel an integer edge list by an injective map to strings: the same graph up to that
    map (edges, degrees, triangles, clustering per node), and the outputs carry the strings."""
    names = [f"n{i}_{name.strip()}" for i, name in enumerate(names)]  # unique, not numbers
    e = np.array(edges)
    ints, text = tmp_path / "ints.csv", tmp_path / "names.csv"
    top = f"source{sep}target\n"
    ints.write_text(top + "".join(f"{u}{sep}{v}\n" for u, v in e))
    text.write_text(top + "".join(f"{names[u]}{sep}{names[v]}\n" for u, v in e), encoding="utf-8")
    gi = read_edge_list(ints, relabel=True)
    gt = read_edge_list(text, relabel=True)
    as_name = np.array(names)[gi.ids()]  # the name of every node of the integer graph
    assert gt.node_ids.dtype.kind == "U" and gt.node_ids.tolist() == sorted(as_name.tolist())
    assert gt.num_nodes == gi.num_nodes and gt.num_edges == gi.num_edges
    ei = {frozenset(p) for p in as_name[gi.edges()].tolist()}
    et = {frozenset(p) for p in gt.node_ids[gt.edges()].tolist()}
    assert ei == et
    si = node_statistics(gi).set_index(as_name)
    st_ = node_statistics(gt).set_index("node")
    assert st_.index.tolist() == gt.node_ids.tolist()
    cols = ["degree", "triangles", "clustering", "ego_density"]
    np.testing.assert_array_equal(si.loc[st_.index, cols].to_numpy(), st_[cols].to_numpy())


# --------------------------------------------------------------------------- the format rules


@pytest.mark.parametrize(
    ("text", "header", "labels", "pairs"),
    [
        # a header: its ids occur nowhere else
        ("source,target\nb,a\na,c\n", ["source", "target"], ["a", "b", "c"], [[1, 0], [0, 2]]),
        # no header: the first line's ids occur again
        ("b,a\na,c\n", None, ["a", "b", "c"], [[1, 0], [0, 2]]),
        # a first edge whose ids occur nowhere else reads as a header: the documented rule
        ("a,b\nc,d\nd,e\n", ["a", "b"], ["c", "d", "e"], [[0, 1], [1, 2]]),
        # a weight column whose first cell is not a number: a header, even of known names
        ("a,b,w\na,b,2\nb,c,1\n", ["a", "b", "w"], ["a", "b", "c"], [[0, 1], [1, 2]]),
        # a numeric first line is never a header (mixed ids: every id is text)
        ("1,2\n2,x\n", None, ["1", "2", "x"], [[0, 1], [1, 2]]),
        # whitespace and tabs, comments, '#' inside an id, inner spaces in a CSV
        ("# c\n\nc# java\njava c#\n", None, ["c#", "java"], [[0, 1], [1, 0]]),
        (
            "u\tv\nNew York\tBoston \nBoston\tLima\n",
            ["u", "v"],
            ["Boston", "Lima", "New York"],
            [[2, 0], [0, 1]],
        ),
        # every id is its text: 7, 07 and 7.0 are three nodes
        ("7,07\n07,7.0\nx,7\n", None, ["07", "7", "7.0", "x"], [[1, 0], [0, 2], [3, 1]]),
    ],
)
def test_text_ids_rules(tmp_path, text, header, labels, pairs):
    f = tmp_path / "g.csv"
    f.write_text(text)
    el = read_pairs(f)
    assert el.header == header
    assert el.labels.tolist() == labels and el.pairs.tolist() == pairs


def test_weights_gzip_and_unicode_names(tmp_path):
    f = tmp_path / "g.tsv.gz"
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write("from\tto\tw\nZürich\t東京\t0.5\n東京\tLima\t2\n")
    g = read_edge_list(f, relabel=True)
    assert g.node_ids.tolist() == ["Lima", "Zürich", "東京"] and g.is_weighted
    assert sorted(g.edge_weights().tolist()) == [0.5, 2.0]


def test_integer_files_are_read_as_before(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text("source,target\n5,10\n10,1000000000000\n")
    g = read_edge_list(f, relabel=True)
    assert g.node_ids.dtype == np.int64 and g.node_ids.tolist() == [5, 10, 10**12]
    assert read_pairs(f).labels is None
    f.write_text("0,1\n1,2\n")
    assert read_edge_list(f, relabel=True).node_ids is None
    # text_ids reads the same numbers as text
    assert read_pairs(f, text_ids=True).labels.tolist() == ["0", "1", "2"]


@pytest.mark.parametrize("sep", [" ", ",", "\t"])
def test_ids_of_2_53_and_more_keep_every_digit(tmp_path, sep):
    """Ids that float64 cannot hold (2**53 + 1 reads as 2**53) or int64 cannot (24 digits) are
    read as text with relabel=True: distinct nodes, written back digit for digit; as positions
    they stay an error with the hint."""
    big = ["9007199254740993", "9007199254740992", "123456789012345678901234"]
    f = tmp_path / "big.txt"
    f.write_text(f"u{sep}v\n{big[0]}{sep}{big[1]}\n{big[1]}{sep}5\n5{sep}{big[2]}\n")
    g = read_edge_list(f, relabel=True)
    assert g.node_ids.dtype.kind == "U"
    assert sorted(g.node_ids.tolist()) == sorted([*big, "5"])
    named = {tuple(sorted(str(g.node_ids[i]) for i in e)) for e in g.edges().tolist()}
    assert named == {tuple(sorted(p)) for p in [big[:2], (big[1], "5"), ("5", big[2])]}
    out = tmp_path / "back.csv"
    write_edge_list(g, out)
    assert set(out.read_text().replace(",", "\n").split()) == {"source", "target", *big, "5"}
    assert read_edge_list(out, relabel=True).equals(g)
    # a query file of the same ids is found by its text
    q = tmp_path / "q.txt"
    q.write_text(f"{big[1]} {big[0]}\n")
    at = map_ids(read_pairs(q, huge_ids_as_text=True), g.node_ids, g.num_nodes, "g")
    assert g.node_ids[at].tolist() == [[big[1], big[0]]]
    for kwargs in ({}, {"relabel": True, "num_nodes": 10**6}):
        with pytest.raises(DataFormatError, match=r"line 2: node id too large.*renumber"):
            read_edge_list(f, **kwargs)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10**24), min_size=2, max_size=12, unique=True))
def test_ids_of_2_53_and_more_are_numbered_in_numeric_order(values):
    """A file of whole numbers read as text (one id >= 2**53) numbers its nodes as the numbers
    sort, not as their text does ("5" before "10")."""
    ids = [str(v) for v in [*values, 2**53 + 1]]
    pairs = np.array([ids[:-1], ids[1:]]).T
    p, labels = compact_ids(pairs)
    assert labels.tolist() == sorted(dict.fromkeys(ids), key=int)
    assert np.array_equal(labels[p], pairs)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a,b\n,b\n", r"line 2: an empty node id in ',b'"),
        ("a,b\n \t,b\n", r"line 2: an empty node id"),
        ('a,b\n"b",c\n', r"line 2: a quoted node id \(ids are not quoted"),
        # a quoted id that holds the separator splits its line: the quote is named, not the
        # column count
        ('source,target\n"smith, john",beta\nbeta,gamma\n', r"line 2: a quoted node id"),
        ('"smith, john",beta\nbeta,gamma\n', r"line 1: a quoted node id"),
        ('u v\n"smith john" beta\nbeta gamma\n', r"line 2: a quoted node id"),
        ("u,v\n'a,b',c\nc,d,e\n", r"line 2: a quoted node id"),
        ("a,b\nb,c,1\n", r"line 2 has 3 columns; expected 2"),
        ("a,b\nb\n", r"line 2 has 1 columns; expected 2"),
        ("a,b\nb,\n", r"line 2 has fewer than 2 columns"),
        ("a,b,1\nb,c,heavy\n", r"line 2: weight 'heavy' is not a number"),
        ("a,b,1\nb,c,nan\n", r"line 2: weight must be a finite number, got nan"),
        ("a,b\n", r"holds no edges \(its only line, 'a,b', is read as a header"),
        # a header pasted twice is no edge between nodes 'source' and 'target'
        (
            "source,target\nsource,target\nalpha,beta\nbeta,gamma\n",
            r"line 2 repeats the header line 1 \('source,target'\)",
        ),
        ("u v\n1 2\n# more\nu v\n2 3\n", r"line 4 repeats the header line 1 \('u v'\)"),
        ("u,v,w\na,b,1\nu,v,w\n", r"line 3 repeats the header line 1"),
        ("a,b\na,b\nc,d\n", r"line 2 repeats the header line 1 .*if line 1 is an edge, add a"),
    ],
)
def test_bad_text_files_name_file_and_line(tmp_path, text, message):
    f = tmp_path / "bad.csv"
    f.write_text(text)
    with pytest.raises(DataFormatError, match=message) as info:
        read_edge_list(f, relabel=True)
    assert "bad.csv" in str(info.value)


def test_a_repeated_first_edge_is_no_repeated_header(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text("a,b\nb,c\na,b\n")  # line 1 is an edge: b occurs on line 2
    el = read_pairs(f)
    assert el.header is None and el.labels.tolist() == ["a", "b", "c"]
    assert el.pairs.tolist() == [[0, 1], [1, 2], [0, 1]]


def test_positional_api_refuses_names_with_the_way_out(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text("0,1\n1,2\n2,bob\n")
    hint = r"g\.csv: line 3: node id 'bob' is not a number: .*relabel=True and without num_nodes"
    with pytest.raises(DataFormatError, match=hint):
        read_edge_list(f)
    with pytest.raises(DataFormatError, match=hint):
        read_edge_list(f, relabel=True, num_nodes=5)


# --------------------------------------------------------------------------- ids back to positions


def test_map_ids_by_name(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text("007,bob\nbob,7\n7,ann\n")
    g = read_edge_list(f, relabel=True)
    assert g.node_ids.tolist() == ["007", "7", "ann", "bob"]
    q = tmp_path / "q.txt"
    q.write_text("u v\nann bob\n")
    assert map_ids(read_pairs(q), g.node_ids, g.num_nodes, "g").tolist() == [[2, 3]]
    # a file of numbers is found among names as text: 007 is not 7
    q.write_text("007 7\n7 007\n")
    assert map_ids(read_pairs(q), g.node_ids, g.num_nodes, "g").tolist() == [[0, 1], [1, 0]]
    q.write_text("# queries\nann bob\nbob carol\n")
    with pytest.raises(
        DataFormatError, match=r"q\.txt: line 3: node 'carol' of pair \('bob', 'carol'\) is not a"
    ):
        map_ids(read_pairs(q), g.node_ids, g.num_nodes, "g")


def test_map_ids_names_on_a_graph_of_integers(tmp_path):
    q = tmp_path / "q.txt"
    q.write_text("10 30\n30 x\n")
    ids = np.array([10, 20, 30])
    with pytest.raises(DataFormatError, match=r"line 2: node 'x' of pair \('30', 'x'\) is not"):
        map_ids(read_pairs(q), ids, 3, "g")
    with pytest.raises(DataFormatError, match=r"line 1: node '30' of pair \('10', '30'\)"):
        map_ids(read_pairs(q), None, 30, "g")


def test_compact_ids_of_names():
    p, labels = compact_ids(np.array([["b", "a"], ["c", "b"]], dtype=object))
    assert p.tolist() == [[1, 0], [2, 1]] and labels.dtype.kind == "U"
    assert labels.tolist() == ["a", "b", "c"]


# --------------------------------------------------------------------------- Graph.node_ids


def test_graph_keeps_names_read_only_and_distinct():
    g = Graph.from_edge_index([[0, 1], [1, 2]])
    named = g.with_node_ids(np.array(["x", "y", "z"], dtype=object))
    assert named.node_ids.dtype.kind == "U" and named.ids().tolist() == ["x", "y", "z"]
    assert not named.node_ids.flags.writeable
    assert named.equals(pickle.loads(pickle.dumps(named)))
    assert not named.equals(g.with_node_ids([0, 1, 2])) and not named.equals(g)
    assert g.with_node_ids(["z", "a", "m"]).ids().tolist() == ["z", "a", "m"]
    with pytest.raises(InputError, match="node_ids must be distinct"):
        g.with_node_ids(["a", "b", "a"])
    with pytest.raises(InputError, match="integers or strings"):
        g.with_node_ids([0.5, 1.5, 2.5])
    with pytest.raises(InputError, match="integers or strings"):
        g.with_node_ids(np.array(["a", 1, "c"], dtype=object))


def test_write_edge_list_writes_names_and_reads_back(tmp_path):
    f = tmp_path / "g.csv.gz"
    g = Graph.from_edge_index([[0, 1, 2], [1, 2, 3]]).with_node_ids(["d", "New York", "b", "07"])
    write_edge_list(g, f)
    back = read_edge_list(f, relabel=True)
    assert back.node_ids.tolist() == ["07", "New York", "b", "d"]
    assert {frozenset(p) for p in back.node_ids[back.edges()].tolist()} == {
        frozenset(p) for p in g.node_ids[g.edges()].tolist()
    }
    for name in ("a,b", " pad", '"q', ""):
        bad = g.with_node_ids(["x", "y", "z", name])
        with pytest.raises(InputError, match="cannot be written to an edge list"):
            write_edge_list(bad, tmp_path / "bad.csv")
    assert not (tmp_path / "bad.csv").exists()


@pytest.mark.parametrize(
    "text",
    [
        "x,y\r\nb,a\r\n\r\na,c\r\n",
        "x,y\rb,a\r\r# note\ra,c\r",
        "x,y\n  # indented note\nb,a\n\x0c\na,c\n",
        "# top\n\nx,y\nb,a\na,c",
    ],
)
def test_blank_and_comment_lines_under_any_line_end(tmp_path, text):
    f = tmp_path / "g.csv"
    f.write_bytes(text.encode())
    el = read_pairs(f)
    assert el.header == ["x", "y"] and el.labels.tolist() == ["a", "b", "c"]
    assert el.pairs.tolist() == [[1, 0], [0, 2]]
