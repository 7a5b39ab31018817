"""Payments: applications to invoices, credit notes, estimates and credit; edits, voids and bad input."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import EPOCH, Api


@pytest.fixture
def customer(api: Api) -> dict[str, Any]:
    return api.create("/customers", name="Acme", currency="usd")


def _invoice(api: Api, customer: dict[str, Any], unit_cost: str, **extra: Any) -> dict[str, Any]:
    return api.create("/invoices", customer=customer["id"],
                      items=[{"name": "Work", "quantity": 1, "unit_cost": unit_cost}], **extra)


def _invoice_state(api: Api, invoice_id: int) -> tuple[Any, ...]:
    body = api.get(f"/invoices/{invoice_id}", query_string={"include": "amount_paid,amount_credited"}).get_json()
    return body["balance"], body["amount_paid"], body["paid"], body["closed"], body["status"]


def _credit(api: Api, customer_id: int) -> Any:
    return api.get(f"/customers/{customer_id}/balance").get_json()["available_credits"]


def test_partial_then_full_payment(api: Api, customer: dict[str, Any]) -> None:
    invoice = _invoice(api, customer, "100.00")
    first = api.create("/payments", amount="40.25", applied_to=[
        {"type": "invoice", "invoice": invoice["id"], "amount": "40.25"}])
    # the customer and currency come from the invoice
    assert (first["customer"], first["currency"], first["balance"]) == (customer["id"], "usd", 0)
    assert first["method"] == "other" and first["source"] == "keyed" and first["date"] == EPOCH
    assert _invoice_state(api, invoice["id"]) == (59.75, 40.25, False, False, "not_sent")
    api.create("/payments", amount="59.75", customer=customer["id"], applied_to=[
        {"type": "invoice", "invoice": invoice["id"], "amount": "59.75"}])
    assert _invoice_state(api, invoice["id"]) == (0, 100, True, True, "paid")


def test_overpayment_becomes_credit_and_balance_is_the_unapplied_rest(api: Api, customer: dict[str, Any]) -> None:
    invoice = _invoice(api, customer, "80")
    payment = api.create("/payments", amount="150", applied_to=[
        {"type": "invoice", "invoice": invoice["id"], "amount": "80"},
        {"type": "credit", "amount": "50"},
    ])
    # 150 received − 80 to the invoice − 50 to credit = 20 left unapplied
    assert payment["balance"] == 20
    assert "applied_to" not in payment
    shown = api.get(f"/payments/{payment['id']}", query_string={"include": "applied_to"}).get_json()
    assert [(s["type"], s["amount"]) for s in shown["applied_to"]] == [("invoice", 80), ("credit", 50)]
    assert all(isinstance(s["id"], int) for s in shown["applied_to"])
    assert _credit(api, customer["id"]) == 50


def test_applied_credit_spends_the_credit_balance_on_an_invoice(api: Api, customer: dict[str, Any]) -> None:
    api.create("/credit_balance_adjustments", customer=customer["id"], amount="30")
    invoice = _invoice(api, customer, "45")
    payment = api.create("/payments", amount="15", customer=customer["id"], applied_to=[
        {"type": "invoice", "invoice": invoice["id"], "amount": "15"},
        {"type": "applied_credit", "document_type": "invoice", "invoice": invoice["id"], "amount": "30"},
    ])
    # applied credit is not cash: the 15 received is fully used by the invoice split
    assert payment["balance"] == 0
    assert _invoice_state(api, invoice["id"]) == (0, 45, True, True, "paid")
    assert _credit(api, customer["id"]) == 0
    more = api.post("/payments", json={"amount": 0, "customer": customer["id"], "applied_to": [
        {"type": "applied_credit", "amount": "0.01"}]})
    assert more.status_code == 400 and more.get_json()["param"] == "applied_to"


def test_credit_note_split_applies_a_credit_note_to_an_invoice(api: Api, customer: dict[str, Any]) -> None:
    invoice = _invoice(api, customer, "120")
    note = api.create("/credit_notes", customer=customer["id"], items=[{"name": "Refund", "unit_cost": "25"}])
    api.create("/payments", amount="0", applied_to=[
        {"type": "credit_note", "credit_note": note["id"], "document_type": "invoice",
         "invoice": invoice["id"], "amount": "25"}])
    body = api.get(f"/invoices/{invoice['id']}", query_string={"include": "amount_credited"}).get_json()
    assert (body["balance"], body["amount_credited"]) == (95, 25)
    assert api.get(f"/credit_notes/{note['id']}").get_json()["balance"] == 0


def test_credit_note_without_a_document_goes_to_the_credit_balance(api: Api, customer: dict[str, Any]) -> None:
    note = api.create("/credit_notes", customer=customer["id"], items=[{"name": "Refund", "unit_cost": "12.50"}])
    api.create("/payments", amount="0", customer=customer["id"], applied_to=[
        {"type": "credit_note", "credit_note": note["id"], "amount": "12.50"}])
    assert _credit(api, customer["id"]) == 12.5
    assert api.get(f"/credit_notes/{note['id']}").get_json()["balance"] == 0


def test_estimate_split_marks_the_deposit_paid(api: Api, customer: dict[str, Any]) -> None:
    estimate = api.create("/estimates", customer=customer["id"], deposit="20",
                          items=[{"name": "Job", "unit_cost": "200"}])
    payment = api.create("/payments", amount="20", applied_to=[
        {"type": "estimate", "estimate": estimate["id"], "amount": "20"}])
    assert api.get(f"/estimates/{estimate['id']}").get_json()["deposit_paid"] is True
    api.delete(f"/payments/{payment['id']}")
    assert api.get(f"/estimates/{estimate['id']}").get_json()["deposit_paid"] is False


def test_void_unwinds_every_effect(api: Api, customer: dict[str, Any]) -> None:
    invoice = _invoice(api, customer, "60")
    payment = api.create("/payments", amount="100", applied_to=[
        {"type": "invoice", "invoice": invoice["id"], "amount": "60"},
        {"type": "credit", "amount": "40"},
    ])
    assert _invoice_state(api, invoice["id"])[2] is True
    response = api.delete(f"/payments/{payment['id']}")
    assert response.status_code == 200 and response.get_json()["voided"] is True
    assert _invoice_state(api, invoice["id"]) == (60, 0, False, False, "not_sent")
    assert _credit(api, customer["id"]) == 0
    again = api.delete(f"/payments/{payment['id']}")
    assert again.status_code == 400
    edit = api.patch(f"/payments/{payment['id']}", json={"notes": "late"})
    assert edit.status_code == 400 and edit.get_json()["param"] == "voided"
    types = [e["type"] for e in api.get("/events", query_string={"related_to": f"invoice,{invoice['id']}"})
             .get_json()]
    assert "payment.created" in types and "payment.deleted" in types


def test_void_refused_when_the_credit_it_gave_was_spent(api: Api, customer: dict[str, Any]) -> None:
    giving = api.create("/payments", amount="10", customer=customer["id"],
                        applied_to=[{"type": "credit", "amount": "10"}])
    api.create("/payments", amount="0", customer=customer["id"],
               applied_to=[{"type": "applied_credit", "amount": "10"}])
    response = api.delete(f"/payments/{giving['id']}")
    assert response.status_code == 400 and response.get_json()["param"] == "applied_to"
    assert api.get(f"/payments/{giving['id']}").get_json()["voided"] is False


def test_patch_applied_to_replaces_the_applications(api: Api, customer: dict[str, Any]) -> None:
    first = _invoice(api, customer, "50")
    second = _invoice(api, customer, "70")
    payment = api.create("/payments", amount="50", applied_to=[
        {"type": "invoice", "invoice": first["id"], "amount": "50"}])
    assert _invoice_state(api, first["id"])[0] == 0
    response = api.patch(f"/payments/{payment['id']}", json={"applied_to": [
        {"type": "invoice", "invoice": second["id"], "amount": "30"}]})
    assert response.status_code == 200
    # 50 received − 30 applied to the second invoice = 20 unapplied; the first invoice is owed again
    assert response.get_json()["balance"] == 20
    assert _invoice_state(api, first["id"])[:3] == (50, 0, False)
    assert _invoice_state(api, second["id"])[:3] == (40, 30, False)
    # a PATCH that does not touch applied_to leaves the invoices alone
    api.patch(f"/payments/{payment['id']}", json={"reference": "chk 1001"})
    assert _invoice_state(api, second["id"])[:3] == (40, 30, False)


@pytest.mark.parametrize(("body", "param"), [
    ({"amount": "10", "applied_to": [{"type": "invoice", "invoice": "{invoice}", "amount": "10.01"}]}, "applied_to"),
    ({"amount": "10", "applied_to": [{"type": "invoice", "invoice": 999, "amount": "5"}]}, "applied_to"),
    ({"amount": "10", "applied_to": [{"type": "invoice", "amount": "5"}]}, "applied_to"),
    ({"amount": "10", "applied_to": [{"type": "refund", "amount": "5"}]}, "applied_to"),
    ({"amount": "10", "applied_to": [{"type": "invoice", "invoice": "{invoice}", "amount": "-5"}]}, "applied_to"),
    ({"amount": "10", "applied_to": [{"type": "invoice", "invoice": "{invoice}", "amount": "4"},
                                     {"type": "invoice", "invoice": "{invoice}", "amount": "4"}]}, "applied_to"),
    ({"amount": "10", "currency": "eur",
      "applied_to": [{"type": "invoice", "invoice": "{invoice}", "amount": "5"}]}, "applied_to"),
    ({"amount": "10", "customer": "{other}",
      "applied_to": [{"type": "invoice", "invoice": "{invoice}", "amount": "5"}]}, "applied_to"),
    ({"amount": "10", "applied_to": [{"type": "credit", "amount": "5"}]}, "customer"),
    ({"amount": "-1", "customer": "{customer}"}, "amount"),
    ({"customer": "{customer}"}, "amount"),
    ({"amount": "5", "customer": 999}, "customer"),
    ({"amount": "5", "customer": "{customer}", "method": "barter"}, "method"),
    ({"amount": "100", "applied_to": [{"type": "invoice", "invoice": "{invoice}", "amount": "25.01"}]}, "applied_to"),
])
def test_bad_input_is_refused_and_writes_nothing(api: Api, customer: dict[str, Any], body: dict[str, Any],
                                                 param: str) -> None:
    invoice = _invoice(api, customer, "25")
    other = api.create("/customers", name="Other")
    names = {"{invoice}": invoice["id"], "{other}": other["id"], "{customer}": customer["id"]}

    def fill(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v) for v in value]
        return names.get(value, value)

    response = api.post("/payments", json=fill(body))
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["param"] == param
    assert api.get("/payments").get_json() == []
    assert _invoice_state(api, invoice["id"])[:2] == (25, 0)


def test_list_by_date_range_and_metadata(api: Api, customer: dict[str, Any]) -> None:
    day = 86_400
    for offset, tag in ((-2, "a"), (0, "b"), (3, "c")):
        api.create("/payments", amount="1", customer=customer["id"], date=EPOCH + offset * day,
                   metadata={"tag": tag})
    listed = api.get("/payments", query_string={"start_date": EPOCH - day, "end_date": EPOCH + day}).get_json()
    assert [p["metadata"]["tag"] for p in listed] == ["b"]
    assert [p["metadata"]["tag"] for p in api.get("/payments", query_string={"metadata[tag]": "c"}).get_json()] \
        == ["c"]
    assert len(api.get("/payments", query_string={"filter[customer]": customer["id"]}).get_json()) == 3
    types = [e["type"] for e in api.get("/events", query_string={"related_to": f"customer,{customer['id']}"})
             .get_json()]
    assert types.count("payment.created") == 3


def test_zero_decimal_currency(api: Api) -> None:
    customer = api.create("/customers", name="Tokyo KK", currency="jpy")
    invoice = _invoice(api, customer, "1000")
    payment = api.create("/payments", amount="1500", applied_to=[
        {"type": "invoice", "invoice": invoice["id"], "amount": "1000"}])
    assert (payment["currency"], payment["balance"]) == ("jpy", 500)


def test_receipt_pdf_lists_the_applications(api: Api, customer: dict[str, Any]) -> None:
    invoice = _invoice(api, customer, "42.10")
    payment = api.create("/payments", amount="50", reference="CHK-778", applied_to=[
        {"type": "invoice", "invoice": invoice["id"], "amount": "42.10"}, {"type": "credit", "amount": "7.90"}])
    assert payment["pdf_url"] == f"http://localhost/payments/{payment['id']}/pdf"
    for response in (api.get(f"/payments/{payment['id']}/pdf"),
                     api.get(f"/payments/{payment['id']}", headers={"Accept": "application/pdf"})):
        assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(api.get(f"/payments/{payment['id']}/pdf").get_data())).pages[0].extract_text()
    assert "Acme" in text and "CHK-778" in text and "42.10" in text and "7.90" in text


def test_form_encoded_applications(api: Api, customer: dict[str, Any]) -> None:
    invoice = _invoice(api, customer, "30")
    response = api.post("/payments", data={
        "amount": "30", "applied_to[0][type]": "invoice", "applied_to[0][invoice]": str(invoice["id"]),
        "applied_to[0][amount]": "12.345"})
    assert response.status_code == 201
    # 12.345 rounds half-up to 12.35: 30 − 12.35 = 17.65 owed and 17.65 unapplied
    assert response.get_json()["balance"] == 17.65
    assert _invoice_state(api, invoice["id"])[:2] == (17.65, 12.35)
    shown = api.get(f"/payments/{response.get_json()['id']}", query_string={"include": "applied_to"})
    assert shown.get_json()["applied_to"][0]["amount"] == 12.35
