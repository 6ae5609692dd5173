"""Training runs of GNN link predictors: :func:`train` (several seeds, a run directory, resume)
and :func:`load_best_model` (the selected model of a finished run).

Protocol (Wang et al., ICLR 2024, arXiv 2310.04612; OGB's examples) and reproducibility: see
:mod:`linkpred.trainer`, which trains one run. Run ``i`` uses seed ``seed + i``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import Tensor

from graphlab.errors import DataFormatError, InputError
from graphlab.records import GraphDataset
from graphlab.safeload import load_torch

from .config import TrainConfig
from .data import LinkData, run_data
from .distributed import SingleProcess
from .models import MODELS, LinkPredictor
from .propagation import MessageGraph
from .rundir import RunDir, RunFiles
from .trainer import Trainer, build_model, resolve_device

__all__ = ["TrainConfig", "Trainer", "load_best_model", "train"]


@torch.no_grad()
def load_best_model(
    run_dir: RunFiles | str | Path, cfg: TrainConfig, data: LinkData
) -> tuple[LinkPredictor, Tensor]:
    """The selected model of a finished run and its ``adj_t`` (message weights of that epoch).

    Builds the model alone (no trainer, no optimiser); torch's global RNG is left as it was.

    Parameters
    ----------
    run_dir : RunFiles or path
        The run's files (``RunDir(out).run(i)``) or its directory.
    cfg : TrainConfig
        The run's settings (``RunDir(out).read_config()``).
    data : LinkData
    """
    files = run_dir if isinstance(run_dir, RunFiles) else RunFiles(Path(run_dir))
    path = files.best_model
    if not path.exists():
        raise InputError(f"{path}: no selected model (the run has not finished)")
    st = load_torch(path, "model")  # one DataFormatError naming the file, never torch's text
    if not isinstance(st, dict) or not {"model", "weight"} <= st.keys():
        raise DataFormatError(f"{path}: not a model saved by graphlab train")
    try:
        with torch.random.fork_rng(devices=[]):  # the initial draw is overwritten anyway
            model = build_model(cfg, data)
        model.load_state_dict(st["model"])
        mg = MessageGraph(data.graph, MODELS[cfg.model].norm)
        adj_t = mg.adj_t(st["weight"])
    except (RuntimeError, KeyError, ValueError, TypeError, InputError) as err:
        first = str(err).strip().splitlines()[0][:120] if str(err).strip() else type(err).__name__
        raise DataFormatError(f"{path}: not a model of this run ({first})") from None
    return model, adj_t


def _summary(cfg: TrainConfig, results: list[dict[str, Any]], data: LinkData) -> dict[str, Any]:
    val = np.array([r["valid"] for r in results])
    test = np.array([r["test"] for r in results])
    std = lambda a: float(a.std(ddof=1)) if a.size > 1 else 0.0  # noqa: E731
    heart = cfg.evaluation == "heart"
    extra = {}
    if heart:  # HeaRT's test MRR and Hits@K of each run's selected epoch, over runs
        per = {k: np.array([r["heart"][k] for r in results]) for k in results[0]["heart"]}
        extra["heart"] = {k: {"mean": float(v.mean()), "std": std(v)} for k, v in per.items()}
    return {
        **extra,
        "dataset": cfg.dataset,
        "model": cfg.model,
        "reweight": cfg.reweight,
        "reweight_mode": cfg.reweight_mode if cfg.reweight else None,
        "reweight_temperature": cfg.reweight_temperature if cfg.reweight else None,
        "metric": "heart-mrr" if heart else data.metric,
        "runs": len(results),
        "valid_mean": float(val.mean()),
        "valid_std": std(val),
        "test_mean": float(test.mean()),
        "test_std": std(test),
        "per_run": [
            {k: r[k] for k in ("run", "seed", "best_epoch", "valid", "test")} for r in results
        ],
    }


def train(
    cfg: TrainConfig,
    out: str | Path | None = None,
    resume: bool = False,
    log: Callable[[str], None] | None = None,
    data: LinkData | GraphDataset | None = None,
    strategy: SingleProcess | None = None,
    inputs: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Train ``cfg.runs`` runs and return the summary (validation/test Hits@K mean and std).

    Parameters
    ----------
    cfg : TrainConfig
    out : path, optional
        Run directory (:class:`linkpred.rundir.RunDir`). A new run refuses a directory that
        already holds one; ``resume`` continues it (finished runs are read back, the unfinished
        one continues from its checkpoint) and refuses other settings.
    resume : bool
    log : callable, optional
        Receives progress lines.
    data : LinkData or GraphDataset, optional
        Use this data instead of loading ``cfg.dataset``: a :class:`LinkData` (every run uses
        it, also under a protocol with one split per run), or a loaded record (a user's graph,
        features and split; :func:`linkpred.data.run_data` prepares each run's data from it).
        Data that did not come from ``cfg.dataset`` is kept in each run's folder
        (``run_<i>/data.npz``) for ``analyze``.
    strategy : SingleProcess, optional
        How the trainers share the work; one process by default. With
        :class:`linkpred.distributed.DistributedDataParallel` (from
        :func:`linkpred.distributed.process_group` in a ``torchrun`` job) every rank holds the
        graph and draws the same batches and negatives, trains on its shard of each global
        batch, and the gradients are all-reduced, so the run follows the single-process one
        with the same ``batch_size``. Its main rank alone logs and writes ``out``; every rank
        returns the same summary. With ``resume`` every rank reads ``out`` (it must be on a
        filesystem that all ranks see) and restores the same checkpoint.
    inputs : dict, optional
        What defines ``data`` (the files it was read from and their content hashes), written
        to ``out`` with the settings of a new run (``RUN_DIR/inputs.json``) so that a resume
        can refuse other files (``graphlab train`` compares them).

    Raises
    ------
    InputError
        Bad settings, an occupied run directory, a resume with other settings, a dataset whose
        metric training does not support.
    DataFormatError
        A truncated or corrupt checkpoint.
    DatasetNotFoundError
        An unknown dataset.
    """
    strategy = SingleProcess() if strategy is None else strategy
    if not strategy.is_main:  # the main rank alone writes and logs; the others read to resume
        log = None
        if not resume:
            out = None
    return _train(cfg, data, out, resume, log, strategy, inputs)


