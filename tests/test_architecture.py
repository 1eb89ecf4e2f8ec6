"""The package's shape (issue 18): imports go one way, and only the adapters know MkDocs.

The stages are pure functions over the model; MkDocs (or ProperDocs, or a future generator)
is reached only through the thin adapters, so that the core keeps working when the ground
under it moves.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "explainer"
ADAPTERS = frozenset({"mkdocs_plugin", "plugin_config", "cli", "export"})
"""Modules that drive a site generator: the MkDocs plugin and its options, the command line
(it runs MkDocs' build and serve) and the offline export (it builds the offline site)."""
GENERATORS = frozenset({"mkdocs", "material", "properdocs"})


def _imports(path: Path) -> tuple[set[str], set[str]]:
    """(explainer modules, top-level packages) a module imports, at any depth."""
    own: set[str] = set()
    packages: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            packages.add(parts[0])
            if parts[0] == "explainer" and len(parts) > 1 and (PACKAGE / f"{parts[1]}.py").exists():
                own.add(parts[1])
    return own, packages


def _graph() -> dict[str, set[str]]:
    return {path.stem: _imports(path)[0] - {path.stem} for path in sorted(PACKAGE.glob("*.py"))}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    """Every module can be read after the ones it imports: no two import each other."""
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_cycles() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_adapters_import_the_site_generator() -> None:
    """The core imports nothing from MkDocs, Material or ProperDocs."""
    leaks = {
        path.stem: sorted(_imports(path)[1] & GENERATORS)
        for path in sorted(PACKAGE.glob("*.py"))
        if path.stem not in ADAPTERS and _imports(path)[1] & GENERATORS
    }
    assert leaks == {}


def test_the_core_does_not_import_the_adapters() -> None:
    """Imports go from the adapters to the stages, never back."""
    back = {
        module: sorted(imported & ADAPTERS)
        for module, imported in _graph().items()
        if module not in ADAPTERS and imported & ADAPTERS
    }
    assert back == {}
