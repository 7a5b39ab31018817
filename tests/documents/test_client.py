"""The main document flows through the official ``invoiced`` client over loopback."""

from __future__ import annotations

import invoiced
import pytest


def test_invoice_lifecycle_through_the_official_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Client Co", payment_terms="NET 30")
    client.TaxRate.create(id="vat", name="VAT", value=8)
    created = client.Invoice.create(customer=customer.id, items=[
        {"name": "Boxes", "quantity": 2, "unit_cost": 50},
        {"name": "Tape", "unit_cost": "2.50", "taxes": ["vat"]},
    ], taxes=[])
    # 100.00 + 2.50 + 8% of 2.50 (0.20) = 102.70
    assert (created.number, created.subtotal, created.total, created.status) == ("INV-00001", 102.5, 102.7, "not_sent")
    assert created["items"][1]["taxes"][0]["tax_rate"]["id"] == "vat"  # `.items` is the dict method

    fetched = client.Invoice.retrieve(created.id)
    assert fetched.balance == 102.7
    fetched["notes"] = "Thanks!"  # `.notes` is the client's notes() method
    fetched.purchase_order = "PO-9"
    assert fetched.save()
    assert (fetched["notes"], fetched.purchase_order, fetched.total) == ("Thanks!", "PO-9", 102.7)

    other = client.Invoice.create(customer=customer.id, items=[{"name": "x", "unit_cost": 1}],
                                  metadata={"batch": "b2"})
    found, meta = client.Invoice.list(filter={"purchase_order": "PO-9"})
    assert [i.id for i in found] == [created.id]
    assert meta.total_count == 1
    found, _ = client.Invoice.list(metadata={"batch": "b2"})
    assert [i.id for i in found] == [other.id]

    assert other.void()
    assert other.status == "voided"
    with pytest.raises(invoiced.errors.InvalidRequestError) as refused:
        other.void()
    assert refused.value.status_code == 400


def test_bad_input_reaches_the_client_as_invalid_request(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Client Co")
    with pytest.raises(invoiced.errors.InvalidRequestError) as error:
        client.Invoice.create(customer=customer.id, taxes=["no-such-rate"])
    assert error.value.error["param"] == "taxes"


def test_estimate_to_invoice_through_the_official_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Client Co")
    estimate = client.Estimate.create(customer=customer.id, items=[{"name": "Design", "unit_cost": 300}])
    assert (estimate.number, estimate.status) == ("EST-00001", "not_sent")
    generated = estimate.invoice()
    assert isinstance(generated, invoiced.Invoice)
    assert (generated.total, generated.balance, generated.customer) == (300, 300, customer.id)
    refreshed = client.Estimate.retrieve(estimate.id)
    assert (refreshed.status, refreshed["invoice"]) == ("invoiced", generated.id)  # `.invoice` is the action


def test_credit_note_through_the_official_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Client Co")
    bill = client.Invoice.create(customer=customer.id, items=[{"name": "Work", "unit_cost": 80}])
    note = client.CreditNote.create(invoice=bill.id, items=[{"name": "Sorry", "unit_cost": 20}])
    assert (note.number, note.status, note.customer) == ("CN-00001", "paid", customer.id)
    assert client.Invoice.retrieve(bill.id).balance == 60


@pytest.mark.parametrize("kind", ["Invoice", "CreditNote", "Estimate"])
def test_tap_invoiced_incremental_sync(client: invoiced.Client, kind: str) -> None:
    """What singer-io/tap-invoiced sends: pages of 100 sorted by updated_at after a bookmark."""
    customer = client.Customer.create(name="Tap Co")
    collection = getattr(client, kind)
    made = [collection.create(customer=customer.id, items=[{"name": "x", "unit_cost": n}]) for n in (1, 2, 3)]
    rows, meta = collection.list(per_page=100, page=1, include="updated_at", sort="updated_at ASC",
                                 updated_after=0)
    assert [r.id for r in rows] == [m.id for m in made]
    assert "next" not in meta.links
    assert all(isinstance(r.updated_at, int) and isinstance(r.created_at, int) for r in rows)
    rows, _ = collection.list(per_page=100, page=1, sort="updated_at ASC", updated_after=made[0].updated_at)
    assert rows == []  # nothing changed since the bookmark (a frozen clock: all share one timestamp)
