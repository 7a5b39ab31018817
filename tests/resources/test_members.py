"""Members: invited by email with a role, shown with their user; preferences and invites (Go client extras)."""

from __future__ import annotations

import invoiced

from tests.conftest import EPOCH, Api


def test_member_is_invited_by_email_with_an_existing_role(api: Api) -> None:
    unknown = api.post("/members", json={"email": "ann@example.com", "role": "boss"})
    assert unknown.status_code == 400 and unknown.get_json() == {
        "type": "invalid_request", "message": "No such role: boss", "param": "role"}
    assert api.post("/members", json={"role": "administrator"}).get_json()["param"] == "email"
    assert api.post("/members", json={"email": "nope", "role": "administrator"}).get_json()["param"] == "email"
    member = api.create("/members", email="Ann@Example.com", first_name="Ann", last_name="Lee", role="administrator")
    assert member["user"] == {"id": 1, "email": "ann@example.com", "first_name": "Ann", "last_name": "Lee",
                              "registered": False, "two_factor_enabled": False}
    assert {k: member[k] for k in ("role", "restriction_mode", "restrictions", "email_update_frequency",
                                   "notifications", "subscribe_all", "last_accessed", "created_at")} == {
        "role": "administrator", "restriction_mode": "none", "restrictions": None,
        "email_update_frequency": "week", "notifications": False, "subscribe_all": True,
        "last_accessed": None, "created_at": EPOCH}
    assert "email" not in member and "object" not in member
    again = api.post("/members", json={"email": "ANN@example.com", "role": "administrator"})
    assert again.status_code == 400 and again.get_json()["param"] == "user"
    assert "already a member" in again.get_json()["message"]


def test_restrictions_follow_the_custom_field_rules(api: Api) -> None:
    member = api.create("/members", email="bo@example.com", role="administrator")
    url = f"/members/{member['id']}"
    ok = api.patch(url, json={"restriction_mode": "custom_field", "restrictions": {"territory": ["east", "west"]}})
    assert ok.get_json()["restrictions"] == {"territory": ["east", "west"]}
    for bad in ({"a": ["x"], "b": ["x"], "c": ["x"], "d": ["x"]}, {"territory": []},
                {"territory": [str(i) for i in range(11)]}, {"t": ["x"]}, {"territory": "east"},
                {"territory": ["x" * 256]}):
        refused = api.patch(url, json={"restrictions": bad})
        assert refused.status_code == 400 and refused.get_json()["param"] == "restrictions", bad
    assert api.get(url).get_json()["restrictions"] == {"territory": ["east", "west"]}
    assert api.patch(url, json={"restrictions": {}}).get_json()["restrictions"] is None


def test_frequency_and_invites(api: Api) -> None:
    member = api.create("/members", email="cy@example.com", role="administrator")
    url = f"/members/{member['id']}"
    changed = api.patch(f"{url}/frequency", json={"email_update_frequency": "day", "notifications": True,
                                                  "role": "nobody"})
    assert changed.status_code == 200
    assert (changed.get_json()["email_update_frequency"], changed.get_json()["notifications"]) == ("day", True)
    assert changed.get_json()["role"] == "administrator"  # only the preferences move through this route
    bad = api.patch(f"{url}/frequency", json={"email_update_frequency": "hourly"})
    assert bad.status_code == 400 and bad.get_json()["param"] == "email_update_frequency"
    invite = api.post(f"{url}/invites")
    assert invite.status_code == 204 and invite.get_data() == b""
    assert api.post("/members/99/invites").status_code == 404


def test_a_role_in_use_cannot_be_deleted(api: Api) -> None:
    api.create("/roles", id="clerk", name="Clerk")
    member = api.create("/members", email="di@example.com", role="clerk")
    refused = api.delete("/roles/clerk")
    assert refused.status_code == 400 and "members" in refused.get_json()["message"]
    assert api.delete(f"/members/{member['id']}").status_code == 204
    assert api.delete("/roles/clerk").status_code == 204


def test_members_through_the_client(client: invoiced.Client) -> None:
    member = client.Member.create(email="eve@example.com", first_name="Eve", role="administrator")
    assert member.user["email"] == "eve@example.com"
    assert client.Member.retrieve(member.id).role == "administrator"
    member.subscribe_all = False
    assert member.save() is True and member.subscribe_all is False
    members, meta = client.Member.list()
    assert [m.id for m in members] == [member.id] and meta.total_count == 1
    assert member.delete() is True
