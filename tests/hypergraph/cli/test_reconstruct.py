"""``graphlab reconstruct`` on files and registered pairs; bad input exits 2 with one line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from conftest import require
from graphlab.cli import main
from hypergraph.readwrite import read_hyperedge_list

CRIME = "shyre-crime"


def test_reconstruct_files_with_truth(tmp_path, capsys):
    train = tmp_path / "train.txt"
    query = tmp_path / "query.txt"
    train.write_text("0 1 2\n0 1\n2 3\n3 4\n")
    # ids 10.. are unused in the query: they must not become size-1 hyperedges
    query.write_text("5 6 7\n5 6\n8 9\n9\n")
    out = tmp_path / "r.txt"
    table = tmp_path / "t.csv"
    code = main(
        [
            "reconstruct",
            "--train", str(train),
            "--query", str(query),
            "--truth", str(query),
            "--method", "max-cliques",
            "--out", str(out),
            "--table", str(table),
            "--json",
        ]
    )  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    # max cliques: {5,6,7}, {8,9}; truth has 4 sets, {5,6} and {9} are lost
    assert summary["hyperedges"] == 2 and summary["jaccard"] == 0.5
    assert sorted(read_hyperedge_list(out, reindex="never").edges()) == [(5, 6, 7), (8, 9)]
    assert table.read_text().startswith("size,")


def test_reconstruct_edge_list_query(tmp_path, capsys):
    query = tmp_path / "edges.txt"
    query.write_text("0 1\n1 2\n0 2\n")
    assert main(["reconstruct", "--query", str(query), "--method", "clique-cover", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["hyperedges"] == 1 and "jaccard" not in summary


def test_reconstruct_registered_pair(capsys):
    assert main(["reconstruct", CRIME, "--method", "max-cliques", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert round(100 * summary["jaccard"], 1) == 78.8
    assert summary["candidates"] == 207
    # crime's truth has hyperedges of one node, which --weighted cannot score: the score
    # over the others is reported beside, and max-cliques predicts no singleton
    assert summary["jaccard_2plus"] > summary["jaccard"]


def test_bad_input_exit_2(tmp_path, capsys):
    q = tmp_path / "q.txt"
    q.write_text("0 1\n")
    truth = tmp_path / "t.txt"
    truth.write_text("0 1\n7 8\n")
    cases = [
        ["reconstruct", CRIME, "--budget", "0"],
        ["reconstruct", CRIME, "--budget", "-3"],
        ["reconstruct", "--query", str(q), "--truth", str(truth), "--method", "max-cliques"],
        ["reconstruct", "--query", str(q)],  # shyre needs --train
        ["reconstruct", "--query", str(tmp_path / "missing.txt"), "--method", "max-cliques"],
        ["reconstruct", "no-such-pair"],
        ["reconstruct"],
    ]
    for argv in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("graphlab reconstruct: error:"), (argv, err)
    main(["reconstruct", "--query", str(q), "--truth", str(truth), "--method", "max-cliques"])
    assert "nodes 7 and 8 share a truth hyperedge" in capsys.readouterr().err


def test_query_hyperedge_list_error_is_its_own(tmp_path, capsys):
    """A hyperedge-list query the reader refuses reports that reason, not the edge-list
    reader's complaint about its three-node lines."""
    q = tmp_path / "q.txt"
    q.write_text("0 1\n1 2 3\n4 5 a,b\n")
    out = tmp_path / "out.txt"
    argv = ["reconstruct", "--query", str(q), "--method", "max-cliques", "--out", str(out)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "'a,b' holds a ','" in err and "columns" not in err, err
    assert not out.exists()


def _renamed(src: Path, dst: Path, name) -> None:
    """``src`` (a hyperedge list of integer ids) with every id ``i`` written as ``name(i)``."""
    lines = src.read_text().splitlines()
    dst.write_text("".join(" ".join(name(int(t)) for t in ln.split()) + "\n" for ln in lines))


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("max-cliques", lambda i: f"gene:{i:05d}"),  # text ids, sorted as the integers are
        ("clique-cover", lambda i: str(10**15 + 7 * i)),  # integer ids far beyond the space
        ("shyre", lambda i: f"v{i:05d}"),
    ],
)
def test_reconstruct_keeps_any_ids(tmp_path, capsys, method, name):
    """Query and truth named by text or by huge integers reconstruct exactly as the same files
    in small integer ids, and the output is written in the names."""
    from graphlab.datasets import locate

    folder = locate("shyre-crime", download=False)[1]
    runs = {}
    for tag, fn in (("ints", str), ("names", name)):
        q, t, out = tmp_path / f"q-{tag}.txt", tmp_path / f"t-{tag}.txt", tmp_path / f"{tag}.txt"
        _renamed(folder / "test.txt", q, lambda i, fn=fn: fn(i))
        _renamed(folder / "test.txt", t, lambda i, fn=fn: fn(i))
        argv = ["reconstruct", "--query", str(q), "--truth", str(t), "--method", method,
                "--out", str(out), "--json"]  # fmt: skip
        if method == "shyre":
            argv += ["--train", str(folder / "train.txt")]
        assert main(argv) == 0
        runs[tag] = json.loads(capsys.readouterr().out.strip().splitlines()[-1]), out
    (ints, ints_out), (names, names_out) = runs["ints"], runs["names"]
    assert names["jaccard"] == ints["jaccard"] and names["hyperedges"] == ints["hyperedges"]
    renamed = tmp_path / "renamed.txt"
    _renamed(ints_out, renamed, name)
    assert names_out.read_text() == renamed.read_text()


