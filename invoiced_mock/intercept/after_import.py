"""Run a function right after one of some modules is first imported: how the transports patch a client library
only once a test has loaded it, so that loading the plugin costs nothing for the libraries a run never uses.

Imports nothing beyond the standard library: the pytest plugin loads it before any test.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any


class AfterImport(importlib.abc.MetaPathFinder):
    """While armed, calls ``loaded(name)`` each time one of ``names`` finishes executing its first import.

    It finds nothing itself: it asks the other finders for the module's spec and wraps the loader's
    ``exec_module``, so the module is the one the import system would have loaded anyway.
    """

    def __init__(self, names: Iterable[str], loaded: Callable[[str], None]) -> None:
        self.names = frozenset(names)
        self.loaded = loaded
        self._lock = threading.Lock()

    @property
    def armed(self) -> bool:
        return self in sys.meta_path

    def arm(self) -> None:
        with self._lock:
            if self not in sys.meta_path:
                sys.meta_path.insert(0, self)

    def disarm(self) -> None:
        with self._lock:
            if self in sys.meta_path:
                sys.meta_path.remove(self)

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in self.names:
            return None
        with self._lock:  # ask the other finders: without us in the list, they alone answer
            at = sys.meta_path.index(self) if self in sys.meta_path else None
            if at is not None:
                del sys.meta_path[at]
            try:
                spec = importlib.util.find_spec(name)
            finally:
                if at is not None:
                    sys.meta_path.insert(at, self)
        if spec is None or spec.loader is None:
            return spec
        loader, finder = spec.loader, self

        class Loader(importlib.abc.Loader):
            def __getattr__(self, attribute: str) -> Any:
                return getattr(loader, attribute)

            def create_module(self, spec: Any) -> Any:
                return loader.create_module(spec)

            def exec_module(self, module: Any) -> None:
                loader.exec_module(module)
                if finder.armed:
                    finder.loaded(name)

        spec.loader = Loader()
        return spec
