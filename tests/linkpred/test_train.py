"""Training: seeds reproduce, resume equals an uninterrupted run, bad input leaves runs intact."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from graphlab.errors import DataFormatError, GraphlabError, InputError
from linkpred.data import from_split
from linkpred.models import GNNEncoder
from linkpred.splits import random_link_split
from linkpred.train import TrainConfig, Trainer, train
from linkpred.trainer import resolve_device, sample_negatives

from ._tiny import random_graph


class Interrupt(Exception):
    pass


@pytest.fixture(autouse=True)
def one_thread():
    # tiny tensors: one thread avoids OpenMP barrier costs on a shared 2-core machine
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)


@pytest.fixture(scope="module")
def data():
    g = random_graph(40, 0.15, seed=11)
    split = random_link_split(g, seed=0)
    x = np.random.default_rng(0).normal(size=(40, 5)).astype(np.float32)
    return from_split("tiny", 40, split, x, k=5)


def config(**kw):
    base = {"dataset": "tiny", "model": "sage", "hidden": 8, "num_layers": 2, "dropout": 0.3,
            "lr": 0.01, "epochs": 6, "batch_size": 16, "reweight": True, "alpha": 0.5,
            "interval": 2, "warmup": 1, "checkpoint_every": 2, "patience": 0}  # fmt: skip
    base.update(kw)
    return TrainConfig(**base)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_seeds_reproduce(data):
    a = train(config(runs=2, epochs=3), data=data)
    b = train(config(runs=2, epochs=3), data=data)
    assert a == b
    c = train(config(runs=2, epochs=3, seed=5), data=data)
    assert [r["valid"] for r in a["per_run"]] != [r["valid"] for r in c["per_run"]] or [
        r["test"] for r in a["per_run"]
    ] != [r["test"] for r in c["per_run"]]
    assert a["runs"] == 2 and a["metric"] == "hits@5"
    vals = [r["test"] for r in a["per_run"]]
    assert a["test_mean"] == pytest.approx(np.mean(vals))
    assert a["test_std"] == pytest.approx(np.std(vals, ddof=1))


@pytest.mark.parametrize("model", ["gcn", "sage"])
def test_resume_equals_uninterrupted(data, tmp_path, model):
    cfg = config(model=model)
    full = train(cfg, out=tmp_path / "full", data=data)
    hist_full = pd.read_csv(tmp_path / "full/run_0/history.csv").drop(columns="train_time")

    def stop_at_3(line: str) -> None:
        if "epoch    3 loss" in line:
            raise Interrupt

    with pytest.raises(Interrupt):
        train(cfg, out=tmp_path / "cut", data=data, log=stop_at_3)
    ck = torch.load(tmp_path / "cut/run_0/checkpoint.pt", weights_only=True)
    assert ck["epoch"] == 2 and not (tmp_path / "cut/run_0/result.json").exists()
    resumed = train(cfg, out=tmp_path / "cut", resume=True, data=data)
    assert resumed == full
    hist_cut = pd.read_csv(tmp_path / "cut/run_0/history.csv").drop(columns="train_time")
    pd.testing.assert_frame_equal(hist_cut, hist_full, check_exact=True)
    a = torch.load(tmp_path / "full/run_0/best_model.pt", weights_only=True)
    b = torch.load(tmp_path / "cut/run_0/best_model.pt", weights_only=True)
    for key in a["model"]:
        torch.testing.assert_close(a["model"][key], b["model"][key], rtol=0, atol=0)
    torch.testing.assert_close(a["weight"], b["weight"], rtol=0, atol=0)
    # the reweighting ran and was logged (updates before epochs 2, 4, 6)
    log = json.loads((tmp_path / "full/run_0/result.json").read_text())["tc_log"]
    assert [e["epoch"] for e in log] == [2, 4, 6]
    # resuming a finished directory reads the results back
    assert train(cfg, out=tmp_path / "full", resume=True, data=data) == full


def test_trainer_stop_after_and_checkpoint_roundtrip(data, tmp_path):
    cfg = config()
    t1 = Trainer(cfg, data, 0, tmp_path)
    t1.fit(stop_after=2)
    t2 = Trainer(cfg, data, 0, tmp_path)
    t2.load_state_dict(torch.load(tmp_path / "checkpoint.pt", weights_only=True))
    assert t2.epoch == 2 and len(t2.history) == 2
    assert [r["loss"] for r in t2.history] == [r["loss"] for r in t1.history]


def test_bad_resume_leaves_run_intact(data, tmp_path):
    cfg = config(epochs=2)
    train(cfg, out=tmp_path, data=data)
    before = snapshot(tmp_path)
    with pytest.raises(InputError, match="hidden"):
        train(config(epochs=2, hidden=16), out=tmp_path, resume=True, data=data)
    with pytest.raises(InputError, match="already holds a run"):
        train(cfg, out=tmp_path, data=data)
    with pytest.raises(InputError, match=r"no config\.json"):
        train(cfg, out=tmp_path / "empty", resume=True, data=data)
    assert snapshot(tmp_path) == before


def test_truncated_checkpoint(data, tmp_path):
    cfg = config()

    def stop(line: str) -> None:
        if "epoch    3 loss" in line:
            raise Interrupt

    with pytest.raises(Interrupt):
        train(cfg, out=tmp_path, data=data, log=stop)
    ck = tmp_path / "run_0/checkpoint.pt"
    ck.write_bytes(ck.read_bytes()[: ck.stat().st_size // 2])
    before = snapshot(tmp_path)
    with pytest.raises(DataFormatError, match="truncated"):
        train(cfg, out=tmp_path, resume=True, data=data)
    assert snapshot(tmp_path) == before
    assert issubclass(DataFormatError, GraphlabError)


@pytest.mark.parametrize(
    "bad", [{"model": "gat"}, {"decoder": "x"}, {"epochs": 0}, {"lr": -1.0}, {"patience": -1}]
)
def test_bad_config(bad):
    with pytest.raises(InputError):  # on construction: a config is complete and checked
        config(**bad)


def test_config_messages_and_immutability():
    with pytest.raises(InputError, match=r"^model must be one of 'gcn', 'sage', 'graphconv'"):
        config(model="gat")
    with pytest.raises(InputError, match=r"^hidden must be an integer >= 1, got True$"):
        config(hidden=True)
    with pytest.raises(InputError, match=r"^alpha must be a finite number >= 0, got nan$"):
        config(alpha=float("nan"))
    with pytest.raises(InputError, match=r"^dropout must be a finite number >= 0 and < 1"):
        config(dropout=1.0)
    cfg = config()
    with pytest.raises(AttributeError):
        cfg.hidden = 3  # type: ignore[misc]
    assert cfg.replace(hidden=3).hidden == 3


def test_presets_and_datasets_without_defaults():
    cora = TrainConfig.for_dataset("cora", seed=4, epochs=20)
    assert (cora.hidden, cora.num_layers, cora.lr, cora.epochs, cora.patience) == (
        256, 1, 1e-3, 20, 50,
    )  # fmt: skip
    assert cora.split_seed == 4  # the split follows the seed unless given
    assert TrainConfig.for_dataset("cora", seed=4, split_seed=0).split_seed == 0
    ddi = TrainConfig.for_dataset("ogbl-ddi")
    assert (ddi.num_layers, ddi.dropout, ddi.batch_size, ddi.patience) == (2, 0.5, 65536, 0)
    # an OGB dataset without a preset does not silently get Planetoid's hyperparameters
    with pytest.raises(InputError, match=r"no preset hyperparameters for dataset 'ogbl-ppa'"):
        TrainConfig.for_dataset("ogbl-ppa", hidden=64)
    hp = {"hidden": 64, "num_layers": 2, "dropout": 0.0, "lr": 0.01, "epochs": 5,
          "batch_size": 1024, "patience": 0}  # fmt: skip
    assert TrainConfig.for_dataset("ogbl-ppa", **hp).hidden == 64
    with pytest.raises(InputError, match="unknown training settings: hiden"):
        TrainConfig.for_dataset("cora", hiden=3)
    # the fingerprint of a saved config is that of the config it came from
    assert TrainConfig.from_dict(cora.to_dict()).fingerprint() == cora.fingerprint()


def test_unknown_metric_is_an_error_naming_the_dataset():
    from linkpred.data import hits_k

    assert hits_k("ogbl-collab", "hits@50") == 50
    assert hits_k("ogbl-citation2", "mrr") == 0
    for metric in ("", "auc", "hits@0"):
        with pytest.raises(InputError, match="'ogbl-x' has no known evaluation protocol"):
            hits_k("ogbl-x", metric)


def test_global_rng_is_neither_reseeded_nor_advanced(data, tmp_path):
    torch.manual_seed(1234)
    expected = torch.rand(3)
    torch.manual_seed(1234)
    before = torch.get_rng_state()
    tr = Trainer(config(epochs=2), data, 0, tmp_path)
    tr.fit()
    assert torch.equal(torch.get_rng_state(), before)
    torch.testing.assert_close(torch.rand(3), expected, rtol=0, atol=0)
    # and the caller's RNG state does not change the run's numbers
    torch.manual_seed(99)
    other = Trainer(config(epochs=2), data, 0)
    other.fit()
    assert [r["loss"] for r in other.history] == [r["loss"] for r in tr.history]


def test_load_best_model_reads_the_selected_model(data, tmp_path):
    from linkpred.rundir import RunDir
    from linkpred.train import load_best_model
    from linkpred.trainer import evaluate_hits

    cfg = config(epochs=4, eval_every=1)
    train(cfg, out=tmp_path, data=data)
    rd = RunDir(tmp_path)
    saved, fingerprint = rd.read_config()
    assert saved == cfg and fingerprint == cfg.fingerprint()
    before = torch.get_rng_state()
    model, adj_t = load_best_model(rd.run(0), saved, data)
    assert torch.equal(torch.get_rng_state(), before)
    res = json.loads(rd.run(0).result.read_text())
    got = evaluate_hits(model, data.x, adj_t, data)
    assert got["valid"] == res["valid"] and got["test"] == res["test"]
    with pytest.raises(InputError, match="no selected model"):
        load_best_model(rd.run(1), saved, data)


def test_device_selection():
    assert resolve_device("auto").type == ("cuda" if torch.cuda.is_available() else "cpu")
    assert resolve_device("cpu").type == "cpu"
    with pytest.raises(InputError):
        resolve_device("warp-drive")


def test_negatives_avoid_training_edges_and_loops():
    n = 6
    forbidden = torch.tensor(sorted({u * n + v for u in range(n) for v in range(n) if u + v < 6}))
    pairs = sample_negatives(n, 500, forbidden, torch.Generator().manual_seed(0), tries=50)
    keys = set((pairs[:, 0] * n + pairs[:, 1]).tolist())
    assert not keys & set(forbidden.tolist())
    assert (pairs[:, 0] != pairs[:, 1]).all()


def test_training_learns(data):
    res = train(config(epochs=12, reweight=False, dropout=0.0), data=data)
    first = train(config(epochs=1, reweight=False, dropout=0.0), data=data)
    assert res["valid_mean"] >= first["valid_mean"]


@pytest.mark.parametrize("reweight", [False, True])
def test_gcn_sparse_fast_path_equals_pyg_gcnconv(reweight, monkeypatch):
    # bag-of-words-like features (5 % non-zero): the trainer hands the encoder a CSR matrix
    rng = np.random.default_rng(1)
    g = random_graph(40, 0.15, seed=11)
    x = ((rng.random((40, 60)) < 0.05) * rng.random((40, 60))).astype(np.float32)
    bow = from_split("tiny", 40, random_link_split(g, seed=0), x, k=5)
    cfg = config(model="gcn", reweight=reweight, epochs=5)
    trainer = Trainer(cfg, bow)
    assert trainer.x.layout == torch.sparse_csr
    trainer.fit()
    fast = [(h["loss"], h["valid"], h["test"]) for h in trainer.history]
    monkeypatch.setattr(GNNEncoder, "fast_sparse", False)  # PyG's GCNConv, torch's backward
    reference = Trainer(cfg, bow)
    reference.fit()
    ref = [(h["loss"], h["valid"], h["test"]) for h in reference.history]
    if reweight:  # the reweighting's softmax may differ in the last bit from run to run
        np.testing.assert_allclose(fast, ref, rtol=1e-6)
    else:
        assert fast == ref
    for a, b in zip(trainer.model.parameters(), reference.model.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-6)
