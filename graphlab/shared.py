"""One copy per host: the large arrays of an object as memory-mapped files that processes share.

A :class:`~graphlab.parallel.DaskExecutor` sends every worker the object its blocks read (the
graph's CSR arrays, the masks, a walk plan). Unpickled in each worker, that object would cost
one copy per worker, so memory per host would grow with the workers. Instead:

* :func:`pack` pickles the object (with cloudpickle, so closures travel too) but takes out every
  large array (numpy, or CPU torch tensor) and names it by a digest of its content: the result
  is a small :class:`Packed` (the pickle's skeleton and one :class:`ArrayRef` per array) and the
  arrays themselves;
* an :class:`ArrayStore` is a folder of ``.npy`` files named by those digests, in
  ``$GRAPHLAB_SHARED_DIR``, else ``/dev/shm`` (memory, not disk) when it has room, else the
  temporary folder. Equal arrays are stored once, so an array that several calls send (the
  graph) is written and transferred once;
* :func:`unpack` rebuilds the object in a worker with every array memory-mapped copy-on-write
  (``mmap_mode="c"``): its pages are the page cache's, shared by all processes of the host and
  counted once; a kernel that writes into an input gets private copies of the pages it writes,
  never changing the file. Dtypes, shapes, memory order and the writeable flag are kept, so
  kernels see the arrays they were given and compute the same numbers.

Stores are removed by :meth:`ArrayStore.close`, at interpreter exit (also after Ctrl-C: the
command line's exit runs the exit handlers), and, if their process was killed, by the next store
made on that host (:func:`sweep_stale`; a store's folder names its owner's process id).

Examples
--------
>>> import numpy as np
>>> data = {"indices": np.arange(10, dtype=np.int32), "k": 2}
>>> packed, arrays = pack(data, min_bytes=16)
>>> len(packed.refs), packed.nbytes
(1, 40)
>>> with ArrayStore() as store:
...     written = store.put_all(arrays)
...     got = unpack(packed, store.path)
>>> got["k"], got["indices"].dtype, bool((got["indices"] == data["indices"]).all())
(2, dtype('int32'), True)
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import io
import os
import pickle
import secrets
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "SHARE_MIN_BYTES",
    "ArrayRef",
    "ArrayStore",
    "Packed",
    "host_id",
    "pack",
    "remove_store",
    "retain_store",
    "shared_root",
    "store_status",
    "sweep_stale",
    "unpack",
    "write_array",
]

#: Arrays smaller than this travel inside the pickle (a file per tiny array costs more than it
#: saves).
SHARE_MIN_BYTES = 1 << 20

#: Prefix of a store's folder: ``graphlab-shared-<pid>-<random>``.
STORE_PREFIX = "graphlab-shared-"

#: File in a store that holds its nonce: a folder of the same name on another host is not it.
NONCE_FILE = ".nonce"


def host_id() -> str:
    """The name under which processes share stores: ``$GRAPHLAB_HOST_ID``, else the host's.

    Two processes use each other's stores only when their host ids are equal and the folder
    and nonce are visible to both. The default is the host name and the kernel's boot id;
    ``GRAPHLAB_HOST_ID`` sets it, e.g. to keep containers of one host that do not share
    ``/dev/shm`` apart.
    """
    name = os.environ.get("GRAPHLAB_HOST_ID")
    if name:
        return name
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        boot = ""
    return f"{socket.gethostname()}:{boot}"


def shared_root(nbytes: int = 0) -> Path:
    """Folder for new stores: ``$GRAPHLAB_SHARED_DIR``, else ``/dev/shm`` with room, else tmp.

    ``/dev/shm`` is memory (tmpfs): the files are the one copy every worker maps. It is taken
    when it has room for ``nbytes`` with a quarter to spare; otherwise the temporary folder,
    whose files the page cache holds (and may evict and re-read: slower, never wrong).
    """
    env = os.environ.get("GRAPHLAB_SHARED_DIR")
    if env:
        return Path(env)
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        try:
            if shutil.disk_usage(shm).free >= 1.25 * nbytes + (64 << 20):
                return shm
        except OSError:
            pass
    return Path(tempfile.gettempdir())


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(root: Path) -> list[Path]:
    """Remove the stores in ``root`` whose owning process is gone (killed before cleaning up).

    Returns the folders removed. Only folders named like a store (``graphlab-shared-<pid>-*``)
    whose process id does not exist on this host are touched.
    """
    removed: list[Path] = []
    try:
        entries = list(Path(root).iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(STORE_PREFIX):
            continue
        try:
            pid = int(entry.name[len(STORE_PREFIX) :].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


@dataclass(frozen=True)
class ArrayRef:
    """One array taken out of a pickle: its content digest and how to rebuild it."""

    key: str
    dtype: str
    shape: tuple[int, ...]
    fortran: bool
    writeable: bool
    torch: bool

    @property
    def nbytes(self) -> int:
        """Bytes of the array."""
        return int(np.dtype(self.dtype).itemsize * int(np.prod(self.shape, dtype=np.int64)))


@dataclass(frozen=True)
class Packed:
    """An object as a small pickle, each large array replaced by an :class:`ArrayRef`.

    ``token`` names the whole (skeleton and arrays): equal objects pack to equal tokens.
    """

    token: str
    skeleton: bytes
    refs: tuple[ArrayRef, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Digests of the arrays, without repeats."""
        return tuple(dict.fromkeys(r.key for r in self.refs))

    @property
    def nbytes(self) -> int:
        """Bytes of the distinct arrays (what a store holds for this object)."""
        sizes = {r.key: r.nbytes for r in self.refs}
        return sum(sizes.values())


