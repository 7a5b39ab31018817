"""Read-only records: the store's "replaced whole, never mutated in place" rule, enforced when switched on.

Seeded worlds, snapshots and events share stored records between businesses instead of copying them,
which is only correct because nothing writes into a stored record. With :func:`enforce` on (our own
suite turns it on in ``tests/conftest.py``), :meth:`Table.put <invoiced_mock.store.business.Table.put>` stores a
deep read-only copy: any write into it, at any depth, raises :class:`MutationError` at the offending line.
Copies (``dict(r)``, ``{**r}``, ``copy.copy``, ``copy.deepcopy``) are ordinary, writable containers, so
code that builds a changed record and puts it back works as before.

Off by default: freezing costs a deep copy per write, which production use need not pay.
"""

from __future__ import annotations

import copy
from typing import Any, NoReturn

_enforced = False


class MutationError(TypeError):
    """A stored record was written in place; build a changed copy and ``Table.put`` it instead."""


def enforce(on: bool = True) -> None:
    """Store read-only records from now on (``on=False``: plain dicts again)."""
    global _enforced
    _enforced = on


def enforced() -> bool:
    return _enforced


def freeze(value: Any) -> Any:
    """``value`` with every dict and list in it replaced by a read-only equal (already frozen parts kept)."""
    if isinstance(value, (FrozenDict, FrozenList)):
        return value
    if isinstance(value, dict):
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return FrozenList(freeze(v) for v in value)
    return value


def thaw(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """A writable deep copy of ``value`` (what ``copy.deepcopy`` gives for a frozen container)."""
    if isinstance(value, dict):
        return {k: copy.deepcopy(v, memo) for k, v in value.items()}
    if isinstance(value, list):
        return [copy.deepcopy(v, memo) for v in value]
    return copy.deepcopy(value, memo)


def _refuse(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
    raise MutationError("stored records are replaced whole through Table.put, never mutated in place; "
                        f"copy first (dict(record), copy.deepcopy) — tried to change {_brief(self)}")


def _brief(value: Any) -> str:
    text = repr(dict(value) if isinstance(value, dict) else list(value))
    return text if len(text) <= 120 else text[:117] + "..."


class FrozenDict(dict):  # type: ignore[type-arg]
    """A dict that refuses every write; JSON, ``==`` and ``isinstance(x, dict)`` see a dict."""

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __copy__(self) -> dict[Any, Any]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[Any, Any]:
        return thaw(self, memo)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, ...]:
        return dict, (dict(self),)


class FrozenList(list):  # type: ignore[type-arg]
    """A list that refuses every write; JSON, ``==`` and ``isinstance(x, list)`` see a list."""

    __setitem__ = __delitem__ = append = extend = insert = pop = remove = clear = sort = reverse = _refuse
    __iadd__ = __imul__ = _refuse

    def __copy__(self) -> list[Any]:
        return list(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> list[Any]:
        return thaw(self, memo)  # type: ignore[no-any-return]

    def __reduce__(self) -> tuple[Any, ...]:
        return list, (list(self),)
