"""Helpers shared by the subcommands of every package: arguments, output, executors.

Public so that ``linkpred.cli`` and ``hypergraph.cli`` use them without reaching into the core's
private modules.
"""

from __future__ import annotations

import argparse
import math
import numbers
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

__all__ = [
    "StdoutError",
    "add_backend",
    "add_input",
    "add_memory_budget",
    "add_table_out",
    "echo",
    "emit_table",
    "fmt_count",
    "fmt_items",
    "fmt_mean_std",
    "fmt_number",
    "fmt_seconds",
    "fmt_share",
    "fmt_value",
    "int_arg",
    "load_input",
    "memory_budget_arg",
    "nonneg_int",
    "nonneg_real",
    "open_executor",
    "positive_int",
    "positive_real",
    "probability",
    "real_arg",
    "write_stdout",
]

T = TypeVar("T")


class StdoutError(Exception):
    """Standard output cannot be written (disk full, ``> /dev/full``); ``str()`` is the reason.

    :func:`graphlab.cli.main` prints it as one line with exit status 2. A closed pipe
    (``| head``) is not one: :class:`BrokenPipeError` passes through and ends the command quietly.
    """


def write_stdout(*parts: Any) -> None:
    """``print(*parts)`` to stdout, flushed; a failed write raises :class:`StdoutError`."""
    try:
        print(*parts, flush=True)
    except BrokenPipeError:
        raise
    except OSError as err:
        raise StdoutError(err.strerror or str(err) or type(err).__name__) from None


def echo(args: argparse.Namespace, *parts: Any) -> None:
    """Print human-readable output, unless ``--json`` asked for the JSON summary only."""
    if not getattr(args, "json", False):
        write_stdout(*parts)


# --------------------------------------------------------------------------- human output
# Every command's human output goes through these: numbers to 4 significant digits, units
# named; ``--json`` summaries keep full precision (they are built from the unrounded values).


def fmt_number(x: Any, digits: int = 4) -> str:
    """A number for people: integers with thousands separators, others to ``digits`` significant
    digits; missing values (None, NaN) as ``n/a``.

    Examples
    --------
    >>> fmt_number(0.493412), fmt_number(1067911), fmt_number(12.0), fmt_number(float("nan"))
    ('0.4934', '1,067,911', '12', 'n/a')
    >>> fmt_number(0.000012345), fmt_number(-3.14159, 2), fmt_number(True)
    ('1.234e-05', '-3.1', 'True')
    """
    if x is None:
        return "n/a"
    item = getattr(x, "item", None)
    if callable(item) and getattr(x, "shape", None) == ():
        x = item()  # a numpy scalar (or 0-d array) as its Python value
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return str(x)
    if isinstance(x, numbers.Integral):
        return f"{int(x):,}"
    x = float(x)
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:.{digits}g}"


def fmt_count(n: Any, noun: str, plural: str | None = None) -> str:
    """A count and its noun, singular for exactly one: ``1 edge``, ``2,708 nodes``.

    Examples
    --------
    >>> fmt_count(1, "edge"), fmt_count(0, "triangle"), fmt_count(5278, "edge")
    ('1 edge', '0 triangles', '5,278 edges')
    >>> fmt_count(1, "vertex", "vertices"), fmt_count(3, "vertex", "vertices")
    ('1 vertex', '3 vertices')
    """
    word = noun if n == 1 else (plural if plural is not None else noun + "s")
    return f"{fmt_number(n)} {word}"


def fmt_seconds(seconds: Any, digits: int = 4) -> str:
    """A duration in seconds with its unit.

    Examples
    --------
    >>> fmt_seconds(0.61234), fmt_seconds(17.0)
    ('0.6123 s', '17 s')
    """
    return f"{fmt_number(float(seconds), digits)} s"


def fmt_share(fraction: Any, digits: int = 4) -> str:
    """A fraction in [0, 1] as a percentage.

    Examples
    --------
    A share short of 1 that would round to 100% says so (all but a few of 93 million is not
    all):

    >>> fmt_share(0.123456), fmt_share(1.0), fmt_share(None), fmt_share(1 - 1e-7)
    ('12.35%', '100%', 'n/a', '>99.99%')
    """
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "n/a"
    f = float(fraction)
    text = fmt_number(100.0 * f, digits)
    if f < 1.0 and float(text) >= 100.0:
        return f">{100.0 - 10.0 ** (2 - digits):.{max(digits - 2, 0)}f}%"
    return f"{text}%"


