"""Data-parallel training of link predictors with plain ``torch.distributed``.

Every rank (process) holds the whole graph and features and runs the full-batch encoder; the
supervision edges and their negatives are sharded: all ranks draw the same shuffled order and the
same negatives from the run's seed, and rank ``r`` of ``W`` trains on pairs ``r, r + W, ...`` of
each global batch of ``batch_size`` pairs. ``DistributedDataParallel`` all-reduces (averages) the
gradients; each rank's loss is its shard's share of the global batch mean times ``W``, so the
averaged gradient is that of the single-process batch and every rank takes the same optimiser
step. The loss curve and the selected model follow a single-process run with the same
``batch_size`` up to floating-point summation order (and the order of the all-reduce), when
dropout is 0. With dropout the masks differ from the single-process run's (measured: losses
about 1e-3 apart after one epoch on a tiny graph; not yet traced), so runs agree in distribution
only.

Launch (one machine, two processes; add ``--nnodes``, ``--node-rank`` and
``--rdzv-endpoint`` for several machines)::

    torchrun --nproc-per-node 2 -m graphlab.cli train cora --distributed --out runs/cora

CPU processes use the gloo backend, GPUs nccl (one GPU per local rank). The
``torch_geometric.distributed`` package (deprecated) is not used.
"""

from __future__ import annotations

import os
from typing import Any

import torch
import torch.distributed as dist

from graphlab.errors import InputError

__all__ = ["all_reduce_sum", "joined", "setup", "teardown", "wrap"]


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


def wrap(trainer: Any) -> Any:
    """Make a :class:`linkpred.train.Trainer` train its rank's shard under DDP; returns it.

    The model's parameters are broadcast from rank 0 (they are equal anyway: same seed).
    """
    from torch.nn.parallel import DistributedDataParallel

    ids = [trainer.device] if trainer.device.type == "cuda" else None
    trainer.net = DistributedDataParallel(trainer.net, device_ids=ids)
    trainer.rank, trainer.world = dist.get_rank(), dist.get_world_size()
    return trainer


def all_reduce_sum(value: float) -> float:
    """Sum of a number over all ranks (float64)."""
    backend = dist.get_backend()
    dev = torch.device("cuda", torch.cuda.current_device()) if backend == "nccl" else None
    t = torch.tensor([value], dtype=torch.float64, device=dev)
    dist.all_reduce(t)
    return float(t.item())
