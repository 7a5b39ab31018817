"""Strict mode: unknown request parameters are refused by name; a response breaking its schema becomes a 500.
Also the suite-wide audit that records such breaks without changing the response."""

from __future__ import annotations

from typing import Any

import pytest

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.cli import build_parser
from invoiced_mock.contract import checks
from invoiced_mock.resources.customers import Customers
from tests.conftest import Api

from .conftest import World
from .operation_calls import OPERATIONS, call_for, operation


@pytest.fixture
def strict(clock: Clock) -> Api:
    return Api(InvoicedMock(clock=clock, strict=True))


def test_unknown_create_parameters_are_refused_by_name(strict: Api) -> None:
    response = strict.post("/customers", json={"name": "Acme", "nmae": "typo", "colour": "red"})
    assert response.status_code == 400
    assert response.get_json() == {"type": "invalid_request", "param": "colour",
                                   "message": "Unknown request parameters: colour, nmae"}
    assert strict.get("/customers").get_json() == []  # nothing written


def test_lenient_mode_ignores_the_same_parameters(api: Api) -> None:
    response = api.post("/customers", json={"name": "Acme", "nmae": "typo"})
    assert response.status_code == 201


def test_known_parameters_pass_in_strict_mode(strict: Api) -> None:
    customer = strict.create("/customers", name="Acme", metadata={"rep": "Jan"}, expand="parent_customer",
                             disabled_payment_methods=["wire_transfer"])
    echoed = strict.patch(f"/customers/{customer['id']}", json={**customer, "name": "Acme Ltd"})
    assert echoed.status_code == 200  # read-only attributes are known: sent back as shown, they change nothing
    changed = strict.patch(f"/customers/{customer['id']}", json={**customer, "payment_source": {"id": 1}})
    assert changed.status_code == 400  # one sent otherwise is refused in the API's words
    assert changed.get_json()["message"] == "Mass assignment of payment_source on Customer is not allowed"
    updated = strict.patch(f"/customers/{customer['id']}", json={"name": "Acme Ltd", "id": customer["id"]})
    assert updated.status_code == 200
    listed = strict.get("/customers", query_string={"page": 1, "per_page": 5, "sort": "name desc",
                                                   "filter[name]": "Acme Ltd", "metadata[rep]": "Jan",
                                                   "updated_after": 1, "open_balance": 0})
    assert listed.status_code == 200
    assert [c["name"] for c in listed.get_json()] == ["Acme Ltd"]
    assert strict.get(f"/customers/{customer['id']}", query_string={"include": "x"}).status_code == 200


def test_unknown_list_and_retrieve_parameters_are_refused(strict: Api) -> None:
    listed = strict.get("/customers", query_string={"pgae": 2})
    assert (listed.status_code, listed.get_json()["param"]) == (400, "pgae")
    customer = strict.create("/customers", name="Acme")
    one = strict.get(f"/customers/{customer['id']}", query_string={"expnad": "owner"})
    assert (one.status_code, one.get_json()["message"]) == (400, "Unknown request parameters: expnad")
    gone = strict.delete(f"/customers/{customer['id']}", query_string={"force": 1})
    assert (gone.status_code, gone.get_json()["param"]) == (400, "force")


def broken_computed(self: Customers, business: Any, record: dict[str, Any]) -> dict[str, Any]:
    return {"statement_pdf_url": 42}  # a number where the schema says string


def test_strict_mode_answers_500_naming_the_violation(strict: Api, monkeypatch: pytest.MonkeyPatch,
                                                      contract_audit: checks.Audit) -> None:
    monkeypatch.setattr(Customers, "computed", broken_computed)
    response = strict.post("/customers", json={"name": "Acme"})
    assert response.status_code == 500
    assert response.get_json() == {
        "type": "api_error",
        "message": "invoiced-mock broke its own contract: customer: $.statement_pdf_url: "
                   "42 is not of type 'string', 'null' (rule: type)"}
    assert contract_audit.take() == [
        "POST /customers → 201: customer: $.statement_pdf_url: 42 is not of type 'string', 'null' (rule: type)"]
    monkeypatch.undo()
    assert strict.get("/customers").get_json() == []  # the refused answer's write was rolled back
    assert strict.get("/events").get_json() == []


def test_the_audit_records_without_changing_the_response(api: Api, monkeypatch: pytest.MonkeyPatch,
                                                         contract_audit: checks.Audit) -> None:
    api.create("/customers", name="Acme")
    assert contract_audit.take() == []
    monkeypatch.setattr(Customers, "computed", broken_computed)
    listed = api.get("/customers")
    assert listed.status_code == 200
    assert listed.get_json()[0]["statement_pdf_url"] == 42
    assert contract_audit.take() == [
        "GET /customers → 200: customer_list: $[0].statement_pdf_url: "
        "42 is not of type 'string', 'null' (rule: type)"]


