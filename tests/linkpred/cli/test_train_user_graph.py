"""graphlab train / analyze on a user's edge list: features, seeded or given splits, the file's
ids in the outputs, and the bad-input rules (one line on stderr, exit 2, nothing written)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from graphlab.cli import main

FAST = ["--epochs", "2", "--hidden", "8"]


@pytest.fixture
def files(tmp_path):
    """A 40-node graph whose ids are 100, 107, 114, ... with features and a user split."""
    rng = np.random.default_rng(0)
    n = 40
    ids = 100 + 7 * np.arange(n)
    pairs = set()
    while len(pairs) < 160:
        u, v = rng.integers(0, n, 2)
        if u != v:
            pairs.add((min(u, v), max(u, v)))
    e = np.array(sorted(pairs))
    f = {name: tmp_path / name for name in ("edges.csv", "feats.csv", "feats.npy", "valid.txt",
                                             "test.txt")}  # fmt: skip
    f["edges.csv"].write_text("src,dst\n" + "".join(f"{ids[a]},{ids[b]}\n" for a, b in e))
    x = rng.random((n, 3))
    f["feats.csv"].write_text(
        "node,a,b,c\n" + "".join(f"{i},{r[0]},{r[1]},{r[2]}\n" for i, r in zip(ids, x, strict=True))
    )
    big = np.zeros((ids.max() + 1, 3))
    big[ids] = x
    np.save(f["feats.npy"], big)
    perm = rng.permutation(len(e))
    f["valid.txt"].write_text("".join(f"{ids[a]} {ids[b]}\n" for a, b in e[perm[:15]]))
    f["test.txt"].write_text("".join(f"{ids[a]} {ids[b]}\n" for a, b in e[perm[15:40]]))
    f["ids"] = ids
    return f


def last_json(capsys):
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_train_and_analyze_an_edge_list_keep_its_ids(files, tmp_path, capsys):
    out = tmp_path / "run"
    argv = ["train", str(files["edges.csv"]), "--features", str(files["feats.csv"]),
            "--split-seed", "3", "--val-ratio", "0.15", "--test-ratio", "0.25", *FAST,
            "--out", str(out), "--json"]  # fmt: skip
    assert main(argv) == 0
    s = last_json(capsys)
    assert s["dataset"] == str(files["edges.csv"]) and s["metric"] == "hits@100"
    from linkpred.rundir import RunDir

    data = RunDir(out).run(0).read_data()
    assert len(data.split["test"]["edge"]) == int(0.25 * 160)
    assert len(data.split["valid"]["edge"]) == int(0.15 * 160)
    np.testing.assert_array_equal(data.ids, files["ids"])
    assert main(["analyze", str(out), "--json"]) == 0
    a = last_json(capsys)
    nodes = pd.read_csv(a["files"][0])["node"]
    assert set(nodes) <= set(files["ids"].tolist()) and nodes.min() >= 100
    # the same seed gives the same split; resume reads the same data
    assert main([*argv[:-1], "--resume", "--json"]) == 0


def test_user_split_files_and_npy_features(files, tmp_path, capsys):
    out = tmp_path / "run"
    argv = ["train", str(files["edges.csv"]), "--features", str(files["feats.npy"]),
            "--valid", str(files["valid.txt"]), "--test", str(files["test.txt"]), *FAST,
            "--out", str(out), "--json"]  # fmt: skip
    assert main(argv) == 0
    from linkpred.rundir import RunDir

    data = RunDir(out).run(0).read_data()
    ids = files["ids"]
    test = np.sort(ids[data.split["test"]["edge"]], axis=1)
    given = np.sort(np.loadtxt(files["test.txt"], dtype=np.int64), axis=1)
    assert {tuple(r) for r in test} == {tuple(r) for r in given}
    # held out of the training graph, negatives are no edges at all
    train = {tuple(r) for r in np.sort(data.split["train"]["edge"], axis=1)}
    assert not train & {tuple(r) for r in np.sort(data.split["test"]["edge"], axis=1)}
    assert len(train) == 160 - 15 - 25
    x = np.load(files["feats.npy"])[ids]
    np.testing.assert_allclose(data.x.numpy(), x, rtol=1e-6)


def bad(files, tmp_path):
    e, fc, v, t = (str(files[k]) for k in ("edges.csv", "feats.csv", "valid.txt", "test.txt"))
    short = tmp_path / "short.csv"
    short.write_text("node,a\n100,1\n107,2\n")
    text = tmp_path / "text.csv"
    text.write_text("node,a\n100,1\n107,oops\n")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("100 1 2\n107 1\n")
    npy = tmp_path / "small.npy"
    np.save(npy, np.zeros((5, 2)))
    nan = tmp_path / "nan.csv"
    nan.write_text("100,nan\n")
    alien = tmp_path / "alien.txt"
    alien.write_text("100 107\n100 99999\n")
    return [
        (["train", str(tmp_path / "nope.csv")], "no such file"),
        (["train", e, "--features", str(tmp_path / "none.csv")], "no such feature file"),
        (["train", e, "--features", str(short)], "no features for 38 node(s)"),
        (["train", e, "--features", str(text)], "line 3: expected a node id and numbers"),
        (["train", e, "--features", str(ragged)], "line 2: 1 feature values, earlier lines have 2"),
        (["train", e, "--features", str(npy)], "5 rows, but the graph has node id 373"),
        (["train", e, "--features", str(nan)], "line 1: features must be finite"),
        (["train", e, "--valid", v], "--valid and --test come together"),
        (["train", e, "--valid", v, "--test", str(alien)], "line 2: node 99999 of pair"),
        (["train", e, "--valid", v, "--test", t, "--val-ratio", "0.2"], "not with --valid"),
        (["train", e, "--val-ratio", "0.5", "--test-ratio", "0.6"], "val_ratio + test_ratio"),
        (["train", e, "--val-ratio", "0"], "--val-ratio"),
        (["train", e, "--valid", v, "--test", v], "both validation and test edges"),
        (["train", "cora", "--features", fc], "apply to an edge-list file, not to the registered"),
        (["train", e, "--protocol", "papers"], "--protocol"),
    ]


def test_bad_input_one_line_exit_2_nothing_written(files, tmp_path, capsys):
    for argv, message in bad(files, tmp_path):
        out = tmp_path / "out"
        assert main([*argv, *FAST, "--out", str(out)]) == 2, argv
        err = capsys.readouterr().err.strip()
        assert message in err, (argv, err)
        assert "Traceback" not in err and not out.exists(), argv
