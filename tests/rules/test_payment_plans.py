"""Payment plans through HTTP and the official client: set (PUT or POST), show, cancel; the rules of §3.12."""

from __future__ import annotations

from decimal import Decimal

import invoiced
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from invoiced_mock import InvoicedMock
from tests.conftest import EPOCH, Api

DAY = 86400
LINE = [{"name": "Build", "quantity": 3, "unit_cost": 100}]  # total 300.00


def _invoice(api: Api, **extra: object) -> dict:
    customer = api.create("/customers", name="Acme")
    return api.create("/invoices", customer=customer["id"], items=LINE, payment_terms="NET 30", **extra)


def _plan(*amounts: float, start: int = EPOCH + 10 * DAY) -> dict:
    return {"installments": [{"date": start + i * 30 * DAY, "amount": a} for i, a in enumerate(amounts)]}


def test_put_sets_a_plan_that_adds_up_to_the_balance(api: Api) -> None:
    invoice = _invoice(api)
    response = api.put(f"/invoices/{invoice['id']}/payment_plan", json=_plan(100, 100.5, 99.5))
    assert response.status_code == 200
    plan = response.get_json()
    assert plan["object"] == "payment_plan" and plan["status"] == "active"
    assert [(i["date"], i["amount"], i["balance"]) for i in plan["installments"]] == [
        (EPOCH + 10 * DAY, 100, 100), (EPOCH + 40 * DAY, 100.5, 100.5), (EPOCH + 70 * DAY, 99.5, 99.5)]
    after = api.get(f"/invoices/{invoice['id']}").get_json()
    assert after["payment_plan"] == plan["id"]
    assert after["due_date"] == EPOCH + 70 * DAY  # the last installment
    assert api.get(f"/invoices/{invoice['id']}/payment_plan").get_json() == plan


def test_post_is_accepted_like_put(api: Api) -> None:
    invoice = _invoice(api)
    response = api.post(f"/invoices/{invoice['id']}/payment_plan", json=_plan(300))
    assert response.status_code == 200 and response.get_json()["installments"][0]["amount"] == 300


def test_installments_must_add_up_to_the_balance(api: Api) -> None:
    invoice = _invoice(api)
    for body in (_plan(100, 100), _plan(100, 200.01), {"installments": []}, {},
                 {"installments": [{"date": EPOCH}]}, _plan(300, 0)):
        response = api.put(f"/invoices/{invoice['id']}/payment_plan", json=body)
        assert response.status_code == 400, body
        assert response.get_json()["param"] == "installments", body
    assert api.get(f"/invoices/{invoice['id']}").get_json()["payment_plan"] is None
    assert api.get("/events", query_string={"type": "payment_plan.created"}).get_json() == []


def test_only_open_issued_invoices_take_a_plan(api: Api) -> None:
    draft = _invoice(api, draft=True)
    assert api.put(f"/invoices/{draft['id']}/payment_plan", json=_plan(300)).status_code == 400
    voided = _invoice(api)
    api.post(f"/invoices/{voided['id']}/void")
    assert api.put(f"/invoices/{voided['id']}/payment_plan", json=_plan(300)).status_code == 400


def test_while_active_the_total_is_frozen(api: Api) -> None:
    invoice = _invoice(api)
    api.put(f"/invoices/{invoice['id']}/payment_plan", json=_plan(300))
    response = api.patch(f"/invoices/{invoice['id']}", json={"items": [{"name": "More", "unit_cost": 500}]})
    assert response.status_code == 400 and response.get_json()["param"] == "total"
    assert api.patch(f"/invoices/{invoice['id']}", json={"notes": "fine"}).status_code == 200


def test_an_overdue_unpaid_installment_makes_the_invoice_past_due(app: InvoicedMock, api: Api) -> None:
    invoice = _invoice(api)
    api.put(f"/invoices/{invoice['id']}/payment_plan", json=_plan(100, 200))
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "not_sent"
    app.clock.advance(days=11)  # the first installment (day 10) is now overdue
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "past_due"


