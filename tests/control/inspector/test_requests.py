"""The request log: filters (method, path, status, key, time), each request's duration, what it created or
changed, and the near misses when nothing matched (as ``assert_called`` reports them)."""

from __future__ import annotations

from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from tests.conftest import API_KEY, EPOCH, Api
from tests.control.inspector.conftest import BUSINESS, UI, page

REQUESTS = f"{BUSINESS}/requests"


def _traffic(api: Api) -> dict:
    customer = api.create("/customers", name="Acme")
    api.get(f"/customers/{customer['id']}")
    api.get("/customers/999")
    api.app.clock.advance(hours=2)
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "x", "unit_cost": 5}])
    api.post(f"/invoices/{invoice['id']}/void")
    return invoice


def test_the_log_shows_each_request_with_its_duration_and_what_it_changed(api: Api) -> None:
    invoice = _traffic(api)
    rows = page(api, REQUESTS).table("requests")
    assert [(r["Request"], r["Status"]) for r in rows] == [  # newest first
        (f"POST /invoices/{invoice['id']}/void", "200"), ("POST /invoices", "201"), ("GET /customers/999", "404"),
        ("GET /customers/1", "200"), ("POST /customers", "201")]
    assert all(r["Duration"].endswith(" ms") and float(r["Duration"][:-3]) >= 0 for r in rows)
    assert rows[1]["When"].startswith("2023-11-15 00:13 UTC")
    assert rows[1]["Changed"] == "INV-00001 created"
    assert rows[1]["_links"]["INV-00001 created"] == f"{BUSINESS}/objects/invoice/{invoice['id']}"
    assert rows[0]["Changed"] == "INV-00001 voided"
    assert rows[3]["Changed"] == ""  # a read changes nothing: it links the object it read instead
    assert rows[3]["_links"]["GET /customers/1"].startswith(f"{REQUESTS}/")


def test_the_log_filters_by_method_path_status_and_time(api: Api) -> None:
    _traffic(api)
    shown = page(api, f"{REQUESTS}?method=GET")
    assert [r["Request"] for r in shown.table("requests")] == ["GET /customers/999", "GET /customers/1"]
    assert [r["Request"] for r in page(api, f"{REQUESTS}?path=/invoices").table("requests")] == [
        "POST /invoices/1/void", "POST /invoices"]
    assert [r["Request"] for r in page(api, f"{REQUESTS}?path=/invoices/*/void").table("requests")] == [
        "POST /invoices/1/void"]
    assert [r["Status"] for r in page(api, f"{REQUESTS}?status=4xx").table("requests")] == ["404"]
    assert [r["Status"] for r in page(api, f"{REQUESTS}?status=201").table("requests")] == ["201", "201"]
    later = page(api, f"{REQUESTS}?since=2023-11-15T00:00")
    assert [r["Request"] for r in later.table("requests")] == ["POST /invoices/1/void", "POST /invoices"]
    earlier = page(api, f"{REQUESTS}?until=2023-11-15T00:00")
    assert len(earlier.table("requests")) == 3
    form = later.form("Filter")
    assert {"method", "path", "status", "since", "until"} <= set(form.fields)
    assert all(form.labels[name] for name in ("method", "path", "status", "since", "until"))


def test_no_match_shows_the_near_misses_and_why(api: Api) -> None:
    _traffic(api)
    shown = page(api, f"{REQUESTS}?method=POST&path=/invoices/*/pay")
    assert shown.table("requests") == []
    misses = shown.table("near-misses")
    assert misses[0]["Request"] == "POST /invoices/1/void"
    assert misses[0]["Why not"] == "path /invoices/1/void does not match /invoices/*/pay"


def test_a_request_page_shows_bodies_and_links_what_it_caused(api: Api) -> None:
    invoice = _traffic(api)
    row = page(api, f"{REQUESTS}?path=/invoices/*/void").table("requests")[0]
    detail = page(api, row["_links"][f"POST /invoices/{invoice['id']}/void"])
    assert detail.h1 == f"POST /invoices/{invoice['id']}/void → 200"
    events = detail.table("caused")
    assert [r["Event"] for r in events] == ["invoice.voided"]
    assert events[0]["_links"]["INV-00001"] == f"{BUSINESS}/objects/invoice/{invoice['id']}"
    assert '"voided"' in detail.by_id("response").text or "voided" in detail.by_id("response").text
    assert "Authorization" not in detail.text and API_KEY not in detail.by_id("headers").text


def test_the_admin_reads_every_key_and_filters_by_key() -> None:
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH), admin_token="t0k")
    http = Client(app)
    http.post("/customers", json={"name": "A"}, auth=("sk_a", ""))
    http.post("/customers", json={"name": "B"}, auth=("sk_b", ""))
    everyone = page(http, f"{UI}/requests", auth=("t0k", ""))
    assert [r["Key"] for r in everyone.table("requests")] == ["sk_b", "sk_a"]
    only_a = page(http, f"{UI}/requests?key=sk_a", auth=("t0k", ""))
    assert [r["Key"] for r in only_a.table("requests")] == ["sk_a"]
    assert http.get(f"{UI}/requests?key=sk_b", auth=("sk_a", "")).status_code == 403
    own = page(http, f"{UI}/requests", auth=("sk_a", ""))
    assert [r["Request"] for r in own.table("requests")] == ["POST /customers"] and "sk_b" not in own.text
