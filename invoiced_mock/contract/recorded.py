"""Checking responses recorded elsewhere: live ``requests``/``httpx``/werkzeug responses, JSON files and
VCR cassettes (JSON, or YAML when PyYAML is installed: ``pip install invoiced-mock[cassettes]``).

Which schema a body must match comes from, in order: the caller (``schema=``), the status (4xx/5xx →
``error``), the endpoint (method and path matched against the mock's routes), or the ``object`` key
of the body (of its first element for a list).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from invoiced_mock.contract.route_schemas import response_schema
from invoiced_mock.contract.schemas import build
from invoiced_mock.contract.validation import ContractError, Violation, violations
from invoiced_mock.errors import ApiError
from invoiced_mock.http.routing import shared


@dataclass(frozen=True)
class Exchange:
    """One recorded answer: the request that led to it and the decoded body."""

    body: Any
    status: int = 200
    method: str | None = None
    path: str | None = None
    where: str = ""


def schema_of(exchange: Exchange, explicit: str | None = None) -> str | None:
    """The schema ``exchange``'s body must match, or None when nothing says which."""
    if explicit:
        return explicit
    if exchange.status >= 400:
        return "error"
    body, known = exchange.body, build()
    if exchange.method and exchange.path:
        name = _endpoint_schema(exchange.method, exchange.path)
        if name and isinstance(body, list) and f"{name}_list" in known:  # a client that reads one as an array
            return f"{name}_list"
        if name:
            return name
    if isinstance(body, list) and body and isinstance(body[0], dict) and f"{body[0].get('object')}_list" in known:
        return f"{body[0]['object']}_list"
    if isinstance(body, dict) and body.get("object") in known:
        return str(body["object"])
    return None


def _endpoint_schema(method: str, path: str) -> str | None:
    try:
        op, _ = shared().match(method.upper(), path)
    except ApiError:
        return None
    return response_schema(op)


def check(exchange: Exchange, explicit: str | None = None) -> list[Violation]:
    """Every violation in ``exchange`` (one saying so when no schema can be told)."""
    if exchange.body is None:
        return []
    name = schema_of(exchange, explicit)
    if name is None:
        return [Violation("?", "$", "schema", "cannot tell which schema applies: pass --schema/schema=")]
    return violations(exchange.body, name)


def from_response(response: Any) -> Exchange:
    """An :class:`Exchange` from a requests, httpx or werkzeug response."""
    request = getattr(response, "request", None)
    method = getattr(request, "method", None)
    url = getattr(request, "url", None) or getattr(response, "url", None)
    path = getattr(request, "path", None) or (urlsplit(str(url)).path if url else None)
    status = int(getattr(response, "status_code", 200))
    raw = response.get_data() if hasattr(response, "get_data") else response.content
    headers = getattr(response, "headers", None) or {}
    content_type = str(headers.get("Content-Type") or "application/json")
    is_json = "json" in content_type.split(";")[0]  # a PDF, a CSV or a web page has no schema
    body = json.loads(raw) if is_json and raw and raw.strip() else None
    return Exchange(body, status, method, path, f"{method or '?'} {path or '?'} → {status}")


def assert_valid_response(response: Any, schema: str | None = None) -> None:
    """Raise :class:`ContractError` unless the response body matches its schema (see the module docstring)."""
    exchange = from_response(response)
    found = check(exchange, schema)
    if found:
        raise ContractError(found, exchange.where)


def exchanges_in(path: Path) -> list[Exchange]:
    """The bodies in a recorded file: a VCR cassette's responses, or the file itself as one body."""
    text = path.read_text()
    if path.suffix in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise SystemExit("YAML cassettes need PyYAML: pip install 'invoiced-mock[cassettes]'") from None
        data = yaml.safe_load(text)
    else:
        data = json.loads(text)
    if isinstance(data, dict) and isinstance(data.get("interactions"), list):
        return [_interaction(path, i, item) for i, item in enumerate(data["interactions"])]
    return [Exchange(data, where=str(path))]


def _interaction(path: Path, index: int, item: dict[str, Any]) -> Exchange:
    request, response = item.get("request", {}), item.get("response", {})
    status = response.get("status", {})
    code = int(status.get("code", 200) if isinstance(status, dict) else status)
    raw = response.get("body", {})
    raw = raw.get("string", "") if isinstance(raw, dict) else raw
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8")
    body = json.loads(raw) if raw and str(raw).strip() else None
    method = str(request.get("method", "GET")).upper()
    url_path = urlsplit(str(request.get("uri", ""))).path
    return Exchange(body, code, method, url_path, f"{path} #{index} {method} {url_path} → {code}")
