"""Subcommands of ``graphlab`` that hypergraph provides, one module per subcommand.

Registered in ``pyproject.toml`` under ``graphlab.commands`` (and their demo steps under
``graphlab.demo_steps``); see :mod:`graphlab.cli`.
"""
