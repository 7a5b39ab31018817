"""What time causes is written at the instant it happens: ``updated_at``, the update event and its ``previous``,
in time order, so an ``updated_after`` sync and ``/events`` see it (core/schedule.py, rules/transitions.py)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.clock import SECONDS_PER_DAY as DAY
from invoiced_mock.core import schedule
from invoiced_mock.testing.factories import Factories
from tests.conftest import API_KEY, EPOCH, Api


def changed_since(api: Api, path: str, since: int) -> list[dict]:
    response = api.get(path, query_string={"updated_after": since, "sort": "updated_at ASC", "per_page": 100})
    assert response.status_code == 200
    return response.get_json()


def updates(api: Api, kind: str) -> list[dict]:
    return list(reversed(api.get("/events", query_string={"type": kind, "per_page": 100}).get_json()))


def test_an_invoice_falling_past_due_is_written_at_that_instant(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Acme", payment_terms="NET 30")
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": 100}])
    api.post(f"/invoices/{invoice['id']}/emails", json={"to": [{"email": "ap@acme.test"}]})
    sent_at = EPOCH
    clock.advance(days=31)
    [changed] = changed_since(api, "/invoices", sent_at)
    due = invoice["due_date"]
    assert (changed["status"], changed["updated_at"]) == ("past_due", due + 1)
    event = updates(api, "invoice.updated")[-1]
    assert (event["timestamp"], event["data"]["previous"]) == (due + 1, {"status": "sent"})
    assert changed_since(api, "/invoices", due + 1) == []  # written once


# How a NET 30 invoice is left before the clock moves 31 days: (create params, then what to do to it).
INVOICE_STATES: dict[str, tuple[dict[str, object], str | None]] = {
    "open": ({}, None), "sent": ({}, "send"), "closed": ({"closed": True}, None), "closed later": ({}, "close"),
    "draft": ({"draft": True}, None), "paid": ({}, "pay"), "part paid": ({}, "pay half"), "voided": ({}, "void"),
}


def _leave(api: Api, customer: int, state: str) -> dict:
    params, then = INVOICE_STATES[state]
    invoice = api.create("/invoices", customer=customer, items=[{"name": "Work", "unit_cost": 100}], **params)
    path = f"/invoices/{invoice['id']}"
    if then == "send":
        api.post(f"{path}/emails", json={"to": [{"email": "ap@acme.test"}]})
    elif then == "close":
        api.patch(path, json={"closed": True})
    elif then in ("pay", "pay half"):
        amount = 100 if then == "pay" else 50
        api.create("/payments", customer=customer, amount=amount,
                   applied_to=[{"type": "invoice", "invoice": invoice["id"], "amount": amount}])
    elif then == "void":
        api.post(f"{path}/void")
    return invoice


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(sorted(INVOICE_STATES)), min_size=1, max_size=6))
def test_a_clock_move_writes_every_invoice_whose_status_it_changes(states: list[str]) -> None:
    """§3.3: a closed invoice (not bad debt) falls past due like an open one; draft, paid and voided ones do not.
    Whatever time changes in how an invoice shows, an ``updated_after`` sync sees."""
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
    customer = api.create("/customers", name="Acme", payment_terms="NET 30")["id"]
    ids = {_leave(api, customer, state)["id"]: state for state in states}
    before = {i["id"]: i["status"] for i in api.get("/invoices", query_string={"per_page": 100}).get_json()}
    api.app.clock.advance(days=31)
    after = {i["id"]: i["status"] for i in api.get("/invoices", query_string={"per_page": 100}).get_json()}

    moved = {i for i in after if after[i] != before[i]}
    assert {i["id"] for i in changed_since(api, "/invoices", EPOCH)} == moved
    assert moved == {i for i, state in ids.items() if state not in ("draft", "paid", "voided")}
    assert all(after[i] == "past_due" for i in moved)


def test_transitions_are_written_in_time_order_across_kinds(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Acme")
    late = api.create("/invoices", customer=customer["id"], payment_terms="NET 20", items=[{"unit_cost": 5}])
    soon = api.create("/invoices", customer=customer["id"], payment_terms="NET 10", items=[{"unit_cost": 5}])
    estimate = api.create("/estimates", customer=customer["id"], expiration_date=EPOCH + 15 * DAY,
                          items=[{"unit_cost": 5}])
    clock.advance(days=40)
    invoices = changed_since(api, "/invoices", EPOCH)
    assert [(i["id"], i["updated_at"]) for i in invoices] == [(soon["id"], EPOCH + 10 * DAY + 1),
                                                              (late["id"], EPOCH + 20 * DAY + 1)]
    [expired] = changed_since(api, "/estimates", EPOCH)
    assert (expired["id"], expired["status"], expired["updated_at"]) == (
        estimate["id"], "expired", EPOCH + 15 * DAY + 1)
    stamps = [e["timestamp"] for e in reversed(api.get("/events", query_string={"per_page": 100}).get_json())]
    assert stamps == sorted(stamps) and stamps[-1] == EPOCH + 20 * DAY + 1
    assert [e["data"]["previous"] for e in updates(api, "estimate.updated")] == [{"status": "not_sent"}]


def test_a_backdated_or_paid_invoice_has_nothing_left_to_fall_due(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Acme")
    api.create("/invoices", customer=customer["id"], date=EPOCH - 40 * DAY, payment_terms="NET 30",
               items=[{"unit_cost": 5}])
    paid = api.create("/invoices", customer=customer["id"], payment_terms="NET 30", items=[{"unit_cost": 5}])
    api.create("/payments", amount=5, applied_to=[{"type": "invoice", "invoice": paid["id"], "amount": 5}])
    clock.advance(days=45)
    assert changed_since(api, "/invoices", EPOCH) == []


def test_renewals_are_dated_and_written_on_their_anniversaries(api: Api, clock: Clock) -> None:
    api.create("/plans", id="starter", name="Starter", interval="month", amount=49)
    customer = api.create("/customers", name="Acme", payment_terms="NET 7")
    sub = api.create("/subscriptions", customer=customer["id"], plan="starter")
    clock.advance(days=70)
    renewed = [e["timestamp"] for e in updates(api, "subscription.updated")
               if "renewed_last" in e["data"]["previous"] and e["timestamp"] > EPOCH]
    assert len(renewed) == 2 and renewed[0] == sub["period_end"]
    invoices = changed_since(api, "/invoices", EPOCH - 1)
    assert [i["created_at"] for i in invoices if i["created_at"] > EPOCH] == renewed
    past_due = [e for e in updates(api, "subscription.updated") if e["data"]["previous"].get("status") == "active"]
    assert past_due and past_due[0]["timestamp"] == EPOCH + 7 * DAY + 1


def test_an_overdue_installment_makes_the_invoice_past_due_when_it_falls_due(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Acme")
    invoice = api.create("/invoices", customer=customer["id"], payment_terms="NET 90", items=[{"unit_cost": 100}])
    api.put(f"/invoices/{invoice['id']}/payment_plan", json={"installments": [
        {"date": EPOCH + 10 * DAY, "amount": 40}, {"date": EPOCH + 40 * DAY, "amount": 60}]})
    clock.advance(days=11)
    [changed] = changed_since(api, "/invoices", EPOCH)
    assert (changed["status"], changed["updated_at"]) == ("past_due", EPOCH + 10 * DAY)


def test_an_early_payment_discount_expires_on_the_clock(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Acme")
    invoice = api.create("/invoices", customer=customer["id"], payment_terms="NET 30", items=[{"unit_cost": 100}],
                         discounts=[{"amount": 2, "expires": EPOCH + 10 * DAY}])
    assert invoice["total"] == 98
    clock.advance(days=12)
    [changed] = changed_since(api, "/invoices", EPOCH)
    assert (changed["total"], changed["balance"], changed["discounts"], changed["updated_at"]) == (
        100, 100, [], EPOCH + 10 * DAY + 1)
    assert updates(api, "invoice.updated")[-1]["data"]["previous"]["total"] == 98


def test_a_restored_snapshot_plans_its_agenda_again(api: Api, clock: Clock) -> None:
    from invoiced_mock.store.snapshots import rolled_back

    customer = api.create("/customers", name="Acme")
    api.create("/invoices", customer=customer["id"], payment_terms="NET 10", items=[{"unit_cost": 5}])
    with rolled_back(api.app.tenants, api.api_key):
        api.create("/invoices", customer=customer["id"], payment_terms="NET 5", items=[{"unit_cost": 5}])
    clock.advance(days=11)
    assert [i["updated_at"] for i in changed_since(api, "/invoices", EPOCH)] == [EPOCH + 10 * DAY + 1]


def test_a_subscription_shows_its_invoice_falling_past_due_and_being_paid(api: Api, clock: Clock) -> None:
    api.create("/plans", id="starter", name="Starter", interval="month", amount=49)
    customer = api.create("/customers", name="Acme", payment_terms="NET 7")
    sub = api.create("/subscriptions", customer=customer["id"], plan="starter")
    clock.advance(days=8)
    [invoice] = api.get("/invoices").get_json()
    api.create("/payments", amount=49, applied_to=[{"type": "invoice", "invoice": invoice["id"], "amount": 49}])
    moves = [(e["timestamp"], e["data"]["previous"].get("status"), e["data"]["object"]["status"])
             for e in updates(api, "subscription.updated") if "status" in e["data"]["previous"]]
    assert moves == [(EPOCH + 7 * DAY + 1, "active", "past_due"), (EPOCH + 8 * DAY, "past_due", "active")]
    assert changed_since(api, "/subscriptions", EPOCH + 7 * DAY + 1)[0]["id"] == sub["id"]


def test_webhooks_receive_what_time_caused_in_order(api: Api, clock: Clock) -> None:
    from invoiced_mock.testing.webhooks import Webhooks

    received: list[dict] = []
    Webhooks(api.app.tenants.subscribers, api.app.clock, received.append, types=("invoice.updated",))
    customer = api.create("/customers", name="Acme")
    for terms in ("NET 20", "NET 10"):
        api.create("/invoices", customer=customer["id"], payment_terms=terms, items=[{"unit_cost": 5}])
    clock.advance(days=30)
    assert [(e["timestamp"], e["data"]["previous"]) for e in received] == [
        (EPOCH + 10 * DAY + 1, {"status": "not_sent"}), (EPOCH + 20 * DAY + 1, {"status": "not_sent"})]


def _running(function: Callable[..., object]) -> bool:
    frame = sys._getframe()
    while frame is not None and frame.f_code is not function.__code__:
        frame = frame.f_back  # type: ignore[assignment]
    return frame is not None


@pytest.mark.parametrize("enabled_before", [True, False])
def test_a_catch_up_runs_without_the_cyclic_collector_and_leaves_it_as_it_was(api: Api, enabled_before: bool) -> None:
    """A year over a large world did a third of its work in full collections, each walking every stored record
    for cycles the store does not make; the collector waits, and after the catch-up is as the caller had it."""
    customer = api.create("/customers", name="Acme", payment_terms="NET 30")
    for n in range(5):
        api.create("/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": 100 + n}])
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and _running(schedule.plan):  # each transition plans its record's next one
            collections.append(info["generation"])

    thresholds = gc.get_threshold()
    (gc.enable if enabled_before else gc.disable)()
    gc.set_threshold(1)  # without the pause, every allocation of the catch-up would start a collection
    gc.callbacks.append(seen)
    try:
        moved = api.http.post("/_mock/clock", json={"advance": {"days": 40}})
        enabled_after = gc.isenabled()
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*thresholds)
        gc.enable()
    assert moved.status_code == 200 and collections == [] and enabled_after is enabled_before
    past_due = api.get("/invoices", query_string={"filter[status]": "past_due"}).get_json()
    assert len(past_due) == 5  # the catch-up did its work


@settings(max_examples=15)
@given(days=st.integers(min_value=0, max_value=120))
def test_a_rehearsal_foretells_exactly_what_the_move_records_and_keeps_nothing(days: int) -> None:
    clock = Clock(frozen_at=EPOCH)
    api = Api(InvoicedMock(clock=clock))
    published: list[dict] = []
    api.app.tenants.subscribers.append(published.append)
    api.create("/plans", id="starter", name="Starter", interval="month", amount=49)
    customer = api.create("/customers", name="Acme", payment_terms="NET 7")
    api.create("/subscriptions", customer=customer["id"], plan="starter")
    api.create("/invoices", customer=customer["id"], payment_terms="NET 20", items=[{"unit_cost": 5}])
    business = api.app.business(API_KEY)
    before = (business.snapshot()["tables"], dict(business.sequences), business.wake_at, len(published))
    seen = {name: dict(table.rows) for name, table in before[0].items()}

    rehearsal = schedule.rehearse(business, EPOCH + days * DAY)

    assert {name: dict(table.rows) for name, table in business.tables.items() if len(table)} == {
        name: rows for name, rows in seen.items() if rows}
    assert (dict(business.sequences), business.wake_at, len(published)) == before[1:]
    first_new = business.sequences.get("event", 0)
    clock.advance(days=days)
    recorded = api.get("/events", query_string={"per_page": 100}).get_json()
    happened = sorted((e["timestamp"], e["type"], e.get("previous")) for e in recorded if e["id"] > first_new)
    foretold = sorted((e["timestamp"], e["type"], e.get("previous")) for e in rehearsal.events)
    assert foretold == happened
    assert [instant for instant, _ in rehearsal.due] == sorted(instant for instant, _ in rehearsal.due)


def test_a_world_written_without_requests_needs_no_plan_afresh(api: Api, clock: Clock,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A world seeded through the store (factories, a ``seed=`` world, a benchmark) was planned write by write:
    its first request does not read every timed record again (seconds at a million customers)."""
    factories = Factories(api.app.business(API_KEY))
    customer = factories.customer(name="Acme", payment_terms="NET 30")
    invoice = factories.invoice(customer=customer["id"], items=[{"name": "Work", "unit_cost": 100}], sent=True)
    replanned: list[str] = []
    monkeypatch.setattr(schedule, "replan", lambda _business, resource: replanned.append(resource.object))
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "sent" and replanned == []
    clock.advance(days=31)
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "past_due"  # planned when it was written
