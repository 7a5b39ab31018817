"""Request parameters that remember what the code handed them asked for: the third side of the parameter audit
(published request schema, what strict mode accepts, what the handler reads)."""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from typing import Any


class Reads(dict[str, Any]):
    """A params dict recording each key looked up (``[]``, ``get``, ``in``, ``pop``) and whether the whole
    mapping was taken (iterated, copied, unpacked with ``**``: forwarded to another operation, so the keys it
    accepts are whatever that operation reads)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.looked_up: set[str] = set()
        self.took_all = False

    def __getitem__(self, key: str) -> Any:
        self.looked_up.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.looked_up.add(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.looked_up.add(str(key))
        return super().__contains__(key)

    def pop(self, key: str, *default: Any) -> Any:
        self.looked_up.add(key)
        return super().pop(key, *default)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self.looked_up.add(key)
        return super().setdefault(key, default)

    # Overriding __iter__ also makes ``{**params}`` and ``dict(params)`` go through ``keys()`` and ``[]``.
    def __iter__(self) -> Iterator[str]:
        self.took_all = True
        return super().__iter__()

    def keys(self) -> KeysView[str]:
        self.took_all = True
        return super().keys()

    def items(self) -> ItemsView[str, Any]:
        self.took_all = True
        return super().items()

    def values(self) -> ValuesView[Any]:
        self.took_all = True
        return super().values()

    def copy(self) -> dict[str, Any]:
        self.took_all = True
        return dict(super().items())
