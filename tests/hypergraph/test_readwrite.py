from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphlab.datasets import load_dataset, registry
from graphlab.errors import DataFormatError, DatasetNotFoundError, InputError
from hypergraph.core import Hypergraph
from hypergraph.readwrite import (
    FORMATS,
    HypergraphPair,
    read_benson,
    read_hif,
    read_hyperedge_list,
    read_hypergraph,
    read_hyperlabels,
    read_lesmis,
    read_xgi_json,
    write_benson,
    write_hif,
    write_hyperedge_list,
    write_hyperlabels,
    write_xgi_json,
)

# ----------------------------------------------------------------- counts of the READMEs
# folder: (num_nodes, nodes occurring, simplices, distinct, min size, max size)
BENSON = {
    "contact-primary-school": (242, 242, 106_879, 12_704, 2, 5),
    "contact-high-school": (327, 327, 172_035, 7_818, 2, 5),
    "email-Enron": (148, 143, 10_883, 1_512, 1, 18),
    "email-Eu": (1005, 998, 234_760, 25_027, 1, 25),
    "NDC-classes": (1161, 1161, 49_724, 1_088, 1, 24),
    "NDC-substances": (5556, 5311, 112_405, 9_906, 1, 25),
    "congress-bills": (1718, 1718, 260_851, 84_799, 1, 25),
    "tags-ask-ubuntu": (3029, 3029, 271_233, 147_222, 1, 5),
    "tags-math-sx": (1629, 1629, 822_059, 170_476, 1, 5),
    "threads-ask-ubuntu": (200_974, 125_602, 192_947, 166_999, 1, 14),
}
# folder: (nodes, hyperedges, distinct, min size, max size, label names)
HYPERLABELS = {
    "contact-primary-school-classes": (242, 12_704, 12_704, 2, 5, 11),
    "contact-high-school-classes": (327, 7_818, 7_818, 2, 5, 9),
    "senate-committees": (282, 315, 301, 4, 31, 2),
    # the README's 82 counts fields: the longest line repeats node 481, so 81 as a set
    "house-committees": (1290, 341, 336, 1, 81, 2),
    "SN-congress-bills": (294, 29_157, 21_721, 2, 99, 2),
    "walmart-trips": (88_860, 69_906, 65_979, 2, 25, 11),
    "mathoverflow-answers": (73_851, 5_446, 5_445, 2, 1784, 1456),
}
# name: (train lines, train distinct, train nodes, train max size, test ... same)
SHYRE = {
    "enron": (756, 756, 141, 16, 756, 756, 142, 18),
    "school": (6352, 6352, 242, 5, 6352, 6352, 242, 5),
    "school2": (3909, 3909, 327, 5, 3909, 3909, 327, 5),
    "foursquare": (1030, 1026, 2356, 52, 1030, 1019, 2334, 88),
    "hosts": (290, 204, 591, 140, 296, 218, 466, 63),
    "directors": (102, 102, 547, 26, 102, 102, 522, 14),
    "crime": (275, 243, 467, 15, 276, 256, 510, 18),
    "dblp": (181_427, 181_427, 292_922, 24, 197_067, 197_067, 319_916, 25),
}


@pytest.mark.parametrize("name", sorted(BENSON))
def test_benson_counts(name, folder):
    n, used, m, distinct, lo, hi = BENSON[name]
    H = load_dataset(name, download=False)  # the registry's loader: read_benson
    assert (H.num_nodes, int(H.covered().sum()), H.num_edges, H.num_distinct) == (
        n,
        used,
        m,
        distinct,
    )
    sizes = H.edge_sizes()
    assert (sizes.min(), sizes.max()) == (lo, hi)
    assert H.times is not None and H.times.shape == (m,)


def test_benson_labels_and_times(folder):
    H = read_benson(folder("email-Enron"))
    assert H.node_names[0] == "phillip.allen@enron.com"
    assert H.times.min() == 63046642020000 and H.times.max() == 63159582033000
    C = read_benson(folder("congress-bills"))  # tab-separated, unsorted ids
    assert C.node_names[1703] == "Dayton, Mark [MN]"
    N = read_benson(folder("NDC-classes"))
    assert N.edge_data["label"].shape == (49_724,)
    P = read_benson(folder("contact-primary-school"))
    assert (P.times.min(), P.times.max()) == (31220, 148120)


