"""Backends that run the row-block kernels: in this process, or as tasks on a Dask cluster.

Every blocked kernel of graphlab (:func:`graphlab.kernels.blockwise`, the walk kernel of
:func:`graphlab.kernels.walk_presence_rowsums` behind exact TC, the per-node triangle counts of
:mod:`graphlab.stats`) is a function ``fn(data, block)`` over blocks of rows, where ``data`` (the
adjacency and whatever else every block reads) is the same for all blocks. An *executor* maps it
over the blocks and yields the results in block order:

* :class:`SerialExecutor` calls ``fn`` in this process, one block after the other;
* :class:`DaskExecutor` sends ``data`` once to every worker of a ``dask.distributed`` cluster
  (``client.scatter(data, broadcast=True)``), runs one task per block and gathers the results in
  block order. Without a scheduler address it starts a :class:`distributed.LocalCluster` and
  closes it on exit. A worker lost mid-run costs only its tasks: the scheduler re-runs them
  elsewhere (up to ``allowed_failures`` times per task), and since every task is a pure function
  of its block the result is the same.

The block decomposition never depends on the backend, so a Dask run returns exactly the numbers
of a serial run. The serial executor is the same as none at all: every kernel asks
:func:`remote_executor` and, for ``None`` or a :class:`SerialExecutor`, runs its in-process path
(numba over all rows at once, the fastest kernel for the data), never the per-block task path
that only pays off when blocks go to other processes. ``import graphlab`` does not import dask:
it is imported when a :class:`DaskExecutor` starts.

Examples
--------
>>> with get_executor("serial") as ex:
...     list(ex.map(_demo_square, [slice(0, 2), slice(2, 3)], data=10))
[[100, 121], [144]]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from .errors import InputError
from .progress import progress

__all__ = [
    "BACKENDS",
    "DaskExecutor",
    "Executor",
    "SerialExecutor",
    "get_executor",
    "remote_executor",
    "split_blocks",
]

#: Names accepted by :func:`get_executor` and the CLI's ``--backend``.
BACKENDS = ("serial", "dask")


def _demo_square(data: int, blk: slice) -> list[int]:
    return [(data + i) ** 2 for i in range(blk.start, blk.stop)]


def split_blocks(blocks: list[slice], min_blocks: int) -> list[slice]:
    """Split the largest blocks in halves until there are at least ``min_blocks`` of them.

    Per-row results do not depend on which rows share a block, so splitting only changes how
    many tasks there are. Blocks of one row are not split.

    Examples
    --------
    >>> split_blocks([slice(0, 8), slice(8, 10)], 4)
    [slice(0, 2, None), slice(2, 4, None), slice(4, 8, None), slice(8, 10, None)]
    """
    out = list(blocks)
    while len(out) < min_blocks:
        sizes = [b.stop - b.start for b in out]
        k = max(range(len(out)), key=sizes.__getitem__, default=None)
        if k is None or sizes[k] < 2:
            break
        b = out[k]
        mid = b.start + sizes[k] // 2
        out[k : k + 1] = [slice(b.start, mid), slice(mid, b.stop)]
    return out


class Executor(AbstractContextManager):
    """Maps ``fn(data, block)`` over blocks and yields the results in block order.

    Attributes
    ----------
    min_blocks : int
        Fewest blocks worth making for this executor (enough tasks to keep every worker busy);
        kernels whose results do not depend on the blocking split theirs to at least this many.
    """

    min_blocks: int = 1

    def map(
        self,
        fn: Callable[[Any, Any], Any],
        blocks: Iterable[Any],
        data: Any = None,
        *,
        desc: str | None = None,
    ) -> Iterator[Any]:
        """Yield ``fn(data, block)`` for every block, in the order of ``blocks``."""
        raise NotImplementedError

    def close(self) -> None:
        """Release what the executor holds (a no-op for the serial one)."""

    def __exit__(self, *exc: object) -> None:
        self.close()


class SerialExecutor(Executor):
    """Run every block in this process, in order (a progress bar when there are several)."""

    def map(self, fn, blocks, data=None, *, desc=None):
        blocks = list(blocks)
        for blk in progress(blocks, total=len(blocks), desc=desc, disable=len(blocks) < 3):
            yield fn(data, blk)


class DaskExecutor(Executor):
    """Run every block as a task of a ``dask.distributed`` cluster.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``). When omitted a
        :class:`distributed.LocalCluster` of ``n_workers`` processes is started here and closed
        by :meth:`close`.
    n_workers : int, default 2
        Worker processes of the local cluster.
    threads_per_worker : int, default 1
        Threads of each local worker; also the numba threads a worker's kernels use
        (``NUMBA_NUM_THREADS`` of the worker processes).
    memory_limit : str or int, default "auto"
        Memory limit of each local worker (dask's meaning: the nanny restarts a worker above it).
    allowed_failures : int, default 3
        How many workers may die while running one task before the task is given up
        (``distributed.scheduler.allowed-failures`` of the local cluster; a remote scheduler
        uses its own setting).
    client : distributed.Client, optional
        Use this client (and its cluster) instead; it is left open.

    Notes
    -----
    ``data`` of :meth:`map` is scattered once per call to every worker with
    ``broadcast=True``; each task then receives only its block (a ``slice``) and returns its
    per-node values. Functions must be importable on the workers (graphlab installed there).
    """

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        n_workers: int = 2,
        threads_per_worker: int = 1,
        memory_limit: str | int = "auto",
        allowed_failures: int = 3,
        client: Any = None,
    ) -> None:
        import dask
        from distributed import Client, LocalCluster

        if n_workers < 1 or threads_per_worker < 1:
            raise InputError(
                f"n_workers and threads_per_worker must be >= 1, got {n_workers} and "
                f"{threads_per_worker}"
            )
        self._own_client = client is None
        self.cluster = None
        if client is not None:
            self.client = client
        elif scheduler:
            try:
                self.client = Client(scheduler, timeout="30s")
            except OSError as err:
                raise InputError(
                    f"cannot reach the Dask scheduler at {scheduler!r}: {err}"
                ) from None
        else:
            with dask.config.set(
                {
                    "distributed.scheduler.allowed-failures": int(allowed_failures),
                }
            ):
                self.cluster = LocalCluster(
                    n_workers=n_workers,
                    threads_per_worker=threads_per_worker,
                    processes=True,
                    memory_limit=memory_limit,
                    # a local cluster stays on loopback; any free port for its dashboard
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                    env={"NUMBA_NUM_THREADS": str(threads_per_worker)},
                )
            self.client = Client(self.cluster)
        self.client.wait_for_workers(1)

    @property
    def min_blocks(self) -> int:  # type: ignore[override]
        """Four tasks per worker thread: a lost or slow worker delays a quarter of its share."""
        return 4 * max(1, sum(self.client.nthreads().values()))

    def map(self, fn, blocks, data=None, *, desc=None):
        blocks = list(blocks)
        if not blocks:
            return
        # a one-element list, so that dicts and lists travel as one object
        [shared] = self.client.scatter([data], broadcast=True, hash=False)
        futures = self.client.map(fn, [shared] * len(blocks), blocks, pure=False)
        try:
            for fut in progress(futures, total=len(futures), desc=desc, disable=len(blocks) < 3):
                yield fut.result()
                fut.release()
        finally:
            for fut in futures:
                fut.release()
            shared.release()

    def close(self) -> None:
        """Close the client and the local cluster, if this executor started them."""
        if self._own_client:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()


def remote_executor(executor: Executor | None) -> Executor | None:
    """``executor`` when it runs blocks elsewhere, ``None`` when it runs them in this process.

    Kernels that take an ``executor`` branch on this, so that ``SerialExecutor()`` (the CLI's
    default backend) and ``executor=None`` take one code path at one speed; only executors that
    ship blocks to other processes (Dask) get the per-block task path.

    Examples
    --------
    >>> remote_executor(None) is None, remote_executor(SerialExecutor()) is None
    (True, True)
    """
    if executor is None or isinstance(executor, SerialExecutor):
        return None
    return executor


def get_executor(
    backend: str | Executor | None = "serial",
    *,
    scheduler: str | None = None,
    n_workers: int | None = None,
    threads_per_worker: int = 1,
    allowed_failures: int = 3,
) -> Executor:
    """The executor for a backend name (``"serial"`` or ``"dask"``), or ``backend`` itself.

    Parameters
    ----------
    backend : {"serial", "dask"} or Executor
    scheduler : str, optional
        Dask scheduler address; a local cluster when omitted.
    n_workers : int, optional
        Local cluster workers (default 2, or ``$GRAPHLAB_DASK_WORKERS``).
    threads_per_worker, allowed_failures
        See :class:`DaskExecutor`.

    Raises
    ------
    InputError
        On an unknown backend, or options that need the dask backend given to the serial one.

    Examples
    --------
    >>> type(get_executor("serial")).__name__
    'SerialExecutor'
    """
    if isinstance(backend, Executor):
        return backend
    if backend in (None, "serial"):
        if scheduler:
            raise InputError("--scheduler needs --backend dask")
        return SerialExecutor()
    if backend == "dask":
        workers = n_workers or int(os.environ.get("GRAPHLAB_DASK_WORKERS", 2))
        return DaskExecutor(
            scheduler,
            n_workers=workers,
            threads_per_worker=threads_per_worker,
            allowed_failures=allowed_failures,
        )
    raise InputError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
