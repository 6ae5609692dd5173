"""Progress bars that show on a terminal and stay quiet otherwise.

Long loops (row blocks, epochs, datasets) wrap their iterables with :func:`progress`; work
that advances in uneven steps (clique enumeration chunks) updates a :func:`progress_bar`. A bar
is drawn only when stderr is a terminal and quiet mode is off (``graphlab --quiet`` or
:func:`set_quiet`), so logs, pipes and CI stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

__all__ = ["Bar", "is_quiet", "progress", "progress_bar", "set_quiet"]

T = TypeVar("T")
_QUIET = False


def set_quiet(quiet: bool = True) -> None:
    """Turn progress bars off (``True``) or back on for this process."""
    global _QUIET
    _QUIET = bool(quiet)


def is_quiet() -> bool:
    return _QUIET or not sys.stderr.isatty()


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
    """What :func:`progress_bar` yields: ``update(n)`` advances the bar by ``n``."""

    def update(self, n: float = 1) -> Any: ...


class _NoBar:
    def update(self, n: float = 1) -> None:
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
