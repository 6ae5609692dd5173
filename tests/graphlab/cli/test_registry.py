"""Subcommands and demo steps are found through entry points, each in ``<package>/cli/NAME.py``."""

import importlib

from graphlab.cli import commands, load_command
from graphlab.cli.demo import DemoStep, demo_steps


def test_every_subcommand_lives_in_a_cli_module_named_after_it():
    found = commands()
    assert {"datasets", "stats", "demo", "tc", "train", "analyze", "shift"} <= set(found)
    assert {"hypergraph", "reconstruct"} <= set(found)
    for name, module in found.items():
        _package, cli, leaf = module.split(".")
        assert (cli, leaf) == ("cli", name), module
        m = load_command(name)
        assert isinstance(m.HELP, str) and m.HELP
        assert callable(m.add_arguments) and callable(m.run)


def test_demo_steps_are_ordered_and_typed():
    steps = demo_steps()
    assert steps and all(isinstance(s, DemoStep) for s in steps)
    assert [s.order for s in steps] == sorted(s.order for s in steps)
    assert steps[0].title.startswith("node statistics")
    # each step's function is defined in a registered command module
    modules = {importlib.import_module(m) for m in commands().values()}
    assert all(any(s.run is getattr(m, "demo", None) for m in modules) for s in steps)
