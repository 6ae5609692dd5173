"""Training of GNN link predictors, with optional TC reweighting, checkpoints and exact resume.

Protocol (Wang et al., ICLR 2024, arXiv 2310.04612; OGB's examples): full-batch message passing
on the training graph, the decoder trained on mini-batches of training edges, one fresh uniform
negative per positive each epoch (pairs that are training edges are redrawn), binary
cross-entropy, Adam, gradient-norm clipping, model selection on validation Hits@K with OGB's
``Evaluator``; the reported test Hits@K is that of the selected epoch.

Reproducibility: run ``i`` uses seed ``seed + i`` for the model initialisation, dropout
(torch's global generator) and a dedicated generator for batches and negatives. A checkpoint
holds the model, the optimiser, the reweighting weights, the best state so far and all RNG
states, so ``resume`` continues to the numbers of an uninterrupted run.

Run directory::

    RUN_DIR/config.json              resolved settings (+ fingerprint)
    RUN_DIR/run_<i>/checkpoint.pt    written atomically every ``checkpoint_every`` epochs
    RUN_DIR/run_<i>/best_model.pt    model and message weights of the selected epoch
    RUN_DIR/run_<i>/history.csv      per-epoch loss, validation and test Hits@K
    RUN_DIR/run_<i>/result.json      the run's result
    RUN_DIR/summary.json             mean and std over runs
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from graphlab.errors import DataFormatError, InputError
from graphlab.fileio import atomic_path, write_json

from .data import LinkData, load_link_data
from .metrics import hits_at_k
from .models import DECODERS, MODELS, LinkPredictor, check_model
from .propagation import MessageGraph
from .reweight import TCReweighter

__all__ = [
    "TrainConfig",
    "Trainer",
    "evaluate_hits",
    "load_best_model",
    "resolve_device",
    "sample_negatives",
    "train",
]

CHECKPOINT_FORMAT = 1
#: settings that may differ between a run and its resume
_NOT_FINGERPRINTED = ("device", "checkpoint_every", "runs")

_DEFAULTS = {
    "ogbl-ddi": {
        "hidden": 256,
        "num_layers": 2,
        "dropout": 0.5,
        "lr": 5e-3,
        "epochs": 200,
        "batch_size": 65536,
        "patience": 0,
    },
    "planetoid": {
        "hidden": 256,
        "num_layers": 1,
        "dropout": 0.0,
        "lr": 1e-3,
        "epochs": 500,
        "batch_size": 2048,
        "patience": 50,
    },
}


@dataclass
class TrainConfig:
    """Settings of a training job; ``None`` fields take the dataset's defaults.

    Defaults: Planetoid 1 layer x 256, dropout 0, lr 1e-3, at most 500 epochs, stopping after
    ``patience`` = 50 epochs without a better validation Hits@100, batch 2048 (the reference
    protocol with fewer epochs: on Cora the validation peak comes within ~50 epochs); ogbl-ddi
    2 layers x 256, dropout 0.5, lr 5e-3, 200 epochs, batch 65,536, no early stop (OGB's
    example). Decoder: a 2-layer MLP on :math:`h_u \\odot h_v`. ``patience=0`` turns early
    stopping off.
    """

    dataset: str = "cora"
    model: str = "gcn"
    hidden: int | None = None
    num_layers: int | None = None
    dropout: float | None = None
    residual: bool = False
    decoder: str = "mlp"
    decoder_layers: int = 2
    lr: float | None = None
    epochs: int | None = None
    batch_size: int | None = None
    grad_clip: float = 1.0
    reweight: bool = False
    alpha: float = 1.0
    interval: int = 1
    warmup: int = 0
    runs: int = 1
    seed: int = 0
    split_seed: int | None = None
    eval_every: int = 1
    patience: int | None = None
    checkpoint_every: int = 10
    device: str = "auto"

    def resolved(self) -> TrainConfig:
        """A copy with the dataset defaults filled in and the values checked."""
        cfg = copy.copy(self)
        check_model(cfg.model)
        if cfg.decoder not in DECODERS:
            raise InputError(f"unknown decoder {cfg.decoder!r}: choose {', '.join(DECODERS)}")
        base = _DEFAULTS.get(cfg.dataset, _DEFAULTS["planetoid"])
        for key, value in base.items():
            if getattr(cfg, key) is None:
                setattr(cfg, key, value)
        if cfg.split_seed is None:
            cfg.split_seed = cfg.seed
        for key in (
            "hidden",
            "num_layers",
            "epochs",
            "batch_size",
            "runs",
            "eval_every",
            "checkpoint_every",
            "decoder_layers",
        ):
            value = getattr(cfg, key)
            if int(value) != value or value < 1:
                raise InputError(f"{key} must be a positive integer, got {value}")
        if not (cfg.lr > 0 and math.isfinite(cfg.lr)):
            raise InputError(f"lr must be positive, got {cfg.lr}")
        if not cfg.grad_clip > 0:
            raise InputError(f"grad_clip must be positive, got {cfg.grad_clip}")
        if int(cfg.patience) != cfg.patience or cfg.patience < 0:
            raise InputError(f"patience must be an integer >= 0 (0: off), got {cfg.patience}")
        if cfg.reweight:
            if not (cfg.alpha >= 0 and math.isfinite(cfg.alpha)):
                raise InputError(f"alpha must be a finite number >= 0, got {cfg.alpha}")
            if cfg.interval < 1 or cfg.warmup < 0:
                raise InputError("interval must be >= 1 and warmup >= 0")
        return cfg

    def fingerprint(self) -> str:
        """Hash of the settings that determine the numbers (not device, runs, checkpointing)."""
        d = {k: v for k, v in asdict(self).items() if k not in _NOT_FINGERPRINTED}
        return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:16]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TrainConfig:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def resolve_device(device: str) -> torch.device:
    """``"auto"`` -> CUDA when present, else CPU; other strings as torch reads them."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        dev = torch.device(device)
    except RuntimeError as err:
        raise InputError(f"unknown device {device!r}: {err}") from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise InputError(f"device {device!r} asked for, but CUDA is not available here")
    return dev


