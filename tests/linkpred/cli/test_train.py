"""graphlab train / analyze / shift on real data: summaries, files, exit status 2 on bad input."""

from __future__ import annotations

import json
import re

import pytest

from conftest import require
from graphlab.cli import main


@pytest.fixture(scope="module")
def cora_run(tmp_path_factory):
    require("cora")
    out = tmp_path_factory.mktemp("run") / "cora_gcn"
    argv = ["train", "cora", "--model", "gcn", "--epochs", "2", "--hidden", "16",
            "--reweight", "--warmup", "1", "--runs", "2", "--out", str(out), "--json"]  # fmt: skip
    return out, argv


def last_json(capsys):
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_train_analyze(cora_run, capsys):
    out, argv = cora_run
    assert main(argv) == 0
    s = last_json(capsys)
    assert s["metric"] == "hits@100" and s["runs"] == 2 and len(s["per_run"]) == 2
    for key in ("valid_mean", "valid_std", "test_mean", "test_std"):
        assert 0 <= s[key] <= 1
    assert (out / "run_1" / "best_model.pt").exists()
    # a resume with other settings: exit 2, directory untouched
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert main([*argv[:-1], "--hidden", "32", "--resume", "--json"]) == 2
    assert "other settings" in capsys.readouterr().err
    assert main(argv) == 2  # occupied run directory without --resume
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before

    assert main(["analyze", str(out), "--json"]) == 0
    a = last_json(capsys)
    assert a["nodes_evaluated"] > 100 and a["replaced"] is False
    assert set(a["pearson_hits@100"]) >= {"tc_train", "tc_test", "atc_train", "degree", "density"}
    first = out / "analysis" / "run=0_hops=1_k=100"  # a folder per setting
    assert a["out"] == str(first) and a["setting"] == {"run": 0, "hops": 1, "k": 100}
    for name in ("perf_by_tc.png", "perf_by_degree.png", "correlations.csv", "node_metrics.csv"):
        assert (first / name).stat().st_size > 0
    # another setting never overwrites the first analysis
    kept = {p: p.read_bytes() for p in first.iterdir()}
    assert main(["analyze", str(out), "--hops", "2", "--k", "20", "--quiet"]) == 0
    human = capsys.readouterr().out
    assert "{" not in human and "hits@20" in human and "run=0_hops=2_k=20" in human
    assert (out / "analysis" / "run=0_hops=2_k=20" / "summary.json").is_file()
    assert {p: p.read_bytes() for p in first.iterdir()} == kept
    # --out naming a folder of an analysis with other settings: exit 2, nothing changed
    assert main(["analyze", str(out), "--hops", "2", "--out", str(first)]) == 2
    assert "other settings (run=0, hops=1, k=100)" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in first.iterdir()} == kept
    # the same setting again replaces its files with equal numbers, and says so
    assert main(["analyze", str(out), "--quiet"]) == 0
    assert "(replacing the earlier analysis of this setting)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["train", "no-such-dataset", "--epochs", "1"],
        ["train", "cora", "--model", "gat"],
        ["train", "cora", "--resume"],
        ["shift", "no-such-dataset"],
    ],
)
def test_bad_input_exit_2(argv, capsys, tmp_path):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"graphlab {argv[0]}: error:") and "Traceback" not in err


def test_analyze_not_a_run(tmp_path, capsys):
    assert main(["analyze", str(tmp_path)]) == 2
    assert "not a run directory" in capsys.readouterr().err


def test_shift_cli(tmp_path, capsys):
    require("email-Enron")
    assert main(["shift", "email-Enron", "--periods", "4", "--out", str(tmp_path), "--json"]) == 0
    s = last_json(capsys)
    assert s["kind"] == "per-period" and len(s["periods"]) == 3
    # the newly joined neighbours are less concentrated than the existing ones
    assert s["mean_tc_new"] < s["mean_tc_train"]
    assert (tmp_path / "email-Enron_shift.png").stat().st_size > 0


def test_resume_reads_config_and_rejects_only_explicit_other_values(tmp_path, capsys):
    require("cora")
    out = tmp_path / "run"
    assert main(["train", "cora", "--epochs", "2", "--hidden", "16", "--alpha", "0.5",
                 "--out", str(out), "--json"]) == 0  # fmt: skip
    first = last_json(capsys)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # no flags: the saved settings, not the defaults (hidden 16, alpha 0.5, 2 epochs)
    assert main(["train", "cora", "--resume", "--out", str(out), "--json"]) == 0
    assert last_json(capsys)["test_mean"] == first["test_mean"]
    # flags given with the saved values, and a device (not a setting of the numbers): fine
    argv = ["train", "cora", "--resume", "--out", str(out), "--hidden", "16", "--alpha", "0.5",
            "--device", "cpu", "--json"]  # fmt: skip
    assert main(argv) == 0
    assert last_json(capsys)["test_mean"] == first["test_mean"]
    # a flag given with another value: exit 2, naming the flag, the saved and the given value
    assert main(["train", "cora", "--resume", "--out", str(out), "--hidden", "32"]) == 2
    err = capsys.readouterr().err
    assert "--hidden 16 (given 32)" in err and "--alpha" not in err
    assert len(err.strip().splitlines()) == 1
    assert main(["train", "citeseer", "--resume", "--out", str(out)]) == 2
    assert "trained on cora, not citeseer" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_given_settings_tells_explicit_flags():
    import argparse

    from linkpred.cli.train import add_arguments, given_settings

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["cora", "--alpha", "1.0", "--reweight"])
    # --alpha equals its default but was given; --seed was not
    assert given_settings(args) == {"alpha": 1.0, "reweight": True}
    assert args.seed == 0 and args.hidden is None and args.model == "gcn"


def test_human_output_has_no_spread_for_one_run(tmp_path, capsys):
    require("cora")
    assert main(["train", "cora", "--epochs", "1", "--hidden", "8", "--quiet"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert "±" not in line and line.endswith("(1 run)")
    for number in re.findall(r"\d+\.\d+", line):
        assert len(number.replace(".", "").lstrip("0")) <= 4, line


def test_reweight_mode_uniform_control(capsys):
    require("cora")
    assert main(["train", "cora", "--reweight-mode", "uniform", "--epochs", "1"]) == 2
    assert "needs reweighting on (--reweight)" in capsys.readouterr().err
    argv = ["train", "cora", "--reweight", "--reweight-mode", "uniform", "--epochs", "1",
            "--hidden", "8"]  # fmt: skip
    assert main([*argv, "--json"]) == 0
    s = last_json(capsys)
    assert s["reweight"] is True and s["reweight_mode"] == "uniform"
    assert main(argv) == 0
    assert "+reweight (uniform control)" in capsys.readouterr().out


def test_reweight_temperature_flag(capsys):
    require("cora")
    argv = ["train", "cora", "--reweight", "--reweight-temperature", "0.5", "--epochs", "1",
            "--hidden", "8", "--json"]  # fmt: skip
    assert main(argv) == 0
    assert last_json(capsys)["reweight_temperature"] == 0.5
    assert main(["train", "cora", "--reweight-temperature", "0.5", "--epochs", "1"]) == 2
    assert "needs --reweight" in capsys.readouterr().err
