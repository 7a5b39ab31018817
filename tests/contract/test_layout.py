"""The contract package's modules depend on each other one way: no import circle (house rule)."""

from __future__ import annotations

import ast
from pathlib import Path

import invoiced_mock.contract as contract

PACKAGE = Path(contract.__file__).parent


def _imports(module: Path) -> set[str]:
    """The sibling modules ``module`` imports (``from .schemas import ...``), at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found.add(node.module or "")
    return {name for name in found if (PACKAGE / f"{name}.py").exists()}


def test_no_import_circle_inside_the_contract_package() -> None:
    graph = {p.stem: _imports(p) for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " → ".join((*path, name))
        if name not in done:
            for imported in graph[name]:
                visit(imported, (*path, name))
            done.add(name)

    for name in graph:
        visit(name, ())