@pytest.mark.parametrize("name", sorted(HYPERLABELS))
def test_hyperlabels_counts(name, folder):
    n, m, distinct, lo, hi, k = HYPERLABELS[name]
    H = load_dataset(name, download=False)  # the registry's loader: read_hyperlabels
    assert (H.num_nodes, H.num_edges, H.num_distinct) == (n, m, distinct)
    assert (H.edge_sizes().min(), H.edge_sizes().max()) == (lo, hi)
    assert len(H.label_names) == k and H.node_labels.shape == (n,)
    assert H.node_labels.min() >= 0 and H.node_labels.max() < k


def test_primary_school_label_distribution_and_equal_sets(folder):
    L = read_hyperlabels(folder("contact-primary-school-classes"))
    counts = dict(zip(L.label_names, np.bincount(L.node_labels).tolist()))
    assert counts["Teachers"] == 10 and counts["2B"] == 26
    # the labelled version holds exactly the distinct simplices of the Benson folder
    B = read_benson(folder("contact-primary-school"))
    assert B.unique().edge_set() == L.edge_set()


@pytest.mark.parametrize("name", sorted(SHYRE))
def test_shyre_counts(name, shyre_pairs):
    pair = shyre_pairs(name)
    assert isinstance(pair, HypergraphPair)
    _, d_tr, n_tr, max_tr, _, d_te, n_te, max_te = SHYRE[name]
    for H, d, n, mx in ((pair.train, d_tr, n_tr, max_tr), (pair.test, d_te, n_te, max_te)):
        assert (H.num_edges, H.num_nodes, int(H.edge_sizes().max())) == (d, n, mx)
        assert H.covered().all()  # re-indexed: every node is used


def test_shyre_raw_lines(folder):
    f = folder("shyre-foursquare") / "train.txt"
    raw = read_hyperedge_list(f, unique=False, reindex="never")
    assert raw.num_edges == 1030 and raw.num_distinct == 1026
    # the paper's reading: set of sets, re-indexed in increasing id order
    H = read_hyperedge_list(f)
    assert np.all(np.diff(H.node_names) > 0)
    mapped = {frozenset(H.node_names[list(e)].tolist()) for e in H.edges()}
    assert mapped == raw.edge_set()


def test_shyre_enron_is_benson_enron(folder, shyre_pairs):
    pair = shyre_pairs("enron")
    B = read_benson(folder("email-Enron")).unique()
    # each half was re-indexed; node_names hold the file ids, Benson's 1-based ids
    names = lambda h: {frozenset((h.node_names[list(e)] - 1).tolist()) for e in h.edges()}  # noqa: E731
    assert names(pair.train) | names(pair.test) == B.edge_set()


def test_xgi_json_counts(folder):
    root = folder("xgi-hospital-lyon")
    expect = {
        "email-enron.json.gz": (148, 10_885, 1, 37),
        "hospital-lyon.json.gz": (75, 21_398, 2, 10),
        "diseasome.json": (516, 903, 1, 11),
        "disgenenet.json.gz": (12_368, 2_261, 1, 2_453),
    }
    for fname, (n, m, lo, hi) in expect.items():
        H = read_xgi_json(root / fname)
        assert (H.num_nodes, H.num_edges) == (n, m), fname
        assert (H.edge_sizes().min(), H.edge_sizes().max()) == (lo, hi), fname
    L = read_xgi_json(root / "hospital-lyon.json.gz")
    assert L.times.dtype == np.dtype("datetime64[s]")
    assert sorted(set(L.node_data["type"].tolist())) == ["ADM", "MED", "NUR", "PAT"]


def test_lesmis(folder):
    root = folder("lesmis-scenes")
    S, C = read_lesmis(root), read_lesmis(root, by="chapter")
    assert (S.num_nodes, S.num_edges, C.num_edges) == (80, 402, 288)
    assert S.node_names[0] == "AZ"


