"""Ctrl-C and progress bars of the command line, on real subprocesses (issue 11, items 3 and 4).

SIGINT mid-run ends a command within about a second with one stderr line and exit 130, no
traceback, outputs as they were; a progress bar shows when stderr is a terminal (a
pseudo-terminal here) and not with ``--quiet`` or a pipe. The library side
(:mod:`graphlab.interrupt`) is tested in-process.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from signals import REPO, interrupt, reaction, start_python

from graphlab import interrupt as gl_interrupt


def _popen(args: list[str], *, stderr: int, stdout: int = subprocess.PIPE) -> subprocess.Popen:
    return start_python(["-m", "graphlab", *args], stdout=stdout, stderr=stderr)


def _assert_interrupted(name: str, rc: int | None, took: float, err: bytes) -> None:
    assert rc == 130, err.decode(errors="replace")[-2000:]
    assert err.decode() == f"graphlab {name}: interrupted\n"  # one line, no traceback
    assert took < reaction(), f"took {took:.2f} s to exit after SIGINT"


def _read_pty_until(fd: int, proc: subprocess.Popen, needle: bytes, timeout: float) -> bytes:
    """What the child wrote to the terminal until ``needle`` appeared (or it exited)."""
    seen = b""
    end = time.monotonic() + timeout
    while needle not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    return seen


def _openpty() -> tuple[int, int]:
    """A pseudo-terminal of 24 x 120 characters (a fresh one is 0 x 0: tqdm draws nothing)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    return master, slave


def _run_on_pty(args: list[str], timeout: float = 60) -> tuple[int, bytes]:
    """Run to the end with stderr on a pseudo-terminal; (exit status, terminal output)."""
    master, slave = _openpty()
    try:
        proc = _popen(args, stderr=slave, stdout=subprocess.DEVNULL)
        os.close(slave)
        seen = _read_pty_until(master, proc, b"\0never", timeout)
        return proc.wait(timeout=timeout), seen
    finally:
        os.close(master)