def test_truth_matched_by_name(tmp_path, capsys):
    """The truth is matched to an edge-list query by node names, in any order; a truth
    singleton of a node the query lacks counts as a hyperedge missed; errors name nodes."""
    q = tmp_path / "q.csv"
    q.write_text("source,target\nc++,algebra\nalgebra,topology\nc++,topology\nc#,f#\n")
    truth = tmp_path / "t.txt"
    truth.write_text("topology c++ algebra\nf# c#\nhaskell\n")
    out = tmp_path / "r.txt"
    argv = ["reconstruct", "--query", str(q), "--truth", str(truth), "--method", "max-cliques",
            "--out", str(out), "--json"]  # fmt: skip
    assert main(argv) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["hyperedges"] == 2 and summary["jaccard"] == pytest.approx(2 / 3)
    assert sorted(sorted(ln.split()) for ln in out.read_text().splitlines()) == [
        ["algebra", "c++", "topology"], ["c#", "f#"]
    ]  # fmt: skip
    truth.write_text("topology c++ algebra\nf# haskell\n")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "nodes f# and haskell share a truth hyperedge" in err, err


def test_demo_step(tmp_path):
    from hypergraph.cli.reconstruct import demo

    out = demo(argparse.Namespace(out_dir=str(tmp_path), quiet=True))
    assert out["jaccard"] > 0.75
    assert (tmp_path / "reconstruct-crime.txt").is_file()
    assert (tmp_path / "reconstruct-crime-by-size.csv").is_file()


def test_registered_pair_and_its_files_write_the_same_ids(tmp_path, capsys, folder):
    files = folder(CRIME)
    test_txt = next(files.glob("test.txt*"))
    named, given = tmp_path / "named.txt", tmp_path / "files.txt"
    assert main([
        "reconstruct", CRIME, "--method", "max-cliques", "--out", str(named), "--json",
    ]) == 0  # fmt: skip
    s1 = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert main([
        "reconstruct", "--query", str(test_txt), "--truth", str(test_txt),
        "--method", "max-cliques", "--out", str(given), "--json",
    ]) == 0  # fmt: skip
    s2 = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert named.read_bytes() == given.read_bytes()
    assert s1["jaccard"] == s2["jaccard"]
    # the ids are the file's (crime's test.txt skips ids, e.g. 2), not 0 .. n-1
    file_ids = set(read_hyperedge_list(test_txt, reindex="never").edge_nodes.tolist())
    out_ids = set(read_hyperedge_list(named, reindex="never").edge_nodes.tolist())
    assert out_ids <= file_ids and 2 not in file_ids


