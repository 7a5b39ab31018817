"""Subscriptions (§2.17, §3.11): a customer on a plan, billed each period as the mock's clock moves.

Creating a started subscription bills its first period (in advance) at once; then each renewal is due on
the agenda (``timeline``/``when_due``, ``core/schedule.py``) and done at its instant, so
``clock.advance(days=95)`` issues three monthly invoices dated, and written, on their anniversaries.
Cancel is ``DELETE`` (200 with the canceled subscription).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, cast

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Array, Bool, Entries, Int, Number, Ref, RefList, Str, StrRef, Timestamp
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import METADATA, REGISTRY, TIMESTAMPS, Action, Data, Field, Mount, One, Reply, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.embedded import APPROVAL, PAYMENT_SOURCE, SHIP_TO, SUBSCRIPTION_ADDON, SUBSCRIPTION_PREVIEW
from invoiced_mock.rules import periods
from invoiced_mock.rules import subscription_billing as billing
from invoiced_mock.store.business import Business, Record

if TYPE_CHECKING:
    from invoiced_mock.resources.document import Document

# §3.11, what ``Subscriptions.status`` answers.
STATUSES = ("not_started", "active", "past_due", "pending_renewal", "paused", "finished", "canceled")
# What a preview takes (§2.17): a subscription to be, and pending lines to bill with it.
PREVIEWED = ("customer", "plan", "quantity", "amount", "addons", "discounts", "taxes", "pending_line_items", "tiers",
             "start_date", "bill_in", "cycles", "snap_to_nth_day", "ship_to", "metadata")
ADDONS = Entries(of=SUBSCRIPTION_ADDON)  # ``_addons`` parses them
RENEWAL_MODES = ("auto", "manual", "renew_once", "none")
_FLAG = Bool()
_QUANTITY = Number(minimum=Decimal(0))


def _read_only(name: str, kind: Any, **options: Any) -> Field:
    return Field(name, kind, read_only=True, **options)


def preview(business: Business, parent_id: Any, params: dict[str, Any]) -> Reply:
    """``POST /subscriptions/preview``: the first invoice and recurring amounts, nothing stored."""
    sub_params = {k: v for k, v in params.items() if k in REGISTRY["subscription"].by_name}
    with business.savepoint():
        if sub_params.get("customer") is None:
            customer = crud.create(business, REGISTRY["customer"], {"name": "Preview"})
            sub_params["customer"] = customer["id"]
            placeholder = True
        else:
            placeholder = False
        resource = REGISTRY["subscription"]
        sub = crud.create(business, resource, {**sub_params, "start_date": None})
        resource.catch_up(business, sub, business.clock.now())  # type: ignore[attr-defined]
        invoices = REGISTRY["invoice"].table(business).where("customer", sub["customer"])
        first = next((i for i in invoices if i.get("subscription") == sub["id"]), None)
        body: dict[str, Any] = {"recurring_total": sub["recurring_total"], "mrr": sub["mrr"]}
        if first is not None:
            shown = present(business, REGISTRY["invoice"], first)
            shown.update(id=None, number=None, draft=True, status="draft", subscription=None)
            if placeholder:
                shown["customer"] = -1
            body["first_invoice"] = shown
    return Data(body, schema=SUBSCRIPTION_PREVIEW.name)


class Subscriptions(Resource):
    object = "subscription"
    path = "subscriptions"
    label = "Subscription"
    # Not drawn: calendar billing needs a monthly or yearly plan and addons need plans that exist (stored
    # state), and a start date decides how many past periods are billed at once: drawn ones start now.
    drawn: ClassVar[dict[str, Any]] = {"snap_to_nth_day": None, "addons": None, "start_date": None}
    indexed = ("customer", "plan")
    list_params = ("canceled", "finished", "all")
    delete_params = ("canceled_reason",)  # DELETE cancels; the body may say why (§2.17)
    expandable: ClassVar[dict[str, str]] = {"addons.plan": "plan"}
    actions = (Action("preview", "POST", preview, on="collection", returns=SUBSCRIPTION_PREVIEW, params=PREVIEWED),)
    timed = ("renewal",)
    internal = (Field("periods_started", Int(minimum=0)), Field("finished", Bool()))  # ``cycles`` counted down
    fields = (
        Field("customer", Ref(resource="customer"), required=True, create_only=True),
        Field("plan", StrRef(resource="plan"), required=True),
        Field("quantity", Number(minimum=Decimal(0)), default=lambda: Decimal(1)),
        Field("amount", Number(minimum=Decimal(0))),
        Field("description", Str()),
        Field("cycles", Int(minimum=1)),
        Field("start_date", Timestamp(), create_only=True),
        Field("bill_in", Str(choices=("advance", "arrears")), default="advance", create_only=True),
        Field("bill_in_advance_days", Int(minimum=0), default=0),
        Field("snap_to_nth_day", Int(minimum=1), create_only=True),
        _read_only("period_start", Timestamp()),
        _read_only("period_end", Timestamp()),
        _read_only("renewed_last", Timestamp()),
        _read_only("renews_next", Timestamp()),
        _read_only("contract_period_start", Timestamp()),
        _read_only("contract_period_end", Timestamp()),
        Field("contract_renewal_cycles", Int(minimum=1, maximum=100)),
        Field("contract_renewal_mode", Str(choices=RENEWAL_MODES), default="none"),
        Field("cancel_at_period_end", Bool(), default=False),
        _read_only("canceled_at", Timestamp()),
        _read_only("canceled_reason", Str()),
        _read_only("status", Str(choices=STATUSES)),
        Field("paused", Bool(), default=False),
        Field("addons", ADDONS, default=list),
        Field("discounts", RefList(resource="coupon"), default=list),
        Field("taxes", RefList(resource="tax_rate"), default=list),
        Field("ship_to", SHIP_TO),
        _read_only("recurring_total", Number()),
        _read_only("mrr", Number()),
        _read_only("payment_source", PAYMENT_SOURCE),
        _read_only("approval", APPROVAL),
        _read_only("url", Str()),
        Field("prorate", Bool(), write_only=True),
        Field("proration_date", Timestamp(), write_only=True),
        METADATA,
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        now = business.clock.now()
        plan = billing.plan_of(business, record["plan"])
        record["addons"] = _addons(business, record.get("addons"), plan, (old or {}).get("addons"), now)
        if old is not None and old.get("canceled_at"):
            raise InvalidRequest("This subscription has been canceled and can no longer be edited.", "canceled_at")
        billing.unit_price(plan, record.get("amount"))
        record["recurring_total"], record["mrr"] = billing.recurring(business, record)
        prorate, when = record.pop("prorate", None), record.pop("proration_date", None)
        if old is None:
            self._schedule_first_period(record, plan, now)
        elif prorate is not False and record.get("bill_in") == "advance" and _priced(record) != _priced(old):
            billing.prorate(business, old, record, when or now)
        record["status"] = self.status(business, record, now)

    def _schedule_first_period(self, record: Record, plan: Record, now: int) -> None:
        record["start_date"] = record.get("start_date") or now
        nth = record.get("snap_to_nth_day")
        if nth is not None and (nth > 31 or plan["interval"] not in ("month", "year")):
            raise InvalidRequest("snap_to_nth_day must be 1-31 and needs a monthly or yearly plan",
                                 "snap_to_nth_day")
        count = plan.get("interval_count") or 1
        terms = record.get("contract_renewal_cycles") or 1
        try:  # two terms ahead must still end on a calendar date (renewals and contract roll-overs)
            periods.anniversary(record["start_date"], plan["interval"], count, 2 * terms)
        except (ValueError, OverflowError):
            param = "contract_renewal_cycles" if record.get("contract_renewal_cycles") else "plan"
            raise InvalidRequest("This subscription's billing periods would end after the year 9999", param) from None
        if record.get("contract_renewal_cycles"):
            record["contract_period_start"] = record["start_date"]
            record["contract_period_end"] = periods.anniversary(record["start_date"], plan["interval"], count, terms)
        record["renews_next"] = record["start_date"]
        record["periods_started"] = 0

    def make(self, business: Business, params: dict[str, Any], parent_id: Any = None,
             mount: Mount | None = None) -> Reply:
        """Create, and bill at once when the subscription has already started."""
        created = crud.create(business, self, params, parent_id, mount)
        return One(self, self.catch_up(business, created, business.clock.now()), status=201)

    def timeline(self, business: Business, record: Record) -> dict[str, int | None]:
        return {"renewal": _next_due(record)}

    def when_due(self, business: Business, record: Record, kind: str, instant: int) -> None:
        self._renew(business, record, instant)

    def catch_up(self, business: Business, sub: Record, now: int) -> Record:
        """Everything due for a new ``sub`` by ``now`` (a start in the past), in order; the subscription then."""
        while (due := _next_due(sub)) is not None and due <= now:
            sub = self._renew(business, sub, due)
        return sub

    def _renew(self, business: Business, sub: Record, due: int) -> Record:
        """Do the one thing due at ``due``: start, cancel, finish or bill the next period."""
        plan = billing.plan_of(business, sub["plan"])
        interval, count = plan["interval"], plan.get("interval_count") or 1
        new = copy.deepcopy(sub)
        new["updated_at"] = business.clock.now()
        end = sub.get("period_end")
        if end is not None and sub.get("cancel_at_period_end") and due >= end:
            return self._cancel(business, sub, end, "cancel_at_period_end")
        contract_end = sub.get("contract_period_end")
        if contract_end is not None and end is not None and end >= contract_end and due >= end:
            mode = sub.get("contract_renewal_mode") or "none"
            if mode == "none":
                return self._cancel(business, sub, contract_end, "contract_ended")
            if mode == "manual":
                new["pending_renewal"] = True
                return self._save(business, new, sub)
            cycles = sub.get("contract_renewal_cycles") or 1
            new["contract_period_start"] = contract_end
            new["contract_period_end"] = periods.anniversary(contract_end, interval, count, cycles)
            if mode == "renew_once":
                new["contract_renewal_mode"] = "none"
        if end is not None and sub.get("bill_in") == "arrears" and not sub.get("paused"):
            billing.bill(business, sub, sub["period_start"], end, end)
        done = new.get("periods_started", 0)
        if sub.get("cycles") and done >= sub["cycles"]:
            new["finished"] = True
            new["renews_next"] = None
            return self._save(business, new, sub)
        start = end if end is not None else sub["start_date"]
        new["period_start"] = start
        new["period_end"] = self._period_end(sub, start, interval, count, done)
        new["renewed_last"] = start
        new["periods_started"] = done + 1
        if sub.get("bill_in") == "advance" and not sub.get("paused"):
            fraction = _first_fraction(sub, start, new["period_end"], interval, count) if done == 0 else Decimal(1)
            billing.bill(business, new, start, new["period_end"], min(start, due), fraction)  # dated when issued
        new["renews_next"] = new["period_end"]
        return self._save(business, new, sub)

    def _save(self, business: Business, new: Record, old: Record, event_type: str | None = None) -> Record:
        new["status"] = self.status(business, new, business.clock.now())
        return crud.save(business, self, new, old, event_type=event_type)

    def refresh_status(self, business: Business, sub_id: Any) -> None:
        """Write the subscription when its status moved because one of its invoices did (``past_due`` and
        back to ``active``): the stored ``status`` is the one last written, so ``previous`` can show it."""
        sub = self.table(business).get(sub_id)
        if sub is None:
            return
        now = business.clock.now()
        current = self.status(business, sub, now)
        if sub.get("status") == current:
            return
        before = {**present(business, self, sub), "status": sub.get("status")}
        new = copy.deepcopy(sub)
        new["status"], new["updated_at"] = current, now
        crud.save(business, self, new, sub, before=before)

    def _period_end(self, sub: Record, start: int, interval: str, count: int, done: int) -> int:
        nth = sub.get("snap_to_nth_day")
        if nth is None:
            return periods.anniversary(sub["start_date"], interval, count, done + 1)
        if done == 0:
            return periods.next_nth_day(start, nth)
        return periods.advance(start, interval, count)

    def _cancel(self, business: Business, sub: Record, when: int, reason: str | None) -> Record:
        new = copy.deepcopy(sub)
        new["canceled_at"], new["canceled_reason"] = when, reason
        new["period_start"] = new["period_end"] = new["renews_next"] = None
        new["updated_at"] = business.clock.now()
        return self._save(business, new, sub, event_type="subscription.deleted")

    def destroy(self, business: Business, record: Record, params: dict[str, Any]) -> Reply:
        """``DELETE /subscriptions/<id>`` cancels now (200 with the subscription), as the API does."""
        if record.get("canceled_at"):
            raise InvalidRequest("This subscription has already been canceled.")
        reason = params.get("canceled_reason")
        return One(self, self._cancel(business, record, business.clock.now(), str(reason) if reason else None))

    def status(self, business: Business, sub: Record, now: int) -> str:
        if sub.get("canceled_at"):
            return "canceled"
        if sub.get("pending_renewal"):
            return "pending_renewal"
        if sub.get("paused"):
            return "paused"
        if (sub.get("start_date") or 0) > now:
            return "not_started"
        invoices = cast("Document", REGISTRY["invoice"])  # invoices are documents, with a status
        for invoice in invoices.table(business).where("customer", sub["customer"]):
            if invoice.get("subscription") == sub.get("id") and invoices.status(invoice, now) == "past_due":
                return "past_due"
        if sub.get("finished"):
            return "finished"
        return "active"

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        return {"status": self.status(business, record, business.clock.now()),
                "url": f"{business.base_url}/subscriptions/{record['id']}"}

    def list_filter(self, business: Business, params: dict[str, Any]) -> Callable[[Record], bool] | None:
        everything = _flag(params, "all")
        canceled, finished = _flag(params, "canceled"), _flag(params, "finished")
        if everything:
            return None
        if canceled or finished:
            return lambda r: (canceled and bool(r.get("canceled_at"))) or (finished and bool(r.get("finished")))
        return lambda r: not r.get("canceled_at") and not r.get("finished")


def _flag(params: dict[str, Any], name: str) -> bool:
    return params.get(name) not in (None, "") and _FLAG.coerce(params[name], name)


def _priced(record: Record) -> tuple[Any, ...]:
    addons = tuple((a["plan"], a["quantity"], a.get("amount")) for a in record.get("addons") or [])
    return record["plan"], record["quantity"], record.get("amount"), addons, tuple(record.get("discounts") or ())


def _next_due(sub: Record) -> int | None:
    """When this subscription next has something to do, or None when it never will."""
    if sub.get("canceled_at") or sub.get("finished") or sub.get("pending_renewal"):
        return None
    if sub.get("period_end") is None:
        start: int = sub["start_date"]
        return start
    ahead = sub.get("bill_in_advance_days") or 0 if sub.get("bill_in") == "advance" else 0
    if sub.get("cancel_at_period_end") or (sub.get("cycles") and sub.get("periods_started", 0) >= sub["cycles"]):
        ahead = 0
    # Billing ahead never reaches back before the current period began, so every renewal moves time on.
    due: int = max(sub["period_start"], sub["period_end"] - ahead * 86_400)
    return due


def _first_fraction(sub: Record, start: int, end: int, interval: str, count: int) -> Decimal:
    """Calendar billing's first, partial period as a share of a full one."""
    if sub.get("snap_to_nth_day") is None:
        return Decimal(1)
    full = periods.advance(start, interval, count) - start
    return min(Decimal(1), Decimal(end - start) / Decimal(full))


