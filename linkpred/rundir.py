"""The layout of a training run directory, owned by one class.

::

    RUN_DIR/config.json              the settings (+ fingerprint)
    RUN_DIR/inputs.json              what defines a user's data (files and their SHA-256)
    RUN_DIR/summary.json             mean and std over runs
    RUN_DIR/run_<i>/checkpoint.pt    written atomically every ``checkpoint_every`` epochs
    RUN_DIR/run_<i>/best_model.pt    model and message weights of the selected epoch
    RUN_DIR/run_<i>/history.csv      per-epoch loss, validation and test Hits@K
    RUN_DIR/run_<i>/result.json      the run's result
    RUN_DIR/run_<i>/data.npz         the run's split, features and node ids, for data that
                                     cannot be rebuilt from a dataset name (a user's files)
    RUN_DIR/analysis/                what ``graphlab analyze`` writes

Everything that reads or writes these files goes through :class:`RunDir` / :class:`RunFiles`.
Every file is written to a temporary name and renamed, with the mode ``open()`` gives under the
umask (:func:`graphlab.fileio.atomic_path`); folders are created with ``0o777 & ~umask``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from graphlab.errors import DataFormatError, InputError
from graphlab.fileio import atomic_path, write_json

from .config import TrainConfig

if TYPE_CHECKING:
    from .data import LinkData

__all__ = ["RunDir", "RunFiles"]


@dataclass(frozen=True)
class RunFiles:
    """The files of one run (one seed) inside a run directory."""

    root: Path

    @property
    def checkpoint(self) -> Path:
        return self.root / "checkpoint.pt"

    @property
    def best_model(self) -> Path:
        return self.root / "best_model.pt"

    @property
    def history(self) -> Path:
        return self.root / "history.csv"

    @property
    def result(self) -> Path:
        return self.root / "result.json"

    @property
    def data(self) -> Path:
        return self.root / "data.npz"

    def write_data(self, data: LinkData) -> None:
        """Keep ``data`` (split, features, node ids) with the run, so that ``analyze`` sees the
        graph that was trained on even if the user's files change or move."""
        import numpy as np

        arrays: dict[str, Any] = {
            "name": np.array(data.name),
            "num_nodes": np.array(data.num_nodes),
            "k": np.array(data.k),
        }
        for part, d in data.split.items():
            for key in ("edge", "edge_neg"):
                if key in d:
                    arrays[f"{part}.{key}"] = d[key]
        if data.x is not None:
            arrays["x"] = data.x.numpy()
        if data.ids is not None:
            arrays["ids"] = data.ids
        with atomic_path(self.data) as tmp, open(tmp, "wb") as fh:
            np.savez_compressed(fh, **arrays)

    def read_data(self) -> LinkData:
        """The data :meth:`write_data` kept."""
        import numpy as np

        from .data import from_split

        try:
            with np.load(self.data, allow_pickle=False) as z:
                split: dict[str, dict[str, Any]] = {}
                for key in z.files:
                    if "." in key:
                        part, name = key.split(".", 1)
                        split.setdefault(part, {})[name] = z[key]
                data = from_split(
                    str(z["name"]), int(z["num_nodes"]), split,
                    z["x"] if "x" in z.files else None, int(z["k"]),
                )  # fmt: skip
                data.ids = z["ids"] if "ids" in z.files else None
        except (OSError, ValueError, KeyError, InputError) as err:
            raise DataFormatError(f"{self.data}: unreadable run data ({err})") from None
        return data

    def finished(self) -> bool:
        """Whether the run wrote its result."""
        return self.result.exists()

    def read_result(self) -> dict[str, Any]:
        try:
            return json.loads(self.result.read_text())
        except (OSError, json.JSONDecodeError) as err:
            raise DataFormatError(f"{self.result}: unreadable ({err})") from None

    def write_result(self, result: dict[str, Any]) -> None:
        write_json(result, self.result)

    def write_history(self, rows: list[dict[str, float]]) -> None:
        import pandas as pd

        from graphlab.fileio import write_table

        write_table(pd.DataFrame(rows), self.history)

    def save(self, obj: Any, path: Path) -> None:
        """``torch.save`` to ``path`` atomically (``path``: :attr:`checkpoint` or
        :attr:`best_model`).

        Raises
        ------
        OutputPathError
            If the file cannot be written (``cannot write PATH: No space left on device``).
            torch reports a failed write as a ``RuntimeError`` without the system's reason
            (``[enforce fail at inline_container.cc...]``); the file object below keeps the
            :class:`OSError` under it, which :func:`~graphlab.fileio.atomic_path` turns into
            the message.
        """
        import torch

        with atomic_path(path) as tmp, open(tmp, "wb") as fh:
            sink = _WriteRecorder(fh)
            try:
                torch.save(obj, cast("IO[bytes]", sink))
            except RuntimeError:
                if sink.error is None:
                    raise
                raise sink.error from None


class _WriteRecorder:
    """A binary file for ``torch.save`` that remembers the :class:`OSError` of a failed write."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.error: OSError | None = None

    def write(self, data: Any) -> int:
        try:
            return int(self.fh.write(data))
        except OSError as err:
            self.error = err
            raise

    def flush(self) -> None:
        self.fh.flush()


@dataclass(frozen=True)
class RunDir:
    """A run directory: its config, summary and per-run files.

    Examples
    --------
    >>> rd = RunDir("runs/cora")
    >>> rd.run(1).best_model.as_posix()
    'runs/cora/run_1/best_model.pt'
    """

    root: Path

    def __init__(self, root: str | Path) -> None:
        object.__setattr__(self, "root", Path(root))

    @property
    def config(self) -> Path:
        return self.root / "config.json"

    @property
    def summary(self) -> Path:
        return self.root / "summary.json"

    @property
    def analysis(self) -> Path:
        return self.root / "analysis"

    def run(self, index: int) -> RunFiles:
        return RunFiles(self.root / f"run_{index}")

    def holds_run(self) -> bool:
        return self.config.exists()

    def read_config(self) -> tuple[TrainConfig, str | None]:
        """The saved settings and their saved fingerprint.

        Raises
        ------
        InputError
            If the directory holds no run (no ``config.json``) or the file is unreadable.
        """
        if not self.config.exists():
            raise InputError(f"{self.root}: not a run directory (no config.json)")
        try:
            saved = json.loads(self.config.read_text())
            return TrainConfig.from_dict(saved["config"]), saved.get("fingerprint")
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise InputError(f"{self.config}: unreadable run configuration ({err})") from None

    def write_config(self, cfg: TrainConfig) -> None:
        write_json({"config": cfg.to_dict(), "fingerprint": cfg.fingerprint()}, self.config)

    @property
    def inputs(self) -> Path:
        return self.root / "inputs.json"

    def write_inputs(self, inputs: dict[str, Any]) -> None:
        """Record what defines the data of a user's files (see ``graphlab train``), for a
        resume to compare."""
        write_json(inputs, self.inputs)

    def read_inputs(self) -> dict[str, Any] | None:
        """The recorded inputs; ``None`` for a run without the record (a registered dataset,
        or a run directory written before it was kept).

        Raises
        ------
        InputError
            If the file is unreadable.
        """
        if not self.inputs.exists():
            return None
        try:
            saved = json.loads(self.inputs.read_text())
        except (OSError, ValueError) as err:
            raise InputError(f"{self.inputs}: unreadable ({err})") from None
        if not isinstance(saved, dict):
            raise InputError(f"{self.inputs}: unreadable (not a JSON object)")
        return saved

    def write_summary(self, summary: dict[str, Any]) -> None:
        write_json(summary, self.summary)
