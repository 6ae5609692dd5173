"""Ctrl-C that is never swallowed: a process-wide flag set by SIGINT.

Python turns SIGINT into :class:`KeyboardInterrupt` at the next bytecode. Two things defeat
that: long compiled kernels (numba) that run no bytecode until they return, and libraries that
catch :class:`KeyboardInterrupt` and carry on (scikit-learn's MLP training stops early, keeps
the half-trained model and returns normally). So:

- long kernels run in chunks and call :func:`check` between them, each chunk inside
  :func:`deferred`: numba boxes a kernel's results by calling back into Python, and a
  :class:`KeyboardInterrupt` raised there is not handled by numba (a ``SystemError``, with
  older versions a segfault), so SIGINT is only recorded during the call and raised as a
  :class:`KeyboardInterrupt` right after it;
- :func:`watching` installs a SIGINT handler that records the signal in a flag before raising
  :class:`KeyboardInterrupt` as Python's default handler does; after a call that may have
  swallowed it, :func:`check` raises it again.

The ``graphlab`` command runs every subcommand inside :func:`watching` and turns the
:class:`KeyboardInterrupt` into one line and exit status 130. Library code may nest
:func:`watching` freely (only the outermost installs the handler; outside the main thread it
does nothing), so an API caller of e.g. :class:`hypergraph.reconstruct.SHyRe` gets the same
behaviour.

Examples
--------
>>> with watching():
...     check()   # nothing pending: returns
>>> interrupted()
False
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import NoReturn

__all__ = ["check", "clear", "deferred", "exit_now", "interrupted", "watching"]

_FLAG = threading.Event()


def _handler(signum: int, frame: FrameType | None) -> None:
    _FLAG.set()
    raise KeyboardInterrupt


def interrupted() -> bool:
    """Whether SIGINT arrived (under :func:`watching`) since the flag was last cleared."""
    return _FLAG.is_set()


def clear() -> None:
    """Forget an earlier SIGINT."""
    _FLAG.clear()


def check() -> None:
    """Raise :class:`KeyboardInterrupt` if SIGINT arrived, even if someone swallowed it."""
    if _FLAG.is_set():
        raise KeyboardInterrupt


@contextmanager
def watching() -> Iterator[None]:
    """Record SIGINT in the process-wide flag while the block runs.

    The flag is cleared on entry to and exit from the outermost block; the previous handler
    is restored on exit. Outside the main thread (where Python cannot install handlers) or
    when SIGINT is ignored or handled by someone else, the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is _handler or previous is not signal.default_int_handler:
        yield  # nested, or the application handles SIGINT itself
        return
    _FLAG.clear()
    signal.signal(signal.SIGINT, _handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        _FLAG.clear()  # the interrupt has been raised by now; a later block starts afresh


@contextmanager
def deferred() -> Iterator[None]:
    """Hold Ctrl-C back while the block runs (one chunk of a compiled kernel); raise it after.

    While the block runs, SIGINT is only recorded (Python runs signal handlers in the main
    thread, between bytecodes, e.g. inside numba's boxing of a kernel's results); at the end
    of the block a recorded SIGINT raises :class:`KeyboardInterrupt` (and sets the flag when
    under :func:`watching`). Keep the block short, a fraction of a second. Outside the main
    thread, or when the application handles SIGINT itself, the block runs unchanged.

    >>> with deferred():
    ...     pass
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is not _handler and previous is not signal.default_int_handler:
        yield
        return
    got: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if got:
        if previous is _handler:
            _FLAG.set()
        raise KeyboardInterrupt


def exit_now(status: int) -> NoReturn:
    """End the process at once with ``status``, after the ``atexit`` handlers.

    For the command line after Ctrl-C: the interpreter's own teardown of torch, numba and
    scikit-learn takes about a second, more than the whole reaction may. Standard streams are
    flushed and the ``atexit`` handlers run (worker pools are stopped, temporary folders
    removed); only the freeing of module objects is skipped. Outputs are not at stake: they
    are written atomically, so an interrupted write has already left them as they were.
    """
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError, AttributeError):
            stream.flush()
    try:
        atexit._run_exitfuncs()
    finally:
        os._exit(status)
