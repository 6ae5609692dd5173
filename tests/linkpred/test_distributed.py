"""DDP training on 2 CPU processes (gloo, launched by torchrun) follows a single-process run.

With dropout 0 and 0.3 (encoder and decoder): every rank draws the decoder's dropout masks for
the global batch and keeps its rows, so the masks are the single-process run's (see
linkpred.distributed). Tolerance: the two runs differ only in floating-point summation order
(per-shard loss sums, the gradient all-reduce), so the per-epoch losses agree to 1e-5 relative
and the validation / test
Hits@K of every epoch are equal (on this tiny graph a rounding-level score change does not move
a rank).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch

from graphlab.errors import InputError
from linkpred.train import TrainConfig, Trainer

from ._tiny import random_graph

TINY = Path(__file__).with_name("_tiny.py")

PREAMBLE = textwrap.dedent(
    """
    import json, sys
    import importlib.util
    import numpy as np
    import torch
    spec = importlib.util.spec_from_file_location("_tiny", sys.argv[1])
    tiny = importlib.util.module_from_spec(spec); spec.loader.exec_module(tiny)
    from linkpred.data import from_split
    from linkpred.splits import random_link_split
    from linkpred.train import Trainer, TrainConfig, train
    from linkpred.distributed import DistributedDataParallel, setup, teardown

    torch.set_num_threads(1)
    cfg = TrainConfig(**json.loads(sys.argv[2]))
    g = tiny.random_graph(60, 0.12, seed=3)
    x = np.random.default_rng(0).normal(size=(60, 5)).astype(np.float32)
    data = from_split("tiny", 60, random_link_split(g, seed=0), x, k=5)
    rank = setup("cpu")
    """
)

SCRIPT = PREAMBLE + textwrap.dedent(
    """
    trainer = Trainer(cfg, data, strategy=DistributedDataParallel())
    res = trainer.fit()
    out = {"rank": rank, "world": trainer.world, "history": trainer.history, "result": res}
    with open(sys.argv[3] + f".{rank}.json", "w") as f:
        json.dump(out, f)
    teardown()
    """
)

# an uninterrupted run, then a run stopped after 3 of 6 epochs (rank 0 writes its checkpoint)
# and resumed with train(resume=True): every rank reads the checkpoint
RESUME_SCRIPT = PREAMBLE + textwrap.dedent(
    """
    from pathlib import Path
    from linkpred.rundir import RunDir
    out = Path(sys.argv[3])
    strategy = DistributedDataParallel()
    full = train(cfg, out=out / "full", data=data, strategy=strategy)
    rd = RunDir(out / "cut")
    if strategy.is_main:
        rd.write_config(cfg)
    Trainer(cfg, data, 0, rd.run(0), strategy=strategy).fit(stop_after=3)
    strategy.barrier()
    stopped = torch.load(rd.run(0).checkpoint, weights_only=True)["epoch"]
    resumed = train(cfg, out=out / "cut", resume=True, data=data, strategy=strategy)
    with open(out / f"ranks.{rank}.json", "w") as f:
        json.dump({"full": full, "resumed": resumed, "stopped": stopped}, f)
    teardown()
    """
)

CONFIG = {"dataset": "tiny", "model": "gcn", "hidden": 8, "num_layers": 2, "dropout": 0.0,
          "lr": 0.01, "epochs": 5, "batch_size": 37, "reweight": True, "alpha": 0.5,
          "interval": 2, "warmup": 1, "patience": 0, "device": "cpu"}  # fmt: skip


def single_process(config: dict) -> tuple[list[dict], dict]:
    from linkpred.data import from_split
    from linkpred.splits import random_link_split

    g = random_graph(60, 0.12, seed=3)
    x = np.random.default_rng(0).normal(size=(60, 5)).astype(np.float32)
    data = from_split("tiny", 60, random_link_split(g, seed=0), x, k=5)
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        tr = Trainer(TrainConfig(**config), data)
        res = tr.fit()
    finally:
        torch.set_num_threads(old)
    return tr.history, res


@pytest.mark.parametrize("dropout", [0.0, 0.3])
def torchrun(script_text: str, config: dict, out: Path, tmp_path: Path) -> None:
    """Run the script in a 2-process torchrun job (argv: _tiny.py, config JSON, out)."""
    script = tmp_path / "ddp_job.py"
    script.write_text(script_text)
    torchrun = Path(sys.executable).with_name("torchrun")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    cmd = [str(torchrun), "--standalone", "--nproc-per-node", "2", str(script),
           str(TINY), json.dumps(config), str(out)]  # fmt: skip
    # its own session, so a hung run is killed with its worker processes, not just torchrun
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True,
    )  # fmt: skip
    try:
        _, stderr = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    assert proc.returncode == 0, stderr[-3000:]


@pytest.mark.parametrize("dropout", [0.0, 0.3])
def test_ddp_two_processes_match_single_process(tmp_path, dropout):
    config = {**CONFIG, "dropout": dropout}
    torchrun(SCRIPT, config, tmp_path / "out", tmp_path)
    ranks = [json.loads((tmp_path / f"out.{r}.json").read_text()) for r in (0, 1)]
    assert [r["world"] for r in ranks] == [2, 2]
    hist, res = single_process(config)
    diff = max(abs(row["loss"] - s["loss"]) for r in ranks for row, s in zip(r["history"], hist))
    print(f"dropout {dropout}: max |loss diff| {diff:.3g}")
    # the batch (37) does not divide the 2 shards evenly, and the last batch is short
    for r in ranks:
        loss = [row["loss"] for row in r["history"]]
        np.testing.assert_allclose(loss, [row["loss"] for row in hist], rtol=1e-5)
        assert [row["valid"] for row in r["history"]] == [row["valid"] for row in hist]
        assert [row["test"] for row in r["history"]] == [row["test"] for row in hist]
        assert r["result"]["best_epoch"] == res["best_epoch"]
        assert r["result"]["valid"] == res["valid"] and r["result"]["test"] == res["test"]
    # the loss falls: the run trained
    assert hist[-1]["loss"] < hist[0]["loss"]


def test_ddp_resume_equals_uninterrupted(tmp_path):
    config = {**CONFIG, "dropout": 0.3, "epochs": 6, "checkpoint_every": 1}
    out = tmp_path / "out"
    out.mkdir()
    torchrun(RESUME_SCRIPT, config, out, tmp_path)
    ranks = [json.loads((out / f"ranks.{r}.json").read_text()) for r in (0, 1)]
    for r in ranks:
        assert r["stopped"] == 3
        assert r["resumed"] == r["full"] == ranks[0]["full"]
    drop = ["train_time"]
    hist_full = pd.read_csv(out / "full/run_0/history.csv").drop(columns=drop)
    hist_cut = pd.read_csv(out / "cut/run_0/history.csv").drop(columns=drop)
    assert len(hist_full) == 6
    pd.testing.assert_frame_equal(hist_cut, hist_full, check_exact=True)
    a = torch.load(out / "full/run_0/best_model.pt", weights_only=True)
    b = torch.load(out / "cut/run_0/best_model.pt", weights_only=True)
    for key in a["model"]:
        torch.testing.assert_close(a["model"][key], b["model"][key], rtol=0, atol=0)


def test_distributed_outside_torchrun_is_an_input_error(monkeypatch):
    monkeypatch.delenv("RANK", raising=False)
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    from linkpred.distributed import process_group

    with pytest.raises(InputError, match="torchrun"), process_group("cpu"):
        pass


def test_strategy_needs_a_process_group():
    from linkpred.distributed import DistributedDataParallel, SingleProcess, joined

    assert not joined()
    with pytest.raises(InputError, match="process group"):
        DistributedDataParallel()
    single = SingleProcess()
    idx = torch.arange(5)
    assert single.is_main and single.world == 1 and torch.equal(single.shard(idx), idx)