def fmt_mean_std(mean: Any, std: Any, runs: int, digits: int = 4) -> str:
    """``mean ± std`` over ``runs`` runs, both to the same decimal place; one run: its value.

    The mean has ``digits`` significant digits and sets the decimal place; a spread too small
    to show there gets the places that show its first digit (``0.64800 ± 0.00002``). The caller
    says over how many runs, once per line.

    Examples
    --------
    >>> fmt_mean_std(0.51234, 0.012, 3), fmt_mean_std(0.51234, 0.0, 1)
    ('0.5123 ± 0.0120', '0.5123')
    >>> fmt_mean_std(0.648, 0.001342, 2), fmt_mean_std(12.5, 0.25, 4)
    ('0.6480 ± 0.0013', '12.50 ± 0.25')
    >>> fmt_mean_std(0.648, 0.0000234, 2), fmt_mean_std(0.5, 0.0, 3)
    ('0.64800 ± 0.00002', '0.5000 ± 0.0000')
    """
    if runs <= 1:
        return fmt_number(mean, digits)
    m, s = float(mean), float(std)
    if not (math.isfinite(m) and math.isfinite(s)):
        return f"{fmt_number(m, digits)} ± {fmt_number(s, digits)}"
    places = digits - 1 - _exponent(m) if m != 0 else digits
    if s != 0:
        places = max(places, -_exponent(s))
    places = min(max(places, 0), 12)
    return f"{m:,.{places}f} ± {s:,.{places}f}"


def _exponent(x: float) -> int:
    """The decimal exponent of ``x``'s first significant digit (0.0648 -> -2)."""
    return math.floor(math.log10(abs(x)))


def fmt_value(key: str, value: Any, digits: int = 4) -> str:
    """One summary value by the unit its key names: ``*seconds`` in s, ``*share`` in %.

    Nested mappings are formatted as ``k v, k v``; lists item by item.
    """
    if isinstance(value, Mapping):
        return fmt_items(value, digits, sep=" ")
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt_value(key, v, digits) for v in value)
    if key.endswith("seconds") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt_seconds(value, digits)
    if key.endswith("share") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return fmt_share(value, digits)
    return fmt_number(value, digits)


def fmt_items(mapping: Mapping[str, Any], digits: int = 4, *, sep: str = "=") -> str:
    """``key=value, ...`` of a summary for people (never a raw dict): see :func:`fmt_value`.

    Examples
    --------
    >>> fmt_items({"nodes": 4267, "mean_tc": 0.493412, "seconds": 1.23456, "loss_share": 0.25})
    'nodes=4,267, mean_tc=0.4934, seconds=1.235 s, loss_share=25%'
    >>> fmt_items({"hits@20": 0.5, "mrr": 0.123456}, sep=" ")
    'hits@20 0.5, mrr 0.1235'
    """
    return ", ".join(f"{k}{sep}{fmt_value(str(k), v, digits)}" for k, v in mapping.items())


def add_input(
    parser: argparse.ArgumentParser, what: str = "a registered dataset or an edge-list file"
) -> None:
    parser.add_argument("input", metavar="DATASET_OR_EDGEFILE", help=what)
    parser.add_argument(
        "--num-nodes",
        type=positive_int,
        default=None,
        metavar="N",
        help="the edge-list file's ids are node positions 0..N-1 (ids no line names are "
        "isolated nodes); without it the ids the file names become the nodes, whatever their "
        "values (integers of any size, or names such as tag or user names), and outputs keep "
        "them",
    )


def add_table_out(parser: argparse.ArgumentParser) -> None:
    """``--out FILE``: where :func:`emit_table` writes the per-node table."""
    parser.add_argument(
        "--out",
        default=None,
        metavar="FILE",
        help="write the per-node table (.csv, .csv.gz, .tsv, .parquet, .json)",
    )


def add_memory_budget(parser: argparse.ArgumentParser, what: str | None = None) -> None:
    """``--memory-budget``; ``what`` says what the budget bounds in this command (default: the
    working memory of one row block)."""
    what = what or "working memory of one row block"
    parser.add_argument(
        "--memory-budget",
        type=memory_budget_arg,
        default=None,
        metavar="BYTES",
        help=f"{what} (e.g. 2e9, 512M, 4G; default 1G)",
    )


def memory_budget_arg(text: str) -> int:
    """argparse type of ``--memory-budget``: the parser behind ``$GRAPHLAB_MEMORY_BUDGET`` too."""
    from graphlab.validation import parse_bytes

    return _checked_arg(str, lambda v: parse_bytes(v, "value"))(text)


# --------------------------------------------------------------------------- numeric flags
# argparse ``type=`` helpers: every numeric flag of every subcommand is checked while the command
# line is parsed, with graphlab.validation's rules (bool never a number, NaN never in range),
# so a bad value is one line and exit status 2 before any data is read.


def int_arg(low: int | None = None, high: int | None = None) -> Callable[[str], int]:
    """argparse type: an integer in ``[low, high]`` (:func:`graphlab.validation.check_int`).

    Examples
    --------
    >>> int_arg(low=1)("3")
    3
    >>> int_arg(low=1)("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be an integer >= 1, got 0
    """

    from graphlab.validation import check_int

    return _checked_arg(int, lambda v: check_int(v, "value", low=low, high=high))


