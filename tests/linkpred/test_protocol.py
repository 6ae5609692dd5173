"""Protocols (modern / paper) and metrics that follow the dataset (collab, citation2, unknown).

The OGB datasets are small fixtures written in OGB's on-disk layout (raw/*.csv.gz,
split/<name>/{train,valid,test}.pt) in the test's tmp dir and read by the real reader.
"""

from __future__ import annotations

import gzip

import numpy as np
import pytest
import torch

from graphlab.errors import InputError
from graphlab.formats.ogb import read_ogb
from graphlab.records import DatasetEntry, GraphDataset
from linkpred.config import PAPER_PRESETS, PAPER_REWEIGHT, TrainConfig
from linkpred.data import link_data, run_data
from linkpred.train import train
from linkpred.trainer import Trainer, evaluate

from ._tiny import random_graph

TINY = {"hidden": 8, "num_layers": 1, "dropout": 0.0, "lr": 0.01, "epochs": 3,
        "batch_size": 64, "patience": 0, "runs": 1}  # fmt: skip


# ---------------------------------------------------------------- presets


def test_paper_preset_follows_the_authors_scripts():
    cora = TrainConfig.for_dataset("cora", protocol="paper")
    # run_small.sh: --n_layers=1 builds two layers (first + last), hidden 256, lr 1e-3,
    # batch 1152, 1000 epochs, 10 runs, no early stop, dropout 0
    assert (cora.num_layers, cora.decoder_layers, cora.hidden, cora.lr) == (2, 2, 256, 1e-3)
    assert (cora.batch_size, cora.epochs, cora.runs, cora.patience, cora.dropout) == (
        1152, 1000, 10, 0, 0.0,
    )  # fmt: skip
    assert cora.rules.split == "ncnc" and cora.rules.features == "row"
    assert cora.rules.split_per_run
    collab = TrainConfig.for_dataset("ogbl-collab", protocol="paper")
    assert (collab.num_layers, collab.batch_size) == (3, 65536)
    # the authors' schedules; warm-up converted (update after epoch e >= W with e % I == 0)
    pub = TrainConfig.for_dataset("pubmed", protocol="paper", model="sage", reweight=True)
    assert (pub.alpha, pub.interval, pub.warmup) == (0.5, 2, 6)
    given = TrainConfig.for_dataset("cora", protocol="paper", reweight=True, alpha=0.3)
    assert (given.alpha, given.interval, given.warmup) == (0.3, 1, 1)
    assert set(PAPER_REWEIGHT) >= {(d, m) for d in ("cora", "citeseer", "pubmed")
                                   for m in ("gcn", "sage")}  # fmt: skip
    assert set(PAPER_PRESETS) == {"cora", "citeseer", "pubmed", "ogbl-collab"}
    # the modern protocol stays the default
    assert TrainConfig.for_dataset("cora").protocol == "modern"
    with pytest.raises(InputError, match="protocol must be one of"):
        TrainConfig.for_dataset("cora", protocol="papers")
    with pytest.raises(InputError, match="'ogbl-ddi' under the paper protocol"):
        TrainConfig.for_dataset("ogbl-ddi", protocol="paper")


def test_reweight_schedule_updates_on_the_authors_epochs():
    """run_small.sh's (warm_up, update_interval); the authors update after epoch e when
    e >= warm_up and e % interval == 0, so the weights change before epoch e + 1: the preset's
    schedule makes TCReweighter.due true before exactly those epochs."""
    from linkpred.propagation import MessageGraph
    from linkpred.reweight import TCReweighter

    authors = {("cora", "gcn"): (1, 1), ("cora", "sage"): (2, 2), ("citeseer", "gcn"): (5, 1),
               ("citeseer", "sage"): (1, 1), ("pubmed", "gcn"): (5, 2),
               ("pubmed", "sage"): (5, 2)}  # fmt: skip
    mg = MessageGraph(random_graph(10, 0.4), "gcn")
    for (dataset, model), (after, interval) in authors.items():
        cfg = TrainConfig.for_dataset(dataset, protocol="paper", model=model, reweight=True)
        assert cfg.interval == interval
        rw = TCReweighter(mg, cfg.alpha, cfg.interval, cfg.warmup)
        ours = [e for e in range(1, 200) if rw.due(e)]
        theirs = [e + 1 for e in range(1, 199) if e >= after and e % interval == 0]
        assert ours == theirs, (dataset, model)


def test_fingerprint_of_modern_configs_unchanged_by_new_settings():
    cfg = TrainConfig.for_dataset("cora", epochs=3)
    d = cfg.to_dict()
    for key in ("protocol", "val_ratio", "test_ratio"):
        del d[key]  # a config.json written before these settings existed
    assert TrainConfig.from_dict(d).fingerprint() == cfg.fingerprint()
    assert cfg.replace(protocol="paper").fingerprint() != cfg.fingerprint()


# ---------------------------------------------------------------- data of a protocol


def record(n=40, p=0.25, seed=0, features=True):
    g = random_graph(n, p, seed=seed)
    rng = np.random.default_rng(seed)
    x = (rng.random((n, 12)) < 0.3).astype(np.float32) * 3 if features else None
    return GraphDataset("tiny", g, x=x)