def test_error_bodies_are_checked_too(api: Api, contract_audit: checks.Audit) -> None:
    assert api.get("/customers/404").status_code == 404
    assert api.get("/nowhere").status_code == 404
    assert contract_audit.take() == []
    assert checks.check_body(b'{"type": "invalid_request"}', "error")[0].rule == "required"
    assert checks.check_body(b"<html>", "error")[0].rule == "json"


def test_serve_has_a_strict_flag() -> None:
    assert build_parser().parse_args(["serve", "--strict"]).strict is True
    assert build_parser().parse_args(["serve"]).strict is False


def test_billing_pending_lines_takes_an_invoice_body_and_refuses_the_rest(strict: Api) -> None:
    customer = strict.create("/customers", name="Acme")
    strict.create(f"/customers/{customer['id']}/line_items", name="Usage", unit_cost=3)
    for wrong, param in (({"nmae": "typo"}, "nmae"), ({"items": [{"name": "x"}]}, "items"),
                         ({"customer": customer["id"]}, "customer"), ({"status": "paid"}, "status")):
        refused = strict.post(f"/customers/{customer['id']}/invoices", json=wrong)
        assert refused.status_code == 400, wrong
        assert refused.get_json()["param"] == param
    assert len(strict.get(f"/customers/{customer['id']}/line_items").get_json()) == 1  # nothing billed

    billed = strict.post(f"/customers/{customer['id']}/invoices", json={
        "name": "March usage", "payment_terms": "NET 15", "purchase_order": "PO-7", "tags": ["usage"],
        "metadata": {"period": "2024-03"}, "expand": "customer"})
    assert billed.status_code == 201, billed.get_data(as_text=True)
    invoice = billed.get_json()
    assert (invoice["name"], invoice["payment_terms"], invoice["purchase_order"], invoice["tags"]) == (
        "March usage", "NET 15", "PO-7", ["usage"])
    assert invoice["metadata"] == {"period": "2024-03"} and invoice["customer"]["id"] == customer["id"]
    assert [line["name"] for line in invoice["items"]] == ["Usage"]


def test_canceling_a_subscription_may_say_why_in_strict_mode(strict: Api) -> None:
    customer = strict.create("/customers", name="Acme")
    strict.create("/plans", id="pro", name="Pro", interval="month", amount=99)
    subscription = strict.create("/subscriptions", customer=customer["id"], plan="pro")
    canceled = strict.delete(f"/subscriptions/{subscription['id']}", query_string={"canceled_reason": "Too dear"})
    assert canceled.status_code == 200, canceled.get_data(as_text=True)
    assert canceled.get_json()["canceled_reason"] == "Too dear"


def test_only_a_customers_sends_take_statement_options(strict: Api) -> None:
    customer = strict.create("/customers", name="Acme", email="ap@acme.test")
    invoice = strict.create("/invoices", customer=customer["id"], items=[{"name": "Design", "unit_cost": 30}])
    refused = strict.post(f"/invoices/{invoice['id']}/emails", json={"subject": "Hi", "type": "open_item"})
    assert refused.status_code == 400
    assert refused.get_json()["param"] == "type"
    statement = strict.post(f"/customers/{customer['id']}/emails", json={"subject": "Hi", "type": "open_item"})
    assert statement.status_code == 201, statement.get_data(as_text=True)


SHOWN_READS = [o for o in OPERATIONS if o[2] == "get" and operation(o[1], o[2]).kind in ("list", "retrieve")]


@pytest.mark.parametrize(("operation_id", "path", "method"), SHOWN_READS, ids=[o[0] for o in SHOWN_READS])
def test_exclude_holds_strict_mode_to_its_contract_on_every_read(world_api: Api, world_app: World, operation_id: str,
                                                                  path: str, method: str) -> None:
    """A caller may leave any attribute out (``exclude=object`` hides what tells a card from a bank account):
    the contract holds for the objects as they are before the caller's choice, so no read answers 500."""
    call = call_for(operation(path, method), path, method, world_app[1], world_api)
    plain = world_api.get(call.path)
    for excluded in ("object", "id", "object,id,created_at,updated_at"):
        shaped = world_api.get(call.path, query_string={"exclude": excluded})
        assert shaped.status_code == plain.status_code == 200, shaped.get_data(as_text=True)
        body = shaped.get_json()
        for shown in body if isinstance(body, list) else [body]:
            assert not set(excluded.split(",")) & set(shown)
