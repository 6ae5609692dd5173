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
]


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
