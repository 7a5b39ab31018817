"""The clock's page: the mock's time, a preview of what a move will change (for every business the caller
sees) before it runs, and the forms that advance it by any unit, freeze it at an instant or let it run.

A preview rehearses the catch-up (``core.schedule.rehearse``) and undoes it: the agenda entries that fall
due and the events they would record, nothing kept. Moving the clock goes through ``control.commands``,
as ``POST /_mock/clock`` does; only a caller who may move the clock sees the forms.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from invoiced_mock.clock import LATEST
from invoiced_mock.control import commands
from invoiced_mock.control.inspector.columns import target_title
from invoiced_mock.control.inspector.objects import moment
from invoiced_mock.control.inspector.view import PREFIX, Visit, back, masked, object_url, page
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.core.schedule import rehearse
from invoiced_mock.errors import ApiError, InvalidRequest

if TYPE_CHECKING:
    from invoiced_mock.http.response import Response
    from invoiced_mock.store.business import Business

UNITS = ("minutes", "hours", "days", "weeks", "months", "years")
SHOWN = 200  # changes a preview lists
# What each kind of agenda entry (``Resource.timed``) means to a person.
CHANGES = {"past_due": "falls past due", "installment": "an installment falls due",
           "discount": "its early payment discount ends", "autopay": "AutoPay collects",
           "late_fee": "a late fee is added", "renewal": "renews", "chase": "is chased", "expired": "expires",
           "retry": "the webhook is sent again", "return": "the payment is returned"}


@dataclass(frozen=True)
class Step:
    amount: int
    unit: str

    @property
    def words(self) -> str:
        return f"{self.amount} {self.unit.rstrip('s') if self.amount == 1 else self.unit}"


def clock_page(visit: Visit, step: Step | None = None, error: ApiError | None = None, status: int = 200) -> Response:
    args = visit.request.args
    if step is None and error is None and (args.get("amount") or args.get("unit")):
        step = _step(args.get("amount", ""), args.get("unit", ""))
    preview = _preview(visit, step) if step is not None and error is None and visit.may_move_clock else None
    return page(visit, "clock.html", status=status, current="clock", step=step, units=UNITS, preview=preview,
                error=error)


def move(visit: Visit) -> Response:
    """``action`` advance (``amount`` ``unit``), freeze (``at``) or unfreeze; back to the clock's page."""
    form = visit.request.form
    action = form.get("action", "")
    step = None
    try:
        if action == "advance":
            step = _step(form.get("amount", ""), form.get("unit", ""))
            commands.move_clock(visit.app, visit.who, {"advance": {step.unit: step.amount}})
        elif action == "freeze":
            at = form.get("at", "").strip()
            commands.move_clock(visit.app, visit.who, {"freeze": at or True})
        elif action == "unfreeze":
            commands.move_clock(visit.app, visit.who, {"unfreeze": True})
        else:
            raise InvalidRequest("action is advance, freeze or unfreeze", "action")
    except InvalidRequest as error:
        return clock_page(visit, step, _as_field(error), status=400)
    return back(f"{PREFIX}/clock")


def _step(amount: str, unit: str) -> Step:
    if unit not in UNITS:
        raise InvalidRequest(f"unit is one of {', '.join(UNITS)}", "unit")
    if not amount.strip().isdigit() or not 0 < int(amount) <= 100_000:
        raise InvalidRequest("amount is a whole number from 1 to 100,000", "amount")
    return Step(int(amount), unit)


def _as_field(error: InvalidRequest) -> InvalidRequest:
    """The control plane names ``advance`` and ``freeze``; this page's fields are ``amount`` and ``at``."""
    return InvalidRequest(error.message, {"advance": "amount", "freeze": "at"}.get(error.param or "", error.param))


def _preview(visit: Visit, step: Step) -> dict[str, Any]:
    now = visit.app.clock.now()
    until = commands.advanced(now, {step.unit: step.amount})
    if until > LATEST:
        raise InvalidRequest("that would take the clock past the year 9999", "amount")
    keys = visit.app.tenants.keys() if visit.who.api_key is None else [visit.who.api_key]
    due, events = [], []
    for key in keys:
        business = visit.app.tenants.get(key)
        if business is None:
            continue
        rehearsal = rehearse(business, until)
        due += [_due(business, instant, entry) for instant, entry in rehearsal.due]
        events += [_unlinked_if_new(business, moment(business, event)) for event in rehearsal.events]
    due.sort(key=lambda row: row["instant"])
    kinds = Counter((row["label"], row["change"]) for row in due)
    return {"until": until, "due": due[:SHOWN], "due_total": len(due), "events": events[:SHOWN],
            "events_total": len(events), "several": len(keys) > 1,
            "kinds": [(count, label, change) for (label, change), count in kinds.most_common()]}


def _unlinked_if_new(business: Business, line: dict[str, Any]) -> dict[str, Any]:
    """A rehearsed event about an object the move would create links nowhere: the object is not there yet."""
    kind = line["kind"]
    table = business.tables.get(kind.object) if kind is not None else None
    if table is None or table.get(line["object_id"]) is None:
        return {**line, "object_href": None}
    return line


def _due(business: Business, instant: int, entry: tuple[str, Any, str]) -> dict[str, Any]:
    name, object_id, kind = entry
    resource = REGISTRY[name]
    return {"instant": instant, "business": masked(business.api_key), "change": CHANGES.get(kind, kind),
            "label": resource.label.lower(),
            "object": target_title(business, resource, object_id),
            "href": object_url(business.api_key, name, object_id)}