def test_every_hypergraph_folder_is_registered():
    reg = registry()
    names = {n for n, e in reg.items() if e.kind.startswith("hypergraph")}
    folders = set(BENSON) | set(HYPERLABELS)
    pairs = {f"shyre-{n}" for n in SHYRE}
    others = {
        "xgi-email-enron",
        "xgi-hospital-lyon",
        "xgi-diseasome",
        "xgi-disgenenet",
        "lesmis-scenes",
        "lesmis-chapters",
    }
    assert names == folders | pairs | others
    assert all(reg[n].kind == "hypergraph-pair" for n in pairs)
    # every registered hypergraph format is a row of the one format table, of the entry's kind
    assert all(FORMATS[reg[n].format].kind == reg[n].kind for n in names)
    # the pairs, XGI files and Les Mis go through the loader too (the folders above do in the
    # count tests)
    for name in sorted(pairs - {"shyre-dblp"} | others):
        obj = load_dataset(name, download=False)
        if name in pairs:
            assert isinstance(obj, HypergraphPair) and obj.train.num_edges > 0
        else:
            assert isinstance(obj, Hypergraph) and obj.name == name and obj.num_edges > 0


# ----------------------------------------------------------------- bad input
def _benson(tmp: Path, nverts: str, simplices: str, times: str | None = None, gz=False) -> Path:
    def put(name: str, text: str) -> None:
        p = tmp / (name + (".gz" if gz else ""))
        if gz:
            p.write_bytes(gzip.compress(text.encode()))
        else:
            p.write_text(text)

    put("x-nverts.txt", nverts)
    put("x-simplices.txt", simplices)
    if times is not None:
        put("x-times.txt", times)
    return tmp


@pytest.mark.parametrize(
    ("nverts", "simplices", "times", "file", "line", "what"),
    [
        ("2\n2\n", "1\n2\n3\n", None, "x-nverts.txt", 2, "runs past the end"),
        ("2\n1\n", "1\n2\n3\n4\n", None, "x-simplices.txt", 4, "beyond the last simplex"),
        ("2\n1\n", "1\n2\nx7\n", None, "x-simplices.txt", 3, "expected one node id"),
        ("2\n1\n", "1\n2.5\n3\n", None, "x-simplices.txt", 2, "expected one node id"),
        ("2\n1\n", "1\n\n3\n", None, "x-simplices.txt", 2, "empty line"),
        ("2\n\n1\n", "1\n2\n3\n", None, "x-nverts.txt", 2, "empty line"),
        ("2\n1\n", "1\n0\n3\n", None, "x-simplices.txt", 2, "1-based"),
        ("2\n0\n", "1\n2\n", None, "x-nverts.txt", 2, "must be >= 1"),
        ("2\n1\n", "1\n2\n3\n", "5\n", "x-times.txt", None, "expected 2"),
        ("2\n1\n", "1\n2\n3\n", "5\nnoon\n", "x-times.txt", 2, "a time"),
    ],
)
def test_benson_bad_input(tmp_path, nverts, simplices, times, file, line, what):
    _benson(tmp_path, nverts, simplices, times)
    with pytest.raises(DataFormatError, match=what) as err:
        read_benson(tmp_path)
    msg = str(err.value)
    assert file in msg
    if line is not None:
        assert f"line {line}:" in msg


def test_truncated_gzip_names_file_and_line(tmp_path):
    ids = "".join(f"{i % 50 + 1}\n" for i in range(20000))
    _benson(tmp_path, "2\n" * 10000, ids, gz=True)
    p = tmp_path / "x-simplices.txt.gz"
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        DataFormatError,
        match=r"x-simplices\.txt\.gz: line \d+: gzip stream is "
        r"truncated",
    ):
        read_benson(tmp_path)
    p.write_bytes(b"not gzip at all")
    with pytest.raises(DataFormatError, match=r"x-simplices\.txt\.gz: line 1: gzip"):
        read_benson(tmp_path)


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("1,2\n\n3\n", 2, "empty line"),
        ("1,2\n3,a\n", 2, "integer ids"),
        ("1,2\n3,,4\n", 2, "integer ids"),
        ("1,-2\n", 1, "integer ids"),
        ("1,2\n0,3\n", 2, "1-based"),
    ],
)
def test_hyperlabels_bad_input(tmp_path, text, line, what):
    (tmp_path / "hyperedges-x.txt").write_text(text)
    with pytest.raises(DataFormatError, match=what) as err:
        read_hyperlabels(tmp_path)
    assert f"hyperedges-x.txt: line {line}:" in str(err.value)


