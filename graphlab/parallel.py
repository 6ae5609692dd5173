"""Backends that run the row-block kernels: in this process, or as tasks on a Dask cluster.

Every blocked kernel of graphlab (:func:`graphlab.kernels.blockwise`, the walk kernel of
:func:`graphlab.kernels.walk_presence_rowsums` behind exact TC, the per-node triangle counts of
:mod:`graphlab.stats`) is a function ``fn(data, block)`` over blocks of rows, where ``data`` (the
adjacency and whatever else every block reads) is the same for all blocks. An *executor* maps it
over the blocks and yields the results in block order:

* :class:`SerialExecutor` calls ``fn`` in this process, one block after the other;
* :class:`DaskExecutor` runs one task per block on a ``dask.distributed`` cluster and gathers
  the results in block order. The large arrays of ``data`` are shared, not copied: the workers
  of one host memory-map one copy (:mod:`graphlab.shared`), a host that cannot see this
  process's copy gets each array once. Without a scheduler address it starts a
  :class:`distributed.LocalCluster` and closes it on exit. A worker lost mid-run costs only its
  tasks: the scheduler re-runs them elsewhere (up to ``allowed_failures`` times per task), and
  since every task is a pure function of its block the result is the same.

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
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, suppress
from functools import partial
from typing import Any

import numpy as np

from .errors import InputError
from .progress import progress
from .shared import (
    SHARE_MIN_BYTES,
    ArrayRef,
    ArrayStore,
    Packed,
    host_id,
    pack,
    remove_store,
    retain_store,
    shared_root,
    store_status,
    unpack,
    write_array,
)

__all__ = [
    "BACKENDS",
    "DaskExecutor",
    "Executor",
    "SerialExecutor",
    "SharedHandle",
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
    share : bool, default True
        Share ``data``'s large arrays between the workers of a host (see Notes); ``False``
        scatters a whole copy of ``data`` to every worker.
    share_min_bytes : int, default :data:`graphlab.shared.SHARE_MIN_BYTES` (1 MiB)
        Arrays of ``data`` at least this large are shared; smaller ones travel in its pickle.

    Attributes
    ----------
    transfers : list of (str, int)
        ``(host id, bytes)`` of every transfer of shared arrays to a host that cannot see this
        process's store: each array goes to each such host once, however many workers the host
        has and however many calls of :meth:`map` send it.

    Notes
    -----
    **Memory.** :meth:`map` packs ``data`` (:func:`graphlab.shared.pack`): its arrays of at
    least ``share_min_bytes`` are written once to a store of memory-mapped ``.npy`` files in
    ``/dev/shm`` (:class:`graphlab.shared.ArrayStore`) and every worker maps them
    copy-on-write, so the workers of a host hold one copy of the graph between them, not one
    each. A worker on another host (one that cannot see the store; :func:`graphlab.shared.host_id`)
    gets the arrays it lacks through one of its host's workers, which writes them to a store of
    that host for all of them; int64 arrays whose values fit in int32 travel as int32. Arrays are
    named by a digest of their content, so a graph that several calls send (TC at K = 1, 2, 3,
    or the statistics after it) is written and transferred once. Each call keeps its arrays and
    those of the call before it; :meth:`close` (also at exit and after Ctrl-C) removes the
    stores. Results are the same numbers as with ``share=False``: kernels get arrays of the same
    dtype, shape, order and writeability.

    Each task receives only its block (a ``slice``) and returns its per-node values. Functions
    must be importable on the workers (graphlab installed there).
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
        share: bool = True,
        share_min_bytes: int = SHARE_MIN_BYTES,
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
        self.share = bool(share)
        self.share_min_bytes = int(share_min_bytes)
        self.transfers: list[tuple[str, int]] = []
        self._store: ArrayStore | None = None
        # store of each group of workers that cannot see self._store (host id and root folder)
        self._remote: dict[str, tuple[str, str, str]] = {}
        self._active: Counter[str] = Counter()  # arrays of the calls running now
        self._last: tuple[str, ...] = ()  # arrays of the last call, kept for the next
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
        if self.share:
            packed, arrays = pack(data, self.share_min_bytes)
            if packed.refs:
                yield from self._map_shared(fn, blocks, packed, arrays, desc)
                return
        # a one-element list, so that dicts and lists travel as one object
        [shared] = self.client.scatter([data], broadcast=True, hash=False)
        yield from self._gather(fn, [shared] * len(blocks), blocks, desc, [shared])

    def _gather(self, fn, first, blocks, desc, hold):
        futures = self.client.map(fn, first, blocks, pure=False)
        try:
            for fut in progress(futures, total=len(futures), desc=desc, disable=len(blocks) < 3):
                yield fut.result()
                fut.release()
        finally:
            for fut in futures + hold:
                fut.release()

    def _map_shared(self, fn, blocks, packed, arrays, desc):
        keys = packed.keys
        self._active.update(keys)
        done = False
        try:
            placed = self._place(packed, arrays)
            del arrays
            candidates = (self._store.address, *self._remote.values())  # type: ignore[union-attr]
            handle = SharedHandle(packed, placed, candidates)
            [shared] = self.client.scatter([handle], broadcast=True, hash=False)
            yield from self._gather(
                partial(_shared_call, fn), [shared] * len(blocks), blocks, desc, [shared]
            )
            done = True
        finally:
            self._active.subtract(keys)
            self._last = keys
            if done:  # after an error or Ctrl-C the workers may be gone: close() cleans up
                self.client.run(_forget, packed.token)
            self._trim(remote=done)

    def _place(self, packed: Packed, arrays: dict[str, Any]) -> dict[str, str]:
        """Put ``packed``'s arrays where every worker can map them; the folder of each worker."""
        keys = packed.keys
        if self._store is None:
            self._store = ArrayStore(nbytes=packed.nbytes)
        self._store.put_all(arrays)
        stores = [self._store.address, *self._remote.values()]
        status = self.client.run(_store_status, stores, keys)
        placed: dict[str, str] = {}
        need: dict[str, list[str]] = {}
        for addr, (group, seen) in status.items():
            folder = next((f for f, missing in seen.items() if not missing), None)
            if folder is not None:
                placed[addr] = folder
            else:
                need.setdefault(group, []).append(addr)
        refs = {r.key: r for r in packed.refs}
        for group, addrs in need.items():
            # one worker of the host writes the arrays its host's store lacks, for all of them
            seen = status[addrs[0]][1]
            known = self._remote.get(group)
            if known is not None and known[0] in seen:
                target, missing = known, seen[known[0]]
            else:
                target, missing = None, list(keys)
            payload = [_narrow(arrays[k]) for k in missing]
            futs = self.client.scatter(payload, workers=addrs[:1], hash=False)
            try:
                address = self.client.submit(
                    _install, target, [refs[k] for k in missing], futs,
                    workers=addrs[:1], allow_other_workers=False, pure=False,
                ).result()  # fmt: skip
            finally:
                for fut in futs:
                    fut.release()
            self._remote[group] = address
            host = group.split("\0", 1)[0]
            self.transfers.append((host, sum(int(p.nbytes) for p in payload)))
            for addr in addrs:
                placed[addr] = address[0]
        return placed

    def _trim(self, remote: bool) -> None:
        """Keep the arrays of running calls and of the last call; remove the others."""
        keep = set(self._last) | {k for k, c in self._active.items() if c > 0}
        self._active = Counter({k: c for k, c in self._active.items() if c > 0})
        if self._store is not None:
            self._store.retain(keep)
        if remote and self._remote:
            self.client.run(_retain_stores, list(self._remote.values()), sorted(keep))

    def close(self) -> None:
        """Remove the shared stores; close the client and the local cluster if this executor
        started them."""
        # this host's store first: closing a cluster can take seconds, and a second Ctrl-C or
        # a kill in between must not find the store still there
        if self._store is not None:
            self._store.close()
            self._store = None
        try:
            if self._remote and self.client.status == "running":
                with suppress(Exception):
                    self.client.run(_remove_stores, list(self._remote.values()))
        finally:
            self._remote.clear()
            if self._own_client:
                self.client.close()
                if self.cluster is not None:
                    self.cluster.close()


