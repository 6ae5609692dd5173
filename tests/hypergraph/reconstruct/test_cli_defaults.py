"""``graphlab reconstruct``: the validated default, ``--paper``, the dense fallback's note, and
reconstructions written in the input's ids whatever the method."""

from __future__ import annotations

import json

import numpy as np

from graphlab.cli import main
from hypergraph.readwrite import read_hyperedge_list

CRIME = "shyre-crime"


def last_json(capsys):
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_default_and_paper_settings(capsys):
    assert main(["reconstruct", CRIME, "--json"]) == 0
    s = last_json(capsys)
    assert s["setting"] == "default" and s["notes"] == []
    assert s["candidate_source"] == "maximal cliques"
    assert s["rule"] in ("clique-cover", "max-cliques", "threshold", "tuned", "auto")
    assert round(100 * s["jaccard"], 1) >= 79.3  # the paper's figure
    assert main(["reconstruct", CRIME, "--paper", "--json"]) == 0
    p = last_json(capsys)
    assert p["setting"] == "paper" and p["rule"] == "threshold"
    # a flag given with --paper overrides the preset
    assert main(["reconstruct", CRIME, "--paper", "--threshold", "auto", "--json"]) == 0
    assert last_json(capsys)["rule"] == "auto"


def test_paper_needs_shyre(capsys):
    assert main(["reconstruct", CRIME, "--paper", "--method", "clique-cover"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--paper" in err[0]


def test_threshold_flag_values(capsys):
    assert main(["reconstruct", CRIME, "--threshold", "select", "--json"]) == 0
    capsys.readouterr()
    assert main(["reconstruct", CRIME, "--threshold", "best"]) == 2
    assert "'select'" in capsys.readouterr().err


def test_dense_fallback_is_reported_and_keeps_the_ids(tmp_path, capsys):
    """A query with more maximal cliques than the budget allows: clique-cover candidates,
    a note in the output, and the edge-list file's ids (10, 20, ...) in the reconstruction."""
    train = tmp_path / "train.txt"
    train.write_text("0 1 2\n2 3\n3 4\n2 4\n5 6 7 8\n5 6\n8 9\n9 10 11\n10 12\n")
    # K_{3,3,3,3}: 81 maximal cliques, on ids 10, 20, ..., 120
    ids = 10 * np.arange(1, 13)
    lines = [f"{ids[a]} {ids[b]}" for a in range(12) for b in range(a + 1, 12) if a // 3 != b // 3]
    query = tmp_path / "edges.txt"
    query.write_text("\n".join(lines) + "\n")
    out = tmp_path / "r.txt"
    argv = ["reconstruct", "--train", str(train), "--query", str(query), "--out", str(out)]
    assert main([*argv, "--memory-budget", "40K", "--classifier", "lr"]) == 0
    text = capsys.readouterr().out
    assert "note: the query projection has more than 40 maximal cliques" in text
    written = read_hyperedge_list(out, reindex="never")
    assert written.num_edges > 0
    assert set(written.edge_nodes.tolist()) <= set(ids.tolist())
    assert main([*argv, "--memory-budget", "40K", "--classifier", "lr", "--json"]) == 0
    s = last_json(capsys)
    assert s["candidate_source"] == "clique cover" and len(s["notes"]) == 1


def test_shyre_output_in_the_pairs_file_ids(tmp_path, capsys, folder):
    test_txt = next(folder(CRIME).glob("test.txt*"))
    out = tmp_path / "r.txt"
    assert main(["reconstruct", CRIME, "--classifier", "lr", "--out", str(out)]) == 0
    capsys.readouterr()
    file_ids = set(read_hyperedge_list(test_txt, reindex="never").edge_nodes.tolist())
    out_ids = set(read_hyperedge_list(out, reindex="never").edge_nodes.tolist())
    assert out_ids <= file_ids and max(out_ids) > len(file_ids) - 1  # not 0 .. n-1
