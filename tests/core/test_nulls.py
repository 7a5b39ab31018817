"""A JSON ``null`` from a client (Go sends every attribute of its request structs) means what the API makes of it:
an unset boolean (the default on create, the stored value on update) and empty metadata, never a stored null.
A null for any attribute that is never stored null (a list, a count, an options object) is "not given" too:
never a 500 from a rule that reads it."""

from __future__ import annotations

import pytest

from tests.conftest import Api


def test_go_contact_update_with_null_booleans_keeps_a_primary_contact_primary(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    base = f"/customers/{customer['id']}/contacts"
    contact = api.create(base, name="Jane", sms_enabled=True)
    updated = api.patch(f"{base}/{contact['id']}", json={"name": "Jane D", "primary": None, "sms_enabled": None})
    assert updated.status_code == 200, updated.get_data(as_text=True)
    body = updated.get_json()
    assert (body["name"], body["primary"], body["sms_enabled"]) == ("Jane D", True, True)
    created = api.create(base, name="Bob", primary=None, send_new_invoices=None)
    assert (created["primary"], created["send_new_invoices"]) == (True, False)


def test_null_metadata_is_empty_metadata(api: Api) -> None:
    payment = api.create("/payments", amount=10, metadata=None)
    assert payment["metadata"] == {}
    kept = api.patch(f"/payments/{payment['id']}", json={"metadata": {"a": "1"}}).get_json()
    assert kept["metadata"] == {"a": "1"}
    cleared = api.patch(f"/payments/{payment['id']}", json={"metadata": None, "notes": "x"}).get_json()
    assert cleared["metadata"] == {} and cleared["notes"] == "x"


def test_a_null_boolean_on_update_changes_nothing_and_records_no_change(api: Api) -> None:
    customer = api.create("/customers", name="Acme", autopay=True)
    updated = api.patch(f"/customers/{customer['id']}", json={"autopay": None, "chase": None}).get_json()
    assert (updated["autopay"], updated["chase"]) == (True, True)
    events = api.get("/events", query_string={"related_to": f"customer,{customer['id']}"}).get_json()
    assert all("autopay" not in (e["data"].get("previous") or {}) for e in events)


@pytest.mark.parametrize(("path", "body", "attribute", "default"), [
    ("/sign_up_pages", {"name": "Join", "plans": None}, "plans", []),
    ("/payment_methods/credit_card", {"convenience_fee": None}, "convenience_fee", 0),
    ("/email_templates", {"name": "Hello", "type": "invoice", "subject": "Hi", "body": "Hello", "options": None},
     "options", None),
])
def test_a_null_for_an_attribute_never_stored_null_is_not_given(api: Api, path: str, body: dict, attribute: str,
                                                               default: object) -> None:
    if path.startswith("/payment_methods/"):
        before = api.get(path).get_json()[attribute]
        response = api.patch(path, json=body)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()[attribute] == before
        return
    response = api.post(path, json=body)
    assert response.status_code == 201, response.get_json()
    shown = response.get_json()[attribute]
    assert shown is not None and (default is None or shown == default)
    update = api.patch(f"{path}/{response.get_json()['id']}", json={attribute: None})
    assert update.status_code == 200, update.get_json()
    assert update.get_json()[attribute] == shown
