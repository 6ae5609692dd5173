"""Reading any model's per-node table: ids mapped to positions, every bad table refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphlab.errors import DataFormatError, DatasetNotFoundError, InputError
from linkpred.report.pernode import choose_metric, read_per_node

IDS = np.array([5, 17, 3, 42])  # by position; not sorted, as a graph's ids may be


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".parquet", ".json"])
def test_formats_and_id_mapping(tmp_path, suffix):
    df = pd.DataFrame({"node": [42, 3, 5], "hits@20": [1.0, 0.0, 0.5], "mrr": [0.2, 0.1, 1.0]})
    p = tmp_path / f"res{suffix}"
    from graphlab.fileio import write_table

    write_table(df, p)
    frame, metric = read_per_node(p, IDS)
    assert metric == "hits@20"
    assert frame["node"].tolist() == [3, 2, 0]
    assert frame["hits@20"].tolist() == [1.0, 0.0, 0.5]
    frame, metric = read_per_node(p, IDS, metric="mrr")
    assert frame["mrr"].tolist() == [0.2, 0.1, 1.0]


def test_node_column_and_comments(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("# from my model\nid,score\n17,0.3\n")
    frame, metric = read_per_node(p, IDS, metric="score", node_column="id")
    assert (metric, frame["node"].tolist()) == ("score", [1])


@pytest.mark.parametrize(
    ("text", "kwargs", "message"),
    [
        ("", {}, "empty"),
        ("node,mrr\n", {}, "no rows"),
        ("id,mrr\n5,1\n", {}, "no node-id column 'node'"),
        ("node,score\n5,1\n", {}, "no column reads as a per-node metric"),
        ("node,mrr\n5,1\n", {"metric": "hits@10"}, "--metric 'hits@10': the table has no such"),
        (
            "node,mrr\n5,1\n7,0\n8,0\n9,0\n10,1\n",
            {},
            "4 node id(s) the dataset does not have (7, 8, 9, ...;",
        ),
        ("node,mrr\n5,1\n5,0\n", {}, "row 2: node 5 is listed twice"),
        ("node,mrr\n5,1\n17,nan\n", {}, "row 2 (node 17): mrr is nan, not a finite number"),
        ("node,mrr\n5,1\n17,\n", {}, "row 2 (node 17): mrr is nan"),
        ("node,mrr\n5,good\n", {}, "row 1 (node 5): mrr is 'good', not a finite number"),
        ("node,mrr\n5,inf\n", {}, "not a finite number"),
        ("node,mrr\nfive,1\n", {}, "row 1: node id 'five' is not an integer id"),
        ("node,mrr\n5.5,1\n", {}, "row 1: node id 5.5 is not an integer id"),
        (
            "node,mrr\n5,1\n99999999999999999999999,1\n",
            {},
            "row 2: node id '99999999999999999999999'",
        ),
        ("node,mrr\n5,1\n17,0,3\n", {}, "Expected 2 fields in line 3, saw 3"),
    ],
)
def test_bad_tables(tmp_path, text, kwargs, message):
    p = tmp_path / "r.csv"
    p.write_text(text)
    with pytest.raises((InputError, DataFormatError)) as err:
        read_per_node(p, IDS, **kwargs)
    assert message in str(err.value)
    assert str(p) in str(err.value) or "--metric" in str(err.value)


def test_missing_folder_and_garbage(tmp_path):
    with pytest.raises(DatasetNotFoundError):
        read_per_node(tmp_path / "none.csv", IDS)
    with pytest.raises(InputError, match="is a folder"):
        read_per_node(tmp_path, IDS)
    bad = tmp_path / "r.parquet"
    bad.write_bytes(b"not parquet at all")
    with pytest.raises(DataFormatError, match="not a readable"):
        read_per_node(bad, IDS)


def test_choose_metric_order():
    assert choose_metric(["ndcg@10", "mrr"], None) == "mrr"
    assert choose_metric(["NDCG@10", "x"], None) == "NDCG@10"
    with pytest.raises(InputError, match="columns: x, y"):
        choose_metric(["x", "y"], None)


def test_names_with_a_hash_are_not_comments(tmp_path):
    """Only a line that starts with '#' is a comment: the node 'c#' keeps its name."""
    ids = np.array(["c", "c#", "f#"])
    p = tmp_path / "r.csv"
    p.write_text("# scores of my model\nnode,mrr\nc#,0.5\n  # a note between rows\nf#,1\nc,0\n")
    frame, metric = read_per_node(p, ids)
    assert metric == "mrr"
    assert frame["node"].tolist() == [1, 2, 0]
    assert frame["mrr"].tolist() == [0.5, 1.0, 0.0]


def test_gzipped_csv(tmp_path):
    import gzip

    p = tmp_path / "r.csv.gz"
    p.write_bytes(gzip.compress(b"# c\nnode,mrr\n17,0.25\n"))
    frame, _ = read_per_node(p, IDS)
    assert (frame["node"].tolist(), frame["mrr"].tolist()) == ([1], [0.25])


def test_a_comma_at_the_end_of_every_row_shifts_nothing(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("node,mrr\n17,0.25,\n5,1,\n")
    frame, metric = read_per_node(p, IDS)
    assert (metric, frame["node"].tolist(), frame["mrr"].tolist()) == ("mrr", [1, 0], [0.25, 1.0])