# ------------------------------------------------------------------------ library side
@pytest.fixture
def default_sigint() -> Iterator[None]:
    """Python's own SIGINT handler for the test: a test run started from a shell's background
    job (``nohup ... &``) inherits SIGINT ignored, and then the library rightly leaves it alone."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _sigint_and_wait(limit: float = 30.0) -> None:
    """SIGINT to this process, then wait (up to ``limit`` s) for the handler to raise.

    The signal is sent to the process, not raised in this thread: a test earlier in the same
    worker may leave SIGINT blocked in the main thread, and then only another thread can take
    it. Python still runs the handler in the main thread, but only at its next bytecode, which
    under load can come after a fixed sleep has ended; so this polls instead of sleeping once.
    """
    os.kill(os.getpid(), signal.SIGINT)
    end = time.monotonic() + limit
    while time.monotonic() < end:
        time.sleep(0.01)  # the handler raises here


def test_check_raises_a_swallowed_interrupt(default_sigint: None) -> None:
    """A SIGINT that a library catches (as scikit-learn's MLP does) is raised again."""
    with pytest.raises(KeyboardInterrupt), gl_interrupt.watching():
        with contextlib.suppress(KeyboardInterrupt):  # swallowed, as the library does
            _sigint_and_wait()
        assert gl_interrupt.interrupted()
        gl_interrupt.check()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert not gl_interrupt.interrupted()  # cleared with the block


def test_deferred_delivers_after_the_block(default_sigint: None) -> None:
    got = []
    with pytest.raises(KeyboardInterrupt):
        with gl_interrupt.deferred():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.2)  # the signal arrives here and is only recorded
            got.append("block ran to its end")
        got.append("not reached")
    assert got == ["block ran to its end"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_shyre_fit_reraises_what_the_classifier_swallows(
    monkeypatch: pytest.MonkeyPatch, default_sigint: None
) -> None:
    from hypergraph.core import Hypergraph
    from hypergraph.reconstruct import shyre

    class Swallowing:
        """Like MLPClassifier: Ctrl-C during fit ends training early, fit returns."""

        def fit(self, x: np.ndarray, y: np.ndarray) -> Swallowing:
            with contextlib.suppress(KeyboardInterrupt):
                _sigint_and_wait()
            return self

    monkeypatch.setattr(shyre, "_make_classifier", lambda *a: Swallowing())
    h = Hypergraph.from_edges([[0, 1, 2], [1, 2, 3], [0, 3], [2, 4], [3, 4, 5], [0, 5]])
    est = shyre.SHyRe(budget=50, classifier="lr", tune_threshold=False)
    with pytest.raises(KeyboardInterrupt):
        est.fit(h)
    assert not est.__sklearn_is_fitted__()


def test_chunked_cliques_equal_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tiny chunks (a pause inside nearly every node's search) change nothing."""
    from graphlab.graph import Graph
    from hypergraph import cliques

    rng = np.random.default_rng(0)
    u, v = rng.integers(0, 60, (2, 900))
    g = Graph.from_edge_index(np.stack([u, v]), num_nodes=64)
    whole = cliques.maximal_cliques(g)
    monkeypatch.setattr(cliques, "_FIRST_CHUNK_WORK", 1)
    monkeypatch.setattr(cliques, "_CHUNK_SECONDS", 1e-9)  # every chunk as small as allowed
    calls: list[int] = []
    chunk = cliques._cliques_chunk

    def counted(*args: Any) -> Any:
        calls.append(1)
        return chunk(*args)

    monkeypatch.setattr(cliques, "_cliques_chunk", counted)
    parts = cliques.maximal_cliques(g)
    assert len(calls) > 10
    assert np.array_equal(whole.edge_ptr, parts.edge_ptr)
    assert np.array_equal(whole.edge_nodes, parts.edge_nodes)
    nx_ = cliques.maximal_cliques(g, backend="networkx")
    assert sorted(whole.edges()) == sorted(nx_.edges())


# ------------------------------------------------------------------------ subprocesses
@pytest.mark.slow
def test_hypergraph_info_dense_interrupted(data_root: Path) -> None:
    """congress-bills' projection has tens of millions of maximal cliques: SIGINT inside the
    enumeration (once a SystemError or a segfault in the numba kernel)."""
    proc = _popen(["hypergraph", "info", "congress-bills"], stderr=subprocess.PIPE)
    assert proc.stdout is not None
    first = proc.stdout.readline()  # printed before the projection-loss analysis starts
    assert first.startswith(b"congress-bills:"), first
    time.sleep(1.0)  # well inside the enumeration
    took, _, err = interrupt(proc)
    _assert_interrupted("hypergraph", proc.returncode, took, err)


@pytest.mark.slow
def test_reconstruct_interrupted_in_training_writes_nothing(
    data_root: Path, tmp_path: Path
) -> None:
    """SIGINT while SHyRe fits its classifiers (scikit-learn swallows it): exit 130, the
    existing output untouched, no table created; the bar shows on a terminal."""
    out = tmp_path / "r.txt"
    out.write_text("earlier result\n")
    table = tmp_path / "t.csv"
    master, slave = _openpty()
    try:
        proc = _popen(
            ["reconstruct", "shyre-dblp", "--out", str(out), "--table", str(table)],
            stderr=slave,
            stdout=subprocess.DEVNULL,
        )
        os.close(slave)
        seen = _read_pty_until(master, proc, b"SHyRe fit", 60)
        assert b"SHyRe fit" in seen, seen[-2000:]
        time.sleep(0.5)  # inside a classifier's fit
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)
        t0 = time.perf_counter()
        rest = _read_pty_until(master, proc, b"\0never", 30)
        rc = proc.wait(timeout=30)
        took = time.perf_counter() - t0
    finally:
        os.close(master)
    assert rc == 130, rest[-2000:]
    assert took < reaction()
    assert b"graphlab reconstruct: interrupted" in rest
    assert b"Traceback" not in rest
    assert out.read_text() == "earlier result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]


@pytest.mark.slow
def test_train_interrupted_keeps_the_last_checkpoint(data_root: Path, tmp_path: Path) -> None:
    import torch

    run_dir = tmp_path / "run"
    proc = _popen(
        ["train", "cora", "--epochs", "1000", "--checkpoint-every", "1", "--eval-every", "1",
         "--out", str(run_dir), "--quiet"],
        stderr=subprocess.PIPE,
    )  # fmt: skip
    ckpt = run_dir / "run_0" / "checkpoint.pt"
    end = time.monotonic() + 60
    while not ckpt.exists() and time.monotonic() < end and proc.poll() is None:
        time.sleep(0.05)
    assert ckpt.exists(), "no checkpoint written"
    time.sleep(0.3)  # mid-epoch, possibly mid-save: either way the checkpoint stays whole
    took, _, err = interrupt(proc)
    _assert_interrupted("train", proc.returncode, took, err)
    state = torch.load(ckpt, map_location="cpu", weights_only=True)
    assert state["format"] == 1 and state["epoch"] >= 1
    # nothing half-written left behind: the run directory is config + last checkpoint
    names = sorted(p.relative_to(run_dir).as_posix() for p in run_dir.rglob("*") if p.is_file())
    assert names == ["config.json", "run_0/checkpoint.pt"]


# ------------------------------------------------------------------------ progress bars
@pytest.mark.slow
def test_progress_bar_on_a_terminal_only(data_root: Path) -> None:
    args = ["hypergraph", "info", "contact-primary-school"]
    rc, seen = _run_on_pty(args)
    assert rc == 0, seen[-2000:]
    assert b"maximal cliques" in seen and b"node" in seen, seen[-2000:]
    rc, seen = _run_on_pty([*args, "--quiet"])
    assert rc == 0 and b"maximal cliques" not in seen, seen[-2000:]
    done = subprocess.run(
        [sys.executable, "-m", "graphlab", *args], cwd=REPO, capture_output=True, timeout=60
    )
    assert done.returncode == 0 and done.stderr == b""
