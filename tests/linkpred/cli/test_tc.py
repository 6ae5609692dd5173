"""``graphlab tc`` end to end: inputs, columns, summary, errors (exit 2), the demo step."""

from __future__ import annotations

import argparse
import json
import re

import numpy as np
import pandas as pd
import pytest

import graphlab as gl
from graphlab.cli import main
from linkpred.cli.tc import demo
from linkpred.tc import topological_concentration


@pytest.fixture()
def files(tmp_path):
    edges = tmp_path / "g.csv"
    edges.write_text("source,target\n0,1\n0,2\n1,2\n2,3\n3,4\n1,0\n")
    query = tmp_path / "q.txt"
    query.write_text("0 3\n1 4\n4 1\n")
    return edges, query


def test_edge_list_with_query_edges(files, tmp_path, capsys) -> None:
    edges, query = files
    out = tmp_path / "tc.parquet"
    rc = main(["tc", str(edges), "--hops", "2", "--query-edges", str(query), "--out", str(out),
               "--json", "--num-nodes", "6"])  # fmt: skip
    assert rc == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["nodes"] == 6 and summary["edges"] == 5 and summary["hops"] == 2
    frame = pd.read_parquet(out)
    assert list(frame.columns) == ["node", "degree", "tc_train", "tc_query"]
    g = gl.Graph.from_edge_index([[0, 0, 1, 2, 3], [1, 2, 2, 3, 4]], num_nodes=6)
    np.testing.assert_allclose(frame["tc_train"].fillna(0), topological_concentration(g, hops=2))
    np.testing.assert_allclose(
        frame["tc_query"].fillna(0), topological_concentration(g, [[0, 3], [1, 4]], hops=2)
    )
    # the mean and count are over the nodes with a query neighbour: 0, 1, 3, 4 (not 2, 5)
    assert frame["tc_query"].isna().tolist() == [False, False, True, False, False, True]
    assert summary["count"] == {"tc_train": 5, "tc_query": 4}
    assert summary["mean"]["tc_query"] == pytest.approx(frame["tc_query"].dropna().mean())
    assert summary["mean"]["tc_train"] == pytest.approx(frame["tc_train"][:5].mean())