def test_human_output_in_percent_and_seconds(capsys):
    import re

    assert main(["reconstruct", CRIME, "--method", "max-cliques"]) == 0
    text = capsys.readouterr().out
    assert re.search(r"candidates in \d[\d.]* s", text) and "jaccard 78.76%" in text
    for number in re.findall(r"\d+\.\d+", text):
        assert len(number.replace(".", "").lstrip("0")) <= 4, number


def test_outputs_are_written_before_the_report_so_a_closed_pipe_keeps_them(tmp_path):
    import subprocess
    import sys

    require("shyre-crime")
    out = tmp_path / "r.txt"
    argv = ["reconstruct", "shyre-crime", "--method", "clique-cover", "--out", str(out)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphlab", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    proc.stdout.close()  # the reader went away (`| head -0`)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 141), err.decode()[-2000:]
    assert b"Traceback" not in err
    assert out.is_file() and out.read_text().strip()


def test_query_weighted_csv_and_names_with_spaces(tmp_path, capsys):
    """The weighted edge list that `hypergraph project --weighted` writes is a query (its
    weights unused without --weighted); names with spaces read from a tab-separated file are
    written back tab-separated."""
    h = tmp_path / "h.txt"
    h.write_text("New York\tBoston\tChicago\nBoston\tSan Francisco\n")
    w = tmp_path / "w.csv"
    assert main(["hypergraph", "project", str(h), "--weighted", "--out", str(w)]) == 0
    out = tmp_path / "r.txt"
    argv = ["reconstruct", "--query", str(w), "--method", "max-cliques", "--out", str(out)]
    assert main(argv) == 0
    capsys.readouterr()
    assert sorted(sorted(ln.split("\t")) for ln in out.read_text().splitlines()) == [
        ["Boston", "Chicago", "New York"], ["Boston", "San Francisco"]
    ]  # fmt: skip
    assert read_hyperedge_list(out, sep=None).node_names.tolist() == [
        "Boston", "Chicago", "New York", "San Francisco"
    ]  # fmt: skip


@pytest.mark.parametrize("suffix", [".csv", ".csv.gz", ".tsv", ".parquet", ".json"])
def test_every_table_that_project_writes_is_a_query(tmp_path, capsys, suffix):
    """`hypergraph project --out q<suffix>` then `reconstruct --query q<suffix>` gives the
    reconstruction of the hyperedge list itself, names kept (the .tsv header is no edge)."""
    h = tmp_path / "h.txt"
    h.write_text("c# f# x\nx y\ny z\nz x\nsolo\n")
    q = tmp_path / f"q{suffix}"
    assert main(["hypergraph", "project", str(h), "--out", str(q)]) == 0
    results = []
    for query in (h, q):
        out = tmp_path / f"r_{query.name}.txt"
        argv = ["reconstruct", "--query", str(query), "--truth", str(h), "--method",
                "max-cliques", "--out", str(out), "--json"]  # fmt: skip
        assert main(argv) == 0
        summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        results.append((summary["jaccard"], sorted(out.read_text().splitlines())))
    # the edge table has no isolated node, so the hyperedge list's singleton is its only gap
    (j_list, lines_list), (j_table, lines_table) = results
    assert lines_table == [ln for ln in lines_list if ln != "solo"]
    assert "c# f# x" in lines_table and j_table <= j_list


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"a": [1], "b": [2]}, "no column 'source', 'target'"),
        ({"source": [], "target": []}, "no rows"),
    ],
)
def test_a_bad_edge_table_query_is_named(tmp_path, capsys, content, message):
    import pandas as pd

    q = tmp_path / "q.parquet"
    pd.DataFrame(content).to_parquet(q)
    assert main(["reconstruct", "--query", str(q), "--method", "max-cliques"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and str(q) in err


@pytest.mark.parametrize(
    "flags",
    [
        ["--classifier", "rf"],
        ["--threshold", "0"],
        ["--ensemble", "2"],
        ["--tune-threshold"],
        ["--budget", "500"],
        ["--paper"],
    ],
)
def test_a_baseline_refuses_shyre_settings(capsys, flags):
    """--method max-cliques / clique-cover take none of SHyRe's flags: an error naming the
    flag, not a setting silently ignored."""
    assert main(["reconstruct", CRIME, "--method", "clique-cover", *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith(f"{flags[0]} is a SHyRe setting; --method clique-cover has none")
