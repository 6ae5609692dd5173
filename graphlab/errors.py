"""The library's error classes.

Every error that bad input can cause is a :class:`GraphlabError`; the command line turns it into
one line on stderr and exit status 2. The subclasses also derive from the builtin exception a
Python user would expect (``ValueError``, ``FileNotFoundError``), so ``except ValueError`` works.
"""

from __future__ import annotations

__all__ = [
    "DataFormatError",
    "DatasetNotFoundError",
    "GraphlabError",
    "InputError",
    "MemoryBudgetError",
    "OutputPathError",
    "one_line",
    "quote_content",
]

#: Longest piece of file content a message shows (longer content is cut, ``...`` marks the cut).
QUOTE_LIMIT = 60


class GraphlabError(Exception):
    """Base class of every error graphlab raises on bad input."""


class InputError(GraphlabError, ValueError):
    """An argument is invalid: wrong shape, dtype, id range, weight value, parameter value."""


class OutputPathError(InputError):
    """An output path cannot be written: missing or unwritable folder, a folder where a file is
    expected (or the reverse), an unknown format suffix."""


class DataFormatError(GraphlabError, ValueError):
    """A file is malformed; the message names the file and, where known, the line."""


class DatasetNotFoundError(GraphlabError, FileNotFoundError):
    """A dataset or file is neither registered, nor on disk, nor downloadable here."""


class MemoryBudgetError(GraphlabError, MemoryError):
    """The memory budget is too small for the smallest unit of work (one row block)."""


def quote_content(content: str | bytes, limit: int = QUOTE_LIMIT) -> str:
    """File content as messages show it: quoted, non-printable characters escaped, cut to ``limit``.

    The one helper through which an error message shows what a file holds, so that a binary or
    very long line never reaches the terminal raw (no control characters, no terminal escapes,
    one line).

    Examples
    --------
    >>> quote_content("0 1 x")
    "'0 1 x'"
    >>> quote_content(b"\\x1b[31m\\x00ab")
    "'\\\\x1b[31m\\\\x00ab'"
    >>> quote_content("7" * 100, limit=10)
    "'7777777777'..."
    """
    if isinstance(content, bytes):
        content = content.decode("utf-8", errors="backslashreplace")
    cut = len(content) > limit
    return repr(content[:limit]) + ("..." if cut else "")


def one_line(message: str, limit: int = 400) -> str:
    """``message`` as one printable line: control characters escaped, cut to ``limit`` characters.

    The command line passes every error message through it, the last guard of the one-line rule.

    Examples
    --------
    >>> one_line("bad\\nvalue \\x00")
    'bad\\\\nvalue \\\\x00'
    """
    text = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in message)
    return text if len(text) <= limit else text[: limit - 3] + "..."