def test_tc_keeps_the_ids_of_the_file(tmp_path, capsys) -> None:
    f = tmp_path / "my.tsv"
    f.write_text("5\t10\n10\t20\n20\t5\n20\t30\n")
    query = tmp_path / "q.txt"
    query.write_text("5 30\n30 10\n")
    out = tmp_path / "tc.csv"
    rc = main(["tc", str(f), "--hops", "2", "--query-edges", str(query), "--out", str(out),
               "--json"])  # fmt: skip
    assert rc == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["nodes"] == 4 and summary["edges"] == 4
    frame = pd.read_csv(out)
    assert frame["node"].tolist() == [5, 10, 20, 30]
    # the same numbers as the compact graph 0..3, with the query pairs mapped the same way
    g = gl.Graph.from_edge_index([[0, 1, 2, 2], [1, 2, 0, 3]])
    np.testing.assert_allclose(frame["tc_train"].fillna(0), topological_concentration(g, hops=2))
    np.testing.assert_allclose(
        frame["tc_query"].fillna(0), topological_concentration(g, [[0, 3], [3, 1]], hops=2)
    )
    assert frame["tc_query"].isna().tolist() == [False, False, True, False]
    assert summary["count"] == {"tc_train": 4, "tc_query": 3}
    # a query pair naming an id the graph does not have: one line, exit 2
    query.write_text("5 30\n\n10 11\n")
    assert main(["tc", str(f), "--query-edges", str(query)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "q.txt: line 3: node 11 of pair (10, 11) is not a node of the graph" in err


def test_tc_of_two_far_apart_ids_is_two_nodes(tmp_path, capsys) -> None:
    f = tmp_path / "mid.tsv"
    f.write_text("1\t10000000\n")
    out = tmp_path / "tc.csv"
    assert main(["tc", str(f), "--hops", "2", "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["nodes"] == 2 and summary["count"] == {"tc_train": 2}
    assert pd.read_csv(out)["node"].tolist() == [1, 10_000_000]


def test_approx_columns_and_human_output(files, capsys) -> None:
    edges, query = files
    assert main(["tc", str(edges), "--approx", "--query-edges", str(query), "--dim", "8"]) == 0
    out = capsys.readouterr().out
    assert "atc_train" in out and "atc_query" in out and "ATC K=1" in out
    assert "atc_query" in out.splitlines()[0] and "over 4 nodes" in out.splitlines()[0]


def test_human_output_rounds_and_names_units(files, capsys) -> None:
    edges, query = files
    assert main(["tc", str(edges), "--hops", "2", "--query-edges", str(query)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.search(r" in \d[\d.]* s; ", lines[0]), lines[0]
    # every number of the headline and the table has at most 4 significant digits
    for line in lines:
        for number in re.findall(r"\d+\.\d+", line):
            assert len(number.replace(".", "").lstrip("0")) <= 4, (number, line)
    assert "{" not in "".join(lines)  # no raw dicts


def test_ogb_dataset_gives_split_variants(tmp_path, capsys) -> None:
    out = tmp_path / "ddi.csv"
    assert main(["tc", "ogbl-ddi", "--out", str(out), "--json", "--quiet"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    frame = pd.read_csv(out)
    assert list(frame.columns) == ["node", "degree", "tc_train", "tc_valid", "tc_test"]
    assert len(frame) == 4267 == summary["nodes"]
    assert set(summary["mean"]) == {"tc_train", "tc_valid", "tc_test"}
    # means over the nodes with a neighbour in the split: 1,612 have a test neighbour
    assert summary["count"] == {"tc_train": 4267, "tc_valid": 3813, "tc_test": 1612}
    assert frame["tc_test"].notna().sum() == 1612
    assert summary["mean"]["tc_test"] == pytest.approx(frame["tc_test"].mean())
    assert round(summary["mean"]["tc_test"], 4) == 0.4934
    assert isinstance(summary["seconds"], float)  # full precision in --json
    # the topological distribution shift the paper reports on ddi: test neighbours concentrate
    # less (over the nodes that have them; the valid mean, 0.5443, is above the train one)
    assert summary["mean"]["tc_test"] < min(
        summary["mean"]["tc_valid"], summary["mean"]["tc_train"]
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--hops", "0"], "hops"),
        (["--beta", "0"], "beta"),
        (["--beta", "-2"], "beta"),
        (["--memory-budget", "16"], "too small"),
        (["--approx", "--beta", "0.5"], "--beta"),
        (["--approx", "--dim", "0"], "dim"),
    ],
)
def test_bad_arguments_exit_2(files, capsys, extra, message) -> None:
    edges, _ = files
    assert main(["tc", str(edges), *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("graphlab tc: error:") and message in err and "Traceback" not in err


def test_bad_files_exit_2(files, tmp_path, capsys) -> None:
    edges, _ = files
    outside = tmp_path / "bad.txt"
    outside.write_text("0 1\n2 9\n")
    assert main(["tc", str(edges), "--query-edges", str(outside)]) == 2
    assert "bad.txt: line 2: node 9 of pair (2, 9) is not a node of the graph" in (
        capsys.readouterr().err
    )
    empty = tmp_path / "empty.csv"
    empty.write_text("source,target\n")
    assert main(["tc", str(empty)]) == 2
    loops = tmp_path / "loops.csv"
    loops.write_text("1 1\n2 2\n")
    assert main(["tc", str(loops)]) == 2
    assert "no edges" in capsys.readouterr().err
    assert main(["tc", "ogbl-ddi", "--num-nodes", "10"]) == 2
    assert main(["tc", str(tmp_path / "missing.csv")]) == 2


def test_demo_step(tmp_path) -> None:
    summary = demo(argparse.Namespace(out_dir=str(tmp_path), json=True, quiet=True))
    frame = pd.read_csv(summary["out"])
    assert list(frame.columns) == [
        "node", "degree", "tc_train", "tc_valid", "tc_test", "atc_train", "atc_valid", "atc_test",
    ]  # fmt: skip
    assert summary["nodes"] == 4267 and 0 < summary["mean_tc_train"] < 1
