"""Atomic file output, tables, JSON, figures and data-file reading, for every package and CLI."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import DataFormatError, DatasetNotFoundError, InputError

__all__ = [
    "TABLE_SUFFIXES",
    "atomic_open",
    "atomic_path",
    "new_figure",
    "read_bytes",
    "save_figure",
    "write_json",
    "write_table",
]

TABLE_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".parquet", ".json")
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 22


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
    with open(path, "rb") as fh:
        head = fh.read(2)
    if path.suffix != ".gz" and head != _GZIP_MAGIC:
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


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` only on success.

    A crash or an exception leaves ``path`` as it was (absent, or its old content) and removes
    the temporary file, so readers never see a half-written output.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` and rename it onto ``path`` when closed cleanly."""
    with atomic_path(path) as tmp, open(tmp, mode) as fh:
        yield fh


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
