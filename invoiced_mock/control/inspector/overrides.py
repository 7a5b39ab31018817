"""Faults and stubs, the answers that override the mock's own, beside the traffic they changed: each rule with
its hits, a stub not yet used with the near misses that kept requests from it, the forms that add a rule and
the buttons that remove one.

A form's fields become the JSON body ``POST /_mock/faults`` or ``/_mock/stubs`` takes and go through
``control.commands``, so a rule is checked the same way from either door. A fault or stub added here is the
business's own; rules for every business (added by the admin over JSON) are listed, and only the admin
may remove them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from invoiced_mock.control import commands
from invoiced_mock.control.faults import KINDS, METHODS
from invoiced_mock.control.inspector.view import Visit, back, business_url, page
from invoiced_mock.control.journal import Expectation
from invoiced_mock.errors import InvalidRequest, NotFound, PermissionDenied

if TYPE_CHECKING:
    from invoiced_mock.control.faults import Fault
    from invoiced_mock.control.stubs import Stub
    from invoiced_mock.http.response import Response

CHANGED = 50  # the latest requests a fault or stub answered, listed
NETWORK_ANSWERS = {"connection_error": "dropped connection", "timeout": "no answer",
                   "connect_timeout": "no connection"}
FAULT_FIELDS = {"method": "*", "path": "", "kind": "respond", "status": "500", "times": "1", "delay": "",
                "message": ""}
STUB_FIELDS = {"method": "GET", "path": "", "status": "200", "json": "", "times": "", "required": "on"}


def overrides_page(visit: Visit, key: str, error: InvalidRequest | None = None, form: str = "",
                   values: dict[str, str] | None = None) -> Response:
    business = visit.business(key)
    faults = [f for f in visit.app.faults.rules(key) if f.api_key in (None, key)]
    stubs = visit.app.stubs.rules(key)
    calls = visit.app.journal.calls(key)
    changed = [c for c in reversed(calls) if c.extra.get("fault") or c.extra.get("stub")][:CHANGED]
    misses = {stub.id: [(call, reasons) for _, call, reasons in Expectation(stub.method, stub.pattern)
                        .near_misses(calls)] for stub in stubs if not stub.used}
    entered = {"fault": {**FAULT_FIELDS}, "stub": {**STUB_FIELDS}}
    if form and values is not None:
        entered[form] = {**entered[form], **values}
    return page(visit, "overrides.html", status=400 if error else 200, business=business, current="sandbox",
                faults=[(f, _answer(f), visit.may_move_clock or f.api_key is not None) for f in faults],
                stubs=[(s, _hits(s), visit.may_move_clock or s.api_key is not None) for s in stubs],
                changed=[(c, "fault" if c.extra.get("fault") else "stub") for c in changed], misses=misses,
                error=error, failed_form=form, entered=entered, methods=METHODS, kinds=KINDS)


def add_fault(visit: Visit, key: str) -> Response:
    visit.business(key)
    values = _fields(visit, FAULT_FIELDS)
    try:
        body: dict[str, Any] = {"method": values["method"] or "*", "path": values["path"], "kind": values["kind"],
                                "status": _whole(values["status"], "status"),
                                "times": _whole(values["times"], "times") if values["times"] else None}
        if values["delay"]:
            body["delay"] = _seconds(values["delay"])
        if values["message"]:
            body["message"] = values["message"]
        commands.add_fault(visit.app, key, body)
    except InvalidRequest as error:
        return overrides_page(visit, key, error, "fault", values)
    return back(business_url(key, "sandbox"))


def add_stub(visit: Visit, key: str) -> Response:
    visit.business(key)
    values = _fields(visit, STUB_FIELDS)
    values["required"] = "on" if visit.request.form.get("required") else ""
    try:
        body: dict[str, Any] = {"method": values["method"] or "*", "path": values["path"],
                                "status": _whole(values["status"], "status"), "required": bool(values["required"])}
        if values["times"]:
            body["times"] = _whole(values["times"], "times")
        if values["json"].strip():
            body["json"] = _json(values["json"])
        if not body["path"].startswith("/"):
            raise InvalidRequest("path must start with / (* stands for one segment, ** for any)", "path")
        commands.add_stub(visit.app, key, body)
    except InvalidRequest as error:
        return overrides_page(visit, key, error, "stub", values)
    return back(business_url(key, "sandbox"))


def remove(visit: Visit, key: str, what: str, rule_id: str) -> Response:
    """Remove the fault or stub ``rule_id``: the key's own, or (the admin only) one for every business."""
    visit.business(key)
    rules: list[Fault] | list[Stub] = visit.app.faults.rules(key) if what == "faults" else visit.app.stubs.rules(key)
    rule = next((r for r in rules if str(r.id) == rule_id and r.api_key in (None, key)), None)
    if rule is None:
        raise NotFound(f"No {what[:-1]} {rule_id} for this business")
    if rule.api_key is None and not visit.may_move_clock:
        raise PermissionDenied(f"That {what[:-1]} applies to every business: removing it takes the admin token")
    if what == "faults":
        visit.app.faults.remove(rule.id)
    else:
        visit.app.stubs.remove(rule.id)
    return back(business_url(key, "sandbox"))


def _fields(visit: Visit, defaults: dict[str, str]) -> dict[str, str]:
    form = visit.request.form
    return {name: form.get(name, "").strip() if name != "json" else form.get(name, "") for name in defaults}


def _whole(text: str, name: str) -> int:
    if not text.strip().lstrip("-").isdigit():
        raise InvalidRequest(f"{name} must be a whole number", name)
    return int(text)


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InvalidRequest("delay is a number of seconds", "delay") from None


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise InvalidRequest(f"json must be JSON: {error}", "json") from None


def _answer(fault: Fault) -> str:
    if fault.kind == "respond":
        return str(fault.status)
    if fault.kind == "delay":
        return f"delayed {fault.delay:g} s"
    return NETWORK_ANSWERS.get(fault.kind, fault.kind)


def _hits(stub: Stub) -> str:
    return f"{stub.hits} of {stub.times}" if stub.times else str(stub.hits)