def _check_resume(rd: RunDir, cfg: TrainConfig, resume: bool) -> None:
    if not resume:
        if rd.holds_run():
            raise InputError(
                f"{rd.root} already holds a run: pass --resume to continue it or choose "
                "another --out"
            )
        return
    if not rd.holds_run():
        raise InputError(f"--resume: {rd.root} holds no run (no config.json)")
    try:
        old, fingerprint = rd.read_config()
    except InputError as err:
        raise DataFormatError(str(err)) from None
    if fingerprint != cfg.fingerprint():
        diff = cfg.differs(old)
        raise InputError(
            f"--resume: {rd.root} was trained with other settings "
            f"({', '.join(diff) or 'unknown'} differ); pass the original settings"
        )


def _train(
    cfg: TrainConfig,
    data: LinkData | GraphDataset | None,
    out: str | Path | None,
    resume: bool,
    log: Callable[[str], None] | None,
    strategy: SingleProcess,
    inputs: dict[str, Any] | None = None,
) -> dict[str, Any]:
    rd = None if out is None else RunDir(out)
    if rd is not None:
        _check_resume(rd, cfg, resume)
    # everything that can be checked is checked before the run directory is written, so that a
    # failed validation leaves nothing behind: the device, then the dataset
    resolve_device(cfg.device)
    ds = None
    given = data is not None  # not rebuilt from cfg.dataset: kept with the runs
    if data is None:
        from graphlab.datasets import load_dataset

        ds = load_dataset(cfg.dataset, GraphDataset)
    elif isinstance(data, GraphDataset):
        ds = data
    if ds is not None:
        data = run_data(cfg, 0, ds)  # checks the dataset's protocol before anything is written
    assert isinstance(data, LinkData)
    if rd is not None and not resume and strategy.is_main:
        if inputs:  # before config.json, which makes the folder a run that a resume continues
            rd.write_inputs(inputs)
        rd.write_config(cfg)
    results = []
    for run in range(cfg.runs):
        files = None if rd is None else rd.run(run)
        if resume and files is not None and files.finished():
            results.append(files.read_result())
            continue
        if ds is not None and run > 0 and cfg.rules.split_per_run:
            data = run_data(cfg, run, ds)
        if given and files is not None and strategy.is_main:
            files.write_data(data)
        trainer = Trainer(cfg, data, run, files, log, strategy)
        results.append(trainer.fit(resume=resume))
    summary = _summary(cfg, results, data)
    if rd is not None and strategy.is_main:
        rd.write_summary(summary)
    return summary
