"""The business itself: ``GET /companies/current`` and ``PATCH /companies/:id``, whose settings later documents,
chasing and taxes follow."""

from __future__ import annotations

import invoiced

from invoiced_mock import Clock
from invoiced_mock.clock import SECONDS_PER_DAY as DAY
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH, Api
from tests.rules.test_dunning import cadence_with_steps


def test_the_current_company_is_the_keys_business(api: Api) -> None:
    company = api.get("/companies/current").get_json()
    assert {k: company[k] for k in ("id", "currency", "language", "date_format", "time_zone", "highlight_color",
                                    "canceled", "test_mode", "payment_terms", "allow_chasing",
                                    "tax_calculator", "created_at")} == {
        "id": 1, "currency": "usd", "language": "en", "date_format": "M j, Y", "time_zone": "",
        "highlight_color": "#303030", "canceled": False, "test_mode": False, "payment_terms": None,
        "allow_chasing": True, "tax_calculator": "invoiced", "created_at": EPOCH}
    assert "object" not in company and company["url"] == f"https://{company['username']}.invoiced.com"
    assert api.get("/companies/1").get_json() == company
    other = Api(api.app, "sk_other_business").get("/companies/current").get_json()
    assert other["username"] != company["username"]  # each key's own business


def test_a_patch_of_the_payment_terms_moves_the_next_invoices_due_date(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    before = api.create("/invoices", customer=customer["id"], items=[{"unit_cost": 10}])
    assert before["due_date"] is None and before["payment_terms"] is None

    updated = api.patch("/companies/1", json={"payment_terms": "NET 15"})
    assert updated.status_code == 200 and updated.get_json()["payment_terms"] == "NET 15"
    after = api.create("/invoices", customer=customer["id"], items=[{"unit_cost": 10}])
    assert (after["payment_terms"], after["due_date"]) == ("NET 15", EPOCH + 15 * DAY)
    own = api.create("/customers", name="Own terms", payment_terms="NET 45")  # the customer's own terms first
    assert api.create("/invoices", customer=own["id"], items=[{"unit_cost": 1}])["due_date"] == EPOCH + 45 * DAY
    assert api.get(f"/invoices/{before['id']}").get_json()["due_date"] is None  # earlier ones keep theirs


def test_a_patch_of_the_currency_is_what_new_documents_default_to(api: Api) -> None:
    api.patch("/companies/1", json={"currency": "EUR"})
    customer = api.create("/customers", name="Acme")
    assert api.create("/invoices", customer=customer["id"], items=[{"unit_cost": 10}])["currency"] == "eur"
    assert api.get(f"/customers/{customer['id']}/balance").get_json()["currency"] == "eur"
    priced = api.create("/customers", name="Priced", currency="gbp")
    assert api.create("/invoices", customer=priced["id"], items=[{"unit_cost": 1}])["currency"] == "gbp"


def test_chasing_stops_when_the_company_turns_it_off(api: Api, clock: Clock) -> None:
    cadence = cadence_with_steps(api)
    customer = api.create("/customers", name="Acme", email="ap@acme.test", address1="1 Main St",
                          chasing_cadence=cadence["id"])
    api.create("/invoices", customer=customer["id"], payment_terms="NET 30", items=[{"unit_cost": 100}])
    api.patch("/companies/1", json={"allow_chasing": False})
    clock.advance(days=8)
    assert api.get("/events", query_string={"type": "email.sent"}).get_json() == []
    api.patch("/companies/1", json={"allow_chasing": True})
    clock.advance(days=1)
    assert len(api.get("/events", query_string={"type": "email.sent"}).get_json()) == 1


def test_the_tax_calculator_decides_whether_customer_taxes_are_assessed(api: Api) -> None:
    api.create("/tax_rates", id="vat", name="VAT", value=20)
    customer = api.create("/customers", name="Acme", taxes=["vat"])
    assert api.create("/invoices", customer=customer["id"], items=[{"unit_cost": 100}])["total"] == 120
    api.patch("/companies/1", json={"tax_calculator": "avalara"})
    assert api.create("/invoices", customer=customer["id"], items=[{"unit_cost": 100}])["total"] == 100


def test_company_validation_and_what_cannot_be_changed(api: Api) -> None:
    for body, param in (({"currency": "euro"}, "currency"), ({"email": "nope"}, "email"),
                        ({"highlight_color": "red"}, "highlight_color"), ({"language": "eng"}, "language"),
                        ({"website": "ftp://x"}, "website"), ({"phone": "1" * 26}, "phone"),
                        ({"time_zone": "Mars/Olympus"}, "time_zone"), ({"tax_calculator": "x"}, "tax_calculator"),
                        ({"username": "a b"}, "username"), ({"name": "Renamed"}, "name")):
        refused = api.patch("/companies/1", json={**body, "nickname": "half"})
        assert refused.status_code == 400 and refused.get_json()["param"] == param, body
    assert api.get("/companies/current").get_json()["nickname"] is None  # nothing half-written
    assert api.patch("/companies/2", json={"nickname": "x"}).status_code == 404
    assert api.patch("/companies/current", json={"nickname": "x"}).status_code == 404
    assert api.post("/companies", json={}).status_code == 404  # no collection: the business is the one company
    assert api.get("/companies").status_code == 404
    assert api.delete("/companies/1").status_code == 405
    ok = api.patch("/companies/1", json={"time_zone": "America/Chicago", "nickname": "Acme HQ", "payment_terms": None})
    assert ok.status_code == 200 and ok.get_json()["time_zone"] == "America/Chicago"


def test_the_company_through_a_loopback_server(live_server: ServerThread, client: invoiced.Client) -> None:
    mock = Api(live_server.app, client.api_key)
    mock.patch("/companies/1", json={"payment_terms": "NET 7"})
    customer = client.Customer.create(name="Initech")
    invoice = client.Invoice.create(customer=customer.id, items=[{"name": "Work", "unit_cost": 50}])
    assert invoice.payment_terms == "NET 7" and invoice.due_date == invoice.date + 7 * DAY
