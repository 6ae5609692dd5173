"""Every subcommand checks its output paths before any work: one line, exit 2, nothing written;
and what the command line writes gets the mode open() gives under the umask."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from graphlab import fileio
from graphlab.cli import main

TABLES = ".csv, .csv.gz, .tsv, .parquet, .json"

# (argv, the problem the line names); {g} an edge list, {h} a hyperedge list, {d} a folder,
# {f} a file, {run} a run directory whose analysis/ is a file, {t} the test's folder
CASES = [
    (["stats", "{g}", "--out", "{t}/missing/s.csv"], "the folder {t}/missing does not exist"),
    (["stats", "{g}", "--out", "{d}"], "is a folder; give a file name"),
    (["stats", "{g}", "--out", "{f}/s.csv"], "{f} is not a folder"),
    (["stats", "{g}", "--out", "{t}/s.xlsx"], f"use one of {TABLES}"),
    (["tc", "{g}", "--out", "{t}/missing/tc.csv"], "the folder {t}/missing does not exist"),
    (["tc", "{g}", "--out", "{d}"], "is a folder; give a file name"),
    (
        ["hypergraph", "project", "{h}", "--out", "{t}/missing/e.csv"],
        "the folder {t}/missing does not exist",
    ),
    (["hypergraph", "project", "{h}", "--out", "{d}"], "is a folder; give a file name"),
    (
        ["reconstruct", "--query", "{h}", "--method", "max-cliques", "--out", "{t}/r.xlsx"],
        "use one of .txt, .txt.gz",
    ),
    (
        ["reconstruct", "--query", "{h}", "--truth", "{h}", "--table", "{t}/r.xlsx"],
        f"use one of {TABLES}",
    ),
    (
        ["reconstruct", "--query", "{h}", "--method", "max-cliques", "--out", "{t}/no/r.txt"],
        "the folder {t}/no does not exist",
    ),
    (
        ["reconstruct", "--query", "{h}", "--method", "max-cliques", "--out", "{d}"],
        "is a folder; give a file name",
    ),
    (["train", "cora", "--out", "{f}"], "is an existing file; give a folder"),
    (["train", "cora", "--out", "{f}/run"], "{f} is a file, so the folder cannot be created"),
    (["shift", "cora", "--out", "{f}"], "is an existing file; give a folder"),
    (["demo", "--out-dir", "{f}"], "is an existing file; give a folder"),
    (["analyze", "{run}"], "is an existing file; give a folder"),
]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    f = {
        "t": tmp_path,
        "g": tmp_path / "g.csv",
        "h": tmp_path / "h.txt",
        "d": tmp_path / "folder",
        "f": tmp_path / "file",
        "run": tmp_path / "run",
    }
    f["g"].write_text("0,1\n1,2\n2,0\n")
    f["h"].write_text("0 1 2\n2 3\n")
    f["d"].mkdir()
    f["f"].write_text("keep\n")
    f["run"].mkdir()
    (f["run"] / "config.json").write_text("{}\n")
    (f["run"] / "analysis").write_text("keep\n")
    return f


def _snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*")}


def _check(argv: list[str], message: str, files: dict[str, Path], capsys) -> str:
    argv = [a.format(**files) for a in argv]
    before = _snapshot(files["t"])
    assert main(argv) == 2
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith(f"graphlab {argv[0]}: error: ")
    assert message.format(**files) in lines[0]
    assert _snapshot(files["t"]) == before  # nothing created or changed
    return lines[0]


@pytest.mark.parametrize(("argv", "message"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_bad_output_path_exit_2_one_line_nothing_written(argv, message, files, capsys):
    line = _check(argv, message, files, capsys)
    # the line names the path given (and its flag)
    flag = next((a for a in argv if a in ("--out", "--table", "--out-dir")), None)
    if flag is not None:
        given = argv[argv.index(flag) + 1].format(**files)
        assert f"{flag} {given}: " in line


UNWRITABLE = [
    ["stats", "{g}", "--out", "{d}/s.csv"],
    ["tc", "{g}", "--out", "{d}/tc.csv"],
    ["hypergraph", "project", "{h}", "--out", "{d}/e.csv"],
    ["reconstruct", "--query", "{h}", "--method", "max-cliques", "--out", "{d}/r.txt"],
    ["reconstruct", "--query", "{h}", "--truth", "{h}", "--table", "{d}/t.csv"],
    ["train", "cora", "--out", "{d}/run"],
    ["shift", "cora", "--out", "{d}/shift"],
    ["demo", "--out-dir", "{d}/demo"],
    ["report", "cora", "--out", "{d}/r.html"],
]


@pytest.mark.parametrize("argv", UNWRITABLE, ids=[" ".join(a) for a in UNWRITABLE])
def test_unwritable_output_folder(argv, files, capsys, monkeypatch):
    # the tests may run as root, who writes anywhere: the folder is made unwritable to access()
    real_access = os.access
    folder = files["d"]

    def access(path, mode, **kwargs):
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(fileio.os, "access", access)
    _check(argv, "the folder {d} is not writable", files, capsys)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("argv", UNWRITABLE, ids=[" ".join(a) for a in UNWRITABLE])
def test_folder_that_takes_no_new_file(argv, files, capsys):
    # access() grants root /proc, where no file can be created: the check creates one, so the
    # command stops at once instead of after its work
    _check(argv, "the folder /proc is not writable", {**files, "d": Path("/proc")}, capsys)


def test_read_only_file_system_found_by_creating_a_file(tmp_path, monkeypatch):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(fileio.tempfile, "mkstemp", read_only)
    for path, kind in ((tmp_path / "t.csv", "file"), (tmp_path / "new" / "run", "dir")):
        with pytest.raises(fileio.OutputPathError) as info:
            fileio.check_output_path(path, kind=kind, option="--out")  # type: ignore[arg-type]
        assert str(info.value) == (
            f"--out {path}: the folder {tmp_path} is not writable (Read-only file system)"
        )


def test_a_writable_folder_is_left_as_it_was(tmp_path):
    (tmp_path / "sub").mkdir()
    before = (tmp_path / "sub").stat().st_mtime_ns
    assert fileio.check_output_path(tmp_path / "sub" / "t.csv") == tmp_path / "sub" / "t.csv"
    assert fileio.check_output_path(tmp_path / "sub" / "a" / "b", kind="dir")
    assert list((tmp_path / "sub").iterdir()) == []
    assert (tmp_path / "sub").stat().st_mtime_ns == before


def _run_under_umask(mask: int, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", f'umask {mask:03o} && exec "$0" -m graphlab "$@"', sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ},
    )


@pytest.mark.parametrize("mask", [0o022, 0o077])
def test_command_line_outputs_get_the_umask_mode(tmp_path, mask):
    (tmp_path / "g.csv").write_text("0,1\n1,2\n2,0\n2,3\n")
    old = tmp_path / "old.parquet"
    old.write_text("x")
    os.chmod(old, 0o640)
    (tmp_path / "link.csv").symlink_to("target.csv")
    for out in ("new.csv", "old.parquet", "link.csv"):
        res = _run_under_umask(mask, tmp_path, "stats", "g.csv", "--out", out, "--quiet")
        assert res.returncode == 0, res.stderr
    for name in ("new.csv", "old.parquet", "target.csv"):
        assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) == 0o666 & ~mask, name
    assert (tmp_path / "link.csv").is_symlink()


def test_reconstruct_table_without_truth_fails_before_the_work(files, capsys):
    argv = ["reconstruct", "--query", "{h}", "--method", "max-cliques", "--table", "{t}/t.csv"]
    _check(argv, "--table needs ground truth (NAME or --truth)", files, capsys)