def test_paper_data_row_normalised_features_and_ncnc_split():
    ds = record()
    paper = link_data(ds, split_seed=1, protocol="paper")
    modern = link_data(ds, split_seed=1, protocol="modern")
    sums = paper.x.sum(1).numpy()
    nonzero = ds.x.sum(1) > 0
    np.testing.assert_allclose(sums[nonzero], 1.0, rtol=1e-6)
    np.testing.assert_array_equal(sums[~nonzero], 0.0)
    np.testing.assert_array_equal(modern.x.numpy(), ds.x)
    # NCNC: ~2 validation negatives per positive; modern: one
    assert len(paper.split["valid"]["edge_neg"]) > 1.5 * len(paper.split["valid"]["edge"])
    assert len(modern.split["valid"]["edge_neg"]) == len(modern.split["valid"]["edge"])


def test_paper_protocol_splits_each_run_anew_modern_shares_one():
    ds = record()
    cfg = TrainConfig(dataset="tiny", protocol="paper", split_seed=3, **TINY)
    a0, a1, again = run_data(cfg, 0, ds), run_data(cfg, 1, ds), run_data(cfg, 1, ds)
    assert not np.array_equal(a0.split["test"]["edge"], a1.split["test"]["edge"])
    np.testing.assert_array_equal(a1.split["test"]["edge"], again.split["test"]["edge"])
    m = cfg.replace(protocol="modern")
    np.testing.assert_array_equal(
        run_data(m, 0, ds).split["test"]["edge"], run_data(m, 1, ds).split["test"]["edge"]
    )


def test_train_on_a_record_keeps_each_runs_split(tmp_path):
    ds = record()
    cfg = TrainConfig(dataset="tiny", protocol="paper", split_seed=0, **{**TINY, "runs": 2})
    s = train(cfg, out=tmp_path / "run", data=ds)
    assert s["runs"] == 2
    from linkpred.rundir import RunDir

    rd = RunDir(tmp_path / "run")
    d0, d1 = rd.run(0).read_data(), rd.run(1).read_data()
    np.testing.assert_array_equal(
        d0.split["test"]["edge"], run_data(cfg, 0, ds).split["test"]["edge"]
    )
    np.testing.assert_array_equal(
        d1.split["test"]["edge"], run_data(cfg, 1, ds).split["test"]["edge"]
    )
    assert not np.array_equal(d0.split["test"]["edge"], d1.split["test"]["edge"])


def test_paper_loop_rules_mean_loss_and_dropped_last_batch():
    ds = record(60, 0.2, seed=2)
    modern = TrainConfig(dataset="tiny", split_seed=0, **{**TINY, "batch_size": 10**6})
    data = run_data(modern, 0, ds)
    a = Trainer(modern, data, 0).train_epoch()
    b = Trainer(modern.replace(protocol="paper"), data, 0).train_epoch()
    assert b == pytest.approx(a / 2, rel=1e-6)  # same forward, the mean of the two terms
    # 'drop_last': with E training edges and batch B only floor(E / B) batches run
    small = modern.replace(protocol="paper", batch_size=7)
    tr = Trainer(small, data, 0)
    calls = []
    orig = tr.optimizer.step
    tr.optimizer.step = lambda *a, **k: (calls.append(1), orig(*a, **k))[1]
    tr.train_epoch()
    assert len(calls) == len(data.split["train"]["edge"]) // 7


# ---------------------------------------------------------------- OGB-layout fixtures


