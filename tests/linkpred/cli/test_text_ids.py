"""graphlab tc / train / analyze / report on an edge list whose node ids are names: the same
numbers as the file renumbered to integers, and every output names nodes by the file's names."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from graphlab.cli import main

FAST = ["--epochs", "2", "--hidden", "8"]


@pytest.fixture
def files(tmp_path):
    """A 30-node graph named by user names, the same graph with integer ids, a user split
    (names, and one file of numbers among the names), features by name."""
    rng = np.random.default_rng(1)
    n = 30
    names = np.array([f"user {chr(65 + i % 26)}{i}" for i in range(n)])
    names[3] = "007"  # a name that reads as a number stays as written
    pairs = set()
    while len(pairs) < 110:
        u, v = rng.integers(0, n, 2)
        if u != v:
            pairs.add((min(u, v), max(u, v)))
    e = np.array(sorted(pairs))
    f = {k: tmp_path / k for k in ("names.csv", "ints.csv", "valid.txt", "test.txt", "x.csv")}
    f["names.csv"].write_text("source,target\n" + "".join(f"{names[a]},{names[b]}\n" for a, b in e))
    f["ints.csv"].write_text("source,target\n" + "".join(f"{a},{b}\n" for a, b in e))
    perm = rng.permutation(len(e))
    f["valid.txt"].write_text(
        "u\tv\n" + "".join(f"{names[a]}\t{names[b]}\n" for a, b in e[perm[:10]])
    )
    f["test.txt"].write_text(
        "u\tv\n" + "".join(f"{names[a]}\t{names[b]}\n" for a, b in e[perm[10:30]])
    )
    f["x.csv"].write_text("node,a,b\n" + "".join(f"{m},{i},{i % 3}\n" for i, m in enumerate(names)))
    f["names"], f["edges"] = names, e
    return f


def last_json(capsys):
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


@pytest.mark.parametrize("ext", ["csv", "parquet"])
def test_tc_keeps_names_and_equals_the_integer_files_values(files, tmp_path, capsys, ext):
    names = files["names"]
    out_n, out_i = tmp_path / f"n.{ext}", tmp_path / f"i.{ext}"
    q = tmp_path / "q.txt"
    q.write_text("".join(f"{names[a]},{names[b]}\n" for a, b in files["edges"][:12]))
    qi = tmp_path / "qi.txt"
    qi.write_text("".join(f"{a},{b}\n" for a, b in files["edges"][:12]))
    assert main(["tc", str(files["names.csv"]), "--query-edges", str(q), "--out", str(out_n)]) == 0
    assert main(["tc", str(files["ints.csv"]), "--query-edges", str(qi), "--out", str(out_i)]) == 0
    capsys.readouterr()
    read = pd.read_parquet if ext == "parquet" else lambda p: pd.read_csv(p, dtype={"node": str})
    tn, ti = read(out_n), read(out_i)
    assert tn["node"].tolist() == sorted(names.tolist())  # the names, as written ("007")
    ti["node"] = names[ti["node"].astype(int).to_numpy()]
    pd.testing.assert_frame_equal(
        tn.set_index("node").sort_index(), ti.set_index("node").sort_index(), rtol=1e-12
    )


def test_train_analyze_report_keep_names(files, tmp_path, capsys):
    names = set(files["names"].tolist())
    run = tmp_path / "run"
    argv = ["train", str(files["names.csv"]), "--valid", str(files["valid.txt"]),
            "--test", str(files["test.txt"]), "--features", str(files["x.csv"]), *FAST,
            "--out", str(run), "--json"]  # fmt: skip
    assert main(argv) == 0
    capsys.readouterr()
    from linkpred.rundir import RunDir

    data = RunDir(run).run(0).read_data()  # the run directory keeps the names
    assert data.ids.dtype.kind == "U" and set(data.ids.tolist()) == names
    test = {frozenset(p) for p in data.ids[data.split["test"]["edge"]].tolist()}
    given = pd.read_csv(files["test.txt"], sep="\t", dtype=str)
    assert test == {frozenset(p) for p in given.to_numpy().tolist()}
    where = {m: i for i, m in enumerate(files["names"])}  # x.csv row i: (i, i % 3)
    np.testing.assert_array_equal(data.x.numpy()[:, 0], [where[m] for m in data.ids])
    assert main(["analyze", str(run), "--json"]) == 0
    a = last_json(capsys)
    metrics = pd.read_csv(a["files"][0], dtype={"node": str})
    assert len(metrics) and set(metrics["node"]) <= names
    html = tmp_path / "r.html"
    assert main(["report", "--run", str(run), "--max-hops", "1", "--bootstrap", "20",
                 "--out", str(html), "--json"]) == 0  # fmt: skip
    assert last_json(capsys)["nodes"] == len(names)
    # any model's per-node table by name
    per = tmp_path / "per.csv"
    metrics[["node", "mrr"]].to_csv(per, index=False)
    assert main(["report", str(files["names.csv"]), "--per-node", str(per), "--max-hops", "1",
                 "--bootstrap", "20", "--out", str(html), "--json"]) == 0  # fmt: skip
    assert last_json(capsys)["nodes_evaluated"] == len(metrics)


def test_features_follow_the_names(files, tmp_path, capsys):
    """Row i of x.csv is (i, i % 3) for names[i]: the features land on the right nodes."""
    from graphlab.readwrite import read_edge_list
    from linkpred.data import read_node_features

    g = read_edge_list(files["names.csv"], relabel=True)
    x = read_node_features(files["x.csv"], g)
    where = {m: i for i, m in enumerate(files["names"])}
    expect = np.array([[where[m], where[m] % 3] for m in g.node_ids], dtype=np.float32)
    np.testing.assert_array_equal(x, expect)


def test_bad_names_exit_2_one_line(files, tmp_path, capsys):
    e, v = str(files["names.csv"]), str(files["valid.txt"])
    alien = tmp_path / "alien.txt"
    alien.write_text("u v\nnobody 007\n")
    npy = tmp_path / "x.npy"
    np.save(npy, np.zeros((30, 2)))
    per = tmp_path / "per.csv"
    per.write_text("node,mrr\n007,0.5\nnobody,1\n")
    dup = tmp_path / "dup.txt"
    dup.write_text("u\tv\n" + files["valid.txt"].read_text())  # the header line twice
    cases = [
        (["train", e, "--valid", v, "--test", str(alien), *FAST],
         "alien.txt: line 2: node 'nobody' of pair ('nobody', '007') is not a node of"),
        (["train", e, "--valid", str(dup), "--test", str(files["test.txt"]), *FAST],
         "dup.txt: line 2 repeats the header line 1"),
        (["train", e, "--features", str(npy), *FAST], "give the features as text lines"),
        (["tc", e, "--num-nodes", "40"], "node id 'user A0' is not a number"),
        (["report", e, "--per-node", str(per), "--max-hops", "1"],
         "1 node id(s) the dataset does not have ('nobody'"),
    ]  # fmt: skip
    for argv, message in cases:
        out = tmp_path / {"tc": "out.csv", "report": "out.html"}.get(argv[0], "out")
        assert main([*argv, "--out", str(out)]) == 2, argv
        err = capsys.readouterr().err.strip()
        assert message in err and len(err.splitlines()) == 1, (argv, err)
        assert not out.exists()


def test_resume_refuses_other_data_files(files, tmp_path, capsys):
    """--resume with the --valid/--test files swapped, one left out, or the input edited is
    refused in one line naming the option, the run left as it was; a moved file of the same
    content resumes."""
    from conftest import tree_snapshot

    e, v, t, x = (str(files[k]) for k in ("names.csv", "valid.txt", "test.txt", "x.csv"))
    run = tmp_path / "run"
    base = ["train", e, *FAST, "--out", str(run)]
    assert main([*base, "--valid", v, "--test", t, "--features", x]) == 0
    assert (run / "inputs.json").is_file()
    capsys.readouterr()
    before = tree_snapshot(run)
    cases = [
        (["--valid", t, "--test", v, "--features", x],
         f"was trained with --valid {v}, whose content {t} does not have"),
        (["--valid", v, "--test", t], f"was trained with --features {x}; give it again"),
        (["--features", x], f"was trained with --valid {v}; give it again"),
    ]  # fmt: skip
    for extra, message in cases:
        assert main([*base, "--resume", *extra]) == 2, extra
        err = capsys.readouterr().err.strip()
        assert message in err and len(err.splitlines()) == 1, (extra, err)
    assert tree_snapshot(run) == before
    moved = tmp_path / "moved.txt"
    moved.write_text(files["valid.txt"].read_text())
    assert main([*base, "--resume", "--valid", str(moved), "--test", t, "--features", x]) == 0
    capsys.readouterr()
    files["names.csv"].write_text(files["names.csv"].read_text() + "# edited\n")
    assert main([*base, "--resume", "--valid", v, "--test", t, "--features", x]) == 2
    err = capsys.readouterr().err.strip()
    assert f"--resume: {run}: its input {e} changed since" in err
