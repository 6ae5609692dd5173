"""``graphlab report`` end to end: the dataset view, any model's per-node table, a run of ours."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import require
from graphlab.cli import main
from linkpred.report.gather import dataset_view, load_source, performance_view
from linkpred.tc import tc_frame

from ._fixtures import write_edges

DATASET_SECTIONS = ("summary", "dataset", "tc-distributions", "tc-degree", "shift", "extremes")
PERF_SECTIONS = ("correlations", "bins", "cold-start")


def sections(html: str) -> set[str]:
    return set(re.findall(r'<section[^>]* id="([^"]+)"', html))


def last_json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def check_self_contained(html: str) -> None:
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html
    # nothing that fetches: no src/href/url() that is not a fragment or a data: URI
    for ref in re.findall(r'(?:src|href)="([^"]*)"', html) + re.findall(r"url\(([^)]*)\)", html):
        assert ref.startswith(("#", "data:")), ref
    assert len(re.findall(r"<figure>", html)) == len(re.findall(r"<figcaption>", html))
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids clash between figures"


@pytest.fixture(scope="module")
def edges(tmp_path_factory):
    d = tmp_path_factory.mktemp("edges")
    ids = write_edges(d / "g.txt")
    return d / "g.txt", ids


def test_dataset_report(edges, tmp_path, capsys):
    path, ids = edges
    out = tmp_path / "r.html"
    assert main(["report", str(path), "--out", str(out), "--json"]) == 0
    s = last_json(capsys)
    assert s["hops_computed"] == [1, 2, 3] and s["nodes"] == len(ids)
    html = out.read_text()
    assert set(DATASET_SECTIONS) <= sections(html)
    assert not set(PERF_SECTIONS) & sections(html)
    check_self_contained(html)
    assert html.count("<figure>") == 3  # TC per split, TC against degree, shift (no times)
    # the user's ids in the node tables, never positions
    table = html[html.index('id="extremes"') :]
    shown = [int(v) for v in re.findall(r"<tr><td class=\"num\">(\d+)</td>", table)]
    assert shown and set(shown) <= set(ids.tolist())
    # the summary's numbers are the data's
    src = load_source(str(path))
    frame = tc_frame(
        src.data.graph,
        {"valid": src.data.split["valid"]["edge"], "test": src.data.split["test"]["edge"]},
    )
    mean = frame["tc_train"].dropna().mean()
    assert f"Mean TC_train (K = 1) is {mean:.3f}" in html


def test_same_input_same_bytes(edges, tmp_path):
    path, _ = edges
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    for out in (a, b):
        assert main(["report", str(path), "--out", str(out), "--quiet"]) == 0
    assert a.read_text().replace(str(a), "") == b.read_text().replace(str(b), "")


def test_expensive_hops_are_left_out_and_said(edges, monkeypatch):
    import linkpred.report.gather as gather

    monkeypatch.setattr(gather, "CHEAP_HOP_COST", 0.0)
    src = load_source(str(edges[0]))
    view = dataset_view(src)
    assert sorted(view.tc) == [1] and "pass --max-hops 2" in view.skipped[2]
    view = dataset_view(src, require_hops=2)
    assert sorted(view.tc) == [1, 2]
    view = dataset_view(src, max_hops=3)  # asked for: computed whatever the cost
    assert sorted(view.tc) == [1, 2, 3]


def per_node_table(ids: np.ndarray, view, seed: int = 0) -> pd.DataFrame:
    """A metric that rises with TC_train, for the nodes with test edges, by the user's ids."""
    rng = np.random.default_rng(seed)
    frame = view.node_frame(1)
    nodes = frame[frame["tc_test"].notna()]
    metric = np.clip(nodes["tc_train"].fillna(0) + rng.normal(0, 0.05, len(nodes)), 0, 1)
    return pd.DataFrame(
        {
            "node": ids[nodes.index.to_numpy()],
            "mrr": metric,
            "hits@10": (metric > 0.2).astype(float),
        }
    )


def test_per_node_report(edges, tmp_path, capsys):
    path, ids = edges
    view = dataset_view(load_source(str(path)))
    table = per_node_table(ids, view)
    table.to_csv(tmp_path / "res.csv", index=False)
    out = tmp_path / "r.html"
    argv = [
        "report",
        str(path),
        "--per-node",
        str(tmp_path / "res.csv"),
        "--metric",
        "mrr",
        "--bootstrap",
        "200",
        "--out",
        str(out),
        "--json",
    ]
    assert main(argv) == 0
    s = last_json(capsys)
    assert s["metric"] == "mrr" and s["nodes_evaluated"] == len(table)
    corr = {r["feature"]: r for r in s["correlations"]}
    assert corr["tc_train"]["spearman"] > 0.8  # the metric was built from TC_train
    html = out.read_text()
    assert set(DATASET_SECTIONS + PERF_SECTIONS) <= sections(html)
    assert "reweighting" not in sections(html)  # a table from elsewhere has no run
    check_self_contained(html)
    assert "TC_train correlates most with mrr" in html
    assert "TC_train explains mrr better than degree" in html
    # default metric: hits@K first
    assert main([*argv[:4], *argv[6:]]) == 0
    assert last_json(capsys)["metric"] == "hits@10"


