"""Helpers of the SIGINT tests: start a real Python subprocess, interrupt it, time the exit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: Seconds a process may take from SIGINT to its exit on an idle machine (the issue asks about one).
REACTION = 2.0


def reaction() -> float:
    """:data:`REACTION`, stretched by how oversubscribed the CPUs are right now.

    The kernels' time slices are sized by wall time when they start; when other jobs (the other
    test worker building the docs, say) take the cores mid-slice, a slice and the interpreter's
    exit take longer in proportion. The limit scales with the 1-minute load per core above 1, so
    it keeps its meaning (a regression to one long uninterruptible call still fails by far).
    """
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return REACTION * max(1.0, load)


def _default_sigint() -> None:
    # a child of a shell's background job inherits SIGINT ignored; a terminal's does not
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_python(
    args: list[str], *, stdout: int = subprocess.PIPE, stderr: int = subprocess.PIPE
) -> subprocess.Popen:
    """``python ARGS`` in the checkout, with SIGINT's default handling restored."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO,
        stdout=stdout,
        stderr=stderr,
        env=dict(os.environ),
        preexec_fn=_default_sigint,
    )


def interrupt(proc: subprocess.Popen) -> tuple[float, bytes, bytes]:
    """Send SIGINT; return (seconds to exit, stdout, stderr). A hung process is killed."""
    assert proc.poll() is None, "the process ended before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    t0 = time.perf_counter()
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return time.perf_counter() - t0, out or b"", err or b""
