"""Argument and graph checks shared by every public entry point.

One rule everywhere:

- ``bool`` is never a number (``True`` is not ``1`` hops, nor ``1.0`` of anything);
- integers are Python or numpy integers; reals are those plus floats, and NaN is never in range;
- bounds are inclusive unless named ``*_open``; the message names the argument, states the rule
  and shows the value given (``repr``).

Graph preconditions follow networkx's ``not_implemented_for``: :func:`require_undirected` and
:func:`require_simple` raise :class:`~graphlab.errors.InputError` with a message that names the
algorithm.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Collection
from typing import Any, TypeVar, cast

import numpy as np

from .errors import InputError

__all__ = [
    "DEFAULT_MEMORY_BUDGET",
    "check_bool",
    "check_choice",
    "check_int",
    "check_memory_budget",
    "check_real",
    "check_seed",
    "not_implemented_for",
    "parse_bytes",
    "require_simple",
    "require_undirected",
]

F = TypeVar("F", bound=Callable[..., Any])

_UNITS = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def _bound_text(low: Any, high: Any, low_open: bool, high_open: bool) -> str:
    parts = []
    if low is not None:
        parts.append(f"{'>' if low_open else '>='} {low}")
    if high is not None:
        parts.append(f"{'<' if high_open else '<='} {high}")
    return " and ".join(parts)


def check_int(
    value: Any,
    name: str,
    *,
    low: int | None = None,
    high: int | None = None,
) -> int:
    """``value`` as an ``int`` in ``[low, high]``, else :class:`InputError` naming ``name``.

    Examples
    --------
    >>> check_int(np.int64(3), "hops", low=1)
    3
    >>> check_int(True, "hops", low=1)
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: hops must be an integer >= 1, got True
    """
    rule = " ".join(filter(None, ["an integer", _bound_text(low, high, False, False)]))
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InputError(f"{name} must be {rule}, got {value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise InputError(f"{name} must be {rule}, got {value!r}")
    return int(value)


def check_real(
    value: Any,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """``value`` as a finite ``float`` within the bounds, else :class:`InputError`.

    Examples
    --------
    >>> check_real(0.5, "alpha", low=0, high=1)
    0.5
    >>> check_real(float("nan"), "alpha", low=0, high=1)
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: alpha must be a finite number >= 0 and <= 1, got nan
    """
    bounds = _bound_text(low, high, low_open, high_open)
    rule = " ".join(filter(None, ["a finite number", bounds]))
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InputError(f"{name} must be {rule}, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise InputError(f"{name} must be {rule}, got {value!r}")
    if low is not None and (v <= low if low_open else v < low):
        raise InputError(f"{name} must be {rule}, got {value!r}")
    if high is not None and (v >= high if high_open else v > high):
        raise InputError(f"{name} must be {rule}, got {value!r}")
    return v


def check_bool(value: Any, name: str) -> bool:
    """``value`` if it is a ``bool`` (numpy's included), else :class:`InputError`.

    >>> check_bool(1, "weighted")
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: weighted must be True or False, got 1
    """
    if not isinstance(value, (bool, np.bool_)):
        raise InputError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_choice(value: Any, name: str, choices: Collection[str]) -> str:
    """``value`` if it is one of ``choices``, else :class:`InputError` listing them.

    >>> check_choice("gcn", "model", ("gcn", "sage"))
    'gcn'
    >>> check_choice("gat", "model", ("gcn", "sage"))
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: model must be one of 'gcn', 'sage', got 'gat'
    """
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise InputError(f"{name} must be one of {listed}, got {value!r}")
    return value


def check_seed(seed: Any, name: str = "seed") -> int:
    """A seed: an integer >= 0 (``bool`` refused).

    >>> check_seed(7)
    7
    """
    return check_int(seed, name, low=0)


def parse_bytes(value: Any, name: str = "memory budget") -> int:
    """A positive number of bytes from an int or a text such as ``2e9``, ``512M``, ``4G``, ``1GB``.

    The one parser behind ``--memory-budget``, ``$GRAPHLAB_MEMORY_BUDGET`` and the
    ``memory_budget`` arguments, so all three accept the same forms.

    Examples
    --------
    >>> parse_bytes("512M")
    536870912
    >>> parse_bytes("2e9")
    2000000000
    >>> parse_bytes("lots")
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: memory budget must be a positive number of bytes ... got 'lots'
    """
    rule = f"{name} must be a positive number of bytes (e.g. 2e9, 512M, 4G), got {value!r}"
    if isinstance(value, bool):
        raise InputError(rule)
    if isinstance(value, (int, np.integer, float, np.floating)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().upper().removesuffix("B")
        try:
            if text and text[-1] in _UNITS:
                number = float(text[:-1]) * _UNITS[text[-1]]
            else:
                number = float(text)
        except ValueError:
            raise InputError(rule) from None
    else:
        raise InputError(rule)
    if not math.isfinite(number) or number < 1:
        raise InputError(rule)
    return int(number)


def _default_budget() -> int:
    text = os.environ.get("GRAPHLAB_MEMORY_BUDGET")
    if text is None or not text.strip():
        return 1 << 30
    try:
        return parse_bytes(text, "$GRAPHLAB_MEMORY_BUDGET")
    except InputError:
        # A bad environment must not break ``import graphlab``; it is reported when a kernel
        # actually needs the budget (check_memory_budget).
        return -1


#: Default working-memory budget of a blocked kernel, in bytes: ``$GRAPHLAB_MEMORY_BUDGET``
#: (same forms as ``--memory-budget``) or 1 GiB. ``-1`` marks an unparsable environment value.
DEFAULT_MEMORY_BUDGET = _default_budget()


def check_memory_budget(memory_budget: Any = None) -> int:
    """The working-memory budget in bytes: ``memory_budget`` or the default.

    Raises :class:`InputError` naming ``$GRAPHLAB_MEMORY_BUDGET`` if the default comes from an
    unparsable environment variable.

    >>> check_memory_budget("1K")
    1024
    """
    if memory_budget is None:
        if DEFAULT_MEMORY_BUDGET < 0:
            parse_bytes(os.environ.get("GRAPHLAB_MEMORY_BUDGET"), "$GRAPHLAB_MEMORY_BUDGET")
        return DEFAULT_MEMORY_BUDGET
    return parse_bytes(memory_budget, "memory_budget")


def require_undirected(graph: Any, what: str) -> Any:
    """``graph`` if it is undirected, else :class:`InputError` naming ``what`` needs one.

    >>> from graphlab import Graph
    >>> g = Graph.from_edge_index([[0], [1]], num_nodes=2, directed=True)
    >>> require_undirected(g, "triangle counting")
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: triangle counting needs an undirected graph; got a directed graph
    """
    if graph.directed:
        raise InputError(f"{what} needs an undirected graph; got a directed graph")
    return graph


def require_simple(graph: Any, what: str) -> Any:
    """``graph`` if undirected and free of self-loops, else :class:`InputError`."""
    require_undirected(graph, what)
    if graph.num_self_loops:
        raise InputError(
            f"{what} needs a graph without self-loops; got {graph.num_self_loops} self-loop(s)"
        )
    return graph


def not_implemented_for(*kinds: str, what: str | None = None) -> Callable[[F], F]:
    """Decorator: refuse graphs of the given kinds (``"directed"``, ``"self_loops"``).

    The graph is the first positional argument (or ``graph=``); ``what`` defaults to the
    function's name.

    >>> from graphlab import Graph
    >>> @not_implemented_for("directed")
    ... def degree_sum(graph):
    ...     return graph.nnz
    >>> degree_sum(Graph.from_edge_index([[0], [1]], num_nodes=2, directed=True))
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: degree_sum needs an undirected graph; got a directed graph
    """
    unknown = set(kinds) - {"directed", "self_loops"}
    if unknown:
        raise ValueError(f"unknown graph kinds {sorted(unknown)}")

    def decorate(fn: F) -> F:
        label = what or fn.__name__

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            graph: Any = args[0] if args else kwargs.get("graph")  # duck-typed Graph
            if "directed" in kinds:
                require_undirected(graph, label)
            if "self_loops" in kinds and graph.num_self_loops:
                require_simple(graph, label)
            return fn(*args, **kwargs)

        return cast(F, wrapper)

    return decorate
