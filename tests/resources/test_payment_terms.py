"""Payment terms: named terms, accepted wherever ``payment_terms`` is (invoices, customers, estimates, the company)."""

from __future__ import annotations

import invoiced
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH, Api

DAY = 86_400


def test_payment_terms_crud(api: Api) -> None:
    made = api.create("/payment_terms", name="Net 45 Special", due_in_days=45)
    assert made == {"id": made["id"], "object": "payment_terms", "name": "Net 45 Special", "due_in_days": 45,
                    "discount_is_percent": None, "discount_value": None, "discount_expires_in_days": None,
                    "active": True, "created_at": EPOCH, "updated_at": EPOCH}
    assert api.get(f"/payment_terms/{made['id']}").get_json() == made
    assert api.get("/payment_terms", query_string={"filter[active]": "true"}).get_json() == [made]
    changed = api.patch(f"/payment_terms/{made['id']}", json={"active": False}).get_json()
    assert changed["active"] is False
    assert api.delete(f"/payment_terms/{made['id']}").status_code == 204
    assert api.get(f"/payment_terms/{made['id']}").get_json()["message"] == f"Payment Terms was not found: {made['id']}"


def test_payment_terms_validation(api: Api) -> None:
    api.create("/payment_terms", name="Quarterly", due_in_days=90)
    for body, param in (({}, "name"), ({"name": "quarterly "}, "name"), ({"name": "x" * 256}, "name"),
                        ({"name": "A", "due_in_days": 1000}, "due_in_days"),
                        ({"name": "B", "due_in_days": -1}, "due_in_days"),
                        ({"name": "C", "discount_value": 0}, "discount_value"),
                        ({"name": "D", "discount_expires_in_days": 0}, "discount_expires_in_days")):
        refused = api.post("/payment_terms", json=body)
        assert refused.status_code == 400 and refused.get_json()["param"] == param, body
    taken = api.post("/payment_terms", json={"name": "QUARTERLY"}).get_json()["message"]
    assert taken == "The Name you chose has already been taken. Please try a different Name."
    assert api.get("/payment_terms").headers["X-Total-Count"] == "1"


def test_named_terms_give_invoices_their_due_date(api: Api) -> None:
    api.create("/payment_terms", name="Month End Plus 20", due_in_days=20)
    customer = api.create("/customers", name="Acme", payment_terms="month end plus 20")
    invoice = api.create("/invoices", customer=customer["id"], items=[{"unit_cost": 10}])
    assert invoice["due_date"] == EPOCH + 20 * DAY
    moved = api.patch(f"/invoices/{invoice['id']}", json={"date": EPOCH + DAY}).get_json()
    assert moved["due_date"] == EPOCH + 21 * DAY
    api.create("/payment_terms", name="Open Ended")  # no day count: no due date, like unknown terms
    assert api.create("/invoices", customer=customer["id"], payment_terms="Open Ended",
                      items=[{"unit_cost": 1}])["due_date"] is None
    api.patch("/companies/1", json={"payment_terms": "Month End Plus 20"})
    plain = api.create("/customers", name="Plain")
    assert api.create("/invoices", customer=plain["id"], items=[{"unit_cost": 1}])["due_date"] == EPOCH + 20 * DAY


def test_named_terms_with_an_early_discount_carry_it_to_the_invoice_of_an_estimate(api: Api) -> None:
    api.create("/payment_terms", name="Early Bird", due_in_days=30, discount_is_percent=False, discount_value=5,
               discount_expires_in_days=10)
    customer = api.create("/customers", name="Acme")
    estimate = api.create("/estimates", customer=customer["id"], payment_terms="Early Bird",
                          items=[{"unit_cost": 100}])
    invoice = api.post(f"/estimates/{estimate['id']}/invoice", json={}).get_json()
    assert invoice["discounts"][0]["amount"] == 5 and invoice["discounts"][0]["expires"] == EPOCH + 10 * DAY
    assert invoice["due_date"] == EPOCH + 30 * DAY


@settings(max_examples=30)
@given(days=st.integers(0, 999), date=st.integers(EPOCH - 400 * DAY, EPOCH + 400 * DAY))
def test_stored_terms_put_the_due_date_their_days_after_the_invoice_date(days: int, date: int) -> None:
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
    api.create("/payment_terms", name="Custom", due_in_days=days)
    customer = api.create("/customers", name="Acme")
    invoice = api.create("/invoices", customer=customer["id"], date=date, payment_terms="custom",
                         items=[{"unit_cost": 1}])
    assert invoice["due_date"] == date + days * DAY


def test_the_official_client_names_stored_terms(live_server: ServerThread, client: invoiced.Client) -> None:
    Api(live_server.app, client.api_key).create("/payment_terms", name="Twice Monthly", due_in_days=15)
    customer = client.Customer.create(name="Initech", payment_terms="Twice Monthly")
    invoice = client.Invoice.create(customer=customer.id, items=[{"name": "Work", "unit_cost": 50}])
    assert invoice.payment_terms == "Twice Monthly" and invoice.due_date == invoice.date + 15 * DAY
