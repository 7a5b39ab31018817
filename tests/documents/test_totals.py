"""Document totals (§3.1) through ``POST``/``PATCH /invoices``: lines, rates, rounding, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api
from tests.documents.helpers import invoice

pytestmark = pytest.mark.usefixtures("rates")


def test_line_and_document_discounts_and_taxes_stack(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=[
        {"name": "Boxes", "quantity": 2, "unit_cost": 50, "discounts": ["ten"]},
        {"name": "Delivery", "quantity": 1, "unit_cost": 20, "taxable": False},
    ], discounts=[{"coupon": "five"}], taxes=["vat"])
    # line 1: 100.00 less 10% = 90.00; line 2: 20.00 (not taxable).
    # subtotal 120.00; discounted 110.00; document coupon: 5.00 flat.
    # document tax base: 110.00 - 5.00 - 20.00 (non-taxable line) = 85.00; 8% = 6.80.
    assert body["items"][0]["amount"] == 100
    assert body["items"][0]["discounts"][0]["amount"] == 10
    assert body["discounts"][0]["amount"] == 5
    assert body["discounts"][0]["coupon"]["id"] == "five"
    assert body["taxes"][0]["amount"] == 6.8
    assert body["taxes"][0]["tax_rate"]["id"] == "vat"
    assert body["subtotal"] == 120
    assert body["total"] == 111.8  # 120 - 10 - 5 + 6.80
    assert body["balance"] == 111.8


def test_non_discountable_line_is_left_out_of_document_discount(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=[
        {"name": "A", "unit_cost": 80},
        {"name": "Fee", "unit_cost": 20, "discountable": False},
    ], discounts=["ten"])
    assert body["discounts"][0]["amount"] == 8  # 10% of (100 - 20)
    assert body["total"] == 92


def test_tax_inclusive_rate_is_marked_down_with_a_ceiling(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=[{"name": "Gross", "unit_cost": 100, "taxes": ["incl7"]}])
    # 10000 cents × 7/107 = 654.2056… → ceil → 655 cents of tax inside the 100.00
    assert body["items"][0]["taxes"][0]["amount"] == 6.55
    assert body["items"][0]["amount"] == 93.45
    assert body["subtotal"] == 93.45
    assert body["total"] == 100


def test_document_level_inclusive_tax_reduces_the_subtotal(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=[{"name": "Gross", "unit_cost": 214}], taxes=["incl7"])
    # 21400 × 7/107 = 1400 exactly
    assert body["taxes"][0]["amount"] == 14
    assert body["subtotal"] == 200
    assert body["total"] == 214


@pytest.mark.parametrize(("quantity", "unit_cost", "amount"), [
    ("1", "0.125", 0.13),    # 12.5 cents rounds half up (banker's rounding would give 0.12)
    ("3", "0.335", 1.01),    # 100.5 cents; in floats 3 * 0.335 = 1.0050000000000001 or 1.00499…
    ("1", "2.675", 2.68),    # float(2.675) is 2.67499…; decimal half-up is 2.68
    ("0.5", "0.01", 0.01),   # half a cent rounds up
])
def test_line_amounts_round_half_up(api: Api, customer: dict[str, Any], quantity: str, unit_cost: str,
                                    amount: float) -> None:
    body = invoice(api, customer, items=[{"name": "x", "quantity": quantity, "unit_cost": unit_cost}])
    assert body["items"][0]["amount"] == amount
    assert body["total"] == amount


def test_percent_tax_rounds_half_up(api: Api, customer: dict[str, Any]) -> None:
    api.create("/tax_rates", id="five-pct", name="5%", value=5)
    body = invoice(api, customer, items=[{"name": "x", "unit_cost": "0.30"}], taxes=["five-pct"])
    assert body["taxes"][0]["amount"] == 0.02  # 1.5 cents → 2
    assert body["total"] == 0.32


def test_zero_decimal_currency(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, currency="jpy", items=[{"name": "x", "quantity": 3, "unit_cost": "333.5"}],
                   taxes=["vat"])
    # 3 × 333.5 = 1000.5 yen → 1001; 8% = 80.08 → 80
    assert body["items"][0]["amount"] == 1001
    assert body["taxes"][0]["amount"] == 80
    assert body["total"] == 1081


def test_the_documented_form_encoded_example(api: Api, customer: dict[str, Any]) -> None:
    form = {"customer": str(customer["id"]), "items[0][name]": "Copy paper", "items[0][unit_cost]": "45",
            "items[1][name]": "Delivery", "items[1][unit_cost]": "10", "taxes[0][amount]": "3.85"}
    response = api.request("POST", "/invoices", data=form)
    assert response.status_code == 201
    body = response.get_json()
    assert body["subtotal"] == 55
    assert body["taxes"][0]["amount"] == 3.85
    assert body["taxes"][0]["tax_rate"] is None
    assert body["total"] == 58.85  # the rules, not the docs' own 51.15


def test_shorthands_and_deprecated_shipping(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=[{"name": "x", "unit_cost": 100}], tax="12.34", discount=10, shipping=5)
    assert [t["amount"] for t in body["taxes"]] == [12.34]
    assert [d["amount"] for d in body["discounts"]] == [10]
    assert [s["amount"] for s in body["shipping"]] == [5]
    assert body["total"] == 107.34  # 100 - 10 + 12.34 + 5
    assert "tax" not in body and "discount" not in body


def test_catalog_item_prefills_and_explicit_fields_win(api: Api, customer: dict[str, Any]) -> None:
    api.create("/items", id="widget", name="Widget", unit_cost=15, taxable=False, taxes=["vat"], type="product")
    body = invoice(api, customer, items=[{"catalog_item": "widget", "quantity": 2},
                                         {"catalog_item": "widget", "name": "Big widget", "unit_cost": 40}])
    first, second = body["items"]
    assert (first["name"], first["unit_cost"], first["taxable"], first["type"]) == ("Widget", 15, False, "product")
    assert first["taxes"][0]["tax_rate"]["id"] == "vat"
    assert first["taxes"][0]["amount"] == 2.4  # 8% of 30
    assert (second["name"], second["unit_cost"]) == ("Big widget", 40)
    assert body["total"] == 75.6  # 30 + 2.40 + 40 + 3.20


def test_patch_items_updates_matching_ids_adds_new_and_drops_missing(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=[{"name": "Keep", "unit_cost": 10}, {"name": "Drop", "unit_cost": 5}])
    keep = body["items"][0]
    patched = api.patch(f"/invoices/{body['id']}", json={"items": [
        {"id": keep["id"], "quantity": 3}, {"name": "New", "unit_cost": 1}]}).get_json()
    assert [line["name"] for line in patched["items"]] == ["Keep", "New"]
    assert patched["items"][0]["id"] == keep["id"]
    assert patched["items"][0]["amount"] == 30
    assert patched["items"][1]["id"] not in (keep["id"], body["items"][1]["id"])
    assert patched["total"] == 31


def test_echoed_whole_object_keeps_its_rates(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=[{"name": "x", "unit_cost": 100, "taxes": ["vat"]}], discounts=["ten"])
    echoed = {k: body[k] for k in ("customer", "number", "items", "discounts", "taxes", "draft", "closed")}
    again = api.patch(f"/invoices/{body['id']}", json=echoed)
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["total"] == body["total"] == 98  # 100 + 8.00 line tax - 10% document discount


@pytest.mark.parametrize(("params", "param"), [
    ({"taxes": ["nope"]}, "taxes"),
    ({"discounts": [{"coupon": "nope"}]}, "discounts"),
    ({"items": [{"name": "x", "unit_cost": 1, "taxes": ["nope"]}]}, "items"),
    ({"items": [{"catalog_item": "nope"}]}, "items"),
    ({"items": [{"name": "x", "unit_cost": 1, "taxes": ["vat"]}], "taxes": ["vat"]}, "items"),
    ({"items": [{"name": "x", "unit_cost": 10}], "discounts": [{"amount": 11}]}, "total"),
    ({"items": [{"name": "x", "quantity": "lots"}]}, "items"),
    ({"items": "not a list"}, "items"),
])
def test_bad_input_is_refused_naming_the_param_and_writes_nothing(api: Api, customer: dict[str, Any],
                                                                  params: dict[str, Any], param: str) -> None:
    response = api.post("/invoices", json={"customer": customer["id"], **params})
    assert response.status_code == 400
    assert response.get_json()["param"] == param
    assert api.get("/invoices").headers["X-Total-Count"] == "0"
    assert api.get("/events", query_string={"type": "invoice.created"}).get_json() == []


def test_unknown_customer_is_refused(api: Api) -> None:
    response = api.post("/invoices", json={"customer": 999, "items": [{"name": "x", "unit_cost": 1}]})
    assert response.status_code == 400
    assert response.get_json()["param"] == "customer"


def test_customer_tax_rates_apply_on_create_unless_told_not_to(api: Api) -> None:
    taxed = api.create("/customers", name="Taxed", taxes=["vat"])
    body = invoice(api, taxed, items=[{"name": "x", "unit_cost": 50}])
    assert [t["tax_rate"]["id"] for t in body["taxes"]] == ["vat"]
    assert body["total"] == 54  # 50 + 8%
    untaxed = invoice(api, taxed, items=[{"name": "x", "unit_cost": 50}], calculate_taxes=False)
    assert (untaxed["taxes"], untaxed["total"]) == ([], 50)
    on_line = invoice(api, taxed, items=[{"name": "x", "unit_cost": 50, "taxes": ["vat"]}])
    assert (on_line["taxes"], on_line["total"]) == ([], 54)  # not twice
    exempt = api.create("/customers", name="Exempt", taxes=["vat"], taxable=False)
    assert invoice(api, exempt, items=[{"name": "x", "unit_cost": 50}])["total"] == 50
    edited = api.patch(f"/invoices/{untaxed['id']}", json={"notes": "no re-assessment on update"}).get_json()
    assert edited["taxes"] == []


def test_rates_in_one_list_share_a_base_and_do_not_compound(api: Api, customer: dict[str, Any]) -> None:
    api.create("/coupons", id="quarter", name="Quarter", value=25)
    stacked = invoice(api, customer, items=[{"name": "x", "unit_cost": 200, "discounts": ["ten", "quarter"]}])
    assert [d["amount"] for d in stacked["items"][0]["discounts"]] == [20, 50]  # not 20 then 25% of 180
    assert stacked["total"] == 130
    mixed = invoice(api, customer, items=[{"name": "x", "unit_cost": 100, "taxes": ["incl7", "vat"]}])
    # both on 100.00: inclusive 7% → ceil(654.2) = 6.55 inside; exclusive 8% → 8.00 on top
    assert [t["amount"] for t in mixed["items"][0]["taxes"]] == [6.55, 8]
    assert (mixed["subtotal"], mixed["total"]) == (93.45, 108)


def test_form_encoded_line_rates_and_booleans(api: Api, customer: dict[str, Any]) -> None:
    form = {"customer": str(customer["id"]), "draft": "1", "items[0][name]": "Boxes", "items[0][quantity]": "2",
            "items[0][unit_cost]": "50", "items[0][taxes][0]": "vat", "items[0][discounts][0][coupon]": "ten",
            "items[0][taxable]": "true", "items[1][name]": "Fee", "items[1][unit_cost]": "5",
            "items[1][discountable]": "false", "discounts[0]": "five"}
    response = api.request("POST", "/invoices", data=form)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    # line 1: 100 - 10 = 90, tax 8% of 90 = 7.20; line 2: 5 (not discountable); document coupon 5.00 flat
    assert (body["draft"], body["subtotal"], body["total"]) == (True, 105, 97.2)  # 105 - 10 + 7.20 - 5
    assert body["items"][1]["discountable"] is False


@pytest.mark.parametrize(("params", "param"), [
    ({"items": [{"name": "x", "unit_cost": "1e13"}]}, "items"),
    ({"items": [{"name": "x", "unit_cost": 1}], "discount": "1e26"}, "discount"),
    ({"items": [{"name": "x", "unit_cost": 1}], "shipping": "-1e26"}, "shipping"),
])
def test_amounts_beyond_the_limit_are_refused(api: Api, customer: dict[str, Any], params: dict[str, Any],
                                              param: str) -> None:
    response = api.post("/invoices", json={"customer": customer["id"], **params})
    assert (response.status_code, response.get_json()["param"]) == (400, param)


def test_nulls_mean_defaults_and_nested_metadata_is_accepted(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, metadata={"tags": [1.5, 2]}, items=[
        {"name": "x", "quantity": None, "unit_cost": 4, "taxable": None, "description": None}])
    line = body["items"][0]
    assert (line["quantity"], line["taxable"], line["description"], body["total"]) == (1, True, "", 4)
    trimmed = invoice(api, customer, items=[{"name": "  Boxes ", "description": " big\n"}])["items"][0]
    assert (trimmed["name"], trimmed["description"]) == ("Boxes", "big")
    assert body["metadata"] == {"tags": [1.5, 2]}


def test_a_line_or_rate_id_claims_its_old_self_once(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=[{"name": "x", "unit_cost": 10}], discounts=[{"amount": 1}])
    line_id, rate_id = body["items"][0]["id"], body["discounts"][0]["id"]
    twice = api.patch(f"/invoices/{body['id']}", json={
        "items": [{"id": line_id, "unit_cost": 5}, {"id": line_id, "unit_cost": 7}],
        "discounts": [{"id": rate_id, "amount": 1}, {"id": rate_id, "amount": 2}]}).get_json()
    assert [line["id"] == line_id for line in twice["items"]] == [True, False]
    assert [d["id"] == rate_id for d in twice["discounts"]] == [True, False]
    assert twice["total"] == 9  # 5 + 7 - 1 - 2


def test_a_lone_rate_id_in_a_form(api: Api, customer: dict[str, Any]) -> None:
    response = api.request("POST", "/invoices", data={"customer": str(customer["id"]), "items[0][name]": "x",
                                                      "items[0][unit_cost]": "10", "taxes": "vat"})
    assert response.status_code == 201
    assert (response.get_json()["taxes"][0]["tax_rate"]["id"], response.get_json()["total"]) == ("vat", 10.8)


def test_zero_custom_rates_are_dropped_and_a_rate_twice_is_kept_once(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=[{"name": "x", "unit_cost": 10}], discounts=[{"amount": 0}, "ten", "ten"],
                   taxes=[{"amount": "0.00"}], tax=0)
    assert [d["coupon"]["id"] for d in body["discounts"]] == ["ten"]
    assert (body["taxes"], body["total"]) == ([], 9)
