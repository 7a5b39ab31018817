"""Inboxes: one per business, created on first use, read-only."""

from __future__ import annotations

import re

import invoiced

from tests.conftest import EPOCH, Api


def test_one_inbox_per_business(api: Api) -> None:
    listed = api.get("/inboxes")
    assert listed.headers["X-Total-Count"] == "1"
    (inbox,) = listed.get_json()
    assert re.fullmatch(r"[a-z0-9]{10}", inbox["external_id"]) and inbox["created_at"] == EPOCH
    assert api.get(f"/inboxes/{inbox['id']}").get_json() == inbox
    assert api.get("/inboxes").get_json() == [inbox]  # seeded once, not per request
    assert api.post("/inboxes", json={}).status_code == 405
    assert api.patch(f"/inboxes/{inbox['id']}", json={"external_id": "x"}).status_code == 405


def test_inboxes_through_the_client(client: invoiced.Client) -> None:
    inboxes, meta = client.Inbox.list()
    assert meta.total_count == 1
    assert client.Inbox.retrieve(inboxes[0].id).external_id == inboxes[0].external_id