def test_hyperlabels_bad_label(tmp_path):
    (tmp_path / "hyperedges-x.txt").write_text("1,2\n")
    (tmp_path / "node-labels-x.txt").write_text("1\n3\n")
    (tmp_path / "label-names-x.txt").write_text("a\nb\n")
    with pytest.raises(DataFormatError, match=r"node-labels-x.txt: line 2: label 3"):
        read_hyperlabels(tmp_path)


@pytest.mark.parametrize(
    ("text", "line", "what", "kwargs"),
    [
        ("0 1\n\n2\n", 2, "empty line", {}),
        ("0 1\n2 b\n", 2, "integer ids", {"reindex": "never"}),
        ("0 1\n1.0 2\n", 2, "integer ids", {"reindex": "never"}),
        ("1 2\n0 3\n", 2, "1-based", {"one_based": True}),
        # a re-indexed read takes labels, but never a CSV line as one label
        ("a b\nc,d e\n", 2, "'c,d' holds a ','", {}),
        ("a b\nc  d\n", 2, "empty field", {}),
        ("a b\nc\x00d\n", 2, "not a text file", {}),
        ("a b\nc d\n", 1, "one_based needs integer ids", {"one_based": True}),
    ],
)
def test_hyperedge_list_bad_input(tmp_path, text, line, what, kwargs):
    p = tmp_path / "h.txt"
    p.write_text(text)
    with pytest.raises(DataFormatError, match=what) as err:
        read_hyperedge_list(p, **kwargs)
    assert f"h.txt: line {line}:" in str(err.value) or "one_based" in str(err.value)


def test_hyperedge_list_labels(tmp_path):
    """Names and ids beyond int64 read as labels, numbered in sorted order, and write back."""
    p = tmp_path / "h.txt"
    p.write_text("c++ algebra\nalgebra c# 99999999999999999999\nc++ algebra\n")
    h = read_hyperedge_list(p, sep=None)
    assert h.node_names.tolist() == ["99999999999999999999", "algebra", "c#", "c++"]
    assert h.edges() == [(1, 3), (0, 1, 2)]
    out = tmp_path / "out.txt"
    write_hyperedge_list(h, out, names=True)
    # a hyperedge's nodes in numbering order, each under its label
    assert out.read_text() == "algebra c++\n99999999999999999999 algebra c#\n"
    again = read_hyperedge_list(out)
    assert again.edges() == h.edges() and again.node_names.tolist() == h.node_names.tolist()
    # integers of any size below 2**63 stay integers, compacted in numeric order
    p.write_text("5 1000000000000\n7 5\n")
    h = read_hyperedge_list(p)
    assert h.node_names.tolist() == [5, 7, 1000000000000] and h.edges() == [(0, 2), (0, 1)]


@given(
    st.lists(
        st.lists(
            st.sampled_from(["a", "b-1", "c++", "Ω", "10", "7", "x.y"]), min_size=1, max_size=4
        ),
        min_size=1,
        max_size=8,
    )
)
@settings(max_examples=40, deadline=None)
def test_hyperedge_list_labels_round_trip(tmp_path_factory, edges):
    """Written with names and read back, a labelled hypergraph keeps every hyperedge's names."""
    folder = tmp_path_factory.mktemp("labels")
    src = folder / "in.txt"
    src.write_text("".join(" ".join(e) + "\n" for e in edges))
    h = read_hyperedge_list(src, unique=False)
    named = [sorted(h.node_names[list(e)].astype(str).tolist()) for e in h.edges()]
    assert named == [sorted(set(e)) for e in edges]
    out = folder / "out.txt"
    write_hyperedge_list(h, out, names=True)
    back = read_hyperedge_list(out, unique=False)
    assert [sorted(back.node_names[list(e)].astype(str).tolist()) for e in back.edges()] == named


