"""One training run of a GNN link predictor (:class:`Trainer`), with optional TC reweighting,
checkpoints and exact resume. :func:`linkpred.train.train` runs several and summarises them.

Protocol (Wang et al., ICLR 2024, arXiv 2310.04612; OGB's examples): full-batch message passing
on the training graph, the decoder trained on mini-batches of training edges, one fresh uniform
negative per positive each epoch (pairs that are training edges are redrawn), binary
cross-entropy, Adam, gradient-norm clipping, model selection on the dataset's validation metric
(Hits@K, or MRR over per-positive negatives for citation2-style splits) with OGB's
``Evaluator``; the reported test metric is that of the selected epoch. Test edges are scored
with messages over ``data.test_graph`` where the dataset's convention adds the validation edges
(ogbl-collab). The config's protocol (:data:`linkpred.config.PROTOCOLS`) sets the loss
(sum or mean of the positive and negative terms), the clipping (joint, or encoder and decoder
apart) and whether the last incomplete batch is dropped.

Reproducibility: run ``i`` uses seed ``seed + i``. Batches and negatives come from a
``torch.Generator`` of that seed. Parameter initialisation and dropout cannot take a generator
(``nn.init``, ``F.dropout``), so they draw from torch's global generator *inside a scope*
(``torch.random.fork_rng``) whose state the trainer owns: seeded from the run's seed, restored
on entry and saved on exit, so the caller's global RNG is neither reseeded nor advanced, and
the numbers are those of a process that seeded the global generator itself. A checkpoint holds
the model, the optimiser, the reweighting weights, the best state so far and both RNG states,
so ``resume`` continues to the numbers of an uninterrupted run.

Ctrl-C stops training within a batch (the loop is Python; every torch call is short) and
leaves the run directory at its last complete checkpoint: checkpoints are written to a
temporary file and renamed. Epochs, batches and long evaluations show progress bars on a
terminal (:mod:`graphlab.progress`).

The run directory's layout belongs to :class:`linkpred.rundir.RunDir`; data parallelism is a
strategy the trainer is built with (:mod:`linkpred.distributed`).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from graphlab.errors import DataFormatError, InputError
from graphlab.progress import progress, progress_bar

from .config import TrainConfig
from .data import LinkData
from .distributed import SingleProcess
from .metrics import hits_at_k, mrr
from .models import MODELS, BatchRows, LinkPredictor
from .propagation import MessageGraph
from .reweight import TCReweighter
from .rundir import RunFiles

__all__ = [
    "Trainer",
    "build_model",
    "evaluate",
    "evaluate_hits",
    "resolve_device",
    "sample_negatives",
]

CHECKPOINT_FORMAT = 1


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


#: encoders whose first layer takes sparse CSR features (tested: ``GCNConv``,
#: ``WeightedSAGEConv``); on bag-of-words features (Cora 1.3 % non-zero) the first layer's
#: product, most of an epoch's time, is ~8x faster
_SPARSE_INPUT = ("gcn", "sage")


def _features(x: Tensor | None, cfg: TrainConfig, device: torch.device) -> Tensor | None:
    """The node features on ``device``, as a sparse CSR matrix where they are mostly zeros and
    the encoder takes it (the same numbers, up to float summation order)."""
    if x is None:
        return None
    sparse = (
        device.type == "cpu"
        and cfg.model in _SPARSE_INPUT
        and not (cfg.residual and x.shape[1] == cfg.hidden)
        and x.numel() > 0
        and float((x != 0).sum()) <= 0.1 * x.numel()
    )
    if not sparse:
        return x.to(device)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")
        return x.to_sparse_csr()


class _PairLogits(torch.nn.Module):
    """One training step's forward: full-batch encoding, then logits of positive and negative
    pairs. A module of its own so that ``DistributedDataParallel`` can wrap it."""

    def __init__(self, model: LinkPredictor) -> None:
        super().__init__()
        self.model = model

    def forward(
        self, x: Tensor | None, adj_t: Tensor, pos: Tensor, neg: Tensor, rows: BatchRows | None
    ) -> Any:
        h = self.model.encode(x, adj_t)
        return self.model.score(h, pos, rows), self.model.score(h, neg, rows)


@torch.no_grad()
def _scores(model: LinkPredictor, h: Tensor, pairs: np.ndarray, chunk: int = 1 << 16) -> Tensor:
    p = torch.as_tensor(pairs, dtype=torch.long, device=h.device)
    starts = range(0, p.shape[0], chunk)
    bar = progress(starts, desc="evaluation", unit="chunk", disable=len(starts) < 8)
    out = [model.score(h, p[i : i + chunk]) for i in bar]
    return torch.cat(out).cpu() if out else torch.empty(0)


@torch.no_grad()
def _mrr(
    model: LinkPredictor, h: Tensor, part: dict[str, np.ndarray], chunk: int = 1 << 16
) -> float:
    pos = _scores(model, h, part["edge"])
    neg_t = part["target_node_neg"]
    src = part["edge"][:, 0]
    rows = max(1, chunk // max(neg_t.shape[1], 1))
    neg = [
        _scores(
            model,
            h,
            np.stack(
                [np.repeat(src[i : i + rows], neg_t.shape[1]), neg_t[i : i + rows].ravel()], 1
            ),
        ).view(-1, neg_t.shape[1])
        for i in range(0, len(src), rows)
    ]
    return mrr(pos, torch.cat(neg) if neg else torch.empty(0, neg_t.shape[1]))


@torch.no_grad()
def evaluate(
    model: LinkPredictor,
    x: Tensor | None,
    adj_t: Tensor,
    data: LinkData,
    k: int | None = None,
    test_adj_t: Tensor | None = None,
) -> dict[str, float]:
    """Validation and test metric of the model in eval mode: Hits@K (OGB ``Evaluator``, K of
    ``data`` unless given) or, for ``data.mrr``, MRR over each positive's own negatives.

    ``test_adj_t`` (default ``adj_t``) is the adjacency the test edges are scored with (the
    training plus validation edges where the dataset allows it, :attr:`LinkData.test_graph`).
    """
    model.eval()
    h = model.encode(x, adj_t)
    h_test = h if test_adj_t is None else model.encode(x, test_adj_t)
    k = data.k if k is None else k
    out = {}
    for part, emb in (("valid", h), ("test", h_test)):
        if data.mrr:
            out[part] = _mrr(model, emb, data.split[part])
        else:
            pos = _scores(model, emb, data.split[part]["edge"])
            neg = _scores(model, emb, data.split[part]["edge_neg"])
            out[part] = hits_at_k(pos, neg, k)
    return out


#: the earlier name of :func:`evaluate`, from when training knew Hits@K only
evaluate_hits = evaluate


def _load_checkpoint(path: Path) -> dict[str, Any]:
    from graphlab.safeload import torch_load_reason

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch's pickle-protocol warnings: not for users
            state = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # truncated zip, bad pickle, ... (never torch's own advice)
        raise DataFormatError(
            f"{path}: checkpoint {torch_load_reason(err)}; delete it to restart this run from "
            "scratch"
        ) from None
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise DataFormatError(
            f"{path}: not a graphlab training checkpoint; delete it to restart this run from "
            "scratch"
        )
    return state


def build_model(cfg: TrainConfig, data: LinkData) -> LinkPredictor:
    """The untrained :class:`~linkpred.models.LinkPredictor` that ``cfg`` describes for
    ``data`` (parameters drawn from torch's global generator: seed or fork it around the call);
    for ``ncn`` / ``ncnc`` a :class:`~linkpred.ncn.NCNLinkPredictor` with the dataset's
    :data:`~linkpred.ncn.NCN_PRESETS` entry (Cora's for other graphs)."""
    scorer = MODELS[cfg.model].scorer
    if scorer != "pair":
        from .ncn import NCN_PRESETS, NCNLinkPredictor

        model = NCNLinkPredictor(
            data.num_nodes,
            None if data.x is None else data.x.shape[1],
            cfg.hidden,
            cfg.num_layers,
            MODELS[cfg.model].norm,
            completion=scorer == "ncnc",
            settings=NCN_PRESETS.get(cfg.dataset, NCN_PRESETS["cora"]),
            dropout=cfg.dropout,
        )
        return cast(LinkPredictor, model)  # the same interface: encode, score, decoder
    return LinkPredictor(
        data.num_nodes,
        None if data.x is None else data.x.shape[1],
        cfg.hidden,
        cfg.num_layers,
        cfg.model,
        "inner" if cfg.decoder == "inner" else "mlp",
        cfg.decoder_layers,
        cfg.dropout,
        cfg.residual,
    )


class _GlobalRNG:
    """A private stream of torch's global generator(s) (CPU, and ``device`` if CUDA).

    :meth:`scope` forks the global RNG (``torch.random.fork_rng``), installs this stream's state,
    and saves it back on exit: what runs inside (``nn.init``, ``F.dropout``) draws exactly as
    after ``torch.manual_seed(seed)``, and the caller's global state is left as it was.
    """

    def __init__(self, seed: int, device: torch.device) -> None:
        self.cuda = device.type == "cuda"
        index = device.index if device.index is not None else 0
        self.devices = [index] if self.cuda else []
        with torch.random.fork_rng(devices=self.devices):
            torch.manual_seed(seed)
            self.cpu_state = torch.get_rng_state()
            self.cuda_state = torch.cuda.get_rng_state(index) if self.cuda else None

    @contextmanager
    def scope(self) -> Iterator[None]:
        with torch.random.fork_rng(devices=self.devices):
            torch.set_rng_state(self.cpu_state)
            if self.cuda_state is not None:
                torch.cuda.set_rng_state(self.cuda_state, self.devices[0])
            try:
                yield
            finally:
                self.cpu_state = torch.get_rng_state()
                if self.cuda:
                    self.cuda_state = torch.cuda.get_rng_state(self.devices[0])


class Trainer:
    """One training run (one seed) of a link predictor.

    Parameters
    ----------
    cfg : TrainConfig
    data : LinkData
    run : int
        Run index; the seed is ``cfg.seed + run``.
    run_dir : RunFiles or path, optional
        Where this run's checkpoints and results go (``RunDir(out).run(run)``); nothing is
        written without it. With a data-parallel strategy every rank reads it (``resume``) and
        the main rank alone writes it.
    log : callable, optional
        Called with one line of text per evaluated epoch.
    strategy : SingleProcess, optional
        Data parallelism (:class:`linkpred.distributed.DistributedDataParallel`); one process
        by default.
    """

    def __init__(
        self,
        cfg: TrainConfig,
        data: LinkData,
        run: int = 0,
        run_dir: RunFiles | str | Path | None = None,
        log: Callable[[str], None] | None = None,
        strategy: SingleProcess | None = None,
    ) -> None:
        self.cfg = cfg
        self.data = data
        self.run = run
        self.seed = cfg.seed + run
        self.files = run_dir if not isinstance(run_dir, (str, Path)) else RunFiles(Path(run_dir))
        self.log = log or (lambda s: None)
        self.strategy = strategy or SingleProcess()
        self.device = dev = resolve_device(cfg.device)
        self.rng = _GlobalRNG(self.seed, dev)
        self.generator = torch.Generator().manual_seed(self.seed)
        self.mg = MessageGraph(data.graph, MODELS[cfg.model].norm).to(dev)
        self.x = _features(data.x, cfg, dev)
        with self.rng.scope():
            self.model = build_model(cfg, data).to(dev)
        groups = getattr(self.model, "param_groups", None)  # NCN: encoder and predictor rates
        self.optimizer = torch.optim.Adam(
            self.model.parameters() if groups is None else groups(cfg.lr), lr=cfg.lr
        )
        # the step's forward, wrapped by the strategy (DDP all-reduces its gradients)
        self.net = self.strategy.wrap_module(_PairLogits(self.model), dev)
        self.reweighter = (
            TCReweighter(
                self.mg,
                cfg.alpha,
                cfg.interval,
                cfg.warmup,
                mode=cfg.reweight_mode,
                temperature=cfg.reweight_temperature,
            )
            if cfg.reweight
            else None
        )
        self.test_adj_t: Tensor | None = None
        if data.test_graph is not None:
            if cfg.reweight:
                raise InputError(
                    f"{data.name}: TC reweighting has no weights for the validation edges that "
                    "this dataset's convention adds to the graph at test time; train without "
                    "--reweight, or with --protocol paper (training graph only)"
                )
            self.test_adj_t = MessageGraph(data.test_graph, MODELS[cfg.model].norm).to(dev).adj_t()
        self.heart = None  # --eval heart: HeaRT's per-positive hard negatives, cached on disk
        if cfg.evaluation == "heart":
            from graphlab.datasets import cache_dir

            from .heart import HeartNegatives

            self.heart = HeartNegatives.for_data(
                data, seed=cfg.split_seed, cache=cache_dir() / "heart"
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

    @property
    def rank(self) -> int:
        return self.strategy.rank

    @property
    def world(self) -> int:
        return self.strategy.world

    # ------------------------------------------------------------------ state
    @property
    def adj_t(self) -> Tensor:
        return self.reweighter.adj_t if self.reweighter is not None else self.mg.adj_t()

    @property
    def target_link_removal(self) -> bool:
        return bool(getattr(self.model, "target_link_removal", False))

    def _without(self, pairs: Tensor) -> Tensor:
        """``adj_t`` without the entries of ``pairs``: base weights renormalised on the rest,
        reweighted weights kept as they are."""
        from .ncn import remove_pairs

        mg = self.mg
        if self.reweighter is None:
            return remove_pairs(mg.crow, mg.col, mg.w0, pairs, renormalise=mg.norm)
        return remove_pairs(mg.crow, mg.col, self.reweighter.weight, pairs)

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
            "torch_rng": self.rng.cpu_state,
            "best": dict(self.best),
            "best_state": self.best_state,
            "history": list(self.history),
            "since_best": self.since_best,
        }
        if self.rng.cuda_state is not None:
            st["cuda_rng"] = self.rng.cuda_state
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
            self.rng.cpu_state = st["torch_rng"]
            if "cuda_rng" in st and self.rng.cuda:
                self.rng.cuda_state = st["cuda_rng"]
        except (KeyError, RuntimeError, TypeError, ValueError) as err:
            first = str(err).strip().splitlines()[0][:120] if str(err).strip() else repr(err)
            raise DataFormatError(f"{path}: checkpoint does not fit this model ({first})") from None
        self.epoch = int(st["epoch"])
        self.best = dict(st["best"])
        self.best_state = st["best_state"]
        self.history = list(st["history"])
        self.since_best = int(st["since_best"])

    @property
    def writes(self) -> bool:
        """Whether this process writes the run directory (it has one and is the main rank)."""
        return self.files is not None and self.strategy.is_main

    def save_checkpoint(self) -> Path:
        """Write the checkpoint (the main rank alone; every rank holds the same state)."""
        if self.files is None:
            raise InputError("this trainer has no run directory to write a checkpoint to")
        if self.strategy.is_main:
            self.files.save(self.state_dict(), self.files.checkpoint)
        return self.files.checkpoint

    # ------------------------------------------------------------------ training
    def train_epoch(self) -> float:
        """One pass over the training edges in shuffled mini-batches; returns the mean loss."""
        cfg, model, strategy = self.cfg, self.model, self.strategy
        model.train()
        pos_all = self.train_pos
        perm = torch.randperm(pos_all.shape[0], generator=self.generator)
        neg_all = sample_negatives(
            self.data.num_nodes, pos_all.shape[0], self.forbidden, self.generator
        )
        adj_t = self.adj_t
        total, count = 0.0, 0
        rules = cfg.rules
        params = [p for p in model.parameters() if p.requires_grad]
        # the authors clip the encoder and the decoder each to the norm (two calls)
        groups = (
            [[p for p in m.parameters() if p.requires_grad] for m in model.children()]
            if rules.clip == "separate"
            else [params]
        )
        # the authors' loss is the mean of the two terms (OGB's examples: their sum)
        scale = 0.5 if rules.loss == "mean" else 1.0
        end = perm.numel()
        if rules.drop_last and end >= cfg.batch_size:  # the last incomplete batch is skipped
            end -= end % cfg.batch_size
        starts = range(0, end, cfg.batch_size)
        batches = progress(
            starts, desc="batches", unit="batch", disable=len(starts) < 2 or self.rank != 0
        )
        for lo in batches:
            idx = perm[lo : lo + cfg.batch_size]
            size = idx.numel()  # of the global batch
            # every process drew the same perm and negatives: each takes its shard, and draws
            # the decoder's dropout masks for the global batch, keeping its shard's rows (so
            # the global RNG advances and the masks are those of the single-process run)
            rows = None
            if strategy.world > 1:
                local = strategy.shard(torch.arange(size))
                idx = idx[local]
                rows = BatchRows(local.to(self.device), size)
            pos = pos_all[idx].to(self.device)
            neg = neg_all[idx].to(self.device)
            self.optimizer.zero_grad()
            # NCN's target link removal: the batch's positives are not in its message graph
            batch_adj = self._without(pos) if self.target_link_removal else adj_t
            pos_out, neg_out = self.net(self.x, batch_adj, pos, neg, rows)
            if strategy.world == 1:
                loss = scale * (
                    F.binary_cross_entropy_with_logits(pos_out, torch.ones_like(pos_out))
                    + F.binary_cross_entropy_with_logits(neg_out, torch.zeros_like(neg_out))
                )
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
                ) * (scale / size)
                loss = part * strategy.world
            loss.backward()
            for group in groups:
                torch.nn.utils.clip_grad_norm_(group, cfg.grad_clip)
            self.optimizer.step()
            total += float(part.detach()) * size
            count += size
        total = strategy.all_reduce_sum(total)
        return total / max(count, 1)

    def step(self) -> dict[str, float]:
        """Run the next epoch (reweighting first when due); returns its history row."""
        with self.rng.scope():  # dropout draws from the trainer's stream
            return self._step()

    def _step(self) -> dict[str, float]:
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
            heart: dict[str, float] = {}
            if self.heart is None:
                res = evaluate(
                    self.model, self.x, self.adj_t, self.data, test_adj_t=self.test_adj_t
                )
            else:  # selection on HeaRT's validation MRR; test MRR and Hits@K reported
                both = self.heart.evaluate(self.model, self.x, self.adj_t, self.data)
                res = {"valid": both["valid"]["mrr"], "test": both["test"]["mrr"]}
                heart = {f"test_{k}": v for k, v in both["test"].items()}
                row.update(heart)
            row["valid"], row["test"] = res["valid"], res["test"]
            if res["valid"] > self.best["valid"]:
                self.best = {"valid": res["valid"], "test": res["test"], "epoch": epoch, **heart}
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
        if self.epoch >= self.cfg.epochs:
            return True
        return bool(self.cfg.patience) and self.since_best >= self.cfg.patience

    def fit(self, resume: bool = False, stop_after: int | None = None) -> dict[str, Any]:
        """Train to the end (or ``stop_after`` more epochs, for tests) and return the result.

        With ``resume`` and a checkpoint in the run directory, training continues from it; with
        a data-parallel strategy every rank reads the checkpoint that the main rank wrote, after
        a barrier (call it with the same ``resume`` on every rank).
        """
        if resume:
            self.strategy.barrier()  # what the main rank wrote is complete
            if self.files is not None and self.files.checkpoint.exists():
                path = self.files.checkpoint
                self.load_state_dict(_load_checkpoint(path), path)
        steps = 0
        with progress_bar(
            self.cfg.epochs,
            initial=self.epoch,
            desc=f"training run {self.run}",
            unit="epoch",
            disable=self.rank != 0,
        ) as bar:
            while not self.done():
                self.step()
                bar.update(1)
                steps += 1
                if self.writes and self.epoch % self.cfg.checkpoint_every == 0:
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
            "metric": self.data.metric if self.heart is None else "heart-mrr",
            "tc_log": [] if self.reweighter is None else list(self.reweighter.log),
        }
        if self.heart is not None:  # the selected epoch's HeaRT test metrics
            res["heart"] = {k[5:]: float(v) for k, v in self.best.items() if k[:5] == "test_"}
        if final and self.files is not None and self.writes:
            if self.epoch % self.cfg.checkpoint_every != 0:
                self.save_checkpoint()
            if self.best_state is not None:
                self.files.save(self.best_state, self.files.best_model)
            self.files.write_history(self.history)
            self.files.write_result(res)
        return res
