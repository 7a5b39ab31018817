"""Sending through HTTP and the official client: statement emails, text messages and letters.

Document sends (invoices, credit notes, estimates, receipts) are in ``test_sending_documents.py``.
"""

from __future__ import annotations

import invoiced

from tests.conftest import EPOCH, Api

ADDRESS = {"address1": "1 Main St", "city": "Austin", "state": "TX", "postal_code": "78701", "country": "US"}


def test_statement_email_defaults_to_the_customer_address_and_template(api: Api) -> None:
    customer = api.create("/customers", name="Acme", email="billing@acme.test")
    response = api.post(f"/customers/{customer['id']}/emails", json={})
    assert response.status_code == 201
    [email] = response.get_json()
    assert email["object"] == "email" and len(email["id"]) == 32
    assert (email["email"], email["template"], email["subject"]) == (
        "billing@acme.test", "statement_email", "Statement for Acme")
    assert email["state"] == "sent" and email["created_at"] == EPOCH
    assert api.get(f"/emails/{email['id']}").get_json() == email


def test_statement_email_to_given_recipients_with_subject_and_message(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    body = {"to": [{"name": "Pat", "email": "pat@acme.test"}, {"name": "Lee", "email": "lee@acme.test"}],
            "bcc": "audit@us.test", "subject": "Your statement", "message": "Hello", "type": "open_item"}
    [email] = api.post(f"/customers/{customer['id']}/emails", json=body).get_json()
    assert (email["email"], email["subject"], email["message"]) == (
        "pat@acme.test, lee@acme.test", "Your statement", "Hello")


def test_bad_recipients_and_options_are_refused_without_a_trace(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    path = f"/customers/{customer['id']}/emails"
    cases = [({}, "to"), ({"to": [{"name": "x"}]}, "to"), ({"to": [{"email": "not-an-address"}]}, "to"),
             ({"to": [{"email": "a@b.test"}], "bcc": "nope"}, "bcc"),
             ({"to": [{"email": "a@b.test"}], "type": "weekly"}, "type")]
    for body, param in cases:
        response = api.post(path, json=body)
        assert response.status_code == 400, body
        assert response.get_json()["param"] == param, body
    assert api.get("/events", query_string={"type": "email.sent"}).get_json() == []


def test_statement_text_messages_go_to_sms_enabled_contacts(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    path = f"/customers/{customer['id']}/contacts"
    api.create(path, name="Pat", phone="+15125550100", sms_enabled=True)
    api.create(path, name="Lee", phone="+15125550101", sms_enabled=False)
    api.create(path, name="Kim", phone="+15125550102", sms_enabled=True)
    response = api.post(f"/customers/{customer['id']}/text_messages")
    assert response.status_code == 201
    assert [t["to"] for t in response.get_json()] == ["+15125550100", "+15125550102"]
    given = api.post(f"/customers/{customer['id']}/text_messages",
                     json={"to": [{"phone": "+15125550199", "name": "X"}], "message": "Pay up"}).get_json()
    assert [(t["to"], t["message"], t["object"]) for t in given] == [("+15125550199", "Pay up", "text_message")]


def test_text_message_needs_someone_to_text(api: Api) -> None:
    customer = api.create("/customers", name="Acme", phone="+15125550100")
    response = api.post(f"/customers/{customer['id']}/text_messages")
    assert response.status_code == 400 and response.get_json()["param"] == "to"


def test_statement_letter_is_one_object_on_the_wire(api: Api) -> None:
    customer = api.create("/customers", name="Acme", attention_to="Accounts Payable", **ADDRESS)
    response = api.post(f"/customers/{customer['id']}/letters")
    assert response.status_code == 201
    letter = response.get_json()
    assert letter["object"] == "letter" and letter["state"] == "queued"
    assert letter["to"] == "Acme\nAccounts Payable\n1 Main St\nAustin TX 78701\nUS"
    assert letter["expected_delivery_date"] == EPOCH + 5 * 86400


def test_statement_letter_is_an_array_for_clients_that_read_one(api: Api) -> None:
    customer = api.create("/customers", name="Acme", **ADDRESS)
    for agent in ("Invoiced Python/3.0.0", "Invoiced Ruby/3.0.0", "Invoiced PHP/2.4.2"):
        response = api.post(f"/customers/{customer['id']}/letters", headers={"User-Agent": agent})
        assert isinstance(response.get_json(), list) and len(response.get_json()) == 1, agent
    go = api.post(f"/customers/{customer['id']}/letters", headers={"User-Agent": "Invoiced Go/2.15.0"})
    assert isinstance(go.get_json(), dict)


def test_letter_needs_a_mailing_address(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    response = api.post(f"/customers/{customer['id']}/letters")
    assert response.status_code == 400 and response.get_json()["param"] == "address1"
    explicit = api.post(f"/customers/{customer['id']}/letters", json={"name": "Acme HQ", **ADDRESS})
    assert explicit.get_json()["to"].startswith("Acme HQ\n1 Main St")


def test_sends_record_sent_events(api: Api) -> None:
    customer = api.create("/customers", name="Acme", email="a@acme.test", **ADDRESS)
    api.post(f"/customers/{customer['id']}/emails")
    api.post(f"/customers/{customer['id']}/letters")
    types = [e["type"] for e in api.get("/events").get_json()]
    assert types == ["letter.sent", "email.sent", "customer.created"]


def test_statements_through_the_official_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Acme", email="billing@acme.test", **ADDRESS)
    contacts = customer.contacts()
    contacts.create(name="Pat", phone="+15125550100", sms_enabled=True)
    [email] = customer.send_statement(type="open_item")
    assert isinstance(email, invoiced.Email) and email.email == "billing@acme.test"
    [text] = customer.send_statement_sms()
    assert isinstance(text, invoiced.TextMessage) and text.to == "+15125550100"
    [letter] = customer.send_statement_letter()
    assert isinstance(letter, invoiced.Letter) and letter.state == "queued"
