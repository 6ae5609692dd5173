"""A run directory's files (config, summary, checkpoint, best model, history, result) get the mode
open() gives under the umask, and a checkpoint write that fails leaves the old one."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

import pytest
import torch

from conftest import file_mode
from graphlab.errors import OutputPathError
from linkpred.config import TrainConfig
from linkpred.rundir import RunDir


def _write_all(rd: RunDir) -> list[Path]:
    rd.write_config(TrainConfig.for_dataset("cora", epochs=2))
    files = rd.run(0)
    files.save({"w": torch.ones(3)}, files.checkpoint)
    files.save({"w": torch.zeros(3)}, files.best_model)
    files.write_history([{"epoch": 1, "loss": 0.5}])
    files.write_result({"valid": 0.1, "test": 0.2})
    rd.write_summary({"runs": 1})
    return [rd.config, rd.summary, files.checkpoint, files.best_model, files.history, files.result]


def test_run_directory_files_get_the_umask_mode(tmp_path, umask):
    rd = RunDir(tmp_path / "runs" / "cora")
    paths = _write_all(rd)
    for p in paths:
        assert file_mode(p) == 0o666 & ~umask, p
    for d in (tmp_path / "runs", rd.root, rd.run(0).root):
        assert file_mode(d) == 0o777 & ~umask, d
    for p in paths:
        os.chmod(p, 0o600)
    for p in _write_all(rd):  # replacing files of another mode
        assert file_mode(p) == 0o666 & ~umask, p
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_a_failed_checkpoint_write_keeps_the_old_checkpoint(tmp_path, monkeypatch):
    files = RunDir(tmp_path).run(0)
    files.save({"w": torch.ones(3)}, files.checkpoint)
    before = files.checkpoint.read_bytes()

    def fail(obj, f, *args, **kwargs):
        f.write(b"half")
        raise RuntimeError("not picklable")

    monkeypatch.setattr(torch, "save", fail)
    with pytest.raises(RuntimeError, match="not picklable"):  # not a write error: unchanged
        files.save({"w": torch.zeros(3)}, files.checkpoint)
    assert files.checkpoint.read_bytes() == before
    assert sorted(p.name for p in files.root.iterdir()) == ["checkpoint.pt"]

    def full_disk(obj, f, *args, **kwargs):
        # torch swallows the OSError of its writer and raises its own RuntimeError
        with contextlib.suppress(OSError):
            f.write(b"\0" * 100)
        raise RuntimeError("[enforce fail at inline_container.cc:672] . unexpected pos 704")

    class Full:
        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    import linkpred.rundir as rundir

    real = rundir._WriteRecorder
    monkeypatch.setattr(torch, "save", full_disk)
    monkeypatch.setattr(rundir, "_WriteRecorder", lambda fh: real(Full()))
    with pytest.raises(OutputPathError, match=r"checkpoint\.pt: No space left on device$"):
        files.save({"w": torch.zeros(3)}, files.checkpoint)
    assert files.checkpoint.read_bytes() == before
    assert sorted(p.name for p in files.root.iterdir()) == ["checkpoint.pt"]
