"""Exports: a file of every object of one type the business holds, built at once and downloadable."""

from __future__ import annotations

import csv
import io

from tests.conftest import EPOCH, Api


def test_an_export_of_customers_as_csv(api: Api) -> None:
    api.create("/customers", name="Acme", email="ap@acme.test", metadata={"region": "west"})
    api.create("/customers", name="Globex")
    made = api.create("/exports", type="customer")
    assert {k: made[k] for k in ("name", "status", "type", "position", "total_records", "message", "user",
                                 "user_id", "created_at")} == {
        "name": "Customers", "status": "succeeded", "type": "customer", "position": 2, "total_records": 2,
        "message": None, "user": None, "user_id": None, "created_at": EPOCH}
    assert made["download_url"] == f"http://localhost/exports/{made['id']}/download"
    file = api.get(made["download_url"].removeprefix("http://localhost"))
    assert file.status_code == 200 and file.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(file.get_data(as_text=True))))
    assert [(r["name"], r["email"], r["metadata"]) for r in rows] == [
        ("Acme", "ap@acme.test", '{"region":"west"}'), ("Globex", "", "{}")]
    api.create("/customers", name="Later")  # the file is what the business held when it was made
    assert len(list(csv.DictReader(io.StringIO(api.get(f"/exports/{made['id']}/download").get_data(
        as_text=True))))) == 2
    assert api.get(f"/exports/{made['id']}").get_json() == made
    assert api.get("/exports", query_string={"filter[type]": "customer"}).get_json() == [made]


def test_an_export_of_invoices_as_json(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": 100}])
    made = api.create("/exports", type="invoice", options={"type": "json"})
    exported = api.get(f"/exports/{made['id']}/download").get_json()
    assert exported == [api.get(f"/invoices/{invoice['id']}").get_json()]
    assert made["name"] == "Invoices"


def test_an_export_the_mock_cannot_make_fails_as_the_backend_s_job_does(api: Api) -> None:
    made = api.create("/exports", type="payout")
    assert (made["status"], made["download_url"], made["message"]) == (
        "failed", None, "Exporter class does not exist for type: payout_csv")
    assert api.get(f"/exports/{made['id']}/download").status_code == 404
    pdf = api.create("/exports", type="invoice", options={"type": "pdf"})
    assert pdf["status"] == "failed"
    missing = api.post("/exports", json={})
    assert missing.status_code == 400 and missing.get_json()["param"] == "type"
    bad = api.post("/exports", json={"type": "customer", "options": "csv"})
    assert bad.status_code == 400 and bad.get_json()["param"] == "options"


def test_deleting_an_export(api: Api) -> None:
    made = api.create("/exports", type="customer")
    assert api.delete(f"/exports/{made['id']}").status_code == 204
    assert api.get(f"/exports/{made['id']}").status_code == 404
    assert api.get(f"/exports/{made['id']}/download").status_code == 404
    assert api.patch(f"/exports/{made['id']}", json={}).status_code == 405
