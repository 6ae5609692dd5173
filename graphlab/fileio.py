"""Atomic file output, tables, JSON, figures and data-file reading, for every package and CLI.

Every file graphlab writes goes through :func:`atomic_path` (a temporary file beside the output,
renamed onto it on success, with the mode ``open()`` would give under the umask); every command
checks its output paths with :func:`check_output_path` before it starts working.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal, NoReturn

from .errors import (
    DataFormatError,
    DatasetNotFoundError,
    GraphlabError,
    InputError,
    OutputPathError,
)

__all__ = [
    "TABLE_SUFFIXES",
    "atomic_open",
    "atomic_path",
    "check_output_path",
    "current_umask",
    "is_gzip",
    "make_output_dir",
    "new_figure",
    "output_file_mode",
    "read_bytes",
    "save_figure",
    "write_error",
    "write_json",
    "write_table",
]

TABLE_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".parquet", ".json")
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 22
_UMASK_LOCK = threading.Lock()


def is_gzip(path: str | os.PathLike[str]) -> bool:
    """Whether a data file is gzip: its name ends in ``.gz`` or it starts with gzip's magic
    bytes (the one rule of :func:`read_bytes` and of readers that look at a file's first lines).
    """
    path = Path(path)
    if path.suffix == ".gz":
        return True
    with open(path, "rb") as fh:
        return fh.read(2) == _GZIP_MAGIC


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The content of a data file, gunzipped when it is gzip, line ends normalised to LF.

    A file is gzip when its name ends in ``.gz`` or it starts with gzip's magic bytes.

    Raises
    ------
    DatasetNotFoundError
        If the file does not exist.
    DataFormatError
        If it is a directory, or a gzip stream is truncated or corrupt (the message gives the
        line after the last complete one).
    """
    import gzip
    import zlib

    path = Path(path)
    if not path.exists():
        raise DatasetNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise DataFormatError(f"{path}: is a directory, not a data file")
    if not is_gzip(path):
        data = path.read_bytes()
    else:
        parts: list[bytes] = []
        try:
            with gzip.open(path, "rb") as fh:
                while chunk := fh.read(_CHUNK):
                    parts.append(chunk)
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as err:
            lines = sum(p.count(b"\n") for p in parts)
            raise DataFormatError(
                f"{path}: line {lines + 1}: gzip stream is truncated or corrupt after "
                f"{lines} complete lines ({err})"
            ) from None
        data = b"".join(parts)
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    return data


def current_umask() -> int:
    """The process's umask, read without changing it where the system tells it.

    Linux shows it in ``/proc/self/status`` (``Umask:``); elsewhere it is read by setting and
    restoring it under a lock (the temporary value is 022, so a file another thread creates in
    that instant is never world-writable).

    Examples
    --------
    >>> 0 <= current_umask() <= 0o777
    True
    """
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def output_file_mode() -> int:
    """The mode ``open(path, "w")`` gives a new file: ``0o666 & ~umask`` (0644 under 022)."""
    return 0o666 & ~current_umask()


def make_output_dir(path: str | os.PathLike[str]) -> Path:
    """Create the folder ``path`` and its missing parents with ``0o777 & ~umask``; return it.

    The mode is what ``mkdir -p`` gives; an existing folder is left as it is.
    """
    path = Path(path)
    path.mkdir(mode=0o777, parents=True, exist_ok=True)
    return path


def _write_target(path: str | os.PathLike[str]) -> Path:
    # a symlink is written through: its target is replaced, the link stays a link
    return Path(os.path.realpath(path))


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` only on success.

    The primitive under every output graphlab writes (tables, JSON, figures, hypergraph files,
    checkpoints). A crash or an exception leaves ``path`` as it was (absent, or its old
    content) and removes the temporary file, so readers never see a half-written output.

    The file gets the mode an ordinary ``open(path, "w")`` gives a new file under the current
    umask (:func:`output_file_mode`, 0644 under umask 022), also when it replaces an existing
    file of another mode. When ``path`` is a symbolic link its target is written and the link
    stays. Missing parent folders are created (:func:`make_output_dir`).

    Raises
    ------
    OutputPathError
        If the file cannot be written: the folder is missing or read-only, the disk is full, any
        other :class:`OSError` while creating, writing (in the ``with`` body) or renaming it. The
        message names ``path`` and the system's reason (``cannot write out.csv: No space left on
        device``); ``path`` keeps its old content and no temporary file is left.
    """
    final = _write_target(path)
    try:
        make_output_dir(final.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    except OSError as err:
        raise write_error(path, err) from None
    tmp_path = Path(tmp)
    try:
        os.close(fd)
        yield tmp_path
        # mkstemp creates 0600; the writer may also have recreated the file
        _chmod(tmp_path, output_file_mode())
        os.replace(tmp_path, final)
    except GraphlabError:
        raise
    except OSError as err:
        raise write_error(path, err) from None
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink()


def write_error(path: str | os.PathLike[str], err: OSError) -> OutputPathError:
    """The :class:`OutputPathError` for an :class:`OSError` raised while writing ``path``.

    Examples
    --------
    >>> print(write_error("x.csv", OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))))
    cannot write x.csv: No space left on device
    """
    reason = err.strerror or str(err) or type(err).__name__
    return OutputPathError(f"cannot write {os.fspath(path)}: {reason}")


def _chmod(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)
    except OSError as err:  # a file system without modes (FAT, some network mounts)
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` and rename it onto ``path`` when closed cleanly.

    See :func:`atomic_path` for the file's mode and symlinks.
    """
    with atomic_path(path) as tmp, open(tmp, mode) as fh:
        yield fh


def check_output_path(
    path: str | os.PathLike[str],
    *,
    kind: Literal["file", "dir"] = "file",
    suffixes: Sequence[str] | None = None,
    option: str | None = None,
) -> Path:
    """Check, before any work, that ``path`` can be written as an output; create nothing.

    A file's folder must exist and be writable (proved by creating and removing a file in it,
    which leaves nothing behind), and the path must not be a folder; a folder
    (``kind="dir"``) must not be a file, and is either a writable folder or can be created
    under its nearest existing ancestor, which must be a writable folder (missing folders are
    created as ``mkdir -p`` would). A symbolic link is checked at its target.

    Parameters
    ----------
    path : path
        The output path.
    kind : {"file", "dir"}
        Whether a file or a folder is written there.
    suffixes : sequence of str, optional
        The endings the name may have (case-insensitive), e.g. :data:`TABLE_SUFFIXES`.
    option : str, optional
        The command-line flag that named the path (``"--out"``), for the message.

    Returns
    -------
    Path
        ``path`` as a :class:`~pathlib.Path`.

    Raises
    ------
    OutputPathError
        The message names the path (and ``option``) and the problem.

    Examples
    --------
    >>> try:
    ...     check_output_path("t.xlsx", suffixes=(".csv", ".tsv"), option="--out")
    ... except OutputPathError as err:
    ...     print(err)
    --out t.xlsx: cannot tell the output format from the name: use one of .csv, .tsv
    """
    given = Path(path)
    label = f"{option} {given}" if option else str(given)

    def fail(problem: str) -> NoReturn:
        raise OutputPathError(f"{label}: {problem}")

    if kind not in ("file", "dir"):
        raise ValueError(f"kind must be 'file' or 'dir', got {kind!r}")
    target = _write_target(given)
    if kind == "file" and target.is_dir():
        fail("is a folder; give a file name")
    if suffixes is not None and not given.name.lower().endswith(tuple(s.lower() for s in suffixes)):
        fail(f"cannot tell the output format from the name: use one of {', '.join(suffixes)}")
    if kind == "file":
        folder = target.parent
        if not folder.exists():
            fail(f"the folder {folder} does not exist")
        if not folder.is_dir():
            fail(f"{folder} is not a folder")
    else:
        if target.exists() and not target.is_dir():
            fail("is an existing file; give a folder")
        folder = target
        while not folder.exists():
            folder = folder.parent
        if not folder.is_dir():
            fail(f"{folder} is a file, so the folder cannot be created")
    if not os.access(folder, os.W_OK | os.X_OK):
        fail(f"the folder {folder} is not writable")
    problem = _cannot_create_in(folder)
    if problem is not None:
        fail(f"the folder {folder} is not writable ({problem})")
    return given


def _cannot_create_in(folder: Path) -> str | None:
    """Why no file can be created in ``folder`` (``None`` when one can), found by creating and
    removing one: access() says yes to root in /proc and on a read-only file system, where the
    write fails only after the work. The folder keeps its modification time."""
    try:
        before = folder.stat()
        fd, probe = tempfile.mkstemp(prefix=".graphlab-check-", suffix=".tmp", dir=folder)
    except OSError as err:
        return err.strerror or type(err).__name__
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)
    with contextlib.suppress(OSError):
        os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    return None


def _table_format(path: Path) -> str:
    name = path.name.lower()
    for suffix in TABLE_SUFFIXES:
        if name.endswith(suffix):
            return suffix
    raise InputError(
        f"cannot tell the output format of {str(path)!r}: use one of {', '.join(TABLE_SUFFIXES)}"
    )


def write_table(frame: Any, path: str | os.PathLike[str]) -> Path:
    """Write a pandas frame as CSV, TSV, Parquet or JSON records, chosen by extension, atomically.

    Raises
    ------
    InputError
        If the extension is not one of ``.csv``, ``.csv.gz``, ``.tsv``, ``.parquet``, ``.json``.
    """
    path = Path(path)
    fmt = _table_format(path)
    with atomic_path(path) as tmp:
        if fmt == ".parquet":
            frame.to_parquet(tmp, index=False)
        elif fmt == ".json":
            frame.to_json(tmp, orient="records")
        elif fmt == ".tsv":
            frame.to_csv(tmp, sep="\t", index=False)
        else:
            frame.to_csv(tmp, index=False, compression="gzip" if fmt == ".csv.gz" else None)
    return path


def write_json(obj: Any, path: str | os.PathLike[str]) -> Path:
    """Write ``obj`` as indented JSON, atomically."""
    with atomic_open(path) as fh:
        json.dump(obj, fh, indent=2, default=_json_default)
        fh.write("\n")
    return Path(path)


def _json_default(obj: Any) -> Any:
    # numpy scalars and arrays appear in summaries; JSON has no type for them.
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def new_figure(**subplots_kwargs: Any) -> Any:
    """``plt.subplots(...)`` on the non-interactive Agg backend (no display needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(**subplots_kwargs)


def save_figure(fig: Any, path: str | os.PathLike[str], dpi: int = 120) -> Path:
    """Save a matplotlib figure as PNG, atomically, and close it."""
    import matplotlib.pyplot as plt

    path = Path(path)
    try:
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format="png", dpi=dpi)
    finally:
        plt.close(fig)
    return path
