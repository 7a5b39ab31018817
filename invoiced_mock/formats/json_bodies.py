"""The JSON the mock sends: API response bodies and webhook payloads, encoded one way.

Attributes keep the order the object declares them in (as the API sends them), ``Decimal`` amounts go out as
JSON numbers, text as UTF-8. orjson encodes several times faster than the standard library (a page of 100
customers is most of what a list costs); what it refuses (an integer past 64 bits, a lone surrogate) goes
through the standard library instead.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import orjson

_ANY_KEYS = orjson.OPT_NON_STR_KEYS  # keys other than text (a Python stub's ``{1: ...}``): half orjson's speed,
# so asked for only when a body has such keys


def _number(value: Any) -> Any:
    """A ``Decimal`` as the JSON number it is: an integer when whole, else the double nearest to it.

    Worked from its exact ratio (one step, no Decimal in between, the hot part of encoding an invoice): a whole
    ratio is the integer itself; else ``numerator / denominator``, which Python rounds correctly, is the double
    nearest the exact value, as ``float(value)`` is (``float`` parses the text, correctly rounded too): the same
    double, so the same digits on the wire. What has no such ratio (NaN, infinity) or no such double goes the
    long way, unchanged.
    """
    if isinstance(value, Decimal):
        try:
            numerator, denominator = value.as_integer_ratio()
            return numerator if denominator == 1 else numerator / denominator
        except (ValueError, OverflowError):
            return _long_way(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _long_way(value: Decimal) -> Any:
    """An integer when whole, else ``float(value)``."""
    return int(value) if value == value.to_integral_value() else float(value)


def encode(body: Any, pretty: bool = False) -> bytes:
    """``body`` as UTF-8 JSON (indented when ``pretty``), in bytes that hold only themselves (:func:`_own`)."""
    option = orjson.OPT_INDENT_2 if pretty else 0
    try:
        return _own(orjson.dumps(body, default=_number, option=option))
    except (orjson.JSONEncodeError, TypeError):
        pass
    try:
        return _own(orjson.dumps(body, default=_number, option=option | _ANY_KEYS))
    except (orjson.JSONEncodeError, TypeError):
        text = json.dumps(body, default=_number, indent=2) if pretty else \
            json.dumps(body, default=_number, separators=(",", ":"))
        return text.encode()


def _own(encoded: bytes) -> bytes:
    """A copy of orjson's output the size of its text. orjson hands back its whole write buffer, at least 16 KB
    for a 1 KB object; every body the journal keeps (each request's) would keep all of it, and each request
    would take fresh memory from the system (page faults, cold caches). The copy costs ~0.4 µs a body."""
    return bytes(memoryview(encoded))


def dumps(body: Any, pretty: bool = False) -> str:
    """:func:`encode` as text."""
    return encode(body, pretty).decode()
