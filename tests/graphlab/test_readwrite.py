import gzip

import numpy as np
import pytest

from graphlab import DataFormatError, DatasetNotFoundError, Graph, InputError
from graphlab.datasets import load_graph
from graphlab.readwrite import compact_ids, map_ids, read_edge_list, read_pairs, write_edge_list


@pytest.mark.parametrize(
    "text",
    [
        "0,1\n1,2\n",
        "source,target\n0,1\n1,2\n",
        "# comment\n\n0 1\n1   2\n",
        "src\tdst\n0\t1\n1\t2\n",
    ],
)
def test_formats_and_headers(tmp_path, text):
    f = tmp_path / "g.txt"
    f.write_text(text)
    g = read_edge_list(f)
    assert g.edges().tolist() == [[0, 1], [1, 2]]


def test_gzip_weights_and_num_nodes(tmp_path):
    f = tmp_path / "g.csv.gz"
    with gzip.open(f, "wt") as fh:
        fh.write("u,v,w\n0,1,0.5\n1,2,2\n")
    g = read_edge_list(f, num_nodes=5)
    assert g.num_nodes == 5 and g.is_weighted
    assert g.edge_weights().tolist() == [0.5, 2.0]
    assert not read_edge_list(f, weighted=False).is_weighted


def test_write_then_read_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    g = Graph.from_edge_index(rng.integers(0, 50, (2, 200)), 50, rng.random(200))
    for name in ("e.csv", "e.csv.gz"):
        write_edge_list(g, tmp_path / name)
        assert read_edge_list(tmp_path / name, num_nodes=50).equals(g)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0,1\n1,x\n", "line 2: node id 'x' is not a number"),
        ("0,1\n1,2.5\n", "line 2: node ids must be integers"),
        ("0,1\n-1,2\n", "line 2: negative node id"),
        ("0,1,1.0\n1,2,nan\n", "line 2: weight must be a finite number, got nan in"),
        ("0,1,1.0\n1,2,abc\n", "line 2: weight 'abc' is not a number"),
        ("0,1\n1,2,3\n", "line 2 has 3 columns; expected 2"),
        ("0,1,2,3\n", "line 1 has 4 columns"),
        ("0\n1\n", "line 1 has 1 columns"),
        ("# only a comment\n", "holds no edges"),
        ("", "holds no edges"),
        ("0,1\n1,\n", "line 2 has fewer than 2 columns"),
    ],
)
def test_bad_files_name_file_and_line(tmp_path, text, message):
    f = tmp_path / "bad.csv"
    f.write_text(text)
    with pytest.raises(DataFormatError, match=message) as info:
        read_edge_list(f)
    assert "bad.csv" in str(info.value)


