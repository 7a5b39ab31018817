"""The contract package's modules depend on each other one way: no import circle (house rule), neither among
themselves nor through the rest of ``invoiced_mock`` and back."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import invoiced_mock

ROOT = Path(invoiced_mock.__file__).parent
CONTRACT = "invoiced_mock.contract"


def _name(path: Path) -> str:
    parts = path.with_suffix("").relative_to(ROOT.parent).parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in ROOT.rglob("*.py")}


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The modules of ``invoiced_mock`` an import statement in ``module`` loads: ``from . import a`` loads the
    submodule ``a`` (or the package when ``a`` is a name in it), ``from .a import b`` loads ``a``."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    package = module if MODULES[module].name == "__init__.py" else module.rsplit(".", 1)[0]
    if node.level:
        base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    found = set()
    for alias in node.names:
        if f"{target}.{alias.name}" in MODULES:
            found.add(f"{target}.{alias.name}")
        elif target in MODULES:
            found.add(target)
    return found


def _statements(tree: ast.Module, anywhere: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements run at import time (not under ``if TYPE_CHECKING:``), or ``anywhere`` in the code."""
    nodes = ast.walk(tree) if anywhere else iter(tree.body)
    yield from (n for n in nodes if isinstance(n, (ast.Import, ast.ImportFrom)))


def _graph() -> dict[str, set[str]]:
    """Who imports whom: a contract module's imports wherever they sit (a call made later still closes a
    circle), the rest of the package's at import time."""
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text())
        inside = module == CONTRACT or module.startswith(f"{CONTRACT}.")
        graph[module] = {t for n in _statements(tree, inside) for t in _targets(module, n)} - {module}
    return graph


def _circle_through(graph: dict[str, set[str]], start: str) -> list[str] | None:
    """A path of imports from ``start`` back to itself, or None."""
    stack, seen = [(start, [start])], set()
    while stack:
        module, path = stack.pop()
        for imported in graph[module]:
            if imported == start:
                return [*path, start]
            if imported not in seen:
                seen.add(imported)
                stack.append((imported, [*path, imported]))
    return None


def test_the_graph_sees_every_way_of_importing() -> None:
    graph = _graph()
    assert {f"{CONTRACT}.routes", f"{CONTRACT}.validation"} <= graph[f"{CONTRACT}.checks"]
    assert f"{CONTRACT}.recorded" in graph[f"{CONTRACT}"]  # ``from .recorded import ...`` inside a function
    assert "invoiced_mock.http.routing" in graph[f"{CONTRACT}.openapi"]


def test_no_import_circle_inside_the_contract_package_or_through_it() -> None:
    graph = _graph()
    circles = [circle for module in sorted(graph) if module.startswith(CONTRACT)
               if (circle := _circle_through(graph, module))]
    assert circles == [], " ; ".join(" → ".join(c) for c in circles)
