import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from conftest import require
from graphlab.cli import main


def run_cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "graphlab", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_import_graphlab_stays_light():
    code = (
        "import sys, graphlab; graphlab.Graph; import graphlab.stats, graphlab.datasets;"
        "heavy = [m for m in ('torch_geometric', 'hypernetx', 'ogb', 'xgi') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_help_does_not_import_torch():
    code = (
        "import sys\nfrom graphlab.cli import main\ntry:\n    main(['--help'])\n"
        "except SystemExit:\n    pass\nprint('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().endswith("False")
    assert "stats" in out.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["train", "no/such/edges.csv"],
        ["tc", "corra"],
        ["hypergraph", "info", "no-such.txt"],
        ["reconstruct", "--query", "no-such.txt", "--method", "clique-cover"],
    ],
)
def test_missing_input_is_refused_before_torch(argv):
    """A mistyped input is reported before the command imports torch and its models (seconds
    on a small machine; the error used to arrive 4-9 s after the start)."""
    code = (
        f"import sys\nfrom graphlab.cli import main\ncode = main({argv!r})\n"
        "print(code, 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "2 False", (out.stdout, out.stderr)
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_stats_json_is_the_last_line_and_matches_networkx(tmp_path):
    require("cora")
    out = tmp_path / "cora.parquet"
    res = run_cli("stats", "cora", "--json", "--out", str(out))
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["nodes"] == 2708 and summary["edges"] == 5278
    frame = pd.read_parquet(out)
    assert len(frame) == 2708
    import networkx as nx

    from graphlab.datasets import load_graph

    g = load_graph("cora").to_networkx()
    assert summary["mean_clustering"] == pytest.approx(nx.average_clustering(g))
    assert summary["triangles"] == sum(nx.triangles(g).values()) // 3


def test_stats_on_edge_list_file(tmp_path, capsys):
    f = tmp_path / "g.tsv"
    f.write_text("a\tb\n0\t1\n1\t2\n2\t0\n2\t3\n")
    out = tmp_path / "stats.csv"
    assert main(["stats", str(f), "--hops", "2", "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["triangles"] == 1
    assert pd.read_csv(out)["clustering"].round(4).tolist() == [1.0, 1.0, 0.3333, 0.0]


def test_stats_keeps_the_ids_of_the_file(tmp_path, capsys):
    f = tmp_path / "my.tsv"
    f.write_text("5\t10\n10\t20\n20\t5\n20\t30\n")
    out = tmp_path / "stats.csv"
    assert main(["stats", str(f), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    frame = pd.read_csv(out)
    assert frame["node"].tolist() == [5, 10, 20, 30]
    assert frame["degree"].tolist() == [2, 2, 3, 1]
    # the summary counts the graph's 4 nodes, and its means are over them
    assert summary["nodes"] == 4 and summary["edges"] == 4 and summary["triangles"] == 1
    assert summary["mean_degree"] == 2.0
    assert summary["mean_clustering"] == pytest.approx((1 + 1 + 1 / 3 + 0) / 4)
    assert main(["stats", str(f)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{f}: 4 nodes, 4 edges")
    assert [line.split()[0] for line in lines[2:]] == ["5", "10", "20", "30"]
    # --num-nodes: the ids are positions 0..N-1 (isolated nodes included), as before
    assert main(["stats", str(f), "--num-nodes", "31", "--json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["nodes"] == 31


def test_stats_of_two_far_apart_ids_is_two_nodes_and_fast(tmp_path, capsys):
    import time

    f = tmp_path / "mid.tsv"
    f.write_text("1\t10000000\n")
    out = tmp_path / "mid.csv"
    t0 = time.perf_counter()
    assert main(["stats", str(f), "--out", str(out), "--json"]) == 0
    assert time.perf_counter() - t0 < 5  # was 10,000,001 nodes and 11 s
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["nodes"] == 2 and summary["edges"] == 1
    assert pd.read_csv(out)["node"].tolist() == [1, 10_000_000]
    assert out.stat().st_size < 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "no-such-dataset"], "neither a registered dataset nor an existing file"),
        (["stats", "{bad}", "--out", "{out}"], "line 2: weight 'x' is not a number"),
        (["stats", "{empty}"], "holds no edges"),
        (["stats", "{isolated}"], "no edges"),
        (["stats", "{good}", "--out", "{out_bad_ext}"], "cannot tell the output format"),
        (["stats", "{good}", "--hops", "0"], "argument --hops: must be an integer >= 1"),
        (["stats", "cora", "--num-nodes", "5"], "num_nodes apply to edge-list files"),
        (["stats", "{good}", "--hops", "2", "--memory-budget", "10"], "too small for one row"),
    ],
)
def test_bad_input_exit_2_one_line_no_output(tmp_path, capsys, args, message):
    files = {
        "bad": tmp_path / "bad.csv",
        "empty": tmp_path / "empty.csv",
        "isolated": tmp_path / "isolated.csv",
        "good": tmp_path / "good.csv",
        "out": tmp_path / "out.csv",
        "out_bad_ext": tmp_path / "out.xlsx",
    }
    files["bad"].write_text("0,1,1\n1,2,x\n")
    files["empty"].write_text("# nothing\n")
    files["isolated"].write_text("0,0\n1,1\n")
    files["good"].write_text("0,1\n1,2\n2,0\n")
    argv = [a.format(**files) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not files["out"].exists() and not files["out_bad_ext"].exists()


def test_bad_input_through_the_console_script():
    res = run_cli("stats", "ogbl-nope")
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        "graphlab stats: error: 'ogbl-nope' is neither a registered dataset (did you mean "
        "ogbl-ppa, ogbl-collab?) nor an existing file; `graphlab datasets` lists the registered "
        "ones"
    ]


def test_datasets_lists_availability(capsys):
    assert main(["datasets", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    by_name = {d["name"]: d for d in summary["datasets"]}
    assert by_name["ogbl-ddi"]["available"] and by_name["cora"]["available"]
    assert not by_name["ogbl-ppa"]["available"]


@pytest.mark.parametrize("module", ["graphlab", "graphlab.cli"])
def test_module_entry_points(module):
    # torchrun launches `-m graphlab.cli`; `python -m graphlab` is the other spelling
    res = subprocess.run(
        [sys.executable, "-m", module, "--version"], capture_output=True, text=True, timeout=60
    )
    assert res.returncode == 0 and res.stdout.startswith("graphlab "), res.stderr
