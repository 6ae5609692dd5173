"""Progress bars that show on a terminal and stay quiet otherwise.

Long loops (row blocks, epochs, datasets) wrap their iterables with :func:`progress`; work
that advances in uneven steps (clique enumeration chunks) updates a :func:`progress_bar`. A bar
is drawn only when stderr is a terminal and quiet mode is off (``graphlab --quiet`` or
:func:`set_quiet`), so logs, pipes and CI stay clean. A line printed while a bar may be drawn
goes through :func:`write`, which clears the bar first: a plain ``print`` would glue the line to
the bar (``... 1.37epoch/s]run 0 epoch 2 loss 1.3768``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

__all__ = ["Bar", "is_quiet", "progress", "progress_bar", "set_quiet", "write"]

T = TypeVar("T")
_QUIET = False


def set_quiet(quiet: bool = True) -> None:
    """Turn progress bars off (``True``) or back on for this process."""
    global _QUIET
    _QUIET = bool(quiet)


def is_quiet() -> bool:
    return _QUIET or not sys.stderr.isatty()


def write(line: str) -> None:
    """Print ``line`` on stderr, on a line of its own also while a progress bar is drawn.

    Where a bar may be active (stderr a terminal, not quiet) it goes through ``tqdm.write``,
    which clears the bars, prints the line and draws them again below it; otherwise it is a
    plain ``print`` to stderr, flushed.
    """
    if is_quiet():
        print(line, file=sys.stderr, flush=True)
        return
    from tqdm.auto import tqdm

    tqdm.write(line, file=sys.stderr)


def progress(
    iterable: Iterable[T], *, total: int | None = None, desc: str | None = None, **kwargs: Any
) -> Iterator[T]:
    """Iterate ``iterable`` with a tqdm bar on stderr when appropriate."""
    if is_quiet():
        yield from iterable
        return
    from tqdm.auto import tqdm

    yield from tqdm(iterable, total=total, desc=desc, leave=False, **kwargs)


class Bar(Protocol):
    """What :func:`progress_bar` yields: ``update(n)`` advances the bar by ``n``;
    ``set_postfix_str(s)`` shows ``s`` after it (a count that the bar's own does not say)."""

    def update(self, n: float = 1) -> Any: ...

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> Any: ...


class _NoBar:
    def update(self, n: float = 1) -> None:
        return None

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        return None


@contextmanager
def progress_bar(
    total: float | None = None, *, desc: str | None = None, **kwargs: Any
) -> Iterator[Bar]:
    """A bar advanced by hand (``bar.update(n)``); a silent stand-in when quiet.

    >>> with progress_bar(10, desc="work") as bar:
    ...     bar.update(4)
    """
    if is_quiet() or kwargs.pop("disable", False):
        yield _NoBar()
        return
    from tqdm.auto import tqdm

    with tqdm(total=total, desc=desc, leave=False, **kwargs) as bar:
        yield bar
