"""Untrusted JSON text into Python values, in time linear in its length and memory bounded by it.

``json.loads`` alone lets three things through that later cost a 500 or seconds of CPU: numbers far out
of any range (``1e400000`` becomes a 400,000-digit integer the moment someone calls ``int()`` on it),
``NaN``/``Infinity`` (not JSON; stored, they are sent back as bare ``NaN``) and nesting deep enough to
exhaust the recursion limit of every recursive walk after the parser. Here each number is checked on
its text before any conversion, and the parsed value is walked once, iteratively, for depth.
A refusal is an :class:`InvalidRequest` naming the parameter (``metadata[rate]``, ``items[0][quantity]``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from invoiced_mock.errors import InvalidRequest

MAX_DEPTH = 32  # objects and arrays inside one another; the API's deepest shapes need 5
MAX_NUMBER_LENGTH = 100  # characters of one number literal
MAX_INTEGER = 2**63 - 1  # integers are 64-bit signed, as in the API's database
MAX_FLOAT = Decimal("1.7976931348623157e308")  # the largest finite double: what every JSON client can send


class TooDeep(InvalidRequest):
    """Nesting past :data:`MAX_DEPTH`."""


class _Refused:
    """A number the parser met and refused; found again by the walk, which knows its parameter name.
    ``made`` counts every refusal in the process: a parse that made none has no refused number to find (one
    made by another thread meanwhile only costs a walk)."""

    __slots__ = ("reason",)
    made = 0

    def __init__(self, reason: str) -> None:
        self.reason = reason
        _Refused.made += 1


def _integer(text: str) -> int | _Refused:
    if len(text) > 20:  # 19 digits and a sign: anything longer is past 64 bits, refused before int()
        return _Refused("is out of range")
    value = int(text)
    return value if -MAX_INTEGER - 1 <= value <= MAX_INTEGER else _Refused("is out of range")


def _decimal(text: str) -> Decimal | _Refused:
    if len(text) > MAX_NUMBER_LENGTH:
        return _Refused("is out of range")
    value = Decimal(text)  # cheap even for 1e400000: a Decimal keeps the exponent, it expands nothing
    return value if abs(value) <= MAX_FLOAT else _Refused("is out of range")


def _constant(text: str) -> _Refused:
    return _Refused("must be a finite number")  # NaN, Infinity, -Infinity


_DECODER = json.JSONDecoder(parse_int=_integer, parse_float=_decimal, parse_constant=_constant)  # what json.loads
# builds on every call given these hooks; it keeps no state between documents


def loads(text: str) -> Any:
    """``text`` as JSON with every number checked and the nesting depth limited (400 otherwise)."""
    refused = _Refused.made
    try:
        value = _DECODER.decode(text)
    except RecursionError:
        raise TooDeep(f"Request body is nested more than {MAX_DEPTH} levels deep", "request") from None
    if _Refused.made != refused or text.count("[") + text.count("{") > MAX_DEPTH:  # else nothing to find
        check(value)
    return value


def might_be_too_deep(raw: bytes) -> bool:
    """A quick screen (C speed): fewer opening brackets than the limit cannot nest past it."""
    return raw.count(b"[") + raw.count(b"{") > MAX_DEPTH


def check(value: Any) -> None:
    """Refuse a refused number or nesting past :data:`MAX_DEPTH` in a parsed value (one iterative pass)."""
    if isinstance(value, _Refused):
        raise InvalidRequest(f"Request body {value.reason}", "request")
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        node, depth, path = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        if depth > MAX_DEPTH and items:
            raise TooDeep(f"Request body is nested more than {MAX_DEPTH} levels deep",
                          path.partition("[")[0] or "request")
        for key, item in items:
            if isinstance(item, (dict, list)):
                stack.append((item, depth + 1, _join(path, key)))
            elif isinstance(item, _Refused):
                param = _join(path, key)
                raise InvalidRequest(f"{param} {item.reason}", param)


def _join(path: str, key: Any) -> str:
    """Parameter names as forms spell them: ``items[0][quantity]``."""
    return str(key) if not path else f"{path}[{key}]"