def _digest(arr: np.ndarray) -> str:
    fortran = arr.flags.f_contiguous and not arr.flags.c_contiguous
    h = hashlib.sha1(f"{arr.dtype.str}{arr.shape}{fortran}".encode(), usedforsecurity=False)
    # the buffer in memory order (a Fortran array's transpose is C-contiguous)
    h.update(memoryview(arr.T if fortran else arr).cast("B"))  # type: ignore[arg-type]
    return h.hexdigest()


def _as_array(obj: Any) -> tuple[np.ndarray, bool] | None:
    """The array behind a numpy array or a plain CPU torch tensor, and whether it is torch."""
    if type(obj) is np.ndarray:
        return obj, False
    torch = sys.modules.get("torch")
    # subclasses (parameters, ...) and tensors numpy cannot view pickle as they define
    if torch is None or type(obj) is not torch.Tensor:
        return None
    if obj.device.type != "cpu" or obj.layout != torch.strided or obj.requires_grad:
        return None
    if obj.is_conj() or obj.is_neg():
        return None
    try:
        return obj.numpy(), True
    except (TypeError, RuntimeError):  # bfloat16 and other dtypes without a numpy twin
        return None


@functools.cache
def _pickler_class() -> type:
    import cloudpickle  # type: ignore[import-untyped]  # dask's; loaded on the first pack

    class ArrayPickler(cloudpickle.Pickler):
        # no class per call: a class is a reference cycle, and everything its methods close
        # over (the arrays) would live until the next garbage collection
        def __init__(self, file: io.BytesIO, packer: _Packer) -> None:
            super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
            self.packer = packer

        def persistent_id(self, obj: Any) -> ArrayRef | None:
            return self.packer.ref(obj)

    return ArrayPickler


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, folder: Path) -> None:
        super().__init__(file)
        self.folder = folder
        self.opened: dict[tuple[str, bool], Any] = {}

    def persistent_load(self, ref: ArrayRef) -> Any:
        got = self.opened.get((ref.key, ref.torch))
        if got is None:
            got = self.opened[ref.key, ref.torch] = _open(self.folder, ref)
        return got


