import gzip

import numpy as np
import pytest

from graphlab import DataFormatError, DatasetNotFoundError, Graph, InputError
from graphlab.readwrite import read_edge_list, read_pairs, write_edge_list


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
        ("0,1,1.0\n1,2,nan\n", "line 2: weight must be a finite number"),
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