def test_performance_view_joins_by_position(edges):
    path, ids = edges
    view = dataset_view(load_source(str(path)), max_hops=1)
    perf = pd.DataFrame({"node": [5, 0, 9], "m": [0.1, 0.5, 0.9]})
    pv = performance_view(view, perf, "m", source="test", resamples=20)
    assert pv.frame["node"].tolist() == [ids[5], ids[0], ids[9]]
    assert pv.frame["degree"].tolist() == view.degree[[5, 0, 9]].tolist()
    assert pv.frame["tc_train"].tolist() == pytest.approx(
        view.tc[1]["tc_train"].to_numpy()[[5, 0, 9]], nan_ok=True
    )


@pytest.fixture(scope="module")
def cora_run(tmp_path_factory):
    require("cora")
    out = tmp_path_factory.mktemp("run") / "cora_gcn"
    argv = [
        "train",
        "cora",
        "--model",
        "gcn",
        "--epochs",
        "4",
        "--hidden",
        "16",
        "--reweight",
        "--warmup",
        "1",
        "--interval",
        "1",
        "--out",
        str(out),
        "--quiet",
    ]
    assert main(argv) == 0
    return out


def test_run_report(cora_run, tmp_path, capsys):
    out = tmp_path / "run.html"
    assert (
        main(
            [
                "report",
                "--run",
                str(cora_run),
                "--bootstrap",
                "100",
                "--max-hops",
                "1",
                "--out",
                str(out),
                "--json",
            ]
        )
        == 0
    )
    s = last_json(capsys)
    assert s["input"] == "cora" and s["metric"] == "hits@100"
    result = json.loads((cora_run / "run_0" / "result.json").read_text())
    html = out.read_text()
    assert set(DATASET_SECTIONS + PERF_SECTIONS + ("run", "reweighting")) <= sections(html)
    check_self_contained(html)
    # the weighted TC of every update the run recorded, rounded as shown
    log = result["tc_log"]
    assert len(log) == 3
    for entry in log:
        assert f"{entry['tc_before']:.4f}" in html and f"{entry['tc_after']:.4f}" in html
    assert f"{result['test']:.4f}" in html
    # the run's per-node metrics as a table from elsewhere give the same numbers
    from linkpred.report.gather import run_metrics

    _, metrics, _, _ = run_metrics(cora_run)
    metrics.to_csv(tmp_path / "m.csv", index=False)  # cora's ids are its positions
    assert main(["report", "cora", "--per-node", str(tmp_path / "m.csv"), "--bootstrap", "100",
                 "--max-hops", "1", "--out", str(tmp_path / "t.html"), "--json"]) == 0  # fmt: skip
    table = last_json(capsys)
    assert table["metric"] == "hits@100"
    assert table["correlations"] == s["correlations"]


def test_run_report_dataset_must_match(cora_run, tmp_path, capsys):
    out = tmp_path / "x.html"
    code = main(["report", "ogbl-ddi", "--run", str(cora_run), "--out", str(out)])
    assert code == 2 and "trained on cora, not ogbl-ddi" in capsys.readouterr().err
    assert not out.exists()


def test_demo_step(cora_run, tmp_path, monkeypatch):
    """The demo's report step reads the training step's run directory."""
    import argparse
    import shutil

    from linkpred.cli import report
    from linkpred.cli.train import DEMO_RUN

    shutil.copytree(cora_run, tmp_path / DEMO_RUN)
    res = report.demo(argparse.Namespace(out_dir=str(tmp_path)))
    assert Path(res["out"]).is_file() and res["metric"] == "hits@100"
    assert -1 <= res["spearman_tc_train"] <= 1


def test_a_constant_metric_has_no_correlation(edges, tmp_path, capsys):
    """Every node scores the same: the correlations are undefined (null), the page still says
    what it can."""
    path, ids = edges
    pd.DataFrame({"node": ids[:40], "mrr": 0.5}).to_csv(tmp_path / "c.csv", index=False)
    out = tmp_path / "c.html"
    argv = ["report", str(path), "--per-node", str(tmp_path / "c.csv"), "--max-hops", "1",
            "--bootstrap", "10", "--out", str(out), "--json"]  # fmt: skip
    assert main(argv) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert "NaN" not in line  # strict JSON
    assert all(r["spearman"] is None for r in json.loads(line)["correlations"])
    html = out.read_text()
    assert "correlates most" not in html and "Per-node mrr: mean 0.500 over 40 nodes" in html