def _csv_gz(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt") as fh:
        for r in np.atleast_2d(rows):
            fh.write(",".join(str(v) for v in np.atleast_1d(r)) + "\n")


def ogb_fixture(root, name, metric, split, n=50, feat=True):
    """A folder in OGB's layout; returns the loaded LinkDataset (OGB's reader, no download)."""
    folder = root / name.replace("-", "_")
    _csv_gz(folder / "raw" / "num-node-list.csv.gz", [[n]])
    if feat:
        rng = np.random.default_rng(0)
        _csv_gz(folder / "raw" / "node-feat.csv.gz", rng.random((n, 6)).round(4))
    (folder / "split" / "time").mkdir(parents=True)
    for part, d in split.items():
        torch.save(
            {k: torch.as_tensor(v) for k, v in d.items()}, folder / "split" / "time" / f"{part}.pt"
        )
    entry = DatasetEntry(
        name, "link", "ogb", str(folder), extra={"split": "time", "metric": metric}
    )
    return read_ogb(entry, folder)


def _edges(n, m, seed):
    g = random_graph(n, m / (n * n / 2), seed=seed)
    return g.edges()


def collab_split(n=50):
    e = _edges(n, 200, 0)
    rng = np.random.default_rng(1)
    e = e[rng.permutation(len(e))]
    neg = np.stack([rng.integers(0, n, 30), rng.integers(0, n, 30)], 1)
    return {
        "train": {
            "edge": e[40:],
            "weight": np.ones(len(e) - 40),
            "year": np.full(len(e) - 40, 2010),
        },
        "valid": {"edge": e[:20], "edge_neg": neg},
        "test": {"edge": e[20:40], "edge_neg": neg[::-1].copy()},
    }


def test_collab_uses_validation_edges_as_test_time_input(tmp_path):
    split = collab_split()
    ds = ogb_fixture(tmp_path, "ogbl-collab", "hits@50", split)
    data = link_data(ds)
    assert data.k == 50 and data.metric == "hits@50"
    assert data.test_graph is not None
    assert data.test_graph.num_edges == data.graph.num_edges + len(split["valid"]["edge"])
    cfg = TrainConfig.for_dataset("ogbl-collab", **TINY)
    tr = Trainer(cfg, data, 0)
    tr.fit()
    with torch.no_grad():
        with_valid = evaluate(tr.model, tr.x, tr.adj_t, data, test_adj_t=tr.test_adj_t)
        train_only = evaluate(tr.model, tr.x, tr.adj_t, data)
    assert with_valid["valid"] == train_only["valid"]  # validation always on the train graph
    # the test scores come from the graph with the validation edges: compare the embeddings
    h_train = tr.model.encode(tr.x, tr.adj_t)
    h_full = tr.model.encode(tr.x, tr.test_adj_t)
    assert not torch.allclose(h_train, h_full)
    assert tr.best["test"] in {r["test"] for r in tr.history if "test" in r}
    # the paper's collab code keeps the training graph (its line is commented out)
    assert link_data(ds, protocol="paper").test_graph is None
    # TC reweighting has no weights for the added edges: said, not silently wrong
    with pytest.raises(InputError, match="reweighting"):
        Trainer(cfg.replace(reweight=True), data, 0)


def citation2_split(n=50, m=6, seed=0):
    e = _edges(n, 200, seed)
    rng = np.random.default_rng(seed)
    e = e[rng.permutation(len(e))]
    part = lambda a: {  # noqa: E731
        "source_node": a[:, 0], "target_node": a[:, 1],
        "target_node_neg": rng.integers(0, n, (len(a), m)),
    }  # fmt: skip
    return {
        "train": {"source_node": e[40:, 0], "target_node": e[40:, 1]},
        "valid": part(e[:20]),
        "test": part(e[20:40]),
    }


def test_citation2_selects_and_reports_mrr(tmp_path):
    ds = ogb_fixture(tmp_path, "ogbl-citation2", "mrr", citation2_split())
    data = link_data(ds)
    assert data.mrr and data.metric == "mrr"
    cfg = TrainConfig.for_dataset("ogbl-citation2", **TINY)
    s = train(cfg, data=data)
    assert s["metric"] == "mrr" and 0 < s["valid_mean"] <= 1
    # MRR by hand from the model's scores
    tr = Trainer(cfg, data, 0)
    tr.fit()
    res = evaluate(tr.model, tr.x, tr.adj_t, data)
    with torch.no_grad():
        h = tr.model.encode(tr.x, tr.adj_t)
        v = data.split["valid"]
        pos = tr.model.score(h, torch.as_tensor(v["edge"])).numpy()
        src = np.repeat(v["edge"][:, 0], v["target_node_neg"].shape[1])
        pairs = np.stack([src, v["target_node_neg"].ravel()], 1)
        neg = tr.model.score(h, torch.as_tensor(pairs)).numpy().reshape(len(pos), -1)
    higher = (neg > pos[:, None]).sum(1)
    ties = (neg == pos[:, None]).sum(1)
    ranks = 1 + higher + ties / 2  # OGB: the mean of the optimistic and the pessimistic rank
    assert res["valid"] == pytest.approx(float(np.mean(1.0 / ranks)), rel=1e-5)
    # per-node analysis keeps an @K (no K in MRR)
    assert data.k == 100


def test_dataset_with_unknown_protocol_is_an_error(tmp_path):
    ds = ogb_fixture(tmp_path, "ogbl-wikikg2", "", collab_split())
    with pytest.raises(InputError, match="'ogbl-wikikg2' has no known evaluation protocol"):
        link_data(ds)
    cfg = TrainConfig(dataset="ogbl-wikikg2", **TINY)
    with pytest.raises(InputError, match="no known evaluation protocol"):
        train(cfg, out=tmp_path / "run", data=ds)
    assert not (tmp_path / "run").exists()  # nothing written
    # an unknown ogbl-* name gets no Planetoid hyperparameters either
    with pytest.raises(InputError, match="no preset hyperparameters for dataset 'ogbl-wikikg2'"):
        TrainConfig.for_dataset("ogbl-wikikg2")
    # a split without the arrays its metric needs: named
    bad = collab_split()
    del bad["test"]["edge_neg"]
    ds = ogb_fixture(tmp_path / "b", "ogbl-collab", "hits@50", bad)
    with pytest.raises(InputError, match="test split lacks edge_neg"):
        link_data(ds)
    ds = ogb_fixture(tmp_path / "c", "ogbl-citation2", "mrr", collab_split())
    with pytest.raises(InputError, match="lacks source_node, target_node, target_node_neg"):
        link_data(ds)
