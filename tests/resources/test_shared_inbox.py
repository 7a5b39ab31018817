"""The shared inbox: threads, their emails and notes, sending from the inbox, attachments and address autocomplete.

Documents sent by email show up there: one thread per document, one outgoing email per send.
"""

from __future__ import annotations

from typing import Any

import invoiced
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH, Api


def inbox_id(api: Api) -> int:
    inbox: int = api.get("/inboxes").get_json()[0]["id"]
    return inbox


def sent_invoice(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    customer = api.create("/customers", name="Acme", email="ap@acme.test")
    invoice = api.create("/invoices", customer=customer["id"], items=[{"unit_cost": 100}])
    sent = api.post(f"/invoices/{invoice['id']}/emails", json={"message": "Please pay"})
    assert sent.status_code == 201
    return customer, invoice


def test_a_sent_invoice_shows_up_as_an_email_in_a_thread(api: Api) -> None:
    customer, invoice = sent_invoice(api)
    threads = api.get(f"/inboxes/{inbox_id(api)}/threads")
    assert threads.headers["X-Total-Count"] == "1"
    (thread,) = threads.get_json()
    assert {k: thread[k] for k in ("inbox", "customer", "customer_id", "related_to_id", "object_type", "name",
                                   "status", "close_date", "created_at")} == {
        "inbox": inbox_id(api), "customer": customer["id"], "customer_id": customer["id"],
        "related_to_id": invoice["id"], "object_type": "invoice", "name": f"Invoice {invoice['number']}",
        "status": "open", "close_date": None, "created_at": EPOCH}
    assert api.get(f"/threads/{thread['id']}").get_json() == thread

    (email,) = api.get(f"/threads/{thread['id']}/emails").get_json()
    assert email["object"] == "email" and email["thread"] == thread["id"] and email["incoming"] is False
    assert email["subject"] == f"Invoice {invoice['number']}" and email["date"] == EPOCH
    assert email["to"] == [{"name": "Acme", "email_address": "ap@acme.test"}]
    assert email["from"]["email_address"].endswith("@invoicedmail.com")
    assert api.get(f"/inboxes/{inbox_id(api)}/emails").get_json() == [email]

    api.post(f"/invoices/{invoice['id']}/emails", json={})  # sent again: the same thread, a second email
    assert [t["id"] for t in api.get(f"/inboxes/{inbox_id(api)}/threads").get_json()] == [thread["id"]]
    listed = api.get(f"/threads/{thread['id']}/emails").get_json()
    assert [e["id"] for e in listed] == [email["id"], email["id"] + 1]  # oldest first in a thread
    newest_first = api.get(f"/inboxes/{inbox_id(api)}/emails").get_json()
    assert [e["id"] for e in newest_first] == [email["id"] + 1, email["id"]]


def test_a_statement_and_a_chasing_email_are_threads_about_the_customer(api: Api) -> None:
    customer = api.create("/customers", name="Acme", email="ap@acme.test")
    api.post(f"/customers/{customer['id']}/emails", json={})
    (thread,) = api.get(f"/inboxes/{inbox_id(api)}/threads").get_json()
    assert (thread["object_type"], thread["related_to_id"], thread["customer"]) == (
        "customer", customer["id"], customer["id"])


def test_sending_from_the_inbox(api: Api) -> None:
    customer, _ = sent_invoice(api)
    file = api.create("/files", name="terms.pdf", size=10, type="application/pdf", url="https://files.test/t.pdf")
    inbox = inbox_id(api)
    sent = api.post(f"/inboxes/{inbox}/emails", json={
        "to": [{"name": "Lisa", "email_address": "lisa@acme.test"}], "cc": [{"email_address": "cc@acme.test"}],
        "subject": "About your account", "message": "Hello", "related_to_type": "customer",
        "related_to_id": customer["id"], "attachments": [file["id"]], "status": "pending"})
    assert sent.status_code == 201, sent.get_data(as_text=True)
    email = sent.get_json()
    assert (email["subject"], email["incoming"], email["cc"]) == (
        "About your account", False, [{"name": None, "email_address": "cc@acme.test"}])
    thread = api.get(f"/threads/{email['thread']}").get_json()
    assert (thread["name"], thread["status"], thread["object_type"], thread["customer"]) == (
        "About your account", "pending", "customer", customer["id"])
    (attachment,) = api.get(f"/emails/{email['id']}/attachments").get_json()
    assert attachment["object"] == "attachment" and attachment["file"]["id"] == file["id"]

    reply = api.post(f"/inboxes/{inbox}/emails", json={
        "to": [{"email_address": "lisa@acme.test"}], "subject": "Re: About your account", "message": "More",
        "thread_id": thread["id"], "reply_to_id": email["id"]}).get_json()
    assert (reply["thread"], reply["reply_to_email"]) == (thread["id"], email["id"])
    assert api.get(f"/emails/{reply['id']}/attachments").get_json() == []
    assert api.get(f"/inboxes/{inbox}/threads").headers["X-Total-Count"] == "2"


def test_sending_from_the_inbox_refuses_bad_input_and_writes_nothing(api: Api) -> None:
    inbox = inbox_id(api)
    good = {"to": [{"email_address": "lisa@acme.test"}], "subject": "Hi", "message": "Hello"}
    for changed, param in (({"subject": None}, "subject"), ({"message": None}, "message"),
                           ({"to": []}, "to"), ({"to": [{"name": "No address"}]}, "to"),
                           ({"to": [{"email_address": "nope"}]}, "to"), ({"cc": "x@y.test"}, "cc"),
                           ({"related_to_type": "planet", "related_to_id": 1}, "related_to_type"),
                           ({"related_to_type": "invoice", "related_to_id": 99}, "related_to_id"),
                           ({"reply_to_id": 99}, "reply_to_id"), ({"attachments": [99]}, "attachments"),
                           ({"status": "lost"}, "status")):
        refused = api.post(f"/inboxes/{inbox}/emails", json={**good, **changed})
        assert refused.status_code == 400 and refused.get_json()["param"] == param, changed
    assert api.post(f"/inboxes/{inbox}/emails", json={**good, "thread_id": 99}).status_code == 404
    assert api.post(f"/inboxes/{inbox + 1}/emails", json=good).status_code == 404
    assert api.get(f"/inboxes/{inbox}/emails").get_json() == []
    assert api.get(f"/inboxes/{inbox}/threads").get_json() == []


def test_editing_a_thread(api: Api, clock: Clock) -> None:
    sent_invoice(api)
    (thread,) = api.get(f"/inboxes/{inbox_id(api)}/threads").get_json()
    clock.advance(days=1)
    closed = api.patch(f"/threads/{thread['id']}", json={"status": "closed", "name": "Paid up"}).get_json()
    assert (closed["status"], closed["name"], closed["close_date"]) == ("closed", "Paid up", EPOCH + 86_400)
    assert api.get(f"/inboxes/{inbox_id(api)}/threads", query_string={"status": "open"}).get_json() == []
    assert len(api.get(f"/inboxes/{inbox_id(api)}/threads", query_string={"status": "sent"}).get_json()) == 1
    reopened = api.patch(f"/threads/{thread['id']}", json={"status": "open"}).get_json()
    assert reopened["close_date"] is None
    other = api.create("/customers", name="Other")
    moved = api.patch(f"/threads/{thread['id']}", json={"customer_id": other["id"]})
    assert moved.status_code == 400 and moved.get_json()["param"] == "customer"  # a document's thread
    assert api.patch(f"/threads/{thread['id']}", json={"status": "lost"}).get_json()["param"] == "status"
    assert api.patch(f"/threads/{thread['id']}", json={"assignee_id": 42}).get_json()["param"] == "assignee_id"
    assert api.get("/threads/99").status_code == 404
    assert api.delete(f"/threads/{thread['id']}").status_code == 405


def test_thread_notes(api: Api) -> None:
    sent_invoice(api)
    (thread,) = api.get(f"/inboxes/{inbox_id(api)}/threads").get_json()
    note = api.create(f"/threads/{thread['id']}/notes", note="Promised to pay Friday")
    assert (note["thread"], note["note"], note["user"]["id"], note["created_at"]) == (
        thread["id"], "Promised to pay Friday", note["user_id"], EPOCH)
    assert api.get(f"/threads/{thread['id']}/notes").get_json() == [note]
    missing = api.post(f"/threads/{thread['id']}/notes", json={})
    assert missing.status_code == 400 and missing.get_json()["param"] == "note"
    assert api.post("/threads/99/notes", json={"note": "x"}).status_code == 404
    edited = api.patch(f"/threads/{thread['id']}/notes/{note['id']}", json={"note": "Paid"}).get_json()
    assert edited["note"] == "Paid"
    assert api.delete(f"/threads/{thread['id']}/notes/{note['id']}").status_code == 204


def test_email_address_autocomplete(api: Api) -> None:
    sent_invoice(api)
    api.post(f"/inboxes/{inbox_id(api)}/emails", json={
        "to": [{"name": "Lisa Acme", "email_address": "lisa@acme.test"}], "subject": "Hi", "message": "Hello"})
    found = api.get("/autocomplete/emails", query_string={"term": "acme"}).get_json()
    assert found == [{"id": found[0]["id"], "name": "Acme", "email_address": "ap@acme.test"},
                     {"id": found[1]["id"], "name": "Lisa Acme", "email_address": "lisa@acme.test"}]
    assert api.get("/autocomplete/emails", query_string={"term": "LISA"}).get_json() == found[1:]
    assert api.get("/autocomplete/emails", query_string={"term": "acme", "limit": 1}).get_json() == found[:1]
    short = api.get("/autocomplete/emails", query_string={"term": "ac"})
    assert short.status_code == 400 and short.get_json()["message"] == "Search term must be at least 3 characters long"
    everyone = api.get("/autocomplete/emails").get_json()  # no term at all: every address (the mock's choice)
    assert [p["email_address"] for p in everyone][1:] == ["ap@acme.test", "lisa@acme.test"]


def test_a_document_sent_through_the_official_client_is_in_the_inbox(live_server: ServerThread,
                                                                     client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Initech", email="ap@initech.test")
    invoice = client.Invoice.create(customer=customer.id, items=[{"name": "Work", "unit_cost": 50}])
    invoice.send()
    inboxes, _ = client.Inbox.list()
    mock = Api(live_server.app, client.api_key)
    (thread,) = mock.get(f"/inboxes/{inboxes[0].id}/threads").get_json()
    assert thread["related_to_id"] == invoice.id
    (email,) = mock.get(f"/threads/{thread['id']}/emails").get_json()
    assert email["to"] == [{"name": "Initech", "email_address": "ap@initech.test"}]


@settings(max_examples=25)
@given(sends=st.lists(st.integers(0, 2), min_size=1, max_size=8))
def test_one_thread_per_document_and_one_email_per_send(sends: list[int]) -> None:
    """Whatever the order of the sends: a thread for each document sent, holding one email per send of it."""
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
    customer = api.create("/customers", name="Acme", email="ap@acme.test")
    invoices = [api.create("/invoices", customer=customer["id"], items=[{"unit_cost": 1}]) for _ in range(3)]
    for pick in sends:
        assert api.post(f"/invoices/{invoices[pick]['id']}/emails", json={}).status_code == 201
    threads = api.get(f"/inboxes/{inbox_id(api)}/threads", query_string={"per_page": 100}).get_json()
    assert sorted(t["related_to_id"] for t in threads) == sorted({invoices[p]["id"] for p in sends})
    for thread in threads:
        emails = api.get(f"/threads/{thread['id']}/emails", query_string={"per_page": 100}).get_json()
        sent = sum(invoices[p]["id"] == thread["related_to_id"] for p in sends)
        assert len(emails) == sent and all(e["thread"] == thread["id"] for e in emails)
