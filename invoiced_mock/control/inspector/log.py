"""The request log: the journal filtered by method, path, status, key and time, newest first, each request
with its duration and what it created or changed; when nothing matches, the near misses and why each one
missed (as ``assert_called`` reports them). One request's page shows its bodies (redacted as
``/_mock/requests`` shows them) and links the events it recorded.

A path filter is a pattern as in ``assert_called`` (``*`` one segment, ``**`` any); a path without a
wildcard also matches what lies under it (``/invoices`` finds ``/invoices/12/void``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from invoiced_mock.clock import timestamp
from invoiced_mock.control import admin
from invoiced_mock.control.faults import METHODS, compile_pattern
from invoiced_mock.control.inspector.columns import title
from invoiced_mock.control.inspector.view import Visit, object_url, page
from invoiced_mock.control.journal import Call, Expectation
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import ApiError, InvalidRequest, NotFound, PermissionDenied
from invoiced_mock.formats.json_bodies import dumps
from invoiced_mock.http import pagination

if TYPE_CHECKING:
    from invoiced_mock.control.sandbox import Sandbox
    from invoiced_mock.http.response import Response
    from invoiced_mock.store.business import Business

PER_PAGE = 50
STATUS_CLASSES = ("2xx", "3xx", "4xx", "5xx")
CHANGED_SHOWN = 5  # objects a row of the log names; the request's page names them all


@dataclass(frozen=True)
class Touched:
    """An object a request created or changed (``verb``: the last word of its event), or read (``verb`` empty)."""

    title: str
    href: str | None
    verb: str


@dataclass(frozen=True)
class LogFilter:
    method: str
    path: str
    status: str
    key: str
    since: int | None
    until: int | None

    def keeps(self, call: Call) -> bool:
        if self.method and call.method != self.method:
            return False
        if self.path and compile_pattern(_pattern(self.path)).fullmatch(call.path) is None:
            return False
        if self.status and not _status_matches(self.status, call):
            return False
        return (self.since is None or call.timestamp >= self.since) and (
            self.until is None or call.timestamp <= self.until)

    def expectation(self) -> Expectation | None:
        """What an assertion would say of these filters, for its near misses (None: nothing to compare)."""
        if not (self.method or self.path or self.status.isdigit()):
            return None
        return Expectation(self.method or "*", _pattern(self.path) if self.path else "**",
                           status=int(self.status) if self.status.isdigit() else None)


def log_page(visit: Visit, key: str | None) -> Response:
    """The log of one business (``key``), or, for the admin, of every key (``?key=`` narrows it)."""
    args = visit.request.args
    business = visit.business(key) if key is not None else None
    wanted = _filters(visit, key)
    calls = visit.app.journal.calls(wanted.key or None)
    kept = [c for c in reversed(calls) if wanted.keeps(c)]
    number = pagination.page_of({"page": args.get("page"), "per_page": PER_PAGE}, len(kept))
    number = pagination.Page(min(number.number, number.last), PER_PAGE, number.total)
    start, stop = number.bounds
    rows = [(call, changed(visit.app, call)[:CHANGED_SHOWN]) for call in kept[start:stop]]
    expected = wanted.expectation() if not kept else None
    misses = [(call, reasons) for _, call, reasons in expected.near_misses(calls)] if expected else []
    keys = visit.app.tenants.keys() if key is None and visit.who.api_key is None else []
    return page(visit, "requests.html", business=business, current="requests" if key else "all-requests",
                rows=rows, page=number, first=start + 1 if rows else 0, last_shown=start + len(rows),
                total=len(calls), filters=wanted, methods=METHODS[1:], status_classes=STATUS_CLASSES, keys=keys,
                misses=misses, expectation=expected.describe() if expected else "", scoped=key,
                raw=dict(args.items()))


def request_page(visit: Visit, key: str | None, number: str) -> Response:
    """One request: what was sent and answered, how long it took, and the events it recorded."""
    if key is not None:
        visit.business(key)
    scope = key if key is not None else visit.who.api_key
    call = visit.app.journal.find(int(number), scope) if number.isdigit() else None
    if call is None:
        raise NotFound(f"No request {number} in the journal (it keeps the latest 10,000 per key)")
    shown = admin.redact_call(call.to_json())
    business = visit.app.tenants.get(call.api_key) if call.api_key is not None else None
    return page(visit, "request.html", business=business if key is not None else None, current="requests",
                req=call, caused=_caused(business, call), touched=changed(visit.app, call),
                headers=dumps(shown["headers"], pretty=True), query=dumps(shown["query"], pretty=True),
                body=_shown_body(shown), response=dumps(shown["response"], pretty=True))


def changed(app: Sandbox, call: Call) -> list[Touched]:
    """What ``call`` created or changed (its events' objects), or, when it recorded none, the object it read."""
    business = app.tenants.get(call.api_key) if call.api_key is not None else None
    if business is None:
        return []
    if call.events:
        seen: dict[tuple[str, str], Touched] = {}
        for kind, object_id, verb, name in _event_objects(business, call):
            seen.setdefault((name, verb), Touched(name, object_url(business.api_key, kind, object_id), verb))
        return list(seen.values())
    return _addressed(app, business, call)


def _event_objects(business: Business, call: Call) -> list[tuple[str, Any, str, str]]:
    """(object, id, verb, title) of each event ``call`` recorded and the business still keeps."""
    table = business.tables.get("event")
    found = []
    for event_id in call.events:
        event = table.get(event_id) if table is not None else None
        if event is None:
            continue
        about = event["data"]["object"]
        kind = REGISTRY.get(str(about.get("object")))
        if kind is not None:
            found.append((kind.object, about["id"], event["type"].rpartition(".")[2], title(kind, about)))
    return found


def _addressed(app: Sandbox, business: Business, call: Call) -> list[Touched]:
    """The object a request's path names (``GET /invoices/12`` → invoice 12), when it is still there."""
    if call.extra.get("stub"):  # a canned answer: whatever the path names was not read
        return []
    try:
        operation, args = app.router.match(call.method, call.path)
    except ApiError:  # a path the API does not serve
        return []
    resource = operation.resource
    table = business.tables.get(resource.object)
    record = table.get(_id(args.get("id"), resource.string_ids)) if table is not None and "id" in args else None
    if record is None:
        return []
    return [Touched(title(resource, record), object_url(business.api_key, resource.object, record["id"]), "")]


def _caused(business: Business | None, call: Call) -> list[dict[str, Any]]:
    if business is None:
        return []
    table = business.tables.get("event")
    caused = []
    for event_id in call.events:
        event = table.get(event_id) if table is not None else None
        href = object_url(business.api_key, "event", event_id)
        if event is None:
            caused.append({"id": event_id, "type": "(no longer kept)", "href": None, "object": None,
                           "object_href": None})
            continue
        about = event["data"]["object"]
        kind = REGISTRY.get(str(about.get("object")))
        caused.append({"id": event_id, "type": event["type"], "href": href,
                       "object": title(kind, about) if kind is not None else None,
                       "object_href": object_url(business.api_key, kind.object, about["id"]) if kind else None})
    return caused


def _filters(visit: Visit, key: str | None) -> LogFilter:
    args = visit.request.args
    method = args.get("method", "").upper()
    if method and method not in METHODS:
        raise InvalidRequest(f"method must be one of {', '.join(METHODS[1:])}", "method")
    status = args.get("status", "").strip().lower()
    if status and not (status in STATUS_CLASSES or (status.isdigit() and len(status) == 3)):
        raise InvalidRequest("status takes a code (404) or a class (4xx)", "status")
    wanted_key = key if key is not None else args.get("key", "")
    if visit.who.api_key is not None:
        if wanted_key and wanted_key != visit.who.api_key:
            raise PermissionDenied("A key may read only its own requests")
        wanted_key = visit.who.api_key
    return LogFilter(method, args.get("path", "").strip(), status, wanted_key, _instant(args.get("since"), "since"),
                     _instant(args.get("until"), "until"))


def _instant(raw: str | None, name: str) -> int | None:
    """A ``datetime-local`` field (``2024-03-01T09:30``, read as UTC) as UNIX seconds."""
    if not raw:
        return None
    try:
        return timestamp(raw)
    except ValueError:
        raise InvalidRequest(f"{name} takes a date and time such as 2024-03-01T09:30 (UTC)", name) from None


def _pattern(path: str) -> str:
    return path if "*" in path else path.rstrip("/") + "/**"


def _status_matches(wanted: str, call: Call) -> bool:
    if wanted.endswith("xx"):
        return call.status is not None and str(call.status).startswith(wanted[0]) and call.status >= 100
    return str(call.status) == wanted


def _id(raw: Any, string_ids: bool) -> Any:
    return raw if string_ids or not str(raw).isdigit() else int(raw)


def _shown_body(shown: dict[str, Any]) -> str:
    if shown.get("json") is not None:
        return dumps(shown["json"], pretty=True)
    return shown.get("body") or ""
