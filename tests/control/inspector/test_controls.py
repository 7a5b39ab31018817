"""Acting on the sandbox from the pages: the clock (with what a move will change, before it runs), faults and
stubs side by side with the traffic they changed, reset behind a confirmation; each control shown only to a
caller who may use it, and every form carrying the page's token."""

from __future__ import annotations

from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from tests.conftest import EPOCH, Api
from tests.control.inspector.conftest import BUSINESS, DAY, UI, customers_and_invoices, page, submit


def test_the_clock_page_says_what_a_move_will_change_before_it_runs(api: Api) -> None:
    _, invoices = customers_and_invoices(api, count=2)
    clock = page(api, f"{UI}/clock")
    assert "2023-11-14 22:13:20 UTC" in clock.text and "frozen" in clock.text
    preview = page(api, f"{UI}/clock?amount=31&unit=days")
    due = preview.table("preview")
    assert {(r["Object"], r["Change"]) for r in due} >= {("INV-00001", "falls past due"),
                                                         ("INV-00002", "falls past due")}
    assert due[0]["When"].startswith("2023-12-14 22:13:21 UTC")
    assert api.app.clock.now() == EPOCH  # a preview moves nothing
    assert api.get(f"/invoices/{invoices[0]['id']}").get_json()["status"] == "sent"
    moved = submit(api, preview, "Advance 31 days")
    assert moved.status_code == 303 and api.app.clock.now() == EPOCH + 31 * DAY
    assert api.get(f"/invoices/{invoices[0]['id']}").get_json()["status"] == "past_due"
    listed = page(api, f"{BUSINESS}/objects/invoice?status=past_due").table("objects")
    assert len(listed) == 2


def test_the_clock_advances_by_any_unit_and_freezes_and_thaws(api: Api) -> None:
    clock = page(api, f"{UI}/clock")
    assert set(clock.form("Preview").fields) >= {"amount", "unit"}
    for amount, unit, expected in (("1", "months", 1_702_592_000), ("2", "hours", 1_702_599_200)):
        shown = page(api, f"{UI}/clock?amount={amount}&unit={unit}")
        button = f"Advance {amount} {unit.rstrip('s')}{'s' if amount != '1' else ''}"
        assert submit(api, shown, button).status_code == 303
        assert api.app.clock.now() == expected
    thawed = submit(api, page(api, f"{UI}/clock"), "Unfreeze")
    assert thawed.status_code == 303 and not api.app.clock.frozen
    frozen = submit(api, page(api, f"{UI}/clock"), "Freeze", at="2030-01-02T03:04")
    assert frozen.status_code == 303 and api.app.clock.frozen and api.app.clock.now() == 1_893_553_440


def test_a_bad_clock_step_is_refused_with_the_field_named_and_nothing_moved(api: Api) -> None:
    refused = api.http.get(f"{UI}/clock?amount=-3&unit=days")
    assert refused.status_code == 400 and refused.mimetype == "text/html"
    assert "amount" in refused.get_data(as_text=True)
    shown = page(api, f"{UI}/clock?amount=1&unit=days")
    posted = submit(api, shown, "Advance 1 day", amount="lots")
    assert posted.status_code == 400 and api.app.clock.now() == EPOCH


def test_faults_are_added_listed_beside_the_requests_they_failed_and_removed(api: Api) -> None:
    api.create("/customers", name="Acme")
    sandbox = page(api, f"{BUSINESS}/sandbox")
    added = submit(api, sandbox, "Add fault", method="POST", path="/invoices", status="503", times="")
    assert added.status_code == 303
    assert api.post("/invoices", json={"customer": 1}).status_code == 503
    assert api.post("/invoices", json={"customer": 1}).status_code == 503  # times empty: until removed
    shown = page(api, f"{BUSINESS}/sandbox")
    faults = shown.table("faults")
    assert [(r["Route"], r["Answer"], r["Hits"]) for r in faults] == [("POST /invoices", "503", "2")]
    changed = shown.table("changed")
    assert [(r["Request"], r["Status"], r["By"]) for r in changed] == [("POST /invoices", "503", "fault")] * 2
    removed = submit(api, shown, "Remove")
    assert removed.status_code == 303 and api.app.faults.rules() == []
    assert api.post("/invoices", json={"customer": 1, "items": [{"name": "x", "unit_cost": 1}]}).status_code == 201
    failing = page(api, f"{BUSINESS}/requests?status=5xx").table("requests")
    assert [(r["Request"], r["Status"]) for r in failing] == [("POST /invoices", "503 fault")] * 2


