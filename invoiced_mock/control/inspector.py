"""The web inspector at ``/_mock/ui``: what is inside the mock, for a person, as server-rendered HTML.

Pages: the businesses (the admin sees every one, a key only its own), each resource's objects with a search
and their JSON, the request journal with bodies (redacted as on ``/_mock/requests``), events, webhook
attempts and fault rules; buttons reset a business, advance the clock and redeliver a webhook. No front-end
build and no script: links and forms that POST, then redirect back (303).

Everything shown or done goes through what already owns it: ``core.presenter`` for objects, the app's
router and ``core.operations`` for a redelivery (the API's own ``POST /webhook_attempts/:id/retries``),
``control/admin.py`` for who may see what. Every form carries the caller's form token
(``admin.form_token``); the control plane's entry checks it, with the origin (``control/browsers.py``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from invoiced_mock.control import admin
from invoiced_mock.core.operations import perform
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import NotFound, PermissionDenied
from invoiced_mock.formats.json_bodies import dumps
from invoiced_mock.http.request import Request
from invoiced_mock.http.response import Response, respond

if TYPE_CHECKING:
    from invoiced_mock.control.sandbox import Sandbox
    from invoiced_mock.store.business import Business

PREFIX = "/_mock/ui"
SHOWN = 200  # objects or journal entries on one page, newest first
STYLE = """body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}pre{margin:0;font-size:12px;
white-space:pre-wrap;max-width:70em}form{display:inline}nav a{margin-right:1em}h1 a{color:inherit}"""


def handle(app: Sandbox, request: Request, who: admin.Caller) -> Response:
    parts = [p for p in request.path[len(PREFIX):].split("/") if p]
    if request.method == "POST":
        return _act(app, who, parts, request)
    token = admin.form_token(request)
    if not parts:
        return _page("invoiced-mock", _index(app, who, token))
    if parts[0] != "business" or len(parts) < 2:
        raise NotFound(f"Request was not recognized: GET {request.path}")
    key = parts[1]
    business = _business(app, who, key)
    views: dict[str, Callable[[], str]] = {
        "": lambda: _overview(app, business, token),
        "requests": lambda: _requests(app, key),
        "objects": lambda: _objects(business, parts[3] if len(parts) > 3 else "", request.args.get("q", ""), token),
    }
    view = views.get(parts[2] if len(parts) > 2 else "")
    if view is None:
        raise NotFound(f"Request was not recognized: GET {request.path}")
    return _page(f"invoiced-mock · {_masked(key)}", _nav(key) + view())


def unauthorised(response: Response) -> Response:
    """A 401 from these pages asks the browser to log in (HTTP Basic: a key, or the admin token as user)."""
    response.set_header("WWW-Authenticate", 'Basic realm="invoiced-mock inspector"')
    return response


# -- pages ----------------------------------------------------------------------------------------------


def _index(app: Sandbox, who: admin.Caller, token: str) -> str:
    keys = app.tenants.keys() if who.api_key is None else [who.api_key]
    rows = "".join(f"<tr><td><a href='{_href(key)}'>{_e(_masked(key))}</a></td><td>{_count(app, key)}</td></tr>"
                   for key in keys)
    clock = app.clock.now()
    when = datetime.fromtimestamp(clock, timezone.utc).isoformat()
    return (f"<p>Clock: <b>{clock}</b> ({when}){' frozen' if app.clock.frozen else ''} "
            f"<form method=post action='{PREFIX}/clock'>{_token(token)}"
            "<input name=days type=number min=0 value=1 size=4> "
            "<button>Advance days</button></form></p>"
            f"<h2>Businesses</h2><table><tr><th>API key</th><th>objects</th></tr>{rows}</table>"
            + _faults(app.faults.rules() if who.api_key is None else app.faults.rules(who.api_key)))


def _overview(app: Sandbox, business: Business, token: str) -> str:
    rows = "".join(
        f"<tr><td><a href='{_href(business.api_key, 'objects', name)}'>{_e(name)}</a></td><td>{len(table)}</td></tr>"
        for name, table in sorted(business.tables.items()) if len(table))
    reset = (f"<form method=post action='{_href(business.api_key, 'reset')}'>{_token(token)}"
             "<button id=reset>Reset this business</button></form>")
    return (f"<p>{reset}</p><h2>Objects</h2><table><tr><th>resource</th><th>count</th></tr>{rows}</table>"
            + _faults([f for f in app.faults.rules(business.api_key) if f.api_key == business.api_key]))


def _objects(business: Business, name: str, search: str, token: str) -> str:
    resource = REGISTRY.get(name)
    table = business.tables.get(name)
    if resource is None:
        raise NotFound(f"No such resource: {name}")
    with business.lock:
        shown = [present(business, resource, record) for record in (table.all() if table is not None else [])]
    hits = [obj for obj in reversed(shown) if search.lower() in dumps(obj).lower()][:SHOWN]
    retry = name == "webhook_attempt"
    rows = "".join(f"<tr><td id='{_e(name)}-{_e(str(obj.get('id')))}'><pre>{_e(dumps(obj, pretty=True))}</pre>"
                   + (_button(business.api_key, f"webhook_attempts/{obj['id']}/retry", "Redeliver", token)
                      if retry else "")
                   + "</td></tr>" for obj in hits)
    return (f"<h2>{_e(name)} ({len(hits)} of {len(shown)})</h2>"
            f"<form method=get><input name=q value='{_e(search)}' placeholder=search> <button>Search</button></form>"
            f"<table>{rows}</table>")


def _requests(app: Sandbox, key: str) -> str:
    calls = [admin.redact_call(call.to_json()) for call in app.journal.calls(key)][-SHOWN:]
    rows = "".join(
        f"<tr><td>{_e(c['method'])} {_e(c['path'])}</td><td>{c['status']}</td>"
        f"<td><pre>{_e(json.dumps(c['json'], indent=1, default=str))}</pre></td>"
        f"<td><pre>{_e(json.dumps(c['response'], indent=1, default=str))}</pre></td></tr>"
        for c in reversed(calls))
    return (f"<h2>Requests ({len(calls)})</h2><table><tr><th>request</th><th>status</th><th>body</th>"
            f"<th>response</th></tr>{rows}</table>")


def _faults(rules: list[Any]) -> str:
    rows = "".join(f"<tr><td>{_e(f.method)} {_e(f.pattern)}</td><td>{_e(f.kind)} {f.status}</td>"
                   f"<td>{'∞' if f.times is None else f.times}</td></tr>" for f in rules)
    return f"<h2>Fault rules</h2><table><tr><th>route</th><th>answer</th><th>left</th></tr>{rows}</table>"


def _nav(key: str) -> str:
    links = [("business", _href(key)), ("requests", _href(key, "requests")), ("events", _href(key, "objects", "event")),
             ("webhook attempts", _href(key, "objects", "webhook_attempt")), ("all businesses", PREFIX)]
    return "<nav>" + "".join(f"<a href='{href}'>{_e(label)}</a>" for label, href in links) + "</nav>"


# -- actions --------------------------------------------------------------------------------------------


def _act(app: Sandbox, who: admin.Caller, parts: list[str], request: Request) -> Response:
    if parts == ["clock"]:
        admin.require_admin(who, app.admin_token, "The clock")
        days = request.form.get("days", "1")
        app.clock.advance(days=int(days) if days.isdigit() and len(days) < 6 else 0)
        return _back(PREFIX)
    if len(parts) >= 3 and parts[0] == "business":
        key = parts[1]
        business = _business(app, who, key)
        if parts[2:] == ["reset"]:
            app.reset(key)
            return _back(_href(key))
        if len(parts) == 5 and parts[2] == "webhook_attempts" and parts[4] == "retry":
            operation, args = app.router.match("POST", f"/webhook_attempts/{parts[3]}/retries")
            with business.transaction():
                perform(business, operation, args, {})
            return _back(_href(key, "objects", "webhook_attempt"))
    raise NotFound(f"Request was not recognized: POST {request.path}")


def _back(location: str) -> Response:
    return respond(303, headers=[("Location", location)])


# -- helpers --------------------------------------------------------------------------------------------


def _business(app: Sandbox, who: admin.Caller, key: str) -> Business:
    if who.api_key is not None and who.api_key != key:
        raise PermissionDenied("A key may inspect only its own business")
    known = app.tenants.keys()
    business = app.tenants.get(key) if key in known else None
    if business is None:
        raise NotFound(f"No business for that key: {_masked(key)}")
    return business


def _count(app: Sandbox, key: str) -> int:
    business = app.tenants.get(key)
    return sum(len(table) for table in business.tables.values()) if business is not None else 0


def _masked(key: str) -> str:
    return key if len(key) <= 8 else f"{key[:7]}…{key[-4:]}"


def _href(key: str, *rest: str) -> str:
    return "/".join((PREFIX, "business", quote(key, safe=""), *rest))


def _button(key: str, action: str, label: str, token: str) -> str:
    return (f"<form method=post action='{_href(key, *action.split('/'))}'>{_token(token)}"
            f"<button>{_e(label)}</button></form>")


def _token(token: str) -> str:
    """The hidden field every form posts (``admin.check_form_token`` reads it)."""
    return f"<input type=hidden name={admin.FORM_TOKEN} value='{_e(token)}'>"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _page(title: str, body: str) -> Response:
    document = (f"<!doctype html><html><head><meta charset=utf-8><title>{_e(title)}</title><style>{STYLE}</style>"
                f"</head><body><h1><a href='{PREFIX}'>{_e(title)}</a></h1>{body}</body></html>")
    return respond(200, document.encode(), "text/html; charset=utf-8")