def test_write_names_refuses_blank(tmp_path):
    h = Hypergraph.from_edges([[0, 1]], node_names=["a b", "c"])
    with pytest.raises(InputError, match="'a b' is empty, padded or holds the separator"):
        write_hyperedge_list(h, tmp_path / "x.txt", names=True)
    assert not (tmp_path / "x.txt").exists()
    # separated by tabs, a name keeps its inner space, and the reader gives it back
    write_hyperedge_list(h, tmp_path / "x.txt", names=True, sep="\t")
    back = read_hyperedge_list(tmp_path / "x.txt", sep=None)
    assert back.node_names.tolist() == ["a b", "c"] and back.edges() == [(0, 1)]


def test_hyperedge_list_long_ids_and_tabs(tmp_path):
    """Ids of 19+ digits are kept exactly (as text); a file with tabs splits on tabs only."""
    p = tmp_path / "h.txt"
    p.write_text("1000000000000000000 2\n2 3\n")
    h = read_hyperedge_list(p)
    assert h.node_names.tolist() == ["2", "3", "1000000000000000000"]  # in numeric order
    p.write_text("New York\tBoston\tChicago\nBoston\tSan Francisco\n")
    h = read_hyperedge_list(p, sep=None)
    assert h.node_names.tolist() == ["Boston", "Chicago", "New York", "San Francisco"]
    assert h.edges() == [(0, 1, 2), (0, 3)]


def test_json_bad_input(tmp_path):
    p = tmp_path / "h.json"
    p.write_text('{"incidences": [\n {"edge": 1, "node": 2},\n {"edge": 1}\n]}')
    with pytest.raises(DataFormatError, match=r"h.json: incidences\[1\]: .*'node'"):
        read_hif(p)
    p.write_text('{"incidences": [\n {"edge": 1,, "node": 2}]}')
    with pytest.raises(DataFormatError, match=r"h\.json: line 2: invalid JSON"):
        read_hif(p)
    p.write_text('{"edge-dict": {"a": 5}}')
    with pytest.raises(DataFormatError, match=r"edge-dict\['a'\]"):
        read_xgi_json(p)
    with pytest.raises(DatasetNotFoundError):
        read_hif(tmp_path / "missing.json")


def test_trailing_blanks_and_crlf_are_accepted(tmp_path):
    p = tmp_path / "h.txt"
    p.write_bytes(b"0 1 \r\n2 1\r\n")
    assert read_hyperedge_list(p, reindex="never").edges() == [(0, 1), (1, 2)]


# ----------------------------------------------------------------- writers
def _rich() -> Hypergraph:
    return Hypergraph.from_edges(
        [[0, 1, 2], [3], [0, 1, 2], [1, 4], [2, 3, 4, 5]],
        num_nodes=7,
        times=[5, 3, 9, 1, 2],
        node_names=[f"n{i}" for i in range(7)],
        node_labels=[0, 1, 1, 0, 2, 2, 0],
        label_names=["a", "b", "c"],
    )


def test_benson_round_trip(tmp_path):
    H = _rich().replace(
        node_labels=None, label_names=None, edge_data={"label": np.array(list("vwxyz"))}
    )
    for compress in (False, True):
        write_benson(H, tmp_path / str(compress), "toy", compress=compress)
        assert read_benson(tmp_path / str(compress)).equals(H)


def test_hyperlabels_round_trip(tmp_path):
    H = _rich().replace(times=None)
    write_hyperlabels(H, tmp_path, "toy", compress=True)
    assert (tmp_path / "hyperedges-toy.txt.gz").is_file()
    assert read_hyperlabels(tmp_path).equals(H)


def test_hyperedge_list_round_trip(tmp_path):
    H = _rich().replace(times=None, node_names=None, node_labels=None, label_names=None)
    for name, kw in (("a.txt", {}), ("b.txt.gz", {"sep": ",", "one_based": True})):
        write_hyperedge_list(H, tmp_path / name, **kw)
        back = read_hyperedge_list(tmp_path / name, unique=False, reindex="never", **kw)
        assert back.select(np.arange(back.num_edges)).edge_set() == H.edge_set()
        assert back.edges() == H.edges()


