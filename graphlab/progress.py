"""Progress bars that show on a terminal and stay quiet otherwise.

Long loops (row blocks, epochs, datasets) wrap their iterables with :func:`progress`. A bar is
drawn only when stderr is a terminal and quiet mode is off (``graphlab --quiet`` or
:func:`set_quiet`), so logs, pipes and CI stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

__all__ = ["is_quiet", "progress", "set_quiet"]

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
