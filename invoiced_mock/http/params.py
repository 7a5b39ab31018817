"""Request parameters: query strings and bodies (JSON or form) into one nested dict.

Form and query keys use PHP brackets: ``metadata[k]=v``, ``items[0][name]=Paper``, ``tags[]=a``.
A repeated key keeps its last value, as PHP does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..errors import InvalidRequest

_KEY = re.compile(r"^([^\[\]]*)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")


def split_key(key: str) -> list[str]:
    """``items[0][name]`` → ``["items", "0", "name"]``; ``a[]`` → ``["a", ""]``; odd keys stay whole."""
    match = _KEY.match(key)
    if match is None or not match.group(1):
        return [key]
    return [match.group(1), *_PART.findall(match.group(2))]


def nest(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Build nested params from flat ``(key, value)`` pairs in order."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = split_key(key)
        node: dict[str, Any] = root
        for part in parts[:-1]:
            if part == "":  # a[][x]=1: each [] opens a new element
                part = str(_next_index(node))
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        last = parts[-1]
        if last == "":
            last = str(_next_index(node))
        node[last] = value
    return {k: _listify(v) for k, v in root.items()}  # the top level stays a dict, whatever its keys


def _is_index(key: str) -> bool:
    """``"0"``, ``"12"``: ASCII digits only (``"³".isdigit()`` is true, but it is no index)."""
    return key.isascii() and key.isdigit()


def _next_index(node: dict[str, Any]) -> int:
    numeric = [int(k) for k in node if _is_index(k)]
    return max(numeric) + 1 if numeric else 0


def _listify(value: Any) -> Any:
    """Dicts whose keys are all non-negative integers become lists ordered by key."""
    if not isinstance(value, dict):
        return value
    converted = {k: _listify(v) for k, v in value.items()}
    if converted and all(_is_index(k) for k in converted):
        return [converted[k] for k in sorted(converted, key=int)]
    return converted


def parse_json_body(raw: bytes) -> dict[str, Any]:
    """A JSON body as params. ``{}``, ``[]``, ``null``, ``""`` and an empty body all mean none."""
    text = raw.decode("utf-8", errors="replace").strip()
    if not text:
        return {}
    try:
        value = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        value = _single_quoted(text)
        if value is None:
            raise InvalidRequest(f"Request body is not valid JSON: {error.msg} at line {error.lineno} "
                                 f"column {error.colno}") from None
    if isinstance(value, dict):
        return value
    if value in (None, [], "") or isinstance(value, (int, Decimal, str)):
        return {}
    raise InvalidRequest("Request body must be a JSON object")


def _single_quoted(text: str) -> Any:
    """The .NET client's ``{'amount':400}``: JSON written with single quotes."""
    if not (text.startswith("{'") and "\"" not in text):
        return None
    try:
        return json.loads(text.replace("'", "\""), parse_float=Decimal)
    except json.JSONDecodeError:
        return None


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def parse_body(request: Any) -> dict[str, Any]:
    """The body of a werkzeug request as params, whatever the client sent (or did not)."""
    if request.mimetype in FORM_TYPES:
        params = nest(request.form.items(multi=True))
        for name, upload in request.files.items():  # an uploaded part, described for the models
            content = upload.read()
            params[name] = {"name": upload.filename or name, "type": upload.mimetype or None, "size": len(content)}
        return params
    raw = request.get_data(cache=True)
    if request.mimetype == "application/json" or raw.strip()[:1] in (b"{", b"["):
        return parse_json_body(raw)
    if raw.strip() and request.method not in ("GET", "HEAD", "DELETE"):
        return parse_json_body(raw)
    return {}