def test_xgi_json_round_trip(tmp_path):
    H = _rich().replace(
        times=np.array(
            [
                "2010-12-06T13:02:40",
                "2010-12-06T13:02:20",
                "2011-01-01T00:00:00",
                "2009-01-01T00:00:00",
                "2010-01-01T10:00:00",
            ],
            dtype="datetime64[s]",
        )
    )
    p = write_xgi_json(H, tmp_path / "h.json.gz")
    back = read_xgi_json(p)
    assert back.edges() == H.edges()
    assert back.times.tolist() == H.times.tolist()
    assert back.node_names.tolist() == H.node_names.tolist()
    assert back.node_labels.tolist() == H.node_labels.tolist()


def test_xgi_json_real_file_round_trip(tmp_path, folder):
    H = read_xgi_json(folder("xgi-diseasome") / "diseasome.json")
    back = read_xgi_json(write_xgi_json(H, tmp_path / "d.json"))
    assert back.equals(H)
    import xgi

    with pytest.warns(UserWarning, match="deprecated"):
        X = xgi.readwrite.read_json(str(tmp_path / "d.json"))
    assert X.num_nodes == H.num_nodes and X.num_edges == H.num_edges


def test_hif_round_trip(tmp_path, folder):
    H = _rich().replace(edge_data={"kind": np.array(list("abcde"), dtype=object)})
    back = read_hif(write_hif(H, tmp_path / "h.hif.json"))
    assert back.edges() == H.edges() and back.times.tolist() == H.times.tolist()
    assert back.node_names.tolist() == H.node_names.tolist()
    assert back.node_labels.tolist() == H.node_labels.tolist()
    assert back.edge_data["kind"].tolist() == list("abcde")
    # empty hyperedges survive HIF (edges listed without incidences)
    E = Hypergraph.from_edges([[0, 1], [], [1]])
    assert read_hif(write_hif(E, tmp_path / "e.json")).equals(E, metadata=False)
    # a real dataset with datetime times
    L = read_xgi_json(folder("xgi-hospital-lyon") / "hospital-lyon.json.gz")
    back = read_hif(write_hif(L, tmp_path / "l.json.gz"))
    assert back.edges() == L.edges() and np.array_equal(back.times, L.times)
    assert back.node_data["type"].tolist() == L.node_data["type"].tolist()
    doc = json.loads(gzip.decompress((tmp_path / "l.json.gz").read_bytes()))
    assert set(doc) == {"network-type", "metadata", "nodes", "edges", "incidences"}


def test_hif_reads_a_hand_written_document(tmp_path):
    # string ids, weights on incidences, an edge listed only in "edges", a node only in
    # incidences, and attributes: as the HIF standard allows
    doc = {
        "network-type": "undirected",
        "metadata": {"name": "hand"},
        "nodes": [{"node": "x", "attrs": {"color": "red"}}, {"node": "y"}],
        "edges": [
            {"edge": "e2", "attrs": {"time": 4}},
            {"edge": "e9", "attrs": {"time": 1}},
            {"edge": "e1", "attrs": {"time": 7}},
        ],
        "incidences": [
            {"edge": "e1", "node": "y", "weight": 2.0},
            {"edge": "e1", "node": "x"},
            {"edge": "e2", "node": "z"},
        ],
    }
    p = tmp_path / "hand.json"
    p.write_text(json.dumps(doc))
    H = read_hif(p)
    assert H.name == "hand"
    assert H.node_names.tolist() == ["x", "y", "z"]
    assert H.edges() == [(2,), (), (0, 1)]
    assert H.edge_data["id"].tolist() == ["e2", "e9", "e1"]
    assert H.times.tolist() == [4, 1, 7]
    assert H.node_data["color"].tolist() == ["red", None, None]
    doc["network-type"] = "directed"
    p.write_text(json.dumps(doc))
    with pytest.raises(DataFormatError, match="only undirected"):
        read_hif(p)


