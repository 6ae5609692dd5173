"""The ``graphlab`` command line.

Subcommands are found through the ``graphlab.commands`` entry-point group (declared in
``pyproject.toml``), the way networkx finds its backends: an entry ``tc = "linkpred.cli.tc"``
makes ``graphlab tc`` run the module ``linkpred/cli/tc.py``. The core therefore names no package
above it, and the code of ``graphlab NAME`` is always in ``<package>/cli/NAME.py``.

A subcommand module defines

- ``HELP``: its one-line help,
- ``add_arguments(parser)``: its arguments,
- ``run(args) -> dict | None``: the work; the returned summary is printed as one JSON object on
  the last stdout line with ``--json`` (``None``: nothing to report, e.g. a non-zero DDP rank).

The modules are imported only for the help listing and the command that runs: they keep their
heavy imports (torch, PyG) inside ``run``. Bad input (any :class:`graphlab.GraphlabError`, or
an argument the parser refuses: numeric flags are checked by their ``type=``) becomes one line on
stderr and exit status 2, escaped and cut by :func:`graphlab.errors.one_line`; a reader of stdout
that goes away (``| head``) ends the command quietly with status 141; a stdout that cannot be
written (a full disk, ``> /dev/full``) is one line on stderr and exit status 2; Ctrl-C exit
status 130. An unknown flag is reported by the subcommand's parser (``graphlab tc: error:
unrecognized arguments: --bogus (see `graphlab tc --help`)``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from functools import lru_cache
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any, NoReturn

__all__ = ["COMMAND_GROUP", "ArgumentParser", "UsageError", "commands", "load_command", "main"]

#: Entry-point group of the subcommands: ``name = "package.cli.module"``.
COMMAND_GROUP = "graphlab.commands"


@lru_cache(maxsize=1)
def commands() -> dict[str, str]:
    """Registered subcommands: name -> module path, sorted by name.

    Examples
    --------
    >>> commands()["stats"]
    'graphlab.cli.stats'
    """
    found: dict[str, str] = {}
    for ep in entry_points(group=COMMAND_GROUP):
        if ep.name in found and found[ep.name] != ep.value:
            raise RuntimeError(
                f"two packages register the subcommand {ep.name!r}: {found[ep.name]} and {ep.value}"
            )
        found[ep.name] = ep.value
    return dict(sorted(found.items()))


def load_command(name: str) -> ModuleType:
    """The module of subcommand ``name``."""
    return importlib.import_module(commands()[name])


class UsageError(Exception):
    """A command line argparse refused; ``str()`` is the one line to print."""


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, but a bad argument is one line (``graphlab CMD: error: ...``).

    argparse prints the usage and then the message (several lines) and exits; this parser
    raises :class:`UsageError` instead, which :func:`main` prints as one line with exit status 2,
    like any other bad input. Subparsers inherit the class.
    """

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message} (see `{self.prog} --help`)")


def _parser(command: str | None) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser | None]:
    """The top-level parser, and the subparser of ``command`` (None: no known command)."""
    from graphlab import __version__

    parser = ArgumentParser(
        prog="graphlab",
        description="Graph and hypergraph analytics with GNN link prediction.",
    )
    parser.add_argument("--version", action="version", version=f"graphlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = None
    for name in commands():
        module = load_command(name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        if name == command:
            p.add_argument(
                "--json", action="store_true", help="print a JSON summary as the last line"
            )
            p.add_argument("--quiet", action="store_true", help="no progress bars")
            module.add_arguments(p)
            chosen = p
    return parser, chosen


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Ctrl-C at any point (also while a library swallows :class:`KeyboardInterrupt`, see
    :mod:`graphlab.interrupt`) ends it with one line on stderr and status 130.
    """
    from graphlab.interrupt import check, exit_now, interrupted, watching

    process = argv is None  # the process's entry point, not a caller's main([...])
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        with watching():
            try:
                status = _main(argv)
            except SystemError:
                # a SIGINT raised while numba boxes a compiled call's result surfaces as
                # "SystemError: ... returned a result with an exception set"; kernels that run
                # under interrupt.deferred() avoid it, this catches any other compiled call
                if interrupted():
                    raise KeyboardInterrupt from None
                raise
            check()  # a SIGINT that some library swallowed still ends the command as one
            return status
    except KeyboardInterrupt:
        command = next((a for a in argv if not a.startswith("-")), None)
        name = f"graphlab {command}" if command in commands() else "graphlab"
        print(f"{name}: interrupted", file=sys.stderr)
        if process:
            exit_now(130)  # skip the interpreter's teardown of torch & co. (about a second)
        return 130


def _main(argv: list[str]) -> int:
    command = next((a for a in argv if not a.startswith("-")), None)
    if command not in commands():
        command = None
    parser, subparser = _parser(command)
    try:
        # parse_args would report unknown flags on the top-level parser ("graphlab: error:
        # ... see `graphlab --help`"); the subcommand's parser names the command and its help
        args, extras = parser.parse_known_args(argv)
        if extras:
            (subparser or parser).error(f"unrecognized arguments: {' '.join(extras)}")
    except UsageError as err:
        from graphlab.errors import one_line

        print(one_line(str(err)), file=sys.stderr)
        return 2
    if args.command is None:
        parser.print_help()
        return 0
    from graphlab.cli.common import StdoutError, check_input, write_stdout
    from graphlab.errors import GraphlabError, one_line
    from graphlab.progress import set_quiet

    set_quiet(args.quiet)
    try:
        check_input(args)
        summary = load_command(args.command).run(args)
        if args.json and summary is not None:
            write_stdout(json.dumps(summary, default=_jsonable))
    except GraphlabError as err:
        print(one_line(f"graphlab {args.command}: error: {err}"), file=sys.stderr)
        return 2
    except StdoutError as err:
        # stdout is a full disk or /dev/full: one line, and no second failure at exit's flush
        _silence_stdout()
        print(
            one_line(f"graphlab {args.command}: error: cannot write standard output: {err}"),
            file=sys.stderr,
        )
        return 2
    except BrokenPipeError:
        # the reader of stdout went away (`graphlab ... | head`): stop quietly, as cat does
        _silence_stdout()
        return 141
    return 0


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush raises no second error."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests capturing output): nothing is flushed at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _jsonable(obj: Any) -> Any:
    if hasattr(obj, "item") and getattr(obj, "ndim", 1) == 0:
        return obj.item()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    return str(obj)
