"""Notifications (a Go client resource): who hears about which event, matching any or all conditions."""

from __future__ import annotations

from tests.conftest import Api


def test_notifications(api: Api) -> None:
    assert api.post("/notifications", json={"event": "x", "match_mode": "some"}).get_json()["param"] == "match_mode"
    assert api.post("/notifications", json={"event": "x", "medium": "pager"}).get_json()["param"] == "medium"
    note = api.create("/notifications", event="invoice.viewed", user_id=4, enabled=True)
    assert note == {"id": note["id"], "event": "invoice.viewed", "enabled": True, "medium": "email", "user_id": 4,
                    "match_mode": "any", "conditions": ""}
    moved = api.patch(f"/notifications/{note['id']}", json={"user_id": 5})
    assert moved.status_code == 400 and moved.get_json()["param"] == "user_id"
    assert api.get("/notifications?filter[event]=invoice.viewed").headers["X-Total-Count"] == "1"