def real_arg(
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> Callable[[str], float]:
    """argparse type: a finite number within the bounds (:func:`graphlab.validation.check_real`).

    Examples
    --------
    >>> real_arg(0, 1)("0.25")
    0.25
    >>> real_arg(0, 1)("nan")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be a finite number >= 0 and <= 1, got nan
    """

    from graphlab.validation import check_real

    return _checked_arg(
        float,
        lambda v: check_real(
            v, "value", low=low, high=high, low_open=low_open, high_open=high_open
        ),
    )


def _checked_arg(convert: Callable[[str], Any], check: Callable[[Any], T]) -> Callable[[str], T]:
    """An argparse type: ``convert`` the text, then ``check`` it; failures as argparse errors.

    Text that does not convert goes to ``check`` as it is, so the message states the rule.
    """

    def parse(text: str) -> T:
        from graphlab.errors import InputError

        value: Any
        try:
            value = convert(text.strip())
        except ValueError:
            value = text
        try:
            return check(value)
        except InputError as err:
            raise argparse.ArgumentTypeError(str(err).removeprefix("value ")) from None

    return parse


#: ``type=`` of counts that start at 1 (hops, epochs, runs, dimensions, workers).
positive_int = int_arg(low=1)
#: ``type=`` of counts that may be 0 and of seeds.
nonneg_int = int_arg(low=0)
#: ``type=`` of a probability or a share in ``[0, 1]``.
probability = real_arg(0, 1)
#: ``type=`` of a rate or size ``> 0`` (learning rate, budget).
positive_real = real_arg(0, low_open=True)
#: ``type=`` of a real ``>= 0``.
nonneg_real = real_arg(0)


def check_input(args: argparse.Namespace) -> None:
    """Refuse an ``input`` (:func:`add_input`) that names no dataset and no file.

    Commands import torch and their models before they read their input, seconds on a small
    machine; this check imports neither, so a mistyped name or path is reported at once, in
    the words the loader would use.

    Raises
    ------
    DatasetNotFoundError
        If the text is neither a registered dataset nor an existing path.
    """
    from pathlib import Path

    from graphlab.datasets import resolve
    from graphlab.errors import DatasetNotFoundError

    text = getattr(args, "input", None)
    if not isinstance(text, str):
        return
    target = resolve(text)
    if isinstance(target, Path) and not target.exists():
        raise DatasetNotFoundError(f"{text!r}: no such file")


def load_input(args: argparse.Namespace) -> Any:
    """The graph named by ``args.input``: a dataset's training graph or an edge-list file.

    A file's ids (integers, or names: :mod:`graphlab.readwrite`) are compacted to ``0 .. n-1``
    and kept as the graph's ``node_ids`` (per-node outputs name nodes by them), unless
    ``--num-nodes N`` says they already are positions ``0 .. N-1`` (integers then).
    """
    from graphlab.datasets import load_graph

    if args.num_nodes is None:
        return load_graph(args.input, relabel=True)
    return load_graph(args.input, num_nodes=args.num_nodes)


def add_backend(parser: argparse.ArgumentParser) -> None:
    """``--backend serial|dask``, ``--scheduler ADDRESS``, ``--workers N``."""
    parser.add_argument(
        "--backend",
        choices=("serial", "dask"),
        default="serial",
        help="where the row blocks run: this process (default) or a Dask cluster",
    )
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler address (tcp://host:8786); without it --backend dask starts a "
        "local cluster and closes it at the end",
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        metavar="N",
        help="worker processes of the local Dask cluster (default 2)",
    )


def open_executor(args: argparse.Namespace) -> Any:
    """The executor the backend arguments name (a context manager that closes it).

    Namespaces built without the backend arguments get the serial executor.
    """
    from graphlab.errors import InputError
    from graphlab.parallel import get_executor

    backend = getattr(args, "backend", "serial")
    workers = getattr(args, "workers", None)
    if workers is not None and (backend != "dask" or getattr(args, "scheduler", None)):
        raise InputError("--workers sizes the local cluster of --backend dask without --scheduler")
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be >= 1, got {workers}")
    return get_executor(backend, scheduler=getattr(args, "scheduler", None), n_workers=workers)


def emit_table(
    args: argparse.Namespace, frame: Any, summary: dict[str, Any], headline: str
) -> None:
    """Write a per-node table to ``--out`` (recorded in the summary), then tell the user.

    Prints the headline, then where the table went or, with no ``--out`` and no ``--json``,
    its first rows.
    """
    from graphlab.fileio import write_table

    if args.out:
        summary["out"] = str(write_table(frame, args.out))
    echo(args, headline)
    if args.out:
        echo(args, f"wrote {summary['out']}")
    elif not args.json:
        echo(args, frame.head(10).to_string(index=False, float_format=fmt_number))
        if len(frame) > 10:
            echo(args, f"(the first 10 of {len(frame):,} rows; --out FILE writes them all)")