def sample_negatives(
    num_nodes: int, count: int, forbidden_keys: Tensor, generator: torch.Generator, tries: int = 8
) -> Tensor:
    """``count`` uniform node pairs [count, 2], redrawn (up to ``tries`` times) when they are
    self-loops or training edges (``forbidden_keys``: sorted ``u * N + v``, both directions).

    Examples
    --------
    >>> g = torch.Generator().manual_seed(0)
    >>> sample_negatives(5, 3, torch.tensor([1, 5]), g).shape
    torch.Size([3, 2])
    """
    pairs = torch.randint(0, num_nodes, (count, 2), generator=generator)
    for _ in range(tries):
        keys = pairs[:, 0] * num_nodes + pairs[:, 1]
        pos = torch.searchsorted(forbidden_keys, keys).clamp(max=max(forbidden_keys.numel() - 1, 0))
        bad = pairs[:, 0] == pairs[:, 1]
        if forbidden_keys.numel():
            bad |= forbidden_keys[pos] == keys
        nbad = int(bad.sum())
        if nbad == 0:
            break
        pairs[bad] = torch.randint(0, num_nodes, (nbad, 2), generator=generator)
    return pairs


class _PairLogits(torch.nn.Module):
    """One training step's forward: full-batch encoding, then logits of positive and negative
    pairs. A module of its own so that ``DistributedDataParallel`` can wrap it."""

    def __init__(self, model: LinkPredictor) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: Tensor | None, adj_t: Tensor, pos: Tensor, neg: Tensor) -> Any:
        h = self.model.encode(x, adj_t)
        return self.model.score(h, pos), self.model.score(h, neg)


@torch.no_grad()
def _scores(model: LinkPredictor, h: Tensor, pairs: np.ndarray, chunk: int = 1 << 16) -> Tensor:
    p = torch.as_tensor(pairs, dtype=torch.long, device=h.device)
    out = [model.score(h, p[i : i + chunk]) for i in range(0, p.shape[0], chunk)]
    return torch.cat(out).cpu() if out else torch.empty(0)


