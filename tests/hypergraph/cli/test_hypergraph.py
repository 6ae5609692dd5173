from __future__ import annotations

import argparse
import json

import pandas as pd

from conftest import require
from graphlab.cli import main
from hypergraph.cli.hypergraph import demo


def _last_json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_info_on_a_registered_dataset(capsys):
    assert main(["hypergraph", "info", "shyre-directors", "--json"]) == 0
    out = _last_json(capsys)
    assert set(out) == {"train", "test"}
    assert out["test"]["num_distinct_edges"] == 102
    assert out["test"]["projection_loss"]["jaccard"] == 1.0


def test_info_on_a_file_human_output(capsys, folder):
    path = folder("shyre-crime") / "test.txt"
    assert main(["hypergraph", "info", str(path)]) == 0
    text = capsys.readouterr().out
    # a file read as a hypergraph keeps its repeated lines (20 here) as multiplicities
    assert "276 hyperedges (256 distinct)" in text
    assert "Jaccard of all maximal cliques 0.7876" in text


def test_info_without_loss(capsys):
    assert main(["hypergraph", "info", "email-Enron", "--no-loss", "--json"]) == 0
    out = _last_json(capsys)
    assert out["num_edges"] == 10_883 and out["num_distinct_edges"] == 1_512
    assert "projection_loss" not in out


def test_project_weighted_with_times(tmp_path, capsys):
    out = tmp_path / "edges.csv"
    assert (
        main(
            [
                "hypergraph",
                "project",
                "contact-primary-school",
                "--weighted",
                "--times",
                "--out",
                str(out),
                "--json",
            ]
        )
        == 0
    )
    summary = _last_json(capsys)
    assert summary["num_edges"] == 8_317
    frame = pd.read_csv(out)
    assert list(frame.columns) == ["source", "target", "weight", "time"]
    assert len(frame) == 8_317 and frame["weight"].sum() == 127_866
    # the summary counts the nodes the file holds
    held = len(set(frame["source"]) | set(frame["target"]))
    assert summary["num_nodes"] == held and summary["nodes_without_edges"] >= 0
    assert frame["time"].min() == 31_220


def test_project_pair_part(tmp_path, capsys):
    out = tmp_path / "e.parquet"
    assert (
        main(
            [
                "hypergraph",
                "project",
                "shyre-crime",
                "--part",
                "train",
                "--out",
                str(out),
                "--quiet",
            ]
        )
        == 0
    )
    assert len(pd.read_parquet(out)) == 925


def test_bad_input_is_one_line_and_status_2(tmp_path, capsys):
    bad = tmp_path / "h.txt"
    bad.write_text("1 2\n\n3\n")
    assert main(["hypergraph", "info", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "h.txt: line 2: empty line" in err
    assert main(["hypergraph", "info", "no-such-dataset"]) == 2
    assert "neither a registered dataset" in capsys.readouterr().err
    assert (
        main(
            ["hypergraph", "project", "shyre-crime", "--distinct", "--out", str(tmp_path / "x.csv")]
        )
        == 2
    )
    assert not (tmp_path / "x.csv").exists()
    assert main(["hypergraph", "project", "email-Enron", "--out", str(tmp_path / "x.txt")]) == 2


def test_demo_step(tmp_path):
    out = demo(argparse.Namespace(out_dir=str(tmp_path), json=True))
    assert out["dataset"] == "contact-primary-school"
    assert (out["hyperedges"], out["distinct"], out["maximal_cliques"]) == (
        106_879,
        12_704,
        100_153,
    )
    assert out["jaccard"] == 0.0 and out["pattern2_share"] == 1.0
    saved = json.loads((tmp_path / "contact-primary-school-projection-loss.json").read_text())
    assert saved["projection_loss"]["num_nested"] == round(out["pattern1_nested_share"] * 12_704)


def test_project_keeps_the_ids_and_multiplicities_of_the_file(tmp_path, capsys):
    path = tmp_path / "h.txt"
    path.write_text("5 10 20\n10 20\n5 10 20\n30\n")  # one hyperedge twice
    out = tmp_path / "edges.csv"
    assert main(["hypergraph", "project", str(path), "--weighted", "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    rows = sorted(zip(frame["source"], frame["target"], frame["weight"]))
    assert rows == [(5, 10, 2.0), (5, 20, 2.0), (10, 20, 3.0)]  # repeats counted
    assert main(["hypergraph", "project", str(path), "--weighted", "--distinct",
                 "--out", str(out)]) == 0  # fmt: skip
    assert sorted(pd.read_csv(out)["weight"]) == [1.0, 1.0, 2.0]
    assert main(["hypergraph", "info", str(path), "--json", "--no-loss"]) == 0
    info = _last_json(capsys)
    assert info["num_edges"] == 4 and info["num_distinct_edges"] == 3


def test_info_human_output_rounds_and_names_units(capsys, folder):
    import re

    path = folder("shyre-crime") / "test.txt"
    assert main(["hypergraph", "info", str(path)]) == 0
    text = capsys.readouterr().out
    assert re.search(r"\(pattern 1\) \d[\d.]*%", text) and re.search(r"\(\d[\d.]* s\)", text)
    for number in re.findall(r"\d+\.\d+", text):
        assert len(number.replace(".", "").lstrip("0")) <= 4, number


def test_info_reports_the_sizes_when_the_cliques_are_out_of_reach(capsys):
    require("contact-primary-school")
    assert main(["hypergraph", "info", "contact-primary-school", "--max-cliques", "100"]) == 0
    out = capsys.readouterr().out
    assert "12,704 distinct" in out
    assert "projection loss: not computed: the projection has more than 100 maximal" in out
    assert "--max-cliques" in out and "--no-loss" in out and "counted in" in out
    assert (
        main(["hypergraph", "info", "contact-primary-school", "--max-cliques", "100", "--json"])
        == 0
    )
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["projection_loss"]["computed"] is False
    assert summary["num_edges"] == 106879


def test_project_says_which_nodes_no_edge_holds(tmp_path, capsys):
    h = tmp_path / "h.txt"
    h.write_text("a b c\nd\n")
    out = tmp_path / "p.csv"
    assert main(["hypergraph", "project", str(h), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "on 3 nodes" in text and "(1 node in no pair, which an edge list cannot hold)" in text
    assert main(["hypergraph", "project", str(h), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["num_nodes"] == 3 and summary["nodes_without_edges"] == 1


def test_info_of_a_pair_keeps_the_files_repeats_by_name_and_by_folder(capsys, folder):
    """A registered pair and its folder read as the files are (Crimes' test: 276 lines, 256
    distinct); --part on a single hypergraph is an error, not ignored."""
    seen = []
    for source in ("shyre-crime", str(folder("shyre-crime"))):
        assert main(["hypergraph", "info", source, "--part", "test", "--json"]) == 0
        out = _last_json(capsys)
        seen.append((out["test"]["num_edges"], out["test"]["num_distinct_edges"]))
    assert seen == [(276, 256), (276, 256)]
    assert main(["hypergraph", "info", "email-Enron", "--part", "train", "--no-loss"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.endswith("--part is for a train/test pair; email-Enron is one hypergraph")
