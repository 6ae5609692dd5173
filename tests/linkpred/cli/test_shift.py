"""``graphlab shift``: split comparison of a graph, per-period shift of a timestamped hypergraph."""

import json

import pytest

from conftest import require
from graphlab.cli import main
from graphlab.datasets import as_timestamped_graph, load_dataset
from linkpred.shift import timestamped_shift


def test_shift_of_a_timestamped_hypergraph_goes_through_the_converter(tmp_path, capsys):
    require("email-Enron")
    assert main(["shift", "email-Enron", "--periods", "4", "--json", "--out", str(tmp_path)]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["kind"] == "per-period"
    # the command is the library call on the converted dataset, nothing more
    tg = as_timestamped_graph(load_dataset("email-Enron"))
    frame = timestamped_shift(tg, periods=4)
    assert summary["edges"] == tg.graph.num_edges
    assert [p["tc_new"] for p in summary["periods"]] == pytest.approx(frame["tc_new"].tolist())
    assert {p.name for p in tmp_path.iterdir()} == {
        "email-Enron_shift.csv",
        "email-Enron_shift.json",
        "email-Enron_shift.png",
    }


def test_shift_of_a_graph_compares_splits(capsys):
    require("cora")
    assert main(["shift", "cora", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["kind"] == "split" and summary["nodes"] > 0
    assert 0 <= summary["tc_test"] <= 1


def test_shift_refuses_what_is_neither(capsys):
    require("shyre-crime")
    assert main(["shift", "shyre-crime"]) == 2
    assert "neither a graph nor a timestamped hypergraph" in capsys.readouterr().err