def _narrow(arr: Any) -> Any:
    """``arr`` as int32 when it is int64 and its values fit (to be widened on arrival)."""
    if arr.dtype == np.int64 and arr.size and arr.min() >= -(2**31) and arr.max() < 2**31:
        return arr.astype(np.int32)
    return arr


def _store_status(stores: list[tuple[str, str, str]], keys: tuple[str, ...]) -> tuple:
    # (group, {folder: missing keys}) of this worker; a group is a host id and a root
    # folder: the workers of one group see one store
    return f"{host_id()}\0{shared_root()}", store_status(stores, keys)


def _install(
    target: tuple[str, str, str] | None, refs: list[ArrayRef], arrays: list[Any]
) -> tuple[str, str, str]:
    # runs in one worker of a host: writes the arrays its host lacks into the host's store
    # (a new one, owned and removed at exit by this worker process, if there is none)
    if target is None or not store_status([target], []):
        store = ArrayStore(nbytes=sum(r.nbytes for r in refs))
        _OWNED.append(store)
        target = store.address
    for ref, arr in zip(refs, arrays):
        write_array(target[0], ref.key, np.asarray(arr).astype(ref.dtype, copy=False))
    return target


def _retain_stores(stores: list[tuple[str, str, str]], keep: list[str]) -> None:
    for address in stores:
        retain_store(address, keep)


