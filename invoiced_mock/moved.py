"""Import paths of the 0.1 layout, kept working for one release: ``import invoiced_mock.faults`` still gives
the module now at ``invoiced_mock.control.faults``, with a :class:`DeprecationWarning` naming the new path.

Imports nothing of the package: the old path is looked up here, the new module imported by name when asked.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

# Old path → new path, under ``invoiced_mock.`` (the layout of 0.1 → the one CONTRIBUTING.md describes).
MOVED = {
    "after_import": "intercept.after_import",
    "agenda": "store.agenda",
    "declarations": "resources.catalogue",
    "delivery": "delivery.outbound",
    "exchange": "intercept.exchange",
    "factories": "testing.factories",
    "faults": "control.faults",
    "frozen": "store.frozen",
    "guard": "intercept.guard",
    "harness": "testing.harness",
    "idempotency": "store.idempotency",
    "indexes": "store.indexes",
    "journal": "control.journal",
    "json_bodies": "formats.json_bodies",
    "money": "rules.money",
    "pdf": "formats.pdf",
    "persistence": "store.persistence",
    "routes": "intercept.origins",
    "safejson": "http.safejson",
    "server": "server.threads",
    "snapshots": "store.snapshots",
    "store": "store.business",
    "stubs": "control.stubs",
    "testcase": "testing.testcase",
    "transport": "intercept.urllib3_transport",
    "transport_httpx": "intercept.httpx_transport",
    "transport_tls": "intercept.tls",
    "webhooks": "testing.webhooks",
    "contract.routes": "contract.route_schemas",
    "core.replies": "core.resource",
    "http.admin": "control.admin",
    "http.answer": "http.response",
    "http.connection": "server.connection",
    "http.control": "control.plane",
    "http.inspector": "control.inspector",
    "http.responses": "http.render",
    "http.wire": "server.wire",
}
# Old paths that are packages now: their old names (``invoiced_mock.store``) import the package, whose
# submodule holds what the old module held; these are answered from that submodule's names on first read.
PACKAGES_NOW = {"store", "server", "delivery"}
PREFIX = "invoiced_mock."


class _Alias:
    """Finds an old path, loads it as the new module (the same object, so state is shared). A meta path finder
    and loader by protocol: importlib.abc would cost every pytest start ~7 ms of imports."""

    def __init__(self) -> None:
        self._specs: dict[str, ModuleSpec | None] = {}

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        old = fullname.removeprefix(PREFIX)
        if not fullname.startswith(PREFIX) or old not in MOVED or old in PACKAGES_NOW:
            return None
        return ModuleSpec(fullname, cast("Loader", self))

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        new = PREFIX + MOVED[spec.name.removeprefix(PREFIX)]
        warnings.warn(f"{spec.name} moved to {new}; the old path goes in the next release",
                      DeprecationWarning, stacklevel=2)
        module = importlib.import_module(new)
        self._specs[new] = module.__spec__  # the import system writes the old path's spec over it
        return module

    def exec_module(self, module: ModuleType) -> None:
        """The module is the new one, already executed: only its own spec is put back."""
        module.__spec__ = self._specs.pop(module.__name__, module.__spec__)


def forward(package: str) -> Callable[[str], Any]:
    """A package's ``__getattr__`` that answers the names its old module (``invoiced_mock.store``) held from
    the submodule that holds them now (``invoiced_mock.store.business``), with a :class:`DeprecationWarning`."""
    new = PREFIX + MOVED[package.removeprefix(PREFIX)]

    def __getattr__(name: str) -> Any:
        value = getattr(importlib.import_module(new), name)  # AttributeError when the old module had none
        warnings.warn(f"{package}.{name} moved to {new}.{name}; the old path goes in the next release",
                      DeprecationWarning, stacklevel=2)
        return value

    return __getattr__


def install() -> None:
    """Response the old paths (once per process)."""
    if not any(isinstance(finder, _Alias) for finder in sys.meta_path):
        sys.meta_path.append(_Alias())
