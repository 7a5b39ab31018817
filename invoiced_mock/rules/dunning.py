"""Chasing and late fees on the clock: the steps of a customer's chasing cadence, and late-fee schedules.

**Chasing.** A customer with ``chase`` on and a ``chasing_cadence`` is chased about its oldest open
invoice (issued, unpaid, not closed or voided). Each step's ``schedule`` counts days from that invoice:
``age:N`` from its date, ``past_due_age:N`` from its due date. Steps run once each, in the cadence's
order, at their instant: ``email`` sends the customer a statement (an ``email`` object and
``email.sent``), ``sms`` a text message, ``mail`` a letter, ``phone`` and ``escalate`` create a task
(``phone`` / ``review``) due that day. The customer then shows the next step in ``next_chase_step``
(null once every step has run); a step that cannot be sent (no email address, no SMS contact, no
mailing address) is passed over. Once another invoice becomes the oldest open one, chasing starts over.

**Late fees.** The default late-fee schedule (``default``, ``enabled``) charges an invoice with
``late_fees`` on, dated on or after the schedule's ``start_date`` and not on a payment plan, once it is
``grace_period`` days past due, and again every ``recurring_days`` (0: once). The fee is a line item
(``type: late_fee``): ``amount``, or ``amount`` percent of the balance when ``is_percent``, half-up.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any

from invoiced_mock.clock import SECONDS_PER_DAY
from invoiced_mock.core import crud
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import sending, settings
from invoiced_mock.rules.money import from_minor, percent_of, to_minor
from invoiced_mock.store.business import Business, Record

LATE_FEE = "late_fee"
TASK_ACTIONS = {"phone": "phone", "escalate": "review"}
SENDERS = {"email": sending.send_email, "sms": sending.send_text_message, "mail": sending.send_letter}


def _open(invoice: Record) -> bool:
    return not (invoice.get("draft") or invoice.get("voided") or invoice.get("paid") or invoice.get("closed"))


# -- chasing ------------------------------------------------------------------------------------------

def _oldest_open(business: Business, customer: Record) -> Record | None:
    invoices = REGISTRY["invoice"].table(business).where("customer", customer["id"])
    return min((i for i in invoices if _open(i)), key=lambda i: (i["date"], i["id"]), default=None)


def _cadence(business: Business, customer: Record) -> Record | None:
    if not customer.get("chase") or customer.get("chasing_cadence") is None or not settings.chasing_allowed(business):
        return None
    cadence = REGISTRY["chasing_cadence"].table(business).get(customer["chasing_cadence"])
    return None if cadence is None or cadence.get("paused") else cadence


def _pending(customer: Record, cadence: Record, anchor: Record) -> list[Record]:
    """The cadence's steps not yet run for ``anchor``, in order."""
    chased = customer.get("chased") or {}
    done = set(chased.get("steps") or ()) if chased.get("invoice") == anchor["id"] else set()
    return [s for s in cadence.get("steps") or [] if s["id"] not in done]


def _step_instant(step: Record, anchor: Record) -> int | None:
    kind, _, days = str(step["schedule"]).partition(":")
    start = anchor.get("due_date") if kind == "past_due_age" else anchor.get("date")
    return None if start is None else start + int(Decimal(days) * SECONDS_PER_DAY)


def next_chase(business: Business, customer: Record) -> int | None:
    """When the customer's next chasing step runs, or None."""
    cadence = _cadence(business, customer)
    anchor = _oldest_open(business, customer) if cadence is not None else None
    if cadence is None or anchor is None:
        return None
    for step in _pending(customer, cadence, anchor):
        instant = _step_instant(step, anchor)
        if instant is not None:
            return instant
    return None


def chase(business: Business, customer: Record, instant: int) -> None:
    """Run the customer's next step (its instant has come) and show the one after it."""
    cadence = _cadence(business, customer)
    anchor = _oldest_open(business, customer) if cadence is not None else None
    if cadence is None or anchor is None:
        return
    due = [s for s in _pending(customer, cadence, anchor) if _step_instant(s, anchor) is not None]
    if not due or (_step_instant(due[0], anchor) or 0) > instant:
        return
    step = due[0]
    _run(business, customer, step, instant)
    chased = customer.get("chased") or {}
    done = list(chased.get("steps") or ()) if chased.get("invoice") == anchor["id"] else []
    done.append(step["id"])
    following = [s for s in cadence["steps"] if s["id"] not in done]
    current = REGISTRY["customer"].table(business).get(customer["id"]) or customer
    changed = {**current, "chased": {"invoice": anchor["id"], "steps": done},
               "next_chase_step": following[0]["id"] if following else None, "updated_at": instant}
    crud.save(business, REGISTRY["customer"], changed, current)