def _remove_stores(stores: list[tuple[str, str, str]]) -> None:
    for address in stores:
        remove_store(address)


#: Stores a worker process made for its host (removed at its exit by graphlab.shared).
_OWNED: list[ArrayStore] = []

#: Objects unpacked in this worker process, by token: the last few, for the tasks of a call.
_RESOLVED: OrderedDict[str, Any] = OrderedDict()
_RESOLVE_LOCK = threading.Lock()


class SharedHandle:
    """What every task of a shared :meth:`DaskExecutor.map` receives besides its block.

    The packed object and where its arrays are: the store folder of each worker by address,
    and every store of the call for workers that joined later (a restarted worker).
    """

    def __init__(
        self,
        packed: Packed,
        placed: dict[str, str],
        stores: tuple[tuple[str, str, str], ...],
    ) -> None:
        self.packed = packed
        self.placed = placed
        self.stores = stores

    def folder(self, address: str) -> str:
        """The store folder a worker at ``address`` maps the arrays from."""
        folder = self.placed.get(address)
        if folder is not None and os.path.isdir(folder):
            return folder
        for candidate, missing in store_status(self.stores, self.packed.keys).items():
            if not missing:
                return candidate
        raise RuntimeError(
            f"the shared arrays of this task are in no store this worker can see ({host_id()})"
        )

    def resolve(self) -> Any:
        """The packed object, unpacked once per worker process (its arrays memory-mapped)."""
        token = self.packed.token
        with _RESOLVE_LOCK:
            obj = _RESOLVED.get(token)
            if obj is None:
                from distributed import get_worker

                obj = unpack(self.packed, self.folder(get_worker().address))
                _RESOLVED[token] = obj
                while len(_RESOLVED) > 2:
                    _RESOLVED.popitem(last=False)
            else:
                _RESOLVED.move_to_end(token)
            return obj


def _shared_call(fn: Callable[[Any, Any], Any], handle: SharedHandle, block: Any) -> Any:
    return fn(handle.resolve(), block)


def _forget(token: str) -> None:
    with _RESOLVE_LOCK:
        _RESOLVED.pop(token, None)


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
    share: bool = True,
) -> Executor:
    """The executor for a backend name (``"serial"`` or ``"dask"``), or ``backend`` itself.

    Parameters
    ----------
    backend : {"serial", "dask"} or Executor
    scheduler : str, optional
        Dask scheduler address; a local cluster when omitted.
    n_workers : int, optional
        Local cluster workers (default 2, or ``$GRAPHLAB_DASK_WORKERS``).
    threads_per_worker, allowed_failures, share
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
            share=share,
        )
    raise InputError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
