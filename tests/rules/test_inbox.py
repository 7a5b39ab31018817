"""Outgoing email in the shared inbox (rules/inbox.py): which thread an email joins, and the addresses kept."""

from __future__ import annotations

from tests.conftest import Api
from tests.resources.test_shared_inbox import inbox_id, sent_invoice


def test_an_email_about_a_document_joins_the_thread_its_sends_made(api: Api) -> None:
    _, invoice = sent_invoice(api)
    (thread,) = api.get(f"/inboxes/{inbox_id(api)}/threads").get_json()
    email = api.post(f"/inboxes/{inbox_id(api)}/emails", json={
        "to": [{"email_address": "ap@acme.test"}], "subject": "A question", "message": "?",
        "related_to_type": "invoice", "related_to_id": invoice["id"], "status": "pending"}).get_json()
    assert email["thread"] == thread["id"]
    shown = api.get(f"/threads/{thread['id']}").get_json()
    assert (shown["name"], shown["status"]) == (thread["name"], "pending")  # named by its first email


def test_an_address_is_kept_once_and_a_later_name_fills_a_missing_one(api: Api) -> None:
    inbox = inbox_id(api)
    for name in (None, "Lisa Acme", "Someone Else"):
        api.post(f"/inboxes/{inbox}/emails", json={"to": [{"name": name, "email_address": "lisa@acme.test"}],
                                                   "subject": "Hi", "message": "Hello"})
    found = api.get("/autocomplete/emails", query_string={"term": "lisa@"}).get_json()
    assert [(f["name"], f["email_address"]) for f in found] == [("Lisa Acme", "lisa@acme.test")]


def test_the_business_sends_from_its_inbox_address_under_its_name(api: Api) -> None:
    external_id = api.get("/inboxes").get_json()[0]["external_id"]
    email = api.post(f"/inboxes/{inbox_id(api)}/emails", json={
        "to": [{"email_address": "lisa@acme.test"}], "subject": "Hi", "message": "Hello"}).get_json()
    assert email["from"] == {"name": "Invoiced Mock", "email_address": f"{external_id}@invoicedmail.com"}