@torch.no_grad()
def evaluate_hits(
    model: LinkPredictor, x: Tensor | None, adj_t: Tensor, data: LinkData, k: int | None = None
) -> dict[str, float]:
    """Validation and test Hits@K (OGB ``Evaluator``) of the model in eval mode."""
    model.eval()
    h = model.encode(x, adj_t)
    k = data.k if k is None else k
    out = {}
    for part in ("valid", "test"):
        pos = _scores(model, h, data.split[part]["edge"])
        neg = _scores(model, h, data.split[part]["edge_neg"])
        out[part] = hits_at_k(pos, neg, k)
    return out


def _load_checkpoint(path: Path) -> dict[str, Any]:
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # truncated zip, bad pickle, ...
        raise DataFormatError(
            f"{path}: checkpoint is truncated or corrupt ({type(err).__name__}: {err}); "
            "delete it to restart this run from scratch"
        ) from None
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise DataFormatError(f"{path}: not a graphlab training checkpoint")
    return state


class Trainer:
    """One training run (one seed) of a link predictor.

    Parameters
    ----------
    cfg : TrainConfig
        Resolved settings.
    data : LinkData
    run : int
        Run index; the seed is ``cfg.seed + run``.
    run_dir : path, optional
        Where checkpoints and results go; nothing is written without it.
    log : callable, optional
        Called with one line of text per evaluated epoch.
    """

    def __init__(
        self,
        cfg: TrainConfig,
        data: LinkData,
        run: int = 0,
        run_dir: str | Path | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.cfg = cfg
        self.data = data
        self.run = run
        self.seed = cfg.seed + run
        self.run_dir = None if run_dir is None else Path(run_dir)
        self.log = log or (lambda s: None)
        self.device = resolve_device(cfg.device)
        torch.manual_seed(self.seed)
        self.generator = torch.Generator().manual_seed(self.seed)
        dev = self.device
        self.mg = MessageGraph(data.graph, MODELS[cfg.model].norm).to(dev)  # type: ignore[arg-type]
        self.x = None if data.x is None else data.x.to(dev)
        self.model = LinkPredictor(
            data.num_nodes,
            None if data.x is None else data.x.shape[1],
            cfg.hidden,  # type: ignore[arg-type]
            cfg.num_layers,  # type: ignore[arg-type]
            cfg.model,
            cfg.decoder,  # type: ignore[arg-type]
            cfg.decoder_layers,
            cfg.dropout,  # type: ignore[arg-type]
            cfg.residual,
        ).to(dev)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=cfg.lr)  # type: ignore[arg-type]
        # the step's forward; linkpred.distributed wraps it in DistributedDataParallel and sets
        # rank / world, after which each rank trains on its shard of every global batch
        self.net: torch.nn.Module = _PairLogits(self.model)
        self.rank, self.world = 0, 1
        self.reweighter = (
            TCReweighter(self.mg, cfg.alpha, cfg.interval, cfg.warmup) if cfg.reweight else None
        )
        e = torch.as_tensor(data.split["train"]["edge"], dtype=torch.long)
        self.train_pos = e
        n = data.num_nodes
        keys = torch.cat([e[:, 0] * n + e[:, 1], e[:, 1] * n + e[:, 0]])
        self.forbidden = torch.unique(keys)  # sorted
        self.epoch = 0
        self.best: dict[str, Any] = {"valid": -1.0, "test": float("nan"), "epoch": 0}
        self.best_state: dict[str, Any] | None = None
        self.history: list[dict[str, float]] = []
        self.since_best = 0

    # ------------------------------------------------------------------ state
    @property
    def adj_t(self) -> Tensor:
        return self.reweighter.adj_t if self.reweighter is not None else self.mg.adj_t()

    def _weights(self) -> Tensor:
        return (self.reweighter.weight if self.reweighter is not None else self.mg.w0).cpu()

    def state_dict(self) -> dict[str, Any]:
        st: dict[str, Any] = {
            "format": CHECKPOINT_FORMAT,
            "fingerprint": self.cfg.fingerprint(),
            "run": self.run,
            "epoch": self.epoch,
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "reweighter": None if self.reweighter is None else self.reweighter.state_dict(),
            "generator": self.generator.get_state(),
            "torch_rng": torch.get_rng_state(),
            "best": dict(self.best),
            "best_state": self.best_state,
            "history": list(self.history),
            "since_best": self.since_best,
        }
        if self.device.type == "cuda":
            st["cuda_rng"] = torch.cuda.get_rng_state(self.device)
        return st

    def load_state_dict(self, st: dict[str, Any], path: Path | str = "checkpoint") -> None:
        if st.get("fingerprint") != self.cfg.fingerprint() or st.get("run") != self.run:
            raise InputError(
                f"{path}: checkpoint was written with other settings (or another run); "
                "resume with the settings of the original run"
            )
        try:
            self.model.load_state_dict(st["model"])
            self.optimizer.load_state_dict(st["optimizer"])
            if self.reweighter is not None:
                self.reweighter.load_state_dict(st["reweighter"])
            self.generator.set_state(st["generator"])
            torch.set_rng_state(st["torch_rng"])
            if "cuda_rng" in st and self.device.type == "cuda":
                torch.cuda.set_rng_state(st["cuda_rng"], self.device)
        except (KeyError, RuntimeError, TypeError, ValueError) as err:
            raise DataFormatError(f"{path}: checkpoint does not fit this model ({err})") from None
        self.epoch = int(st["epoch"])
        self.best = dict(st["best"])
        self.best_state = st["best_state"]
        self.history = list(st["history"])
        self.since_best = int(st["since_best"])

    def save_checkpoint(self) -> Path:
        assert self.run_dir is not None
        path = self.run_dir / "checkpoint.pt"
        with atomic_path(path) as tmp:
            torch.save(self.state_dict(), tmp)
        return path

    # ------------------------------------------------------------------ training
    def train_epoch(self) -> float:
        """One pass over the training edges in shuffled mini-batches; returns the mean loss."""
        cfg, model = self.cfg, self.model
        model.train()
        pos_all = self.train_pos
        perm = torch.randperm(pos_all.shape[0], generator=self.generator)
        neg_all = sample_negatives(
            self.data.num_nodes, pos_all.shape[0], self.forbidden, self.generator
        )
        adj_t = self.adj_t
        total, count = 0.0, 0
        params = [p for p in model.parameters() if p.requires_grad]
        for lo in range(0, perm.numel(), cfg.batch_size):  # type: ignore[arg-type]
            idx = perm[lo : lo + cfg.batch_size]  # type: ignore[operator]
            size = idx.numel()  # of the global batch
            if self.world > 1:  # every rank drew the same perm and negatives: take a shard
                idx = idx[self.rank :: self.world]
            pos = pos_all[idx].to(self.device)
            neg = neg_all[idx].to(self.device)
            self.optimizer.zero_grad()
            pos_out, neg_out = self.net(self.x, adj_t, pos, neg)
            if self.world == 1:
                loss = F.binary_cross_entropy_with_logits(
                    pos_out, torch.ones_like(pos_out)
                ) + F.binary_cross_entropy_with_logits(neg_out, torch.zeros_like(neg_out))
                part = loss
            else:
                # this shard's share of the global batch mean; DDP averages gradients over
                # ranks, hence the factor world
                part = (
                    F.binary_cross_entropy_with_logits(
                        pos_out, torch.ones_like(pos_out), reduction="sum"
                    )
                    + F.binary_cross_entropy_with_logits(
                        neg_out, torch.zeros_like(neg_out), reduction="sum"
                    )
                ) / size
                loss = part * self.world
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, cfg.grad_clip)
            self.optimizer.step()
            total += float(part.detach()) * size
            count += size
        if self.world > 1:
            from .distributed import all_reduce_sum

            total = all_reduce_sum(total)
        return total / max(count, 1)

    def step(self) -> dict[str, float]:
        """Run the next epoch (reweighting first when due); returns its history row."""
        cfg = self.cfg
        epoch = self.epoch + 1
        row: dict[str, float] = {"epoch": epoch}
        if self.reweighter is not None and self.reweighter.due(epoch):
            self.model.eval()
            self.reweighter.update(
                lambda adj_t: self.model.encode(self.x, adj_t), self.model.decoder, epoch
            )
            row["tc_before"] = self.reweighter.log[-1]["tc_before"]
            row["tc_after"] = self.reweighter.log[-1]["tc_after"]
            self.log(
                f"run {self.run} epoch {epoch:4d} reweighting: weighted TC "
                f"{row['tc_before']:.4f} -> {row['tc_after']:.4f}"
            )
        t0 = time.perf_counter()
        row["loss"] = self.train_epoch()
        row["train_time"] = time.perf_counter() - t0
        self.epoch = epoch
        if epoch % cfg.eval_every == 0 or epoch == cfg.epochs:
            res = evaluate_hits(self.model, self.x, self.adj_t, self.data)
            row["valid"], row["test"] = res["valid"], res["test"]
            if res["valid"] > self.best["valid"]:
                self.best = {"valid": res["valid"], "test": res["test"], "epoch": epoch}
                self.best_state = {
                    "model": {
                        k: v.detach().cpu().clone() for k, v in self.model.state_dict().items()
                    },
                    "weight": self._weights().clone(),
                }
                self.since_best = 0
            else:
                self.since_best += cfg.eval_every
            self.log(
                f"run {self.run} epoch {epoch:4d} loss {row['loss']:.4f} "
                f"valid {res['valid']:.4f} test {res['test']:.4f}"
            )
        self.history.append(row)
        return row

    def done(self) -> bool:
        if self.epoch >= self.cfg.epochs:  # type: ignore[operator]
            return True
        return bool(self.cfg.patience) and self.since_best >= self.cfg.patience  # type: ignore[operator]

    def fit(self, resume: bool = False, stop_after: int | None = None) -> dict[str, Any]:
        """Train to the end (or ``stop_after`` more epochs, for tests) and return the result.

        With ``resume`` and a checkpoint in ``run_dir``, training continues from it.
        """
        if resume and self.run_dir is not None and (self.run_dir / "checkpoint.pt").exists():
            path = self.run_dir / "checkpoint.pt"
            self.load_state_dict(_load_checkpoint(path), path)
        steps = 0
        while not self.done():
            self.step()
            steps += 1
            if self.run_dir is not None and self.epoch % self.cfg.checkpoint_every == 0:
                self.save_checkpoint()
            if stop_after is not None and steps >= stop_after:
                return self.result(final=False)
        return self.result(final=True)

    def result(self, final: bool = True) -> dict[str, Any]:
        res = {
            "run": self.run,
            "seed": self.seed,
            "epochs_run": self.epoch,
            "best_epoch": int(self.best["epoch"]),
            "valid": float(self.best["valid"]),
            "test": float(self.best["test"]),
            "metric": self.data.metric,
            "tc_log": [] if self.reweighter is None else list(self.reweighter.log),
        }
        if final and self.run_dir is not None:
            import pandas as pd

            from graphlab.fileio import write_table

            if self.epoch % self.cfg.checkpoint_every != 0:
                self.save_checkpoint()
            if self.best_state is not None:
                with atomic_path(self.run_dir / "best_model.pt") as tmp:
                    torch.save(self.best_state, tmp)
            write_table(pd.DataFrame(self.history), self.run_dir / "history.csv")
            write_json(res, self.run_dir / "result.json")
        return res


