"""The package layering, read from the source (AST), as a test.

- ``graphlab`` (the core) imports neither ``linkpred`` nor ``hypergraph``, in code or in its data
  files (the dataset registry);
- ``linkpred`` and ``hypergraph`` never import each other;
- no import cycle among modules;
- no private name (``_x``) is imported from another module, and no private module
  (``graphlab._x``) from outside its package;
- every entry point of ``pyproject.toml`` names an existing module and attribute, and the core's
  entries point into the core.

Imports are every ``import`` / ``from ... import`` statement, at module level or inside a
function (a deferred import is still a dependency), plus string imports: text of the form
``"package.module"`` or ``"package.module:attr"`` naming a first-party module.
"""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graphlab", "hypergraph", "linkpred")
_STRING_IMPORT = re.compile(r"^((?:graphlab|hypergraph|linkpred)(?:\.[A-Za-z_]\w*)+)(?::(\w+))?$")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=1)
def _modules() -> dict[str, Path]:
    return {
        _module_name(p): p
        for pkg in PACKAGES
        for p in sorted((ROOT / pkg).rglob("*.py"))
        if "__pycache__" not in p.parts
    }


def _resolve(module: str, name: str | None, known: dict[str, Path]) -> str:
    """The first-party module an import lands in: ``pkg.mod.name`` if that is a module."""
    if name is not None and f"{module}.{name}" in known:
        return f"{module}.{name}"
    return module


@lru_cache(maxsize=1)
def _imports() -> dict[str, set[tuple[str, str | None]]]:
    """Module -> {(imported first-party module, imported name or None)}."""
    known = _modules()
    out: dict[str, set[tuple[str, str | None]]] = {}
    for mod, path in known.items():
        is_pkg = path.name == "__init__.py"
        found: set[tuple[str, str | None]] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in PACKAGES:
                        found.add((alias.name, None))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.split(".")[0] not in PACKAGES:
                    continue
                for alias in node.names:
                    found.add((_resolve(target, alias.name, known), alias.name))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                m = _STRING_IMPORT.match(node.value)
                if m and m.group(1) in known and m.group(1) != mod:
                    found.add((m.group(1), m.group(2)))
        out[mod] = {(t, n) for t, n in found if t != mod}
    return out


def _top(module: str) -> str:
    return module.split(".")[0]


def test_the_scan_sees_the_packages():
    mods = _modules()
    assert {"graphlab.graph", "linkpred.tc", "hypergraph.core", "graphlab.cli"} <= set(mods)
    assert ("graphlab.graph", "Graph") in _imports()["linkpred.tc"]


def test_core_names_no_upper_package():
    bad = [
        f"{mod} -> {target}"
        for mod, targets in _imports().items()
        if _top(mod) == "graphlab"
        for target, _ in targets
        if _top(target) != "graphlab"
    ]
    assert not bad, bad


def test_core_data_files_name_no_upper_package():
    for path in [ROOT / "datasets" / "registry.toml"]:
        text = path.read_text()
        assert not re.search(r"\b(linkpred|hypergraph)\.\w", text), path


def test_siblings_do_not_import_each_other():
    bad = [
        f"{mod} -> {target}"
        for mod, targets in _imports().items()
        for target, _ in targets
        if {_top(mod), _top(target)} == {"linkpred", "hypergraph"}
    ]
    assert not bad, bad


def test_no_import_cycle():
    graph = {mod: sorted({t for t, _ in targets}) for mod, targets in _imports().items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []

    def visit(mod: str) -> None:
        state[mod] = 1
        stack.append(mod)
        for nxt in graph.get(mod, []):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[mod] = 2

    for mod in graph:
        if mod not in state:
            visit(mod)
    assert not cycles, [" -> ".join(c) for c in cycles]


def test_no_private_name_crosses_a_module():
    bad = []
    for mod, targets in _imports().items():
        for target, name in targets:
            if name and name.startswith("_") and not name.startswith("__"):
                bad.append(f"{mod} imports {target}.{name}")
            private = [p for p in target.split(".")[1:] if p.startswith("_") and p != "__init__"]
            if private and _top(target) != _top(mod):
                bad.append(f"{mod} imports the private module {target}")
    assert not bad, bad


def _entry_points() -> list[tuple[str, str, str]]:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        project = tomllib.load(fh)["project"]
    return [
        (group, name, value)
        for group, entries in project.get("entry-points", {}).items()
        for name, value in entries.items()
    ]


@pytest.mark.parametrize(("group", "name", "value"), _entry_points())
def test_entry_points_resolve(group, name, value):
    module, _, attr = value.partition(":")
    assert module in _modules(), f"{group} {name}: no module {module}"
    loaded = importlib.import_module(module)
    if attr:
        assert hasattr(loaded, attr), f"{group} {name}: {module} has no {attr}"


def test_core_entry_points_stay_in_the_core():
    # an entry that the core declares for itself (its own commands and formats) names the core
    core_entries = {"datasets", "stats", "demo", "ogb", "planetoid"}
    for group, name, value in _entry_points():
        if name in core_entries:
            assert value.startswith("graphlab."), (group, name, value)