def test_truncated_gzip_and_binary_garbage(tmp_path):
    good = gzip.compress(b"0,1\n" * 10000)
    f = tmp_path / "cut.csv.gz"
    f.write_bytes(good[: len(good) // 2])
    with pytest.raises(
        DataFormatError, match=r"cut\.csv\.gz: line \d+: gzip stream is truncated or corrupt"
    ):
        read_pairs(f)
    g = tmp_path / "garbage.csv"
    g.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DataFormatError, match=r"garbage\.csv"):
        read_pairs(g)


def test_out_of_range_ids_and_missing_file(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text("0,1\n1,9\n")
    with pytest.raises(DataFormatError, match=r"line 2: edge \(1, 9\) names a node >= num_nodes=5"):
        read_edge_list(f, num_nodes=5)
    with pytest.raises(DatasetNotFoundError, match="no such file"):
        read_edge_list(tmp_path / "missing.csv")


def test_huge_ids_and_negative_weights_name_file_and_line(tmp_path):
    f = tmp_path / "huge.tsv"
    f.write_text("# ids\nsource\ttarget\n0\t1\n\n1\t1000000000000\n")
    with pytest.raises(DataFormatError, match=r"huge\.tsv: line 5: node id 1,000,000,000,000.*TiB"):
        read_edge_list(f)  # refused before numpy tries to allocate terabytes
    f.write_text("0 1\n1 1e30\n")
    with pytest.raises(DataFormatError, match=r"line 2: node id too large"):
        read_edge_list(f)
    w = tmp_path / "w.csv"
    w.write_text("u,v,w\n0,1,1.5\n# note\n1,2,-2\n")
    with pytest.raises(DataFormatError, match=r"w\.csv: line 4: negative weight -2"):
        read_edge_list(w)
    # an explicit node count is checked against this machine's memory
    ok = tmp_path / "ok.csv"
    ok.write_text("0,1\n")
    with pytest.raises(InputError, match=r"num_nodes=.*more than this machine's memory"):
        read_edge_list(ok, num_nodes=10**18)


# --------------------------------------------------------------------------- relabel=True


def test_relabel_compacts_ids_and_keeps_them_sorted(tmp_path):
    f = tmp_path / "my.tsv"
    f.write_text("20\t5\n5\t10\n10\t20\n20\t30\n")
    g = read_edge_list(f, relabel=True)
    assert g.num_nodes == 4 and g.num_edges == 4
    assert g.node_ids.tolist() == [5, 10, 20, 30] and g.ids().tolist() == [5, 10, 20, 30]
    assert not g.node_ids.flags.writeable
    # positions follow the sorted ids: 5 -> 0, 10 -> 1, 20 -> 2, 30 -> 3
    assert g.edges().tolist() == [[0, 1], [0, 2], [1, 2], [2, 3]]
    assert g.degree().tolist() == [2, 2, 3, 1]
    # the default (the API as it was): ids are positions
    plain = read_edge_list(f)
    assert plain.num_nodes == 31 and plain.node_ids is None
    assert load_graph(f, relabel=True).equals(g) and load_graph(f).equals(plain)


def test_relabel_of_contiguous_ids_changes_nothing(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text("source,target\n0,1\n1,2\n2,0\n")
    g = read_edge_list(f, relabel=True)
    assert g.node_ids is None and g.equals(read_edge_list(f))
    assert g.ids().tolist() == [0, 1, 2]


def test_relabel_huge_ids_gzip_header_and_weights(tmp_path):
    f = tmp_path / "mid.csv.gz"
    with gzip.open(f, "wt") as fh:
        fh.write("# ids\nu,v,w\n1,10000000,0.5\n10000000,1000000000000,2\n")
    g = read_edge_list(f, relabel=True)  # no id-space check: the ids are compacted
    assert g.num_nodes == 3 and g.node_ids.tolist() == [1, 10_000_000, 1_000_000_000_000]
    assert g.is_weighted and g.edge_weights().tolist() == [0.5, 2.0]
    assert g.edges().tolist() == [[0, 1], [1, 2]]
    # without relabelling the id space is still refused before anything is allocated
    with pytest.raises(DataFormatError, match=r"line 4: node id 1,000,000,000,000.*TiB"):
        read_edge_list(f)


def test_relabel_with_num_nodes_keeps_positions(tmp_path):
    f = tmp_path / "g.txt"
    f.write_text("0 1\n1 3\n")
    # --num-nodes: the ids are positions 0..N-1, nodes 2 and 4 isolated; no relabelling
    g = read_edge_list(f, num_nodes=5, relabel=True)
    assert g.num_nodes == 5 and g.node_ids is None
    assert read_edge_list(f, relabel=True).node_ids.tolist() == [0, 1, 3]


def test_node_ids_survive_pickling_and_take_part_in_equals(tmp_path):
    import pickle

    f = tmp_path / "g.txt"
    f.write_text("5 10\n10 20\n")
    g = read_edge_list(f, relabel=True)
    back = pickle.loads(pickle.dumps(g))
    assert back.node_ids.tolist() == [5, 10, 20] and back.equals(g)
    assert not g.equals(g.with_node_ids(None)) and g.with_node_ids(None).ids().tolist() == [0, 1, 2]
    with pytest.raises(InputError, match="distinct"):
        g.with_node_ids([1, 1, 2])
    with pytest.raises(InputError, match="shape"):
        g.with_node_ids([1, 2])
    with pytest.raises(AttributeError, match="immutable"):
        g.node_ids = None  # type: ignore[misc]


def test_compact_ids_sparse_and_dense_paths_agree():
    rng = np.random.default_rng(1)
    dense = rng.integers(0, 60, (100, 2))
    sparse = dense * 10**9  # far beyond 4 * size: the sort path
    (p1, ids1), (p2, ids2) = compact_ids(dense), compact_ids(sparse)
    assert np.array_equal(p1, p2) and np.array_equal(ids1 * 10**9, ids2)
    assert np.array_equal(ids1[p1], dense)


def test_map_ids_names_file_and_line(tmp_path):
    g_file = tmp_path / "g.txt"
    g_file.write_text("5 10\n10 20\n20 30\n")
    g = read_edge_list(g_file, relabel=True)
    q = tmp_path / "q.txt"
    q.write_text("# queries\n5 30\n30 10\n")
    assert map_ids(read_pairs(q), g.node_ids, g.num_nodes, "g").tolist() == [[0, 3], [3, 1]]
    q.write_text("5 30\n\n10 7\n")
    with pytest.raises(
        DataFormatError, match=r"q\.txt: line 3: node 7 of pair \(10, 7\) is not a node of g"
    ):
        map_ids(read_pairs(q), g.node_ids, g.num_nodes, "g")
    # unsorted node ids (a graph built by the API) map too
    h = Graph.from_edge_index([[0, 1], [1, 2]]).with_node_ids([30, 10, 20])
    q.write_text("10 30\n20 10\n")
    assert map_ids(read_pairs(q), h.node_ids, h.num_nodes, "h").tolist() == [[1, 0], [2, 1]]
    # positions: ids below num_nodes
    assert map_ids(read_pairs(q), None, 31, "p").tolist() == [[10, 30], [20, 10]]
    with pytest.raises(DataFormatError, match=r"line 1: node 30 of pair \(10, 30\)"):
        map_ids(read_pairs(q), None, 30, "p")
