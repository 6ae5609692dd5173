"""What the command line does when its OUTPUT fails, and how it prints (issue 11).

- An output file that cannot be written (a missing or read-only folder that passed the early
  check, a full disk, a failed ``torch.save``) is one line naming the path and the system's
  reason, exit status 2, the old file kept and no temporary file left
  (:func:`graphlab.fileio.atomic_path` turns the ``OSError`` into an ``OutputPathError``).
- A stdout that cannot be written (``> /dev/full``) is one line and exit status 2.
- Log lines printed while a progress bar is drawn start at the beginning of a line.
- An unknown flag is reported by the subcommand (``graphlab tc: error: ...``).
- Human output: ``1 edge``, not ``1 edges``; ``mean ± std`` to one decimal place.
"""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graphlab.cli import common, main
from graphlab.errors import OutputPathError
from graphlab.fileio import atomic_open, atomic_path

REPO = Path(__file__).resolve().parents[1]


def _full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ------------------------------------------------------------------------ atomic writes
def test_a_failed_write_is_an_output_path_error_and_keeps_the_old_file(tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("old\n")
    expected = rf"^cannot write {re.escape(str(out))}: No space left on device$"
    with pytest.raises(OutputPathError, match=expected), atomic_open(out) as fh:
        fh.write("new")
        _full_disk()
    assert out.read_text() == "old\n" and _leftovers(tmp_path) == []


def test_a_folder_that_cannot_hold_the_file_is_an_output_path_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    expected = r"^cannot write .*/file/x\.csv: (File exists|Not a directory)$"
    with pytest.raises(OutputPathError, match=expected), atomic_path(blocker / "x.csv"):
        pass
    if os.path.isdir("/proc/self"):  # a folder no file can be created in, even by root
        expected = r"^cannot write /proc/x\.csv: "
        with pytest.raises(OutputPathError, match=expected), atomic_path("/proc/x.csv"):
            pass


def test_errors_of_the_writer_other_than_oserror_pass_through(tmp_path):
    with pytest.raises(ZeroDivisionError), atomic_path(tmp_path / "x.csv"):
        1 / 0  # noqa: B018
    assert _leftovers(tmp_path) == []


# ------------------------------------------------------------------------ the command line
def test_a_full_disk_under_out_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, data_root):
    out = tmp_path / "stats.csv"
    out.write_text("old\n")
    import pandas as pd

    monkeypatch.setattr(pd.DataFrame, "to_csv", _full_disk)
    assert main(["stats", "cora", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"graphlab stats: error: cannot write {out}: No space left on device\n"
    assert out.read_text() == "old\n" and _leftovers(tmp_path) == []


def test_out_in_proc_is_one_line_in_a_real_process(data_root):
    if not os.path.isdir("/proc/self"):
        pytest.skip("no /proc")
    res = subprocess.run(
        [sys.executable, "-m", "graphlab", "stats", "cora", "--out", "/proc/x.csv"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert res.returncode == 2, res.stderr
    # found before the work: no file can be created in /proc, even by root
    assert res.stderr.startswith(
        "graphlab stats: error: --out /proc/x.csv: the folder /proc is not writable ("
    )
    assert len(res.stderr.splitlines()) == 1, res.stderr


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_stdout_on_a_full_device_is_one_line_and_exit_2(json_flag, data_root):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        res = subprocess.run(
            [sys.executable, "-m", "graphlab", "datasets", *json_flag],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            timeout=120,
        )
    assert res.returncode == 2, res.stderr
    assert res.stderr == (
        "graphlab datasets: error: cannot write standard output: No space left on device\n"
    )


def test_write_stdout_lets_a_closed_pipe_through(monkeypatch):
    def closed(*args, **kwargs):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr("builtins.print", closed)
    with pytest.raises(BrokenPipeError):
        common.write_stdout("x")
    monkeypatch.setattr("builtins.print", _full_disk)
    with pytest.raises(common.StdoutError, match="No space left on device"):
        common.write_stdout("x")


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["tc", "cora", "--bogus"],
            "graphlab tc: error: unrecognized arguments: --bogus (see `graphlab tc --help`)",
        ),
        (
            ["stats", "cora", "--hopz", "2", "extra"],
            "graphlab stats: error: unrecognized arguments: --hopz 2 extra "
            "(see `graphlab stats --help`)",
        ),
        (
            ["hypergraph", "info", "x.txt", "--bogus"],
            "graphlab hypergraph: error: unrecognized arguments: --bogus "
            "(see `graphlab hypergraph --help`)",
        ),
        (
            ["--bogus"],
            "graphlab: error: unrecognized arguments: --bogus (see `graphlab --help`)",
        ),
    ],
)
def test_unknown_flags_name_the_subcommand(argv, line, capsys):
    assert main(argv) == 2
    assert capsys.readouterr().err == line + "\n"


# ------------------------------------------------------------------------ human output
def test_counts_are_singular_for_one(tmp_path, monkeypatch, capsys):
    (tmp_path / "one.txt").write_text("0 1\n1 2\n2 0\n")
    monkeypatch.chdir(tmp_path)
    assert main(["stats", "one.txt"]) == 0
    headline = capsys.readouterr().out.splitlines()[0]
    assert "3 edges, 1 triangle;" in headline, headline
    assert main(["tc", "one.txt"]) == 0
    out = capsys.readouterr().out
    assert not re.search(r"\b1 (node|edge|triangle)s\b", out), out


def test_mean_and_std_share_the_decimal_place():
    assert common.fmt_mean_std(0.648, 0.001342, 2) == "0.6480 ± 0.0013"
    assert common.fmt_count(1, "edge") == "1 edge"
    assert common.fmt_count(1067911, "edge") == "1,067,911 edges"


def test_resume_of_a_finished_run_says_nothing_was_left(tmp_path, capsys, data_root):
    out = tmp_path / "run"
    argv = ["train", "cora", "--epochs", "1", "--eval-every", "1", "--out", str(out), "--quiet"]
    assert main(argv) == 0
    capsys.readouterr()
    assert main(["train", "cora", "--out", str(out), "--resume", "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{out}: the run has finished, nothing left to train; its results:"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["runs"] == 1


# ------------------------------------------------------------------------ progress bars
@pytest.mark.slow
def test_log_lines_start_a_line_under_a_progress_bar(data_root):
    """`train` on a terminal: no "...1.37epoch/s]run 0 epoch 2 loss" (tqdm.write clears it)."""
    from test_interrupt import _run_on_pty

    rc, seen = _run_on_pty(["train", "cora", "--epochs", "4", "--eval-every", "1"], timeout=120)
    assert rc == 0, seen[-2000:]
    starts = [m.start() for m in re.finditer(rb"run 0 epoch", seen)]
    assert len(starts) == 4, seen[-2000:]
    assert b"epoch/s" in seen or b"it/s" in seen or b"%|" in seen, seen[-2000:]  # a bar drawn
    for i in starts:
        assert seen[i - 1 : i] in (b"\r", b"\n"), seen[max(0, i - 80) : i + 40]


def test_progress_write_is_plain_stderr_when_quiet(capsys):
    from graphlab import progress

    progress.write("a line")  # stderr is captured, not a terminal: no tqdm
    assert capsys.readouterr().err == "a line\n"


def test_a_table_cut_on_stdout_says_so(tmp_path, capsys):
    """Without --out, a table longer than its first rows says how many rows it has and how to
    write them all; a short one prints whole, with no note."""
    long = tmp_path / "long.csv"
    long.write_text("".join(f"{i},{i + 1}\n" for i in range(20)))
    assert main(["tc", str(long)]) == 0
    assert "(the first 10 of 21 rows; --out FILE writes them all)" in capsys.readouterr().out
    short = tmp_path / "short.csv"
    short.write_text("0,1\n1,2\n")
    assert main(["tc", str(short)]) == 0
    assert "the first 10" not in capsys.readouterr().out