def test_writers_leave_nothing_half_written(tmp_path):
    H = Hypergraph.from_edges([[0, 1], []])  # the empty hyperedge cannot be written
    with pytest.raises(InputError, match="empty"):
        write_benson(H, tmp_path, "x")
    with pytest.raises(InputError, match="empty"):
        write_hyperedge_list(H, tmp_path / "h.txt")
    bad_name = Hypergraph.from_edges([[0, 1]], node_names=["a", "b\nc"])
    with pytest.raises(InputError, match="line break"):
        write_benson(bad_name, tmp_path, "y")
    assert list(tmp_path.iterdir()) == []


def test_read_hypergraph_guesses_formats(tmp_path, folder):
    assert read_hypergraph(folder("email-Enron")).num_edges == 10_883
    assert read_hypergraph(folder("senate-committees")).num_edges == 315
    assert read_hypergraph(folder("xgi-diseasome") / "diseasome.json").num_edges == 903
    H = Hypergraph.from_edges([[0, 1], [1, 2]])
    assert read_hypergraph(write_hif(H, tmp_path / "h.json")).equals(H, metadata=False)
    with pytest.raises(DatasetNotFoundError):
        read_hypergraph(tmp_path / "nope")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=5), min_size=1, max_size=15),
    st.lists(st.integers(0, 10**12), min_size=15, max_size=15),
)
def test_round_trips_property(tmp_path, edges, times):
    H = Hypergraph.from_edges(edges, num_nodes=10, times=times[: len(edges)])
    d = tmp_path / f"case{abs(hash(str(edges))) % 10**9}"
    write_benson(H, d, "p")
    back = read_benson(d)
    assert back.num_nodes == int(H.edge_nodes.max()) + 1
    assert back.edges() == H.edges() and back.times.tolist() == H.times.tolist()
    assert read_hif(write_hif(H, d / "h.json")).equals(H)
    x = read_xgi_json(write_xgi_json(H, d / "x.json"))
    assert x.equals(H)  # ids "0" .. "9" are positions: no node names appear
    write_hyperedge_list(H, d / "l.txt")
    assert (
        read_hyperedge_list(d / "l.txt", reindex="never").equals(
            H.unique(times="drop").replace(name="l"), metadata=False
        )
        or H.num_nodes != int(H.edge_nodes.max()) + 1
    )


def test_hypergraph_records_name_their_kind_in_words():
    """load_dataset's kind errors say "a hypergraph", "a train/test hypergraph pair", no class."""
    from graphlab.datasets import kind_words

    assert kind_words(Hypergraph) == kind_words("hypergraph") == "a hypergraph"
    assert kind_words(HypergraphPair) == kind_words("hypergraph-pair")
    assert kind_words(HypergraphPair) == "a train/test hypergraph pair"
    pair = HypergraphPair(Hypergraph.from_edges([[0, 1]]), Hypergraph.from_edges([[1, 2]]))
    train, test = pair  # still a named tuple
    assert (pair.train, pair.test) == (train, test) and pair._fields == ("train", "test")
    assert repr(pair).startswith("HypergraphPair(train=Hypergraph(")


def test_a_renumbered_file_takes_huge_ids_and_keeps_them_as_names(tmp_path):
    p = tmp_path / "h.txt"
    p.write_text("1 1000000000000\n1 7\n")
    h = read_hyperedge_list(p, unique=False)
    assert h.num_nodes == 3
    assert h.node_names.tolist() == [1, 7, 1_000_000_000_000]
    assert sorted(h.edges()) == [(0, 1), (0, 2)]
    with pytest.raises(DataFormatError, match=r"line 1: node id 1,000,000,000,000.*renumber"):
        read_hyperedge_list(p, reindex="never")


@pytest.mark.parametrize("body", ["0 1 2\n1 3\n", "a b c\nb d\n"])
def test_blank_lines_at_the_end_are_no_hyperedges(tmp_path, body):
    """An editor's empty last line (or a few blank ones) ends the file; a blank line between
    hyperedges stays an error naming its line."""
    p = tmp_path / "h.txt"
    p.write_text(body)
    want = read_hyperedge_list(p, sep=None)
    p.write_text(body + "\n  \n\t\n")
    assert read_hyperedge_list(p, sep=None).equals(want)
    p.write_text(body.replace("\n", "\n\n", 1))
    with pytest.raises(DataFormatError, match="line 2: empty line"):
        read_hyperedge_list(p, sep=None)
