"""graphlab stats on an edge list of names: the per-node table names nodes as the file does."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from graphlab.cli import main


@pytest.mark.parametrize("ext", ["csv", "parquet", "json"])
def test_stats_per_node_rows_keep_names(tmp_path, capsys, ext):
    f = tmp_path / "tags.csv"
    f.write_text(
        "source,target\nlinear-algebra,matrices\nmatrices,calculus\ncalculus,linear-algebra\n"
        "calculus,NA\n"
    )
    out = tmp_path / f"s.{ext}"
    assert main(["stats", str(f), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["nodes"] == 4 and summary["edges"] == 4
    if ext == "csv":
        table = pd.read_csv(out, dtype={"node": str}, keep_default_na=False)
    else:
        table = pd.read_parquet(out) if ext == "parquet" else pd.read_json(out, dtype={"node": str})
    assert table["node"].tolist() == ["NA", "calculus", "linear-algebra", "matrices"]
    assert table["triangles"].tolist() == [0, 1, 1, 1]


def test_stats_keeps_ids_of_2_53_and_more_digit_for_digit(tmp_path, capsys):
    """2**53 + 1 and 2**53 are one float: read as text they stay two nodes, written as read."""
    f = tmp_path / "e.txt"
    f.write_text("u v\n9007199254740993 9007199254740992\n9007199254740992 5\n")
    out = tmp_path / "s.csv"
    assert main(["stats", str(f), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["nodes"] == 3 and summary["edges"] == 2
    table = pd.read_csv(out, dtype={"node": str})
    assert dict(zip(table["node"], table["degree"], strict=True)) == {
        "5": 1,
        "9007199254740992": 2,
        "9007199254740993": 1,
    }