def assign(business: Business, customer: Record, cadence: Record, next_step: int | None) -> None:
    """Chase ``customer`` with ``cadence`` (``POST /chasing_cadences/:id/assign``); from ``next_step`` on, when
    given: the steps before it count as run for the customer's oldest open invoice."""
    customers = REGISTRY["customer"]
    changes: dict[str, Any] = {"chase": True, "chasing_cadence": cadence["id"]}
    if next_step is not None:
        changes["next_chase_step"] = next_step
    if all(customer.get(k) == v for k, v in changes.items()):
        return  # as the backend: a customer already so chased is left alone
    if next_step is not None:
        order = [s["id"] for s in cadence["steps"]]
        anchor = _oldest_open(business, customer)
        customer = {**customer, "chased": {"invoice": anchor["id"] if anchor else None,
                                           "steps": order[:order.index(next_step)]}}
        customers.table(business).put(customer)  # hidden state, stored before the update that shows the rest
    crud.update(business, customers, customer, changes)


def _run(business: Business, customer: Record, step: Record, instant: int) -> None:
    action = step["action"]
    if action in TASK_ACTIONS:
        crud.create(business, REGISTRY["task"], {
            "name": step.get("name") or action, "action": TASK_ACTIONS[action], "customer_id": customer["id"],
            "due_date": instant, "chase_step_id": step["id"], "user_id": step.get("assigned_user_id")})
        return
    params: dict[str, Any] = {"template": step.get("email_template_id")} if action == "email" else {}
    with contextlib.suppress(InvalidRequest):  # nowhere to send it (no address, no SMS contact): passed over
        SENDERS[action](business, customer, params)


# -- late fees ----------------------------------------------------------------------------------------

def _late_fee_schedule(business: Business, invoice: Record) -> Record | None:
    if not invoice.get("late_fees") or invoice.get("payment_plan") or "late_fee_schedule" not in REGISTRY:
        return None
    schedules = REGISTRY["late_fee_schedule"].table(business).where("default", True)
    schedule = next((s for s in schedules if s.get("enabled")), None)
    if schedule is None:
        return None
    starts = int(datetime.combine(date.fromisoformat(schedule["start_date"]), datetime.min.time(),
                                  tzinfo=timezone.utc).timestamp())
    return schedule if invoice.get("date", 0) >= starts else None


def next_late_fee(business: Business, invoice: Record) -> int | None:
    """When the next late fee is added to ``invoice``, or None."""
    if invoice.get("due_date") is None or not _open(invoice):
        return None
    schedule = _late_fee_schedule(business, invoice)
    if schedule is None:
        return None
    charged = sum(1 for line in invoice.get("items") or [] if line.get("type") == LATE_FEE)
    if charged and not schedule.get("recurring_days"):
        return None
    days = schedule["grace_period"] + charged * (schedule.get("recurring_days") or 0)
    due: int = invoice["due_date"] + 1 + days * SECONDS_PER_DAY
    return due


def add_late_fee(business: Business, invoice: Record) -> None:
    """Add the schedule's fee to ``invoice`` as a line item (priced again: total and balance grow)."""
    schedule = _late_fee_schedule(business, invoice)
    if schedule is None:
        return
    currency = invoice.get("currency")
    amount = Decimal(schedule["amount"])
    if schedule.get("is_percent"):
        amount = from_minor(percent_of(to_minor(invoice["balance"], currency), amount), currency)
    fee = {"type": LATE_FEE, "name": "Late fee", "description": schedule.get("name") or "", "quantity": 1,
           "unit_cost": amount, "discountable": False, "taxable": False}
    crud.update(business, REGISTRY["invoice"], invoice, {"items": [*(invoice.get("items") or []), fee]})
