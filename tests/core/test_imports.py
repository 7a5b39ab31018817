"""``/_mock/import``: an export is checked as the API checks a write before it replaces a business; a refused
import changes nothing, and an accepted one never leaves the API answering 500."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.store.business import public_id
from invoiced_mock.store.persistence import from_json
from tests.conftest import EPOCH

KEY = ("sk_imported", "")
LISTED = ("/customers", "/invoices", "/payments", "/items", "/events", "/credit_notes", "/subscriptions", "/plans")


def business(http: Client) -> dict[str, Any]:
    """A business with a customer, an item, a plan, an invoice with a tax, a payment on it, a subscription."""
    http.post("/customers", json={"name": "Acme", "metadata": {"tier": "gold"}}, auth=KEY)
    http.post("/items", json={"id": "design", "name": "Design", "unit_cost": 10}, auth=KEY)
    http.post("/plans", json={"id": "monthly", "name": "Monthly", "amount": 5, "interval": "month",
                              "interval_count": 1}, auth=KEY)
    http.post("/invoices", json={"customer": 1, "items": [{"catalog_item": "design", "quantity": 2}],
                                 "taxes": [{"amount": 1}]}, auth=KEY)
    http.post("/payments", json={"customer": 1, "amount": 3, "applied_to": [{"type": "invoice", "invoice": 1,
                                                                              "amount": 3}]}, auth=KEY)
    http.post("/subscriptions", json={"customer": 1, "plan": "monthly"}, auth=KEY)
    exported = http.get("/_mock/export", auth=KEY).get_json()
    assert exported["tables"]["invoice"] and exported["tables"]["subscription"]
    return exported


def snapshot(http: Client) -> dict[str, Any]:
    return {path: http.get(path, auth=KEY).get_json() for path in LISTED}


def fresh() -> Client:
    return Client(InvoicedMock(clock=Clock(frozen_at=EPOCH)))


def test_the_issues_invoice_of_nope_items_and_lots_total_is_refused_naming_its_path() -> None:
    http = fresh()
    exported = business(http)
    before = snapshot(http)
    broken = copy.deepcopy(exported)
    broken["tables"]["invoice"][0].update(items="nope", total="lots")
    refused = http.post("/_mock/import", json=broken, auth=KEY)
    assert refused.status_code == 400
    assert refused.get_json()["param"] == "tables[invoice][0][items]"
    assert snapshot(http) == before
    assert http.post("/customers", json={"name": "Next"}, auth=KEY).get_json()["id"] == 2


def test_a_refused_import_changes_nothing_on_disk_either(tmp_path: Path) -> None:
    state = tmp_path / "sandbox.db"
    with InvoicedMock(clock=Clock(frozen_at=EPOCH), state=state) as app:
        http = Client(app)
        exported = business(http)
        before = snapshot(http)
        exported["tables"]["invoice"][0]["total"] = "lots"
        refused = http.post("/_mock/import", json=exported, auth=KEY)
        assert refused.status_code == 400 and refused.get_json()["param"] == "tables[invoice][0][total]"
    with InvoicedMock(state=state) as again:
        assert snapshot(Client(again)) == before


def test_sequences_only_move_forward() -> None:
    http = fresh()
    exported = business(http)
    for value in (0, -4, "x", 1.5, True, None):
        bad = copy.deepcopy(exported)
        bad["sequences"]["customer"] = value
        refused = http.post("/_mock/import", json=bad, auth=KEY)
        assert refused.status_code == 400, value
        assert refused.get_json()["param"] == "sequences[customer]"
    assert http.post("/customers", json={"name": "B"}, auth=KEY).get_json()["id"] == 2
    # an export taken earlier, imported later: numbering keeps its place (id 2 is never given twice)
    assert http.post("/_mock/import", json=exported, auth=KEY).status_code == 200
    assert http.post("/customers", json={"name": "C"}, auth=KEY).get_json()["id"] == 3
    # a sequence left out follows the highest id imported
    other = copy.deepcopy(exported)
    del other["sequences"]["customer"]
    assert http.post("/_mock/import", json=other, auth=("sk_other", "")).status_code == 200
    assert http.post("/customers", json={"name": "D"}, auth=("sk_other", "")).get_json()["id"] == 2


def test_records_are_checked_as_writes_are() -> None:
    http = fresh()
    exported = business(http)
    before = snapshot(http)
    cases: list[tuple[str, Any, str]] = [
        ("customer", {"id": 1}, "tables[customer][0][name]"),  # required
        ("customer", {**exported["tables"]["customer"][0], "email": "not an email"}, "tables[customer][0][email]"),
        ("customer", {**exported["tables"]["customer"][0], "sneaky": 1}, "tables[customer][0][sneaky]"),
        ("customer", {**exported["tables"]["customer"][0], "id": "one"}, "tables[customer][0][id]"),
        ("customer", "Acme", "tables[customer][0]"),
        ("invoice", {**exported["tables"]["invoice"][0], "customer": 99}, "tables[invoice][0][customer]"),
        ("invoice", {**exported["tables"]["invoice"][0], "metadata": {"k": "v" * 300}}, "tables[invoice][0][metadata]"),
    ]
    for table, record, param in cases:
        bad = copy.deepcopy(exported)
        bad["tables"][table][0] = record
        refused = http.post("/_mock/import", json=bad, auth=KEY)
        assert refused.status_code == 400, (param, refused.get_data(as_text=True))
        assert refused.get_json()["param"] == param
    twice = copy.deepcopy(exported)
    twice["tables"]["customer"].append(twice["tables"]["customer"][0])
    assert http.post("/_mock/import", json=twice, auth=KEY).get_json()["param"] == "tables[customer][1][id]"
    assert http.post("/_mock/import", json={**exported, "tables": {"nope": []}}, auth=KEY).get_json()["param"] == (
        "tables[nope]")
    assert snapshot(http) == before


def test_an_export_imports_whole_into_another_business() -> None:
    http = fresh()
    exported = business(http)
    imported = http.post("/_mock/import", json=exported, auth=("sk_copy", ""))
    assert imported.status_code == 200, imported.get_data(as_text=True)
    copied = {path: http.get(path, auth=("sk_copy", "")).get_json() for path in LISTED}
    original = snapshot(http)
    assert copied.pop("/events") == original.pop("/events")  # as they were sent, links and all
    # the customer's pages are the copy's own: the same client ids under the copy's public id
    pages = json.dumps(original).replace(public_id(KEY[0]), public_id("sk_copy"))
    assert copied == json.loads(pages)
    assert http.get("/events", query_string={"related_to": "invoice,1"}, auth=("sk_copy", "")).get_json() == (
        http.get("/events", query_string={"related_to": "invoice,1"}, auth=KEY).get_json())
    again = http.get("/_mock/export", auth=("sk_copy", "")).get_json()
    assert from_json(again) == from_json(exported)  # amounts equal as numbers (an int 0 is read as a Decimal)


JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.text(max_size=5)
                    | st.floats(allow_nan=False, allow_infinity=False),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=6)
EXPORTED = business(fresh())


@settings(max_examples=150)
@given(data=st.data(), value=JSON)
def test_any_value_in_any_attribute_is_refused_whole_or_served_without_a_500(data: st.DataObject, value: Any) -> None:
    http = fresh()
    business(http)
    before = snapshot(http)
    table = data.draw(st.sampled_from(sorted(EXPORTED["tables"])))
    records = EXPORTED["tables"][table]
    index = data.draw(st.integers(0, len(records) - 1))
    attribute = data.draw(st.sampled_from(sorted(records[index])))
    changed = copy.deepcopy(EXPORTED)
    changed["tables"][table][index][attribute] = value
    answer = http.post("/_mock/import", json=changed, auth=KEY)
    assert answer.status_code in (200, 400), answer.get_data(as_text=True)
    if answer.status_code == 400:
        assert answer.get_json()["param"].startswith((f"tables[{table}]", "sequences["))  # a repeated id: the later
        assert snapshot(http) == before
        return
    for path in LISTED:
        assert http.get(path, auth=KEY).status_code == 200, (table, attribute, value, path)
    for record in changed["tables"].get("invoice", []):
        assert http.get(f"/invoices/{record['id']}", auth=KEY).status_code in (200, 404)
    assert http.post("/customers", json={"name": "After"}, auth=KEY).status_code == 201