class _Packer:
    def __init__(self, min_bytes: int) -> None:
        self.min_bytes = min_bytes
        self.arrays: dict[str, np.ndarray] = {}
        self.refs: list[ArrayRef] = []

    def ref(self, obj: Any) -> ArrayRef | None:
        got = _as_array(obj)
        if got is None:
            return None
        arr, is_torch = got
        contiguous = arr.flags.c_contiguous or arr.flags.f_contiguous
        if arr.size == 0 or arr.nbytes < self.min_bytes or arr.dtype.hasobject or not contiguous:
            return None
        key = _digest(arr)
        self.arrays.setdefault(key, arr)
        ref = ArrayRef(
            key=key,
            dtype=arr.dtype.str,
            shape=tuple(int(s) for s in arr.shape),
            fortran=bool(arr.flags.f_contiguous and not arr.flags.c_contiguous),
            writeable=bool(arr.flags.writeable),
            torch=is_torch,
        )
        self.refs.append(ref)
        return ref


def pack(obj: Any, min_bytes: int = SHARE_MIN_BYTES) -> tuple[Packed, dict[str, np.ndarray]]:
    """Pickle ``obj`` with its arrays of at least ``min_bytes`` taken out.

    Numpy arrays (exactly ``np.ndarray``, C or Fortran contiguous, no object dtype) and plain
    CPU torch tensors that need no gradient are taken out, wherever they sit in ``obj``
    (tuples, dataclasses, scipy sparse matrices, closures). Equal arrays get one digest.

    Parameters
    ----------
    obj : object
        Anything cloudpickle pickles.
    min_bytes : int, default :data:`SHARE_MIN_BYTES`
        Smaller arrays stay in the pickle.

    Returns
    -------
    packed : Packed
        The skeleton and one :class:`ArrayRef` per array taken out.
    arrays : dict of str to numpy.ndarray
        The arrays by digest: the caller's own arrays (views of its tensors), not copies.
    """
    packer = _Packer(min_bytes)
    buf = io.BytesIO()
    _pickler_class()(buf, packer).dump(obj)
    skeleton = buf.getvalue()
    token = hashlib.sha1(skeleton, usedforsecurity=False).hexdigest()
    return Packed(token=token, skeleton=skeleton, refs=tuple(packer.refs)), packer.arrays


def _open(folder: Path, ref: ArrayRef) -> Any:
    arr = np.load(folder / f"{ref.key}.npy", mmap_mode="c").view(np.ndarray)
    if arr.dtype.str != ref.dtype or arr.shape != ref.shape:
        raise OSError(f"shared array {ref.key} in {folder} is not the one named")
    if not ref.writeable:
        arr.flags.writeable = False
    if ref.torch:
        import torch

        return torch.from_numpy(arr)
    return arr


def unpack(packed: Packed, folder: str | os.PathLike[str]) -> Any:
    """Rebuild an object packed by :func:`pack`, its arrays memory-mapped from ``folder``.

    Parameters
    ----------
    packed : Packed
        From :func:`pack`.
    folder : path
        A store holding every array of ``packed`` (:meth:`ArrayStore.put_all`).

    Returns
    -------
    object
        Equal to the packed object; its arrays map the store's files copy-on-write, with the
        original dtype, shape, memory order and writeable flag (torch tensors come back as
        tensors sharing those pages).
    """
    return _Unpickler(io.BytesIO(packed.skeleton), Path(folder)).load()


def write_array(folder: str | os.PathLike[str], key: str, arr: np.ndarray) -> bool:
    """Write ``arr`` as ``<folder>/<key>.npy`` unless it is there; whether it was written.

    Written to a temporary name and renamed, so a reader never maps half an array.
    """
    dest = Path(folder) / f"{key}.npy"
    if dest.exists():
        return False
    tmp = Path(folder) / f".{key}.{secrets.token_hex(4)}.tmp"
    try:
        with open(tmp, "wb") as fh:
            np.lib.format.write_array(fh, arr, allow_pickle=False)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def remove_store(address: tuple[str, str, str]) -> bool:
    """Remove the store ``(folder, nonce, host)`` if this process can see it; whether it did.

    Any process of the store's host may remove it (the one that made it may be gone).
    """
    folder, nonce, host = address
    if host != host_id():
        return False
    path = Path(folder)
    try:
        if (path / NONCE_FILE).read_text() != nonce:
            return False
    except OSError:
        return False
    with _LIVE_LOCK:
        for store in [s for s in _LIVE if s.path == path]:
            _LIVE.discard(store)
    shutil.rmtree(path, ignore_errors=True)
    return True


