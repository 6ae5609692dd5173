"""The ``graphlab-cli`` directive: the command-line reference, generated from the real parser.

``.. graphlab-cli::`` asks :func:`graphlab.cli.main` for the parser it builds for each
registered subcommand (every entry of the ``graphlab.commands`` entry-point group, so a command
that a package adds, such as ``graphlab report``, appears without an edit here) and writes one
section per command: its one-line help, the module's docstring, the usage line, and every
argument with its help, default and choices; nested subcommands (``graphlab hypergraph info``)
get sections of their own.

The parser is captured, not rebuilt: ``main([name])`` is run with the parser's
``parse_known_args`` replaced by a function that stops at once with the parser in hand. So the
reference shows exactly the flags ``main`` accepts, the common ``--json`` / ``--quiet`` included.
"""

from __future__ import annotations

import argparse
import inspect
import re
from typing import Any
from unittest import mock

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class _Captured(Exception):
    def __init__(self, parser: argparse.ArgumentParser) -> None:
        super().__init__("parser captured")
        self.parser = parser


def command_parsers() -> dict[str, argparse.ArgumentParser]:
    """The parser of each registered subcommand, as :func:`graphlab.cli.main` builds it."""
    import graphlab.cli as cli

    def capture(self: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> Any:
        raise _Captured(self)

    parsers: dict[str, argparse.ArgumentParser] = {}
    for name in cli.commands():
        with mock.patch.object(cli.ArgumentParser, "parse_known_args", capture):
            try:
                cli.main([name])
            except _Captured as got:
                top = got.parser
            else:  # pragma: no cover
                raise RuntimeError(f"graphlab {name}: main() did not parse its arguments")
        parsers[name] = _subparsers(top)[name]
    return parsers


def top_parser() -> argparse.ArgumentParser:
    """The top-level ``graphlab`` parser."""
    import graphlab.cli as cli

    def capture(self: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> Any:
        raise _Captured(self)

    with mock.patch.object(cli.ArgumentParser, "parse_known_args", capture):
        try:
            cli.main([])
        except _Captured as got:
            return got.parser
    raise RuntimeError("graphlab: main() did not parse its arguments")  # pragma: no cover


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _subcommand_help(parser: argparse.ArgumentParser) -> dict[str, str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


def _expand(action: argparse.Action, prog: str) -> str:
    """An action's help with argparse's ``%(default)s``-style fields filled in."""
    text = action.help or ""
    if "%" not in text:
        return text
    params = {k: v for k, v in vars(action).items() if v is not argparse.SUPPRESS}
    params["prog"] = prog
    for key in ("choices",):
        if params.get(key) is not None:
            params[key] = ", ".join(map(str, params[key]))
    return text % params


def _invocation(action: argparse.Action) -> str:
    """How the argument is written: ``--hops K [K ...]``, ``-o, --out PATH``, ``DATASET``."""
    formatter = argparse.HelpFormatter("graphlab")
    return formatter._format_action_invocation(action)


def _paragraph(text: str) -> nodes.paragraph:
    """Help text as a paragraph, its `backticked` spans as literals (``graphlab train --out``)."""
    para = nodes.paragraph()
    for i, part in enumerate(re.split(r"`([^`]+)`", text)):
        if part:
            para += nodes.literal(text=part) if i % 2 else nodes.Text(part)
    return para


class GraphlabCli(SphinxDirective):
    """``.. graphlab-cli::``: one section per registered ``graphlab`` subcommand."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        import graphlab.cli as cli

        out: list[nodes.Node] = []
        top = top_parser()
        out.append(nodes.literal_block(text=top.format_usage().strip(), language="none"))
        helps = _subcommand_help(top)
        for name, parser in command_parsers().items():
            module = cli.load_command(name)
            out.append(self._section(f"graphlab {name}", parser, helps.get(name, ""), module))
        return out

    def _section(
        self, title: str, parser: argparse.ArgumentParser, help_line: str, module: Any = None
    ) -> nodes.section:
        name = nodes.fully_normalize_name(title)
        section = nodes.section(ids=[nodes.make_id(title)], names=[name])
        section += nodes.title(text=title)
        self.state.document.note_implicit_target(section)
        if help_line:
            section += _paragraph(help_line[0].upper() + help_line[1:] + ".")
        doc = inspect.getdoc(module) if module is not None else None
        body = doc.split("\n", 1)[1].strip() if doc and "\n" in doc else ""
        if body:
            container = nodes.container(classes=["cli-module-doc"])
            self.state.nested_parse(
                StringList(body.splitlines(), source=f"<docstring of {module.__name__}>"),
                0,
                container,
            )
            section += container
        section += nodes.literal_block(text=parser.format_usage().strip(), language="none")
        positional = [a for a in parser._actions if not a.option_strings]
        positional = [a for a in positional if not isinstance(a, argparse._SubParsersAction)]
        options = [a for a in parser._actions if a.option_strings and a.help != argparse.SUPPRESS]
        for heading, actions in (("Arguments", positional), ("Options", options)):
            if actions:
                section += nodes.rubric(text=heading)
                section += self._arguments(actions, parser.prog)
        children = _subparsers(parser)
        sub_help = _subcommand_help(parser)
        for child, child_parser in children.items():
            section += self._section(f"{title} {child}", child_parser, sub_help.get(child, ""))
        return section

    def _arguments(self, actions: list[argparse.Action], prog: str) -> nodes.definition_list:
        dl = nodes.definition_list(classes=["cli-arguments"])
        for action in actions:
            item = nodes.definition_list_item()
            term = nodes.term()
            term += nodes.literal(text=_invocation(action))
            item += term
            definition = nodes.definition()
            text = _expand(action, prog)
            if text:
                definition += _paragraph(text)
            facts = []
            if action.choices is not None and not isinstance(action.choices, dict):
                facts.append("choices: " + ", ".join(map(str, action.choices)))
            shown = action.default not in (None, False, argparse.SUPPRESS, [])
            said = "default" in text or f"({action.default})" in text  # "hops (1)"
            if shown and not said and not isinstance(action, argparse._HelpAction):
                facts.append(f"default: {action.default}")
            if action.required and action.option_strings:
                facts.append("required")
            if facts:
                para = nodes.paragraph(classes=["cli-facts"])
                para += nodes.emphasis(text="; ".join(facts))
                definition += para
            item += definition
            dl += item
        return dl


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("graphlab-cli", GraphlabCli)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
