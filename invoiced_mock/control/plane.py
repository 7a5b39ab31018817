"""The control plane under ``/_mock/``: drive the mock's clock, faults, stubs, journal and stores over HTTP.

For callers outside Python (a subprocess, a Node or Go test suite) what the pytest fixture gives in
process. No business rule lives here. With an API key (HTTP Basic, as for the API) faults, stubs, the
journal and resets are scoped to that key's business; the admin (or, on a server without an admin token,
anyone) acts on every business. Who may do what is ``control/admin.py``; the clock is one per app.

    GET    /_mock/clock                {now, frozen}
    POST   /_mock/clock                {"freeze": ts | iso | true} | {"advance": {"months": 1}} | {"unfreeze": true}
    GET    /_mock/faults               active fault rules
    POST   /_mock/faults               {"method", "path", "status", "times", "kind", "delay", "message", ...}
    DELETE /_mock/faults               remove every fault rule (of the key)
    GET    /_mock/stubs                the stubs (of the key) with their ``hits``
    POST   /_mock/stubs                {"method", "path", "status", "json", "headers", "times", "required"}
    DELETE /_mock/stubs                remove every stub (of the key)
    GET    /_mock/requests             the journal (of the key), oldest first
    DELETE /_mock/requests             clear the journal (of the key)
    POST   /_mock/reset                empty the business (of the key, or all), its journal and faults
    GET    /_mock/export               the key's business as portable JSON (admin: ?key=)
    POST   /_mock/import               replace the key's business with an export (admin: ?key=)
    GET    /_mock/ui                   the web inspector (``control/inspector.py``)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from invoiced_mock.clock import timestamp
from invoiced_mock.control import admin, browsers, inspector
from invoiced_mock.control.faults import KINDS, Fault, InvalidFault
from invoiced_mock.control.stubs import Stubs
from invoiced_mock.core import imports
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import ApiError, InvalidRequest, MethodNotAllowed, NotFound
from invoiced_mock.http import limits, render, safejson
from invoiced_mock.http.headers import BadHeader
from invoiced_mock.http.request import Request
from invoiced_mock.http.response import Response
from invoiced_mock.store import persistence

if TYPE_CHECKING:
    from invoiced_mock.control.sandbox import Sandbox
    from invoiced_mock.store.business import Business

PREFIX = "/_mock/"
FAULT_OPTIONS = ("status", "type", "message", "param", "times", "kind", "delay")
# Each unit's longest span in seconds: the bound a step is checked against before the clock moves.
CLOCK_UNITS = {"years": 366 * 86_400, "months": 31 * 86_400, "weeks": 7 * 86_400, "days": 86_400, "hours": 3_600,
               "minutes": 60, "seconds": 1}
LATEST = 253_402_300_799  # 9999-12-31T23:59:59Z: every date the mock prints stays a four-digit year
MAX_STUBS = 100  # stubs a key (or the admin) adds over HTTP, as fault rules: a stub may hold a 1 MiB body


def owns(request: Request) -> bool:
    return request.path.startswith(PREFIX)


def handle(app: Sandbox, request: Request) -> Response:
    """The answer of a control-plane route, with the headers that keep browsers off it (``control/browsers.py``)."""
    return browsers.secured(_handle(app, request))


def _handle(app: Sandbox, request: Request) -> Response:
    name = request.path[len(PREFIX):].strip("/")
    ui = name == "ui" or name.startswith("ui/")
    try:
        browsers.check(request, app.allowed_hosts, form_route=ui)
        who = admin.caller(request, app.tenants, app.admin_token)
        if ui:
            return inspector.handle(app, request, who)
        api_key = who.scope
        routes: dict[tuple[str, str], Callable[[], object]] = {
            ("clock", "GET"): lambda: _clock(app),
            ("clock", "POST"): lambda: _move_clock(app, who, _body(request)),
            ("faults", "GET"): lambda: [_fault_json(f) for f in _visible_faults(app, who)],
            ("faults", "POST"): lambda: _add_fault(app, api_key, _body(request)),
            ("faults", "DELETE"): lambda: _clear_faults(app, api_key),
            ("stubs", "GET"): lambda: [s.to_json() for s in app.stubs.rules(api_key)],
            ("stubs", "POST"): lambda: _add_stub(app, api_key, _body(request)),
            ("stubs", "DELETE"): lambda: _clear_stubs(app, api_key),
            ("requests", "GET"): lambda: [admin.redact_call(c.to_json()) for c in app.journal.calls(api_key)],
            ("requests", "DELETE"): lambda: _clear_journal(app, api_key),
            ("reset", "POST"): lambda: _reset(app, api_key),
            ("export", "GET"): lambda: persistence.export_business(_one_business(app, who, request), REGISTRY),
            ("import", "POST"): lambda: _import(app, who, request),
        }
        action = routes.get((name, request.method))
        if action is None:
            if any(path == name for path, _ in routes):
                raise MethodNotAllowed(f"Method not allowed: {request.method} {request.path}")
            raise NotFound(f"Request was not recognized: {request.method} {request.path}")
        body = action()
    except ApiError as error:
        response = render.error_response(error, request)
        return inspector.unauthorised(response) if error.status == 401 and ui else response
    status = 201 if request.method == "POST" and name in ("faults", "stubs") else 200
    return render.json_response(body, status, request)


def _body(request: Request) -> dict[str, Any]:
    raw = limits.read_body(request)
    if not raw:
        return {}
    try:
        body = safejson.loads(raw.decode("utf-8", errors="replace"))
    except ValueError:
        raise InvalidRequest("The control plane takes a JSON body") from None
    if not isinstance(body, dict):
        raise InvalidRequest("The control plane takes a JSON object")
    return body


def _clock(app: Sandbox) -> dict[str, Any]:
    return {"now": app.clock.now(), "frozen": app.clock.frozen}


def _move_clock(app: Sandbox, who: admin.Caller, body: dict[str, Any]) -> dict[str, Any]:
    admin.require_admin(who, app.admin_token, "The clock")
    if body.get("unfreeze"):
        app.clock.unfreeze()
    if "freeze" in body:
        at = body["freeze"]
        try:
            instant = None if at is True else timestamp(at)
        except ValueError:
            raise InvalidRequest("freeze takes a UNIX timestamp, an ISO 8601 date or datetime, or true",
                                 "freeze") from None
        if instant is not None and not 0 <= instant <= LATEST:
            raise InvalidRequest(f"freeze takes an instant from 0 to {LATEST} (the year 9999)", "freeze")
        app.clock.freeze(instant)
    if "advance" in body:
        step = body["advance"]
        step = {"seconds": step} if isinstance(step, int) and not isinstance(step, bool) else step
        if not isinstance(step, dict) or not set(step) <= set(CLOCK_UNITS):
            raise InvalidRequest(f"advance takes seconds or an object of {', '.join(CLOCK_UNITS)}", "advance")
        amounts = {unit: _amount(value) for unit, value in step.items()}
        if None in amounts.values():
            raise InvalidRequest(f"advance takes numbers of at most {LATEST} in each unit", "advance")
        if app.clock.now() + sum(a * CLOCK_UNITS[u] for u, a in amounts.items() if a is not None) > LATEST:
            raise InvalidRequest(f"advance would take the clock past {LATEST} (the year 9999)", "advance")
        try:
            # keyword arguments by unit name, the names checked against CLOCK_UNITS above
            units: dict[str, Any] = {unit: float(value) for unit, value in step.items()}
            app.clock.advance(**units)
        except (TypeError, ValueError) as error:
            raise InvalidRequest(str(error), "advance") from None
    if app.state is not None:
        app.state.save_clock()
    return _clock(app)


def _amount(value: Any) -> float | None:
    """A clock step in one unit as a number bounded by the calendar, or None (refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    magnitude = cast("int | float | Decimal", abs(value))  # abs of the union is one of its members
    return float(value) if magnitude <= LATEST else None


def _add_fault(app: Sandbox, api_key: str | None, body: dict[str, Any]) -> dict[str, Any]:
    unknown = set(body) - {"method", "path", *FAULT_OPTIONS}
    if unknown:
        raise InvalidRequest(f"Unknown fault option: {sorted(unknown)[0]}", sorted(unknown)[0])
    if body.get("kind", "respond") not in KINDS:
        raise InvalidRequest(f"kind must be one of {', '.join(KINDS)}", "kind")
    options = {k: body[k] for k in FAULT_OPTIONS if k in body}
    try:
        fault = app.faults.add(body.get("method", "*"), body.get("path", "**"), api_key=api_key, **options)
    except InvalidFault as error:
        raise InvalidRequest(str(error), error.param) from None
    except (TypeError, ValueError) as error:
        raise InvalidRequest(str(error)) from None
    return _fault_json(fault)


def _add_stub(app: Sandbox, api_key: str | None, body: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(body) - {"method", "path", *Stubs.OPTIONS})
    if unknown:
        raise InvalidRequest(f"Unknown stub option: {unknown[0]}", unknown[0])
    for name in ("method", "path"):
        if not isinstance(body.get(name), str):
            raise InvalidRequest(f"A stub needs a {name} (a string)", name)
    options = {k: body[k] for k in Stubs.OPTIONS if k in body}
    if sum(1 for stub in app.stubs.rules(api_key) if stub.api_key == api_key) >= MAX_STUBS:
        raise InvalidRequest(f"At most {MAX_STUBS} stubs can be kept per API key: clear some (DELETE /_mock/stubs)",
                             "path")
    try:
        return app.stubs.add(body["method"], body["path"], api_key=api_key, **options).to_json()
    except BadHeader as error:
        raise InvalidRequest(str(error), error.param) from None
    except (TypeError, ValueError) as error:
        raise InvalidRequest(str(error)) from None


def _clear_stubs(app: Sandbox, api_key: str | None) -> dict[str, Any]:
    app.stubs.clear(api_key)
    return {"stubs": len(app.stubs.rules(api_key))}


def _fault_json(fault: Fault) -> dict[str, Any]:
    return {k: v for k, v in asdict(fault).items() if not k.startswith("_") and k != "api_key"}


def _one_business(app: Sandbox, who: admin.Caller, request: Request) -> Business:
    """Export and import act on one business: the caller's key, or the admin's ``?key=``."""
    key = who.api_key or request.args.get("key")
    if not key:
        raise InvalidRequest("Name the business: send its API key, or ?key= with the admin token", "key")
    business = app.tenants.get(key)
    if business is None:
        raise NotFound("No business for that key")
    return business


def _import(app: Sandbox, who: admin.Caller, request: Request) -> dict[str, Any]:
    business = _one_business(app, who, request)
    try:
        return {"imported": imports.import_business(business, _body(request))}
    except persistence.ExportError as error:
        raise InvalidRequest(f"Cannot import: {error}", error.param) from None


def _visible_faults(app: Sandbox, who: admin.Caller) -> list[Fault]:
    """A tenant sees its own rules; the admin sees every rule."""
    if who.api_key is None:
        return app.faults.rules()
    return [f for f in app.faults.rules(who.api_key) if f.api_key == who.api_key]


def _clear_faults(app: Sandbox, api_key: str | None) -> dict[str, Any]:
    app.faults.clear(api_key)
    return {"faults": len(app.faults.rules(api_key))}


def _clear_journal(app: Sandbox, api_key: str | None) -> dict[str, Any]:
    app.journal.clear(api_key)
    return {"requests": len(app.journal.calls(api_key))}


def _reset(app: Sandbox, api_key: str | None) -> dict[str, Any]:
    app.reset(api_key)
    return {"reset": "key" if api_key is not None else "all"}
