"""Data-parallel training of link predictors with plain ``torch.distributed``.

Every rank (process) holds the whole graph and features and runs the full-batch encoder; the
supervision edges and their negatives are sharded: all ranks draw the same shuffled order and the
same negatives from the run's seed, and rank ``r`` of ``W`` trains on pairs ``r, r + W, ...`` of
each global batch of ``batch_size`` pairs. ``DistributedDataParallel`` all-reduces (averages) the
gradients; each rank's loss is its shard's share of the global batch mean times ``W``, so the
averaged gradient is that of the single-process batch and every rank takes the same optimiser
step.

Dropout draws the single-process run's masks. Dropout draws from torch's global generator (the
trainer's stream, same seed on every rank). The encoder's masks (full-batch node embeddings)
have the same shape on every rank and in the single-process run; the decoder's act on the pair
batch, whose shard is smaller than the global batch, so a rank that drew them for its shard
would draw other masks and leave the stream elsewhere (every later mask, encoder included,
would differ: this was the drift, 1.5e-3 in the loss after one epoch, 2.7e-2 after five).
Each rank therefore draws the decoder's masks for the whole global batch and keeps its shard's
rows (:func:`linkpred.models.batch_dropout`), so every rank applies the single-process masks and
the stream stays in step. The loss curve and the selected model follow a single-process run
with the same ``batch_size`` up to floating-point summation order (per-shard loss sums, the
order of the all-reduce), with or without dropout (measured, 2 gloo ranks, tiny graph, 5
epochs: largest loss difference 5e-8 at dropout 0 and at dropout 0.3; equal Hits@K every epoch;
not measured on GPUs, where the same construction applies to the fused CUDA dropout).

Resume: the main rank alone writes the run directory; with ``resume`` every rank reads it and,
after a barrier (:meth:`SingleProcess.barrier`), restores the same checkpoint (all ranks hold
the same state, RNG streams included, so rank 0's checkpoint is every rank's). The directory
must be on a filesystem that every rank sees. Tested (2 gloo ranks, dropout 0.3): a run stopped
after 3 of 6 epochs and resumed ends with the uninterrupted run's history, results and selected
model, bit for bit.

Launch (one machine, two processes; add ``--nnodes``, ``--node-rank`` and
``--rdzv-endpoint`` for several machines)::

    torchrun --nproc-per-node 2 -m graphlab.cli train cora --distributed --out runs/cora

From Python, the trainer is built with the strategy (nothing patches it afterwards)::

    with process_group("cpu") as strategy:       # joins torchrun's group, leaves it at the end
        summary = train(cfg, strategy=strategy)   # or Trainer(cfg, data, strategy=strategy)
        if strategy.is_main:
            print(summary)

CPU processes use the gloo backend, GPUs nccl (one GPU per local rank). The
``torch_geometric.distributed`` package (deprecated) is not used.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import torch
import torch.distributed as dist

from graphlab.errors import InputError

__all__ = [
    "DistributedDataParallel",
    "SingleProcess",
    "joined",
    "process_group",
    "setup",
    "teardown",
]


def setup(device: str = "auto") -> int:
    """Join the process group of a ``torchrun`` job (if not joined yet); return this rank.

    The backend is nccl when the job trains on GPUs, else gloo. ``RANK``, ``WORLD_SIZE``,
    ``MASTER_ADDR`` and ``MASTER_PORT`` come from the environment (torchrun sets them).

    Raises
    ------
    InputError
        When the process was not started by torchrun (no ``RANK`` / ``WORLD_SIZE``).
    """
    if not dist.is_available():
        raise InputError("this torch build has no torch.distributed")
    if not dist.is_initialized():
        if "RANK" not in os.environ or "WORLD_SIZE" not in os.environ:
            raise InputError(
                "--distributed runs under torchrun, e.g. "
                "`torchrun --nproc-per-node 2 -m graphlab.cli train DATASET --distributed`"
            )
        gpu = device != "cpu" and torch.cuda.is_available()
        if gpu:
            torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", 0)))
        dist.init_process_group(backend="nccl" if gpu else "gloo")
    return dist.get_rank()


def joined() -> bool:
    """Whether this process is in a ``torch.distributed`` process group."""
    return dist.is_available() and dist.is_initialized()


def teardown() -> None:
    """Leave the process group. Call it before the process exits: gloo's threads must stop
    before the interpreter does, or the C++ runtime aborts the rank at exit."""
    if joined():
        dist.destroy_process_group()


class SingleProcess:
    """The default strategy: one process trains on every pair of each batch.

    A strategy is what :class:`linkpred.trainer.Trainer` asks about data parallelism: which
    share of a global batch this process trains on (:meth:`shard`), how the step's module is
    wrapped (:meth:`wrap_module`), how per-process sums are combined (:meth:`all_reduce_sum`),
    and whether this process logs and writes (:attr:`is_main`).
    """

    rank = 0
    world = 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def wrap_module(self, module: torch.nn.Module, device: torch.device) -> torch.nn.Module:
        return module

    def shard(self, index: torch.Tensor) -> torch.Tensor:
        return index

    def all_reduce_sum(self, value: float) -> float:
        return value

    def barrier(self) -> None:
        """Wait for every process (nothing to wait for here)."""


class DistributedDataParallel(SingleProcess):
    """Data parallelism over the processes of the joined ``torch.distributed`` group.

    Every rank draws the same batch order and negatives (same seed) and trains on its shard
    ``rank, rank + world, ...`` of each global batch; ``torch.nn.parallel.DistributedDataParallel``
    all-reduces the gradients. Call :func:`setup` first (``torchrun`` sets the environment).

    Raises
    ------
    InputError
        If this process has not joined a process group.
    """

    def __init__(self) -> None:
        if not joined():
            raise InputError("DistributedDataParallel needs a process group: call setup() first")
        self.rank = dist.get_rank()
        self.world = dist.get_world_size()

    def wrap_module(self, module: torch.nn.Module, device: torch.device) -> torch.nn.Module:
        # the parameters are broadcast from rank 0 (they are equal anyway: same seed)
        from torch.nn.parallel import DistributedDataParallel as DDP

        return DDP(module, device_ids=[device] if device.type == "cuda" else None)

    def shard(self, index: torch.Tensor) -> torch.Tensor:
        return index[self.rank :: self.world]

    def all_reduce_sum(self, value: float) -> float:
        """Sum of a number over all ranks (float64)."""
        backend = dist.get_backend()
        dev = torch.device("cuda", torch.cuda.current_device()) if backend == "nccl" else None
        t = torch.tensor([value], dtype=torch.float64, device=dev)
        dist.all_reduce(t)
        return float(t.item())

    def barrier(self) -> None:
        """Wait until every rank has come here (e.g. before all read what rank 0 wrote)."""
        dist.barrier()


@contextlib.contextmanager
def process_group(device: str = "auto") -> Iterator[DistributedDataParallel]:
    """Join the ``torchrun`` job's process group for the block and yield its strategy.

    Leaves the group at the end if this call joined it (see :func:`teardown` for why that
    matters).

    Raises
    ------
    InputError
        When the process was not started by torchrun.
    """
    owns = not joined()
    setup(device)
    try:
        yield DistributedDataParallel()
    finally:
        if owns:
            teardown()