def test_payments_pay_installments_off_oldest_first(app: InvoicedMock, api: Api) -> None:
    invoice = _invoice(api)
    api.put(f"/invoices/{invoice['id']}/payment_plan", json=_plan(100, 100, 100))
    payment = api.post("/payments", json={"customer": invoice["customer"], "amount": 150,
                                          "applied_to": [{"type": "invoice", "invoice": invoice["id"],
                                                          "amount": 150}]})
    assert payment.status_code == 201, payment.get_json()
    plan = api.get(f"/invoices/{invoice['id']}/payment_plan").get_json()
    assert [i["balance"] for i in plan["installments"]] == [0, 50, 100]
    app.clock.advance(days=11)  # the first installment is paid: not past due
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "not_sent"
    app.clock.advance(days=30)  # the second still owes 50
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "past_due"


def test_put_replaces_and_delete_cancels(api: Api) -> None:
    invoice = _invoice(api)
    first = api.put(f"/invoices/{invoice['id']}/payment_plan", json=_plan(300)).get_json()
    second = api.put(f"/invoices/{invoice['id']}/payment_plan", json=_plan(150, 150)).get_json()
    assert second["id"] != first["id"]
    assert api.delete(f"/invoices/{invoice['id']}/payment_plan").status_code == 204
    assert api.get(f"/invoices/{invoice['id']}").get_json()["payment_plan"] is None
    missing = api.get(f"/invoices/{invoice['id']}/payment_plan")
    assert missing.status_code == 404 and "payment plan" in missing.get_json()["message"]
    assert api.delete(f"/invoices/{invoice['id']}/payment_plan").status_code == 404
    types = [e["type"] for e in api.get("/events").get_json() if e["type"].startswith("payment_plan")]
    assert types == ["payment_plan.deleted", "payment_plan.created", "payment_plan.deleted",
                     "payment_plan.created"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cents=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=6),
       paid_cents=st.integers(min_value=0, max_value=60_000))
def test_installment_balances_always_sum_to_the_invoice_balance(api: Api, cents: list[int],
                                                                paid_cents: int) -> None:
    customer = api.create("/customers", name="Prop")
    total = sum(cents)
    amount = str(Decimal(total) / 100)
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "x", "unit_cost": amount}])
    installments = [{"date": EPOCH + i * DAY, "amount": str(Decimal(c) / 100)} for i, c in enumerate(cents)]
    response = api.put(f"/invoices/{invoice['id']}/payment_plan", json={"installments": installments})
    assert response.status_code == 200
    paid = min(paid_cents, total)
    if paid:
        api.create("/payments", customer=customer["id"], amount=str(Decimal(paid) / 100),
                   applied_to=[{"type": "invoice", "invoice": invoice["id"], "amount": str(Decimal(paid) / 100)}])
    balance = api.get(f"/invoices/{invoice['id']}").get_json()["balance"]
    plan = api.get(f"/invoices/{invoice['id']}/payment_plan").get_json()
    owed = [round(i["balance"] * 100) for i in plan["installments"]]
    assert sum(owed) == round(balance * 100) == total - paid
    assert all(0 <= o <= c for o, c in zip(owed, cents, strict=True))


def test_payment_plan_through_the_official_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Acme")
    invoice = client.Invoice.create(customer=customer.id, items=LINE)
    plan = invoice.payment_plan().create(installments=_plan(120, 180)["installments"])
    assert isinstance(plan, invoiced.PaymentPlan) and plan.status == "active"
    assert [i["amount"] for i in invoice.payment_plan().retrieve().installments] == [120, 180]
    assert plan.cancel() is True
    assert client.Invoice.retrieve(invoice.id)["payment_plan"] is None


def test_a_plan_needing_approval_waits_for_signup_and_is_not_yet_enforced(app: InvoicedMock, api: Api) -> None:
    invoice = _invoice(api)
    plan = api.put(f"/invoices/{invoice['id']}/payment_plan",
                   json={**_plan(100, 200), "require_approval": True}).get_json()
    assert plan["status"] == "pending_signup" and plan["approval"] is None
    assert "require_approval" not in plan
    app.clock.advance(days=11)  # the first installment's date has passed; the due date (day 40) has not
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "not_sent"