def load_best_model(run_dir: str | Path, cfg: TrainConfig, data: LinkData) -> tuple[Any, Tensor]:
    """The selected model of a finished run and its ``adj_t`` (message weights of that epoch)."""
    path = Path(run_dir) / "best_model.pt"
    if not path.exists():
        raise InputError(f"{path}: no selected model (the run has not finished)")
    try:
        st = torch.load(path, map_location="cpu", weights_only=True)
        tr = Trainer(cfg, data, run=0)
        tr.model.load_state_dict(st["model"])
    except (RuntimeError, KeyError, EOFError, ValueError) as err:
        raise DataFormatError(f"{path}: truncated or not a model of this run ({err})") from None
    return tr.model, tr.mg.adj_t(st["weight"].to(tr.mg.w0.device))


def _summary(cfg: TrainConfig, results: list[dict[str, Any]], data: LinkData) -> dict[str, Any]:
    val = np.array([r["valid"] for r in results])
    test = np.array([r["test"] for r in results])
    std = lambda a: float(a.std(ddof=1)) if a.size > 1 else 0.0  # noqa: E731
    return {
        "dataset": cfg.dataset,
        "model": cfg.model,
        "reweight": cfg.reweight,
        "metric": data.metric,
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
    data: LinkData | None = None,
    distributed: bool = False,
) -> dict[str, Any]:
    """Train ``cfg.runs`` runs and return the summary (validation/test Hits@K mean and std).

    Parameters
    ----------
    cfg : TrainConfig
    out : path, optional
        Run directory. A new run refuses a directory that already holds one; ``resume``
        continues it (finished runs are read back, the unfinished one continues from its
        checkpoint) and refuses other settings.
    resume : bool
    log : callable, optional
        Receives progress lines.
    data : LinkData, optional
        Use this data instead of loading ``cfg.dataset``.
    distributed : bool, default False
        Data-parallel training over the processes of a ``torch.distributed`` job (launched by
        ``torchrun``; see :mod:`linkpred.distributed`): every rank holds the graph and draws the
        same batches and negatives, trains on its shard of each global batch, and
        ``DistributedDataParallel`` all-reduces the gradients, so the run follows the
        single-process one with the same ``batch_size``. Rank 0 alone logs and writes ``out``.

    Raises
    ------
    InputError
        Unknown model, bad settings, an occupied run directory, a resume with other settings.
    DataFormatError
        A truncated or corrupt checkpoint.
    DatasetNotFoundError
        An unknown dataset.
    """
    cfg = cfg.resolved()
    owns_group = False
    if distributed:
        from .distributed import joined, setup

        if resume:
            raise InputError("--resume is not supported with --distributed yet")
        owns_group = not joined()
        if setup(cfg.device) > 0:  # rank 0 alone writes and logs
            out, log = None, None
    try:
        return _train(cfg, data, out, resume, log, distributed)
    finally:
        if owns_group:
            from .distributed import teardown

            teardown()


