"""The control plane under ``/_mock/``: drive the mock's clock, faults, stubs, journal and stores over HTTP.

For callers outside Python (a subprocess, a Node or Go test suite) what the pytest fixture gives in
process. No business rule lives here. With an API key (HTTP Basic, as for the API) faults, stubs, the
journal and resets are scoped to that key's business; the admin (or, on a server without an admin token,
anyone) acts on every business. Who may do what is ``control/admin.py``; the clock is one per app; what a
route does is in ``control/commands.py``, shared with the inspector's forms. :data:`ROUTES` lists every route
with what it takes and does (the documentation's reference is generated from it); ``GET /_mock/ui`` is the
web inspector (``control/inspector/``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from invoiced_mock.control import admin, browsers, commands, inspector
from invoiced_mock.control.faults import KINDS, Fault
from invoiced_mock.core import imports
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import ApiError, InvalidRequest, MethodNotAllowed, NotFound
from invoiced_mock.http import limits, render, safejson
from invoiced_mock.http.request import Request
from invoiced_mock.http.response import Response
from invoiced_mock.store import persistence

if TYPE_CHECKING:
    from invoiced_mock.control.sandbox import Sandbox
    from invoiced_mock.store.business import Business

PREFIX = "/_mock/"


def owns(request: Request) -> bool:
    return request.path.startswith(PREFIX)


class Route(NamedTuple):
    """One route of the control plane: ``method /_mock/<name>``, what it takes and does, and how."""

    method: str
    name: str
    takes: str
    does: str
    run: Callable[[Sandbox, admin.Caller, Request], object]


ROUTES: tuple[Route, ...] = (
    Route("GET", "clock", "", "`{now, frozen}`: the app's one clock",
          lambda app, who, request: commands.clock_json(app)),
    Route("POST", "clock", '`{"freeze": ts}`, `{"freeze": "2024-03-01"}` or `{"freeze": true}`, '
          '`{"advance": {"months": 1, "days": 2}}` '
          '(years, months, weeks, days, hours, minutes, seconds; months clamp to the month\'s end) or '
          '`{"advance": 60}`, `{"unfreeze": true}`',
          "moves the clock (admin), running what falls due; answers as `GET`",
          lambda app, who, request: commands.move_clock(app, who, _body(request))),
    Route("GET", "faults", "", "the fault rules (a key sees its own; the admin every rule)",
          lambda app, who, request: [commands.fault_json(f) for f in _visible_faults(app, who)]),
    Route("POST", "faults", '`{"method", "path", "status", "times", "kind", "delay", "message", "type", "param"}`',
          "adds a fault rule (201); `kind`: " + ", ".join(f"`{kind}`" for kind in KINDS),
          lambda app, who, request: commands.fault_json(commands.add_fault(app, who.scope, _body(request)))),
    Route("DELETE", "faults", "", "removes every fault rule (of the key)",
          lambda app, who, request: _clear_faults(app, who.scope)),
    Route("GET", "stubs", "", "the stubs (of the key) with their `hits`",
          lambda app, who, request: [s.to_json() for s in app.stubs.rules(who.scope)]),
    Route("POST", "stubs", '`{"method", "path", "status", "json", "headers", "times", "required"}`',
          "adds a stub (201), answered as the fixture's `stub()` is",
          lambda app, who, request: commands.add_stub(app, who.scope, _body(request))),
    Route("DELETE", "stubs", "", "removes every stub (of the key)",
          lambda app, who, request: _clear_stubs(app, who.scope)),
    Route("GET", "requests", "", "the journal (of the key), oldest first, credentials redacted",
          lambda app, who, request: [admin.redact_call(c.to_json()) for c in app.journal.calls(who.scope)]),
    Route("DELETE", "requests", "", "clears the journal (of the key)",
          lambda app, who, request: _clear_journal(app, who.scope)),
    Route("POST", "reset", "", "empties the business (of the key, or every one), its journal, faults and stubs",
          lambda app, who, request: _reset(app, who.scope)),
    Route("GET", "export", "admin: `?key=`", "the key's business as portable JSON",
          lambda app, who, request: persistence.export_business(_one_business(app, who, request), REGISTRY)),
    Route("POST", "import", "an export; admin: `?key=`", "replaces the key's business with an export",
          lambda app, who, request: _import(app, who, request)),
)
_ROUTED = {(route.name, route.method): route for route in ROUTES}
_NAMES = frozenset(route.name for route in ROUTES)


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
        route = _ROUTED.get((name, request.method))
        if route is None:
            if name in _NAMES:
                raise MethodNotAllowed(f"Method not allowed: {request.method} {request.path}")
            raise NotFound(f"Request was not recognized: {request.method} {request.path}")
        body = route.run(app, who, request)
    except ApiError as error:
        if name == "ui" or name.startswith("ui/"):  # a person's browser: the error as a page
            return inspector.unauthorised(error)
        return render.error_response(error, request)
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


def _clear_stubs(app: Sandbox, api_key: str | None) -> dict[str, Any]:
    app.stubs.clear(api_key)
    return {"stubs": len(app.stubs.rules(api_key))}


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
