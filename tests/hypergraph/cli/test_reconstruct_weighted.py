"""``graphlab reconstruct --weighted``: multiplicities in and out, in the input's ids; bad
input exits 2 with one line naming what is wrong."""

from __future__ import annotations

import json

import numpy as np
import pytest

from graphlab.cli import main
from hypergraph import Hypergraph
from hypergraph.cli.reconstruct_io import write_reconstruction
from hypergraph.cli.reconstruct_weighted import multiset_scores_by_size

TRAIN = "0 1 2\n0 1 2\n0 1 2\n2 3\n2 3\n3 4 5\n0 5\n5 6 7 8\n5 6 7 8\n6 7\n1 3\n"
# ids 10..18 (the file's own ids): {10,11,12} x 2, {13,14} x 3, {15,16,17,18} x 1
QUERY = "10 11 12\n13 14\n10 12 11\n14 13\n13 14\n15 16 17 18\n"


def _files(tmp_path):
    train, query = tmp_path / "train.txt", tmp_path / "query.txt"
    train.write_text(TRAIN)
    query.write_text(QUERY)
    return train, query


def _summary(capsys):
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_weighted_files_with_truth(tmp_path, capsys):
    train, query = _files(tmp_path)
    out, table = tmp_path / "r.txt", tmp_path / "t.csv"
    args = ["reconstruct", "--weighted", "--train", str(train), "--query", str(query),
            "--truth", str(query), "--out", str(out), "--table", str(table), "--json"]  # fmt: skip
    assert main(args) == 0
    s = _summary(capsys)
    # an unambiguous query: every hyperedge and its multiplicity is recovered
    assert s["multi_jaccard"] == 1.0 and s["occurrences"] == 6 and s["hyperedges"] == 3
    assert s["proven_pairs"] == 3  # {13, 14} x 3 lies in no triangle
    assert out.read_text() == "13 14\t3\n10 11 12\t2\n15 16 17 18\t1\n"
    assert table.read_text().startswith("size,")


def test_weighted_edge_list_query_and_human_output(tmp_path, capsys):
    train, _ = _files(tmp_path)
    edges = tmp_path / "g.txt"
    edges.write_text("20 21 2\n20 22 2\n21 22 2\n22 23 1\n")
    assert main(["reconstruct", "--train", str(train), "--query", str(edges),
                 "--weighted", "edges"]) == 0  # fmt: skip
    text = capsys.readouterr().out
    assert "multiplicity-aware" in text and "occurrence" in text
    assert "(rule: gb classifier, threshold 0.5 to 0 in 10 steps)" in text


def test_weighted_keeps_names(tmp_path, capsys):
    """A weighted edge list of names is reconstructed in those names."""
    train, _ = _files(tmp_path)
    edges = tmp_path / "g.txt"
    edges.write_text("c++ algebra 2\nc++ topology 2\nalgebra topology 2\ntopology haskell 1\n")
    out = tmp_path / "r.txt"
    argv = ["reconstruct", "--train", str(train), "--query", str(edges), "--weighted", "edges",
            "--out", str(out)]  # fmt: skip
    assert main(argv) == 0
    lines = {(frozenset(a.split()), int(m)) for a, m in (ln.split("\t") for ln in
             out.read_text().splitlines())}  # fmt: skip
    # whatever the split of the multiplicity, every line names nodes of the file
    assert set().union(*(a for a, _ in lines)) <= {"c++", "algebra", "topology", "haskell"}
    assert sum(m * len(a) * (len(a) - 1) // 2 for a, m in lines) == 7  # the pair weights


def test_weighted_registered_pair(capsys):
    assert main(["reconstruct", "shyre-crime", "--weighted", "--json"]) == 0
    s = _summary(capsys)
    assert 0 < s["multi_jaccard"] <= 1 and s["rounds"] >= 1
    assert s["rule"].startswith("gb classifier")


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("0 1 2.5\n1 2 1\n", ["--weighted", "edges"], "pair (0, 1) has weight 2.5"),
        ("0 1 nan\n", ["--weighted", "edges"], "weight must be a finite number"),
        ("0 1 0\n1 2 1\n", ["--weighted", "edges"], "pair (0, 1) has weight 0"),
        ("0 1 2\n", ["--weighted", "--paper"], "--paper is a SHyRe setting"),
        ("0 1 2\n", ["--weighted", "--method", "max-cliques"], "--weighted is its own method"),
        ("0 1 2\n", ["--weighted", "--threshold", "select"], "takes a number"),
        ("0 1 2\n", ["--weighted", "--classifier", "lr"], "classifier must be one of"),
    ],
)
def test_weighted_bad_input_exit_2(tmp_path, capsys, content, extra, message):
    train, _ = _files(tmp_path)
    q = tmp_path / "q.txt"
    q.write_text(content)
    out = tmp_path / "r.txt"
    code = main(["reconstruct", "--train", str(train), "--query", str(q), "--out", str(out),
                 *extra])  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert code == 2 and message in err and len(err.splitlines()) == 1
    assert not out.exists()


def test_weighted_truth_with_other_multiplicities(tmp_path, capsys):
    train, query = _files(tmp_path)
    truth = tmp_path / "truth.txt"
    truth.write_text(QUERY + "13 14\n")
    code = main(["reconstruct", "--weighted", "--train", str(train), "--query", str(query),
                 "--truth", str(truth)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "pair (13, 14) is held by 4 truth hyperedges, the query says 3" in err


def test_weighted_needs_train(tmp_path, capsys):
    _, query = _files(tmp_path)
    assert main(["reconstruct", "--weighted", "--query", str(query)]) == 2
    assert "--train H0" in capsys.readouterr().err


def test_write_reconstruction_gz_and_scores_by_size(tmp_path):
    import gzip

    h = Hypergraph.from_edges([[1, 2], [0, 1, 2]])
    write_reconstruction(h, None, tmp_path / "r.txt.gz", np.array([2, 5]))
    with gzip.open(tmp_path / "r.txt.gz", "rt") as fh:
        assert fh.read() == "1 2\t2\n0 1 2\t5\n"
    pred = Hypergraph.from_edges([[1, 2]] * 2 + [[0, 1, 2]])
    truth = Hypergraph.from_edges([[1, 2]] + [[0, 1, 2]] * 3)
    t = multiset_scores_by_size(pred, truth)
    assert t["size"].tolist() == ["2", "3", "all"]
    assert t["multi_jaccard"].tolist() == pytest.approx([0.5, 1 / 3, 2 / 5])


def test_weighted_registered_pair_keeps_repeated_hyperedges(capsys, folder):
    """A registered pair is scored with the repeats of its files, as the same files given by
    path are (Crimes' test file: 276 lines, 256 distinct)."""
    from hypergraph.reconstruct.data import load_pair

    pair = load_pair("shyre-crime", unique=False)
    assert (pair.test.num_edges, pair.test.num_distinct) == (276, 256)
    assert load_pair("shyre-crime").test.num_edges == 256
    d = folder("shyre-crime")
    assert main(["reconstruct", "shyre-crime", "--weighted", "--json"]) == 0
    by_name = _summary(capsys)
    argv = ["reconstruct", "--train", str(d / "train.txt"), "--query", str(d / "test.txt"),
            "--truth", str(d / "test.txt"), "--weighted", "--json"]  # fmt: skip
    assert main(argv) == 0
    by_path = _summary(capsys)
    assert by_name["multi_jaccard"] == by_path["multi_jaccard"]