def retain_store(address: tuple[str, str, str], keys: Iterable[str]) -> None:
    """Remove the arrays of the store ``(folder, nonce, host)`` but ``keys``, if visible here."""
    keep = set(keys)
    for folder in store_status([address], []):
        for path in Path(folder).glob("*.npy"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)


_LIVE: set[ArrayStore] = set()
_LIVE_LOCK = threading.Lock()


@atexit.register
def _close_all() -> None:
    with _LIVE_LOCK:
        stores = list(_LIVE)
    for store in stores:
        store.close()


class ArrayStore:
    """A folder of content-addressed ``.npy`` files, owned by this process.

    Parameters
    ----------
    root : path, optional
        Where to make the folder (default :func:`shared_root` for ``nbytes``).
    nbytes : int, default 0
        Bytes the store is expected to hold (chooses the root).

    Attributes
    ----------
    path : Path
        The folder, ``<root>/graphlab-shared-<pid>-<random>``.
    nonce : str
        Random text in the folder's ``.nonce`` file: a reader checks it, so that a folder of
        the same path on another host is never taken for this one.
    host : str
        :func:`host_id` of the process that made it.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None, nbytes: int = 0) -> None:
        root = Path(root) if root is not None else shared_root(nbytes)
        root.mkdir(parents=True, exist_ok=True)
        sweep_stale(root)
        self.path = Path(tempfile.mkdtemp(prefix=f"{STORE_PREFIX}{os.getpid()}-", dir=root))
        self.nonce = secrets.token_hex(8)
        self.host = host_id()
        (self.path / NONCE_FILE).write_text(self.nonce)
        self._lock = threading.Lock()
        with _LIVE_LOCK:
            _LIVE.add(self)

    def __enter__(self) -> ArrayStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def address(self) -> tuple[str, str, str]:
        """``(folder, nonce, host)``: what :func:`store_status` checks."""
        return (str(self.path), self.nonce, self.host)

    def keys(self) -> set[str]:
        """Digests of the arrays the store holds."""
        return {p.stem for p in self.path.glob("*.npy")}

    def put(self, key: str, arr: np.ndarray) -> bool:
        """Store ``arr`` under ``key`` unless it is there; whether it was written."""
        return write_array(self.path, key, arr)

    def put_all(self, arrays: Mapping[str, np.ndarray]) -> int:
        """Store every array not yet there; the bytes written."""
        return sum(arr.nbytes for key, arr in arrays.items() if self.put(key, arr))

    def retain(self, keys: Iterable[str]) -> None:
        """Remove every array but ``keys`` (workers that mapped one keep their pages)."""
        retain_store(self.address, keys)

    def close(self) -> None:
        """Remove the folder and its files (idempotent)."""
        with _LIVE_LOCK:
            _LIVE.discard(self)
        shutil.rmtree(self.path, ignore_errors=True)


def store_status(
    stores: Iterable[tuple[str, str, str]], keys: Iterable[str]
) -> dict[str, list[str]]:
    """For each store ``(folder, nonce, host)`` this process can use, the ``keys`` it lacks.

    Run in a worker: a store is usable when it was made under this process's :func:`host_id`
    and its folder holds the nonce.
    """
    keys = list(keys)
    here = host_id()
    out: dict[str, list[str]] = {}
    for folder, nonce, host in stores:
        if host != here:
            continue
        path = Path(folder)
        try:
            if (path / NONCE_FILE).read_text() != nonce:
                continue
        except OSError:
            continue
        out[folder] = [k for k in keys if not (path / f"{k}.npy").exists()]
    return out