def test_a_bad_fault_is_refused_on_the_page_with_the_field_named(api: Api) -> None:
    api.get("/customers")
    sandbox = page(api, f"{BUSINESS}/sandbox")
    refused = submit(api, sandbox, "Add fault", path="invoices", status="503")
    assert refused.status_code == 400 and refused.mimetype == "text/html"
    body = refused.get_data(as_text=True)
    assert "path must be" in body and 'aria-invalid="true"' in body
    assert api.app.faults.rules() == []


def test_stubs_are_added_with_their_near_misses_and_removed(api: Api) -> None:
    api.get("/customers")
    sandbox = page(api, f"{BUSINESS}/sandbox")
    added = submit(api, sandbox, "Add stub", method="GET", path="/invoices/*", status="200",
                   json='{"id": 7, "object": "invoice", "status": "pending"}', times="1")
    assert added.status_code == 303
    api.get("/invoices")  # near, but not the stub's path
    shown = page(api, f"{BUSINESS}/sandbox")
    stubs = shown.table("stubs")
    assert [(r["Route"], r["Answer"], r["Hits"]) for r in stubs] == [("GET /invoices/*", "200", "0 of 1")]
    misses = shown.table("stub-1-misses")
    assert misses[0]["Request"] == "GET /invoices" and "does not match /invoices/*" in misses[0]["Why not"]
    assert api.get("/invoices/7").get_json()["status"] == "pending"
    assert [r["By"] for r in page(api, f"{BUSINESS}/sandbox").table("changed")] == ["stub"]
    assert submit(api, page(api, f"{BUSINESS}/sandbox"), "Remove").status_code == 303
    assert api.app.stubs.rules() == []
    bad = submit(api, page(api, f"{BUSINESS}/sandbox"), "Add stub", path="/x", json="{not json")
    assert bad.status_code == 400 and "json" in bad.get_data(as_text=True)


def test_reset_asks_for_a_confirmation_first(api: Api) -> None:
    api.create("/customers", name="Acme")
    overview = page(api, BUSINESS)
    confirm = page(api, overview.link("Reset this business…"))
    assert "1 customer" in confirm.text and api.get("/customers").get_json() != []
    assert confirm.link("Cancel") == BUSINESS
    done = submit(api, confirm, "Yes, reset this business")
    assert done.status_code == 303 and api.get("/customers").get_json() == []


def test_a_key_only_user_sees_no_admin_control_and_is_refused_with_a_page() -> None:
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH), admin_token="t0k")
    http = Client(app)
    http.post("/customers", json={"name": "A"}, auth=("sk_a", ""))
    for path in (UI, f"{UI}/clock", f"{UI}/business/sk_a", f"{UI}/business/sk_a/sandbox"):
        shown = page(http, path, auth=("sk_a", ""))
        buttons = {b for f in shown.forms() for b in f.buttons}
        assert not any(b.startswith(("Advance", "Freeze", "Unfreeze", "Preview")) for b in buttons), (path, buttons)
        assert not any(f.action.endswith("/clock") for f in shown.forms()), path
    admin_view = page(http, f"{UI}/clock", auth=("t0k", ""))
    assert "Preview" in {b for f in admin_view.forms() for b in f.buttons}
    token = page(http, f"{UI}/business/sk_a/sandbox", auth=("sk_a", "")).form("Add fault").fields["token"]
    refused = http.post(f"{UI}/clock", data={"action": "advance", "amount": "1", "unit": "days", "token": token},
                        auth=("sk_a", ""))
    assert refused.status_code == 403 and refused.mimetype == "text/html"
    assert "admin token" in refused.get_data(as_text=True) and app.clock.now() == EPOCH
    http.post("/customers", json={"name": "B"}, auth=("sk_b", ""))
    theirs = http.post(f"{UI}/business/sk_b/reset", data={"token": token}, auth=("sk_b", ""))
    assert theirs.status_code == 403  # a token is the caller's own: another key's page cannot lend it
    assert http.get("/customers", auth=("sk_b", "")).get_json() != []


def test_every_form_needs_the_pages_token_and_origin(api: Api) -> None:
    api.create("/customers", name="Acme")
    confirm = page(api, f"{BUSINESS}/reset")
    form = confirm.form("Yes, reset this business")
    assert form.fields["token"]
    for data, origin in (({}, "http://localhost"), ({"token": "forged"}, "http://localhost"),
                         (form.fields, "http://evil.test")):
        refused = api.http.post(form.action, data=data, headers={"Origin": origin})
        assert refused.status_code == 403, (data, origin)
    assert api.get("/customers").get_json() != []
