"""An object's page: its fields, the objects it relates to as links, its timeline of events with what each
changed, its PDF and payment page, and the requests that touched it."""

from __future__ import annotations

from tests.conftest import Api
from tests.control.inspector.conftest import BUSINESS, page

INVOICES = f"{BUSINESS}/objects/invoice"


def _billed(api: Api) -> tuple[dict, dict, dict, dict]:
    customer = api.create("/customers", name="Acme Corp", payment_terms="NET 30")
    invoice = api.create("/invoices", customer=customer["id"], sent=True,
                         items=[{"name": "Hosting", "quantity": 2, "unit_cost": 50}])
    payment = api.create("/payments", customer=customer["id"], amount=40,
                         applied_to=[{"type": "invoice", "invoice": invoice["id"], "amount": 40}])
    credit = api.create("/credit_notes", customer=customer["id"], invoice=invoice["id"],
                        items=[{"name": "Refund", "unit_cost": 10}])
    return customer, invoice, payment, credit


def test_an_invoice_page_links_its_customer_payments_credit_notes_pdf_and_payment_page(api: Api) -> None:
    customer, invoice, payment, credit = _billed(api)
    shown = page(api, f"{INVOICES}/{invoice['id']}")
    assert shown.h1 == "Invoice INV-00001"
    related = shown.table("related")
    assert {(r["Object"], r["Relation"]) for r in related} >= {
        ("Acme Corp", "customer"), (f"Payment {payment['id']}", "payment"), ("CN-00001", "credit note")}
    links = shown.links()
    assert links["Acme Corp"] == f"{BUSINESS}/objects/customer/{customer['id']}"
    assert links[f"Payment {payment['id']}"] == f"{BUSINESS}/objects/payment/{payment['id']}"
    assert links["CN-00001"] == f"{BUSINESS}/objects/credit_note/{credit['id']}"
    facts = shown.table("fields")
    assert {"Field": "balance", "Value": "50.00 USD"} in [{k: r[k] for k in ("Field", "Value")} for r in facts]
    assert {"Field": "due_date", "Value": "2023-12-14 22:13 UTC in 30 days"} in [
        {k: r[k] for k in ("Field", "Value")} for r in facts]
    pdf = api.http.get(links["PDF"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    pay = api.http.get(links["Payment page"])
    assert pay.status_code == 200 and "Amount due: 50.00 USD" in pay.get_data(as_text=True)
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "sent"  # looking changes nothing


def test_the_timeline_shows_each_event_with_what_it_changed(api: Api) -> None:
    _, invoice, payment, _ = _billed(api)
    api.app.clock.advance(days=1)
    api.patch(f"/invoices/{invoice['id']}", json={"purchase_order": "PO-7"})
    timeline = page(api, f"{INVOICES}/{invoice['id']}").table("timeline")
    assert [r["Event"] for r in timeline] == [
        "invoice.created", "invoice.updated", "payment.created", "invoice.updated", "credit_note.created",
        "invoice.updated"]
    assert timeline[1]["Changes"] == "balance 100 → 60"
    assert timeline[-1]["Changes"] == "purchase_order (none) → PO-7"
    assert timeline[-1]["When"].startswith("2023-11-15 22:13 UTC")
    assert timeline[2]["_links"][f"Payment {payment['id']}"].startswith(f"{BUSINESS}/objects/payment/")


def test_the_object_page_lists_the_requests_that_touched_it(api: Api) -> None:
    customer, invoice, _, _ = _billed(api)
    api.get(f"/invoices/{invoice['id']}")
    api.get("/customers")
    touched = page(api, f"{INVOICES}/{invoice['id']}").table("requests")
    assert [(r["Request"], r["Status"]) for r in touched] == [
        ("POST /invoices", "201"), ("POST /payments", "201"), ("POST /credit_notes", "201"),
        (f"GET /invoices/{invoice['id']}", "200")]
    detail = page(api, touched[0]["_links"]["POST /invoices"])
    assert detail.h1 == "POST /invoices → 201"
    assert customer["name"] not in detail.h1


def test_an_unknown_object_is_an_html_404(api: Api) -> None:
    api.create("/customers", name="A")
    missing = api.http.get(f"{INVOICES}/999")
    assert missing.status_code == 404 and missing.mimetype == "text/html"


def test_every_resource_held_has_a_list_and_an_object_page(api: Api) -> None:
    from invoiced_mock.core.resource import REGISTRY
    from invoiced_mock.testing.factories import Factories

    customer, _, _, _ = _billed(api)
    api.create("/plans", id="starter", name="Starter", interval="month", amount=49)
    api.create("/subscriptions", customer=customer["id"], plan="starter")
    api.create("/estimates", customer=customer["id"], items=[{"name": "Quote", "unit_cost": 5}])
    api.create("/notes", customer_id=customer["id"], notes="Called")
    api.create("/webhooks", url="http://127.0.0.1:9/hook", events=["customer.updated"])
    factories = Factories(api.app.business(api.api_key))
    for name in sorted(REGISTRY):
        try:
            factories.create(name)
        except Exception:  # a resource whose required values no placeholder satisfies: made above or left out
            continue
    business = api.app.business(api.api_key)
    assert len(business.tables) > 40
    for name, table in sorted(business.tables.items()):
        listed = page(api, f"{BUSINESS}/objects/{name}")
        assert len(listed.table("objects")) == min(len(table), 50), name
        for row_id in list(table.rows)[:2]:
            assert page(api, f"{BUSINESS}/objects/{name}/{row_id}").h1, (name, row_id)
