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

from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

from invoiced_mock.errors import ApiError, InvalidRequest, TooLarge
from invoiced_mock.http import limits, safejson
from invoiced_mock.http.environ_keys import UNREADABLE
from invoiced_mock.http.request import Request

_KEY = re.compile(r"^([^\[\]]*)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")


def split_key(key: str) -> list[str]:
    """``items[0][name]`` → ``["items", "0", "name"]``; ``a[]`` → ``["a", ""]``; odd keys stay whole."""
    match = _KEY.match(key)
    if match is None or not match.group(1):
        return [key]
    return [match.group(1), *_PART.findall(match.group(2))]


def nest(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Build nested params from flat ``(key, value)`` pairs in order, in time linear in their number.

    At most ``limits.MAX_PARAMETERS`` pairs (413) and ``safejson.MAX_DEPTH`` brackets per key (400 naming it).
    """
    root: dict[str, Any] = {}
    appends: dict[int, tuple[dict[str, Any], int]] = {}  # id(node) → (node, where its next ``[]`` goes)
    for count, (key, value) in enumerate(pairs, 1):
        if count > limits.MAX_PARAMETERS:
            raise limits.too_many()
        parts = split_key(key)
        if len(parts) > safejson.MAX_DEPTH:
            raise InvalidRequest(f"Parameter {parts[0]} is nested more than {safejson.MAX_DEPTH} levels deep",
                                 parts[0])
        node: dict[str, Any] = root
        for part in parts[:-1]:
            part = _slot(node, part, appends)
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[_slot(node, parts[-1], appends)] = value
    return {k: _listify(v) for k, v in root.items()}  # the top level stays a dict, whatever its keys


def _slot(node: dict[str, Any], part: str, appends: dict[int, tuple[dict[str, Any], int]]) -> str:
    """The key ``part`` takes in ``node``: ``""`` (``a[]``) goes after the highest index so far."""
    known = appends.get(id(node))
    following = known[1] if known is not None else 0
    if part == "":
        part = str(following)
    if _is_index(part):
        appends[id(node)] = (node, max(following, int(part) + 1))  # holding node keeps its id unique
    return part


def _is_index(key: str) -> bool:
    """``"0"``, ``"12"``: up to 9 ASCII digits (``"³".isdigit()`` is true, but it is no index)."""
    return key.isascii() and key.isdigit() and len(key) <= 9


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
        value = safejson.loads(text)
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
        return safejson.loads(text.replace("'", "\""))
    except json.JSONDecodeError:
        return None


FORM_TYPES = limits.FORM_TYPES


def parse_body(request: Request) -> dict[str, Any]:
    """The body of a request as params, whatever the client sent (or did not)."""
    if request.environ.get(UNREADABLE):
        raise InvalidRequest("The request body could not be read", "request")
    if not request.has_body:
        return {}
    try:
        if request.mimetype in FORM_TYPES:
            params = nest(request.form.items(multi=True))
            for name, upload in request.files.items():  # an uploaded part, described for the models
                params[name] = {"name": upload.filename or name, "type": upload.mimetype or None,
                                "size": upload.stream.seek(0, 2)}
            return params
        raw = request.get_data()
    except RequestEntityTooLarge:  # werkzeug's readers stop at the limits ``http.limits`` gave them
        raise TooLarge(f"The request body is over the limits: {limits.MAX_BODY:,} bytes, "
                       f"{limits.MAX_UPLOAD:,} for multipart bodies of at most {limits.MAX_PARTS:,} parts "
                       f"and {limits.MAX_FIELD:,} bytes a field", "request") from None
    except (OSError, ClientDisconnected):  # a malformed chunked body, a client gone mid-body
        raise InvalidRequest("The request body could not be read", "request") from None
    if request.content_length is None and len(raw) >= limits.body_limit(request):  # chunked, cut at the limit
        raise limits.too_large(limits.body_limit(request))
    if request.mimetype == "application/json" or raw.strip()[:1] in (b"{", b"["):
        return parse_json_body(raw)
    if raw.strip() and request.method not in ("GET", "HEAD", "DELETE"):
        return parse_json_body(raw)
    return {}


def nesting_refusal(request: Request, raw: bytes) -> ApiError | None:
    """A JSON body (``raw``, read within the limits) nested past the limit, refused before anything else reads
    it (authentication included: every later reader of the body would recurse through it)."""
    if request.mimetype in FORM_TYPES:  # forms nest by brackets in keys, held to the limit by ``nest``
        return None
    if not safejson.might_be_too_deep(raw):
        return None
    try:
        parse_json_body(raw)
    except safejson.TooDeep as error:
        return error
    except ApiError:
        pass  # any other fault in the body is answered in order, after authentication
    return None


def parse_query(request: Request) -> dict[str, Any]:
    """The query string as params."""
    if not request.environ.get("QUERY_STRING"):
        return {}
    return nest(request.args.items(multi=True))

