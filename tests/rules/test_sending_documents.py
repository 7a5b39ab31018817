"""Sending invoices, credit notes and estimates: the send issues a draft and marks it sent; voided → 400."""

from __future__ import annotations

import invoiced
import pytest

from tests.conftest import Api

ADDRESS = {"address1": "1 Main St", "city": "Austin", "state": "TX", "postal_code": "78701", "country": "US"}
LINE = [{"name": "Design", "quantity": 2, "unit_cost": 50}]


def _customer(api: Api) -> dict:
    return api.create("/customers", name="Acme", email="billing@acme.test", **ADDRESS)


def test_emailing_a_draft_invoice_issues_it_and_marks_it_sent(api: Api) -> None:
    customer = _customer(api)
    invoice = api.create("/invoices", customer=customer["id"], items=LINE, draft=True)
    assert invoice["status"] == "draft"
    response = api.post(f"/invoices/{invoice['id']}/emails", json={"to": [{"name": "Pat", "email": "p@a.test"}]})
    assert response.status_code == 201
    [email] = response.get_json()
    assert (email["template"], email["subject"], email["email"]) == (
        "new_invoice_email", f"Invoice {invoice['number']}", "p@a.test")
    after = api.get(f"/invoices/{invoice['id']}", query_string={"include": "sent,last_sent"}).get_json()
    assert (after["draft"], after["status"], after["sent"]) == (False, "sent", True)
    updated = api.get("/events", query_string={"type": "invoice.updated"}).get_json()
    assert updated[0]["data"]["previous"]["status"] == "draft"


@pytest.mark.parametrize("channel", ["text_messages", "letters"])
def test_other_channels_also_mark_the_invoice_sent(api: Api, channel: str) -> None:
    customer = _customer(api)
    api.create(f"/customers/{customer['id']}/contacts", name="Pat", phone="+15125550100", sms_enabled=True)
    invoice = api.create("/invoices", customer=customer["id"], items=LINE)
    assert invoice["status"] == "not_sent"
    assert api.post(f"/invoices/{invoice['id']}/{channel}").status_code == 201
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "sent"


def test_voided_documents_cannot_be_sent(api: Api) -> None:
    customer = _customer(api)
    invoice = api.create("/invoices", customer=customer["id"], items=LINE)
    api.post(f"/invoices/{invoice['id']}/void")
    for channel in ("emails", "text_messages", "letters"):
        response = api.post(f"/invoices/{invoice['id']}/{channel}")
        assert response.status_code == 400, channel
        assert "voided" in response.get_json()["message"]
    assert api.get("/events", query_string={"type": "email.sent"}).get_json() == []


@pytest.mark.parametrize(("path", "template"), [("credit_notes", "credit_note_email"),
                                                ("estimates", "estimate_email")])
def test_credit_notes_and_estimates_are_emailed_with_their_template(api: Api, path: str, template: str) -> None:
    customer = _customer(api)
    document = api.create(f"/{path}", customer=customer["id"], items=LINE, draft=True)
    [email] = api.post(f"/{path}/{document['id']}/emails").get_json()
    assert email["template"] == template and email["email"] == "billing@acme.test"
    assert api.get(f"/{path}/{document['id']}").get_json()["draft"] is False


def test_a_paid_invoice_can_still_be_sent(api: Api) -> None:
    customer = _customer(api)
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "Free", "unit_cost": 0}])
    assert invoice["status"] == "paid"
    assert api.post(f"/invoices/{invoice['id']}/emails").status_code == 201
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "paid"


def test_invoice_sends_through_the_official_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Acme", email="billing@acme.test", **ADDRESS)
    customer.contacts().create(name="Pat", phone="+15125550100", sms_enabled=True)
    invoice = client.Invoice.create(customer=customer.id, items=LINE, draft=True)
    [email] = invoice.send(to=[{"name": "Pat", "email": "pat@acme.test"}], subject="Your invoice")
    assert isinstance(email, invoiced.Email) and email.subject == "Your invoice"
    [text] = invoice.send_sms(message="ignored by the client")
    assert isinstance(text, invoiced.TextMessage) and text.to == "+15125550100"
    [letter] = invoice.send_letter()
    assert isinstance(letter, invoiced.Letter) and letter.to.startswith("Acme\n1 Main St")
    assert client.Invoice.retrieve(invoice.id).status == "sent"


def test_payment_receipts_are_emailed(api: Api) -> None:
    customer = _customer(api)
    payment = api.create("/payments", customer=customer["id"], amount=25, method="check")
    response = api.post(f"/payments/{payment['id']}/emails")
    assert response.status_code == 201
    [email] = response.get_json()
    assert (email["template"], email["email"]) == ("payment_receipt_email", "billing@acme.test")
    assert email["subject"] == f"Payment {payment['id']}"


def test_payment_receipt_through_the_official_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Acme", email="billing@acme.test")
    payment = client.Payment.create(customer=customer.id, amount=25, method="check")
    [email] = payment.send(to=[{"name": "Pat", "email": "pat@acme.test"}])
    assert isinstance(email, invoiced.Email) and email.template == "payment_receipt_email"


def test_send_events_are_related_to_the_document_and_its_customer(api: Api) -> None:
    customer = _customer(api)
    invoice = api.create("/invoices", customer=customer["id"], items=LINE)
    api.post(f"/invoices/{invoice['id']}/emails")
    api.post(f"/invoices/{invoice['id']}/letters")
    about_invoice = api.get("/events", query_string={"related_to": f"invoice,{invoice['id']}"}).get_json()
    assert [e["type"] for e in about_invoice] == ["invoice.updated", "letter.sent", "invoice.updated",
                                                 "email.sent", "invoice.created"]
    about_customer = api.get("/events", query_string={"related_to": f"customer,{customer['id']}",
                                                      "type": "email.sent"}).get_json()
    assert len(about_customer) == 1 and "about" not in about_customer[0]["data"]["object"]
