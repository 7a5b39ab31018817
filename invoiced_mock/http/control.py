"""The control plane under ``/_mock/``: drive the mock's clock, faults, journal and stores over HTTP.

For callers outside Python (a subprocess, a Node or Go test suite) what the pytest fixture gives in
process. No business rule lives here. Authentication is optional: with an API key (HTTP Basic, as for
the API) faults, the journal and resets are scoped to that key's business; without one they are global.
The clock is always global (one per app).

    GET    /_mock/clock                {now, frozen}
    POST   /_mock/clock                {"freeze": ts | iso | true} | {"advance": {"months": 1}} | {"unfreeze": true}
    GET    /_mock/faults               active fault rules
    POST   /_mock/faults               {"method", "path", "status", "times", "kind", "delay", "message", ...}
    DELETE /_mock/faults               remove every fault rule (of the key)
    GET    /_mock/requests             the journal (of the key), oldest first
    DELETE /_mock/requests             clear the journal (of the key)
    POST   /_mock/reset                empty the business (of the key, or all), its journal and faults
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from werkzeug import Request, Response

from ..clock import timestamp
from ..errors import ApiError, InvalidRequest, MethodNotAllowed, NotFound
from ..faults import KINDS, Fault
from . import auth, responses

if TYPE_CHECKING:
    from ..app import InvoicedMock

PREFIX = "/_mock/"
FAULT_OPTIONS = ("status", "type", "message", "param", "times", "kind", "delay")
CLOCK_UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")


def owns(request: Request) -> bool:
    return request.path.startswith(PREFIX)


def handle(app: InvoicedMock, request: Request) -> Response:
    api_key = auth.api_key_or_none(request)
    name = request.path[len(PREFIX):].strip("/")
    routes = {
        ("clock", "GET"): lambda: _clock(app),
        ("clock", "POST"): lambda: _move_clock(app, _body(request)),
        ("faults", "GET"): lambda: [_fault_json(f) for f in app.faults.rules(api_key)],
        ("faults", "POST"): lambda: _add_fault(app, api_key, _body(request)),
        ("faults", "DELETE"): lambda: _clear_faults(app, api_key),
        ("requests", "GET"): lambda: [_call_json(c.to_json()) for c in app.journal.calls(api_key)],
        ("requests", "DELETE"): lambda: _clear_journal(app, api_key),
        ("reset", "POST"): lambda: _reset(app, api_key),
    }
    try:
        action = routes.get((name, request.method))
        if action is None:
            if any(path == name for path, _ in routes):
                raise MethodNotAllowed(f"Method not allowed: {request.method} {request.path}")
            raise NotFound(f"Request was not recognized: {request.method} {request.path}")
        body = action()
    except ApiError as error:
        return responses.error_response(error, request)
    status = 201 if (name, request.method) == ("faults", "POST") else 200
    return responses.json_response(body, status, request)


def _body(request: Request) -> dict[str, Any]:
    raw = request.get_data()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise InvalidRequest("The control plane takes a JSON body") from None
    if not isinstance(body, dict):
        raise InvalidRequest("The control plane takes a JSON object")
    return body


def _clock(app: InvoicedMock) -> dict[str, Any]:
    return {"now": app.clock.now(), "frozen": app.clock.frozen}


def _move_clock(app: InvoicedMock, body: dict[str, Any]) -> dict[str, Any]:
    if body.get("unfreeze"):
        app.clock.unfreeze()
    if "freeze" in body:
        at = body["freeze"]
        try:
            app.clock.freeze(None if at is True else timestamp(at))
        except ValueError:
            raise InvalidRequest("freeze takes a UNIX timestamp, an ISO 8601 date or datetime, or true",
                                 "freeze") from None
    if "advance" in body:
        step = body["advance"]
        step = {"seconds": step} if isinstance(step, int) and not isinstance(step, bool) else step
        if not isinstance(step, dict) or not set(step) <= set(CLOCK_UNITS):
            raise InvalidRequest(f"advance takes seconds or an object of {', '.join(CLOCK_UNITS)}", "advance")
        try:
            app.clock.advance(**{unit: float(value) for unit, value in step.items()})
        except (TypeError, ValueError) as error:
            raise InvalidRequest(str(error), "advance") from None
    return _clock(app)


def _add_fault(app: InvoicedMock, api_key: str | None, body: dict[str, Any]) -> dict[str, Any]:
    unknown = set(body) - {"method", "path", *FAULT_OPTIONS}
    if unknown:
        raise InvalidRequest(f"Unknown fault option: {sorted(unknown)[0]}", sorted(unknown)[0])
    if body.get("kind", "respond") not in KINDS:
        raise InvalidRequest(f"kind must be one of {', '.join(KINDS)}", "kind")
    options = {k: body[k] for k in FAULT_OPTIONS if k in body}
    try:
        fault = app.faults.add(str(body.get("method", "*")), str(body.get("path", "**")), api_key=api_key, **options)
    except (TypeError, ValueError) as error:
        raise InvalidRequest(str(error)) from None
    return _fault_json(fault)


def _fault_json(fault: Fault) -> dict[str, Any]:
    return {k: v for k, v in asdict(fault).items() if not k.startswith("_") and k != "api_key"}


def _call_json(call: dict[str, Any]) -> dict[str, Any]:
    """A journal entry without the caller's credentials."""
    headers = {k: v for k, v in call["headers"].items() if k.lower() != "authorization"}
    return {**call, "headers": headers}


def _clear_faults(app: InvoicedMock, api_key: str | None) -> dict[str, Any]:
    app.faults.clear(api_key)
    return {"faults": len(app.faults.rules(api_key))}


def _clear_journal(app: InvoicedMock, api_key: str | None) -> dict[str, Any]:
    app.journal.clear(api_key)
    return {"requests": len(app.journal.calls(api_key))}


def _reset(app: InvoicedMock, api_key: str | None) -> dict[str, Any]:
    app.tenants.reset(api_key)
    app.faults.clear(api_key)
    app.journal.clear(api_key)
    return {"reset": "key" if api_key is not None else "all"}
