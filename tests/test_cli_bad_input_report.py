"""Bad input to ``graphlab report``: one line on stderr, exit status 2, no file written.

The same contract as ``tests/test_cli_bad_input.py`` (one line naming the problem, no
traceback, nothing created or changed in the working folder), for the report's own inputs: the
per-node table (unknown node ids, a missing metric column, NaN, an empty table, ...), the run
directory and the output path.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import tree_snapshot
from graphlab.cli import main

IDS = [1000 + 7 * i for i in range(30)]
EDGES = "".join(f"{IDS[i]} {IDS[(i + 1) % 30]}\n{IDS[i]} {IDS[(i + 7) % 30]}\n" for i in range(30))
TABLES = {
    "ok.csv": "node,mrr\n1000,0.5\n1007,1\n",
    "unknown.csv": "node,mrr\n1000,0.5\n1001,1\n5,0\n",
    "nan.csv": "node,mrr\n1000,0.5\n1007,nan\n",
    "blank_metric.csv": "node,mrr\n1000,0.5\n1007,\n",
    "text_metric.csv": "node,mrr\n1000,good\n",
    "empty.csv": "",
    "header_only.csv": "node,mrr\n",
    "no_metric.csv": "node,score\n1000,1\n",
    "no_node.csv": "id,mrr\n1000,1\n",
    "dup.csv": "node,mrr\n1000,1\n1007,0\n1000,0\n",
    "float_id.csv": "node,mrr\n1000.5,1\n",
    "text_id.csv": "node,mrr\nalice,1\n",
    "binary.parquet": "PAR1 not really",
}

CASES: list[tuple[list[str], str]] = [
    (["report"], r"give a DATASET_OR_EDGEFILE, or --run RUN_DIR"),
    (["report", "nosuchdataset", "--out", "r.html"], r"neither a registered dataset"),
    (["report", "g.txt", "--out", "r.txt"], r"--out r\.txt: cannot tell the output format"),
    (["report", "g.txt", "--out", "nodir/r.html"], r"the folder .*nodir does not exist"),
    (["report", "g.txt", "--out", "adir"], r"--out adir: is a folder"),
    (["report", "g.txt", "--per-node", "unknown.csv", "--out", "r.html"],
     r"unknown\.csv: 2 node id\(s\) the dataset does not have \(1001, 5; the dataset has 30"),
    (["report", "g.txt", "--per-node", "ok.csv", "--metric", "hits@5", "--out", "r.html"],
     r"--metric 'hits@5': the table has no such column \(columns: mrr\)"),
    (["report", "g.txt", "--per-node", "nan.csv", "--out", "r.html"],
     r"nan\.csv: row 2 \(node 1007\): mrr is nan, not a finite number"),
    (["report", "g.txt", "--per-node", "blank_metric.csv", "--out", "r.html"],
     r"row 2 \(node 1007\): mrr is nan, not a finite number"),
    (["report", "g.txt", "--per-node", "text_metric.csv", "--out", "r.html"],
     r"row 1 \(node 1000\): mrr is 'good', not a finite number"),
    (["report", "g.txt", "--per-node", "empty.csv", "--out", "r.html"],
     r"empty\.csv: the per-node table is empty"),
    (["report", "g.txt", "--per-node", "header_only.csv", "--out", "r.html"],
     r"header_only\.csv: the per-node table has no rows"),
    (["report", "g.txt", "--per-node", "no_metric.csv", "--out", "r.html"],
     r"no column reads as a per-node metric .*--metric \(columns: score\)"),
    (["report", "g.txt", "--per-node", "no_node.csv", "--out", "r.html"],
     r"no node-id column 'node' \(columns: id, mrr\); name it with --node-column"),
    (["report", "g.txt", "--per-node", "dup.csv", "--out", "r.html"],
     r"dup\.csv: row 3: node 1000 is listed twice"),
    (["report", "g.txt", "--per-node", "float_id.csv", "--out", "r.html"],
     r"row 1: node id 1000\.5 is not an integer id"),
    (["report", "g.txt", "--per-node", "text_id.csv", "--out", "r.html"],
     r"row 1: node id 'alice' is not an integer id"),
    (["report", "g.txt", "--per-node", "binary.parquet", "--out", "r.html"],
     r"binary\.parquet: not a readable"),
    (["report", "g.txt", "--per-node", "absent.csv", "--out", "r.html"], r"absent\.csv.*no such"),
    (["report", "g.txt", "--per-node", "adir", "--out", "r.html"], r"adir: is a folder"),
    (["report", "--run", "norun", "--out", "r.html"], r"--run norun: no such run directory"),
    (["report", "--run", "adir", "--out", "r.html"], r"adir: not a run directory"),
    (["report", "--run", "badrun", "--out", "r.html"], r"unreadable run configuration"),
    (["report", "badrun", "--out", "r.html"], r"badrun is a run directory: use --run badrun"),
    (["report", "--run", "adir", "--per-node", "ok.csv", "--out", "r.html"],
     r"--run and --per-node both give per-node results: choose one"),
    (["report", "--run", "adir", "--split-seed", "3", "--out", "r.html"],
     r"--split-seed: a run keeps the split it was trained on"),
    (["report", "g.txt", "--run-index", "2", "--out", "r.html"], r"--run-index chooses a run"),
    (["report", "g.txt", "--metric", "mrr", "--out", "r.html"],
     r"--metric applies to per-node results"),
    (["report", "g.txt", "--bootstrap", "0"], r"--bootstrap: must be an integer >= 10"),
    (["report", "g.txt", "--hops", "4"], r"--hops: must be an integer >= 1 and <= 3"),
    (["report", "g.txt", "--hops", "3", "--max-hops", "1", "--per-node", "ok.csv"],
     r"--hops 3 needs TC up to K = 3"),
    (["report", "g.txt", "--seed", "-1"], r"--seed: must be an integer >= 0"),
    (["report", "g.txt", "--periods", "nan"], r"--periods: must be an integer >= 2"),
]  # fmt: skip


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("badreport")
    (root / "g.txt").write_text(EDGES)
    for name, text in TABLES.items():
        (root / name).write_text(text)
    (root / "adir").mkdir()
    (root / "badrun").mkdir()
    (root / "badrun" / "config.json").write_text("{not json")
    return root


@pytest.mark.parametrize(("argv", "pattern"), CASES, ids=[" ".join(c[0][1:]) for c in CASES])
def test_bad_input_is_one_line_and_exit_2(argv, pattern, workdir, monkeypatch, capsys):
    monkeypatch.chdir(workdir)
    before = tree_snapshot(workdir)
    status = main(argv)
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert status == 2, (status, captured.err[-2000:])
    assert len(lines) == 1, captured.err[-2000:]
    line = lines[0]
    assert "Traceback" not in captured.err and line.isprintable() and len(line) <= 400, line
    assert line.startswith("graphlab report"), line
    assert re.search(pattern, line), line
    assert tree_snapshot(workdir) == before, "a failed command created or changed a file"


def test_a_good_table_passes_the_same_checks(workdir, monkeypatch, capsys, tmp_path):
    """The corpus's good table makes a report: the cases fail for their own reason only."""
    monkeypatch.chdir(workdir)
    out = tmp_path / "r.html"
    argv = ["report", "g.txt", "--per-node", "ok.csv", "--max-hops", "1", "--bootstrap", "10",
            "--out", str(out)]  # fmt: skip
    assert main(argv) == 0, capsys.readouterr().err
    assert out.read_text().startswith("<!DOCTYPE html>")