def _train(
    cfg: TrainConfig,
    data: LinkData | None,
    out: str | Path | None,
    resume: bool,
    log: Any,
    distributed: bool,
) -> dict[str, Any]:
    run_root = None if out is None else Path(out)
    if run_root is not None:
        cfg_path = run_root / "config.json"
        if resume:
            if not cfg_path.exists():
                raise InputError(f"--resume: {run_root} holds no run (no config.json)")
            try:
                saved = json.loads(cfg_path.read_text())
            except (OSError, json.JSONDecodeError) as err:
                raise DataFormatError(f"{cfg_path}: unreadable ({err})") from None
            if saved.get("fingerprint") != cfg.fingerprint():
                old = TrainConfig.from_dict(saved.get("config", {}))
                diff = [
                    f.name
                    for f in fields(cfg)
                    if f.name not in _NOT_FINGERPRINTED
                    and getattr(old, f.name) != getattr(cfg, f.name)
                ]
                raise InputError(
                    f"--resume: {run_root} was trained with other settings "
                    f"({', '.join(diff) or 'unknown'} differ); pass the original settings"
                )
        elif cfg_path.exists():
            raise InputError(
                f"{run_root} already holds a run: pass --resume to continue it or choose "
                "another --out"
            )
    if data is None:
        data = load_link_data(cfg.dataset, split_seed=cfg.split_seed)  # type: ignore[arg-type]
    if run_root is not None and not resume:
        write_json(
            {"config": asdict(cfg), "fingerprint": cfg.fingerprint()}, run_root / "config.json"
        )
    results = []
    for run in range(cfg.runs):
        run_dir = None if run_root is None else run_root / f"run_{run}"
        if resume and run_dir is not None and (run_dir / "result.json").exists():
            results.append(json.loads((run_dir / "result.json").read_text()))
            continue
        trainer = Trainer(cfg, data, run, run_dir, log)
        if distributed:
            from .distributed import wrap

            wrap(trainer)
        results.append(trainer.fit(resume=resume))
    summary = _summary(cfg, results, data)
    if run_root is not None:
        write_json(summary, run_root / "summary.json")
    return summary
