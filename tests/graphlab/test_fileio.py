"""graphlab.fileio: atomic outputs with the mode open() gives, symlinks, output-path checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import file_mode
from graphlab import fileio
from graphlab.errors import InputError, OutputPathError
from graphlab.fileio import (
    TABLE_SUFFIXES,
    atomic_open,
    atomic_path,
    check_output_path,
    current_umask,
    make_output_dir,
    output_file_mode,
    save_figure,
    write_json,
    write_table,
)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"node": [0, 1, 2], "tc": [0.5, np.nan, 1.0]})


def _figure():
    fig, ax = fileio.new_figure()
    ax.plot([0, 1], [1, 0])
    return fig


WRITERS = {
    **{f"table{s}": (lambda p, s=s: write_table(_frame(), p), f"t{s}") for s in TABLE_SUFFIXES},
    "json": (lambda p: write_json({"a": np.float64(1.5)}, p), "s.json"),
    "atomic_open": (lambda p: _write_text(p, "x\n"), "f.txt"),
    "png": (lambda p: save_figure(_figure(), p), "f.png"),
    "edge_list": (lambda p: _edge_list(p), "e.csv"),
}


def _write_text(path: Path, text: str) -> None:
    with atomic_open(path) as fh:
        fh.write(text)


def _edge_list(path: Path) -> None:
    from graphlab.graph import Graph
    from graphlab.readwrite import write_edge_list

    write_edge_list(Graph.from_coo(np.array([0, 1]), np.array([1, 2]), 3), path)


def test_current_umask_reads_the_umask_without_changing_it(umask):
    assert current_umask() == umask
    assert current_umask() == umask  # unchanged by the reading
    assert output_file_mode() == 0o666 & ~umask


def test_current_umask_without_proc(umask, monkeypatch):
    real_open = open

    def no_proc(file, *args, **kwargs):
        if str(file).startswith("/proc/"):
            raise FileNotFoundError(file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", no_proc)
    assert current_umask() == umask
    assert current_umask() == umask


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_writer_gives_the_mode_open_gives(tmp_path, umask, writer):
    write, name = WRITERS[writer]
    path = tmp_path / name
    write(path)
    with open(tmp_path / "reference", "w"):
        pass
    assert file_mode(path) == file_mode(tmp_path / "reference") == 0o666 & ~umask
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("old_mode", [0o600, 0o640, 0o666])
@pytest.mark.parametrize("writer", ["table.csv", "table.parquet", "json", "png"])
def test_replacing_a_file_gives_the_umask_mode(tmp_path, umask, writer, old_mode):
    write, name = WRITERS[writer]
    path = tmp_path / name
    path.write_bytes(b"old")
    os.chmod(path, old_mode)
    write(path)
    assert path.read_bytes() != b"old"
    assert file_mode(path) == 0o666 & ~umask


def test_missing_folders_are_created_with_the_umask_mode(tmp_path, umask):
    path = tmp_path / "a" / "b" / "summary.json"
    write_json({}, path)
    assert file_mode(tmp_path / "a") == file_mode(tmp_path / "a" / "b") == 0o777 & ~umask
    assert file_mode(path) == 0o666 & ~umask
    made = make_output_dir(tmp_path / "c" / "d")
    assert made.is_dir() and file_mode(tmp_path / "c") == file_mode(made) == 0o777 & ~umask


def test_modes_in_a_fresh_process_under_umask_077(tmp_path):
    # the umask a process starts with (not one changed inside it) is honoured too
    code = (
        "import os, pandas as pd, stat\n"
        "from graphlab.fileio import write_table\n"
        "p = write_table(pd.DataFrame({'a': [1]}), 'sub/t.csv')\n"
        "print(oct(stat.S_IMODE(os.stat(p).st_mode)), oct(stat.S_IMODE(os.stat('sub').st_mode)))"
    )
    res = subprocess.run(
        ["sh", "-c", f'umask 077 && exec "{sys.executable}" -c "$0"', code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["0o600", "0o700"]


def test_writing_through_a_symlink_writes_its_target(tmp_path, umask):
    real = tmp_path / "data" / "table.csv"
    real.parent.mkdir()
    real.write_text("old\n")
    os.chmod(real, 0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(Path("data") / "table.csv")  # relative, resolved from the link's folder
    write_table(_frame(), link)
    assert link.is_symlink() and os.readlink(link) == str(Path("data") / "table.csv")
    assert pd.read_csv(real)["node"].tolist() == [0, 1, 2]
    assert file_mode(real) == 0o666 & ~umask
    assert leftovers(tmp_path) == [] and leftovers(real.parent) == []


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "target.json")
    write_json({"a": 1}, link)
    assert link.is_symlink() and (tmp_path / "target.json").read_text().startswith("{")


def test_a_failure_mid_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_text("old\n")
    os.chmod(path, 0o640)

    def boom(self, *args, **kwargs):
        Path(args[0]).write_text("half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        write_table(_frame(), path)
    assert path.read_text() == "old\n" and file_mode(path) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_a_failed_rename_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    path.write_text("old\n")

    def fail(*args):
        raise OSError("rename failed")

    monkeypatch.setattr(fileio.os, "replace", fail)
    # the OSError becomes one OutputPathError naming the path and the reason (issue 11)
    with pytest.raises(OutputPathError, match=r"^cannot write .*s\.json: rename failed$"):
        write_json({"a": 1}, path)
    assert path.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_an_exception_inside_atomic_path_writes_nothing(tmp_path):
    path = tmp_path / "new.bin"
    with pytest.raises(KeyboardInterrupt), atomic_path(path) as tmp:
        tmp.write_bytes(b"partial")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_a_writer_that_recreates_the_temp_file_still_gets_the_mode(tmp_path, umask):
    path = tmp_path / "x.bin"
    with atomic_path(path) as tmp:
        tmp.unlink()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT, 0o600)
        os.close(fd)
    assert file_mode(path) == 0o666 & ~umask


# --- check_output_path -----------------------------------------------------------------------


def test_check_output_path_accepts_writable_paths_and_creates_nothing(tmp_path):
    before = sorted(tmp_path.iterdir())
    assert check_output_path(tmp_path / "t.csv", suffixes=TABLE_SUFFIXES) == tmp_path / "t.csv"
    assert check_output_path(tmp_path / "T.CSV.GZ", suffixes=TABLE_SUFFIXES)
    (tmp_path / "old.parquet").write_text("x")
    before = sorted(tmp_path.iterdir())
    check_output_path(tmp_path / "old.parquet", suffixes=TABLE_SUFFIXES)  # replaced later
    check_output_path(tmp_path, kind="dir")
    check_output_path(tmp_path / "runs" / "a" / "b", kind="dir")  # made as mkdir -p would
    assert sorted(tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("make", "target", "kwargs", "message"),
    [
        (None, "missing/t.csv", {}, "the folder {tmp}/missing does not exist"),
        ("dir:d", "d", {}, "is a folder; give a file name"),
        ("file:f", "f/t.csv", {}, "{tmp}/f is not a folder"),
        (None, "t.xlsx", {"suffixes": TABLE_SUFFIXES}, "use one of .csv, .csv.gz, .tsv, .parquet"),
        (None, "t", {"suffixes": (".txt", ".txt.gz")}, "use one of .txt, .txt.gz"),
        ("file:run", "run", {"kind": "dir"}, "is an existing file; give a folder"),
        ("file:f", "f/a/b", {"kind": "dir"}, "{tmp}/f is a file, so the folder cannot be created"),
    ],
)
def test_check_output_path_errors(tmp_path, make, target, kwargs, message):
    if make is not None:
        kind, name = make.split(":")
        if kind == "dir":
            (tmp_path / name).mkdir()
        else:
            (tmp_path / name).write_text("keep")
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    with pytest.raises(OutputPathError) as info:
        check_output_path(tmp_path / target, option="--out", **kwargs)
    text = str(info.value)
    assert text.startswith(f"--out {tmp_path / target}: ")
    assert message.format(tmp=tmp_path) in text
    assert "\n" not in text
    assert isinstance(info.value, InputError)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == before


def test_check_output_path_follows_symlinks(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "to-dir").symlink_to(tmp_path / "d")
    (tmp_path / "to-missing").symlink_to(tmp_path / "nowhere" / "t.csv")
    with pytest.raises(OutputPathError, match="is a folder"):
        check_output_path(tmp_path / "to-dir")
    with pytest.raises(OutputPathError, match="nowhere does not exist"):
        check_output_path(tmp_path / "to-missing")
    check_output_path(tmp_path / "to-dir", kind="dir")


def test_check_output_path_unwritable_folder(tmp_path, monkeypatch):
    calls = []

    def no_write(path, mode, **kwargs):
        calls.append(Path(path))
        return False

    monkeypatch.setattr(fileio.os, "access", no_write)
    with pytest.raises(OutputPathError, match=f"the folder {tmp_path} is not writable"):
        check_output_path(tmp_path / "t.csv")
    with pytest.raises(OutputPathError, match=f"the folder {tmp_path} is not writable"):
        check_output_path(tmp_path / "new" / "run", kind="dir")
    assert calls == [tmp_path, tmp_path]