def _addons(business: Business, raw: Any, plan: Record, old: list[Record] | None, now: int) -> list[Record]:
    """Addons as stored ``subscription_addon`` objects; each plan must bill on the base plan's interval."""
    entries = Array().coerce(raw or [], "addons")
    by_plan = {a["plan"]: a for a in old or []}
    out = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("plan"):
            raise InvalidRequest("Each addon needs a plan", "addons")
        addon_plan = billing.plan_of(business, str(entry["plan"]), "addons")
        if (addon_plan["interval"], addon_plan.get("interval_count")) != (plan["interval"], plan.get("interval_count")):
            raise InvalidRequest("Addon plans must have the same billing interval as the subscription's plan",
                                 "addons")
        previous = by_plan.get(addon_plan["id"])
        quantity = _QUANTITY.coerce(entry.get("quantity", 1), f"addons[{i}][quantity]")
        out.append({
            "id": previous["id"] if previous else business.next_in_sequence("subscription_addon"),
            "object": "subscription_addon",
            "plan": addon_plan["id"],
            "catalog_item": addon_plan.get("catalog_item"),
            "quantity": quantity,
            "description": entry.get("description"),
            "amount": Number().coerce(entry["amount"], f"addons[{i}][amount]") if entry.get("amount") is not None
            else None,
            "created_at": previous["created_at"] if previous else now,
            "updated_at": now,
        })
    return out


