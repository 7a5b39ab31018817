"""Property tests: for random lines and rates the totals add up, and balances follow what is settled."""

from __future__ import annotations

import functools
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.rules.documents import settle_invoice
from tests.conftest import API_KEY, EPOCH, Api

TAXES = ("vat8", "gst15", "incl7", "incl20")
COUPONS = ("ten", "quarter", "nickel")
PLACES = {"usd": Decimal("0.01"), "jpy": Decimal("1")}

money = st.decimals(min_value=0, max_value=2000, places=3)
line = st.fixed_dictionaries({
    "name": st.just("line"),
    "quantity": st.decimals(min_value=0, max_value=50, places=2),
    "unit_cost": money,
    "discountable": st.booleans(),
    "taxable": st.booleans(),
    "discounts": st.lists(st.sampled_from(COUPONS), max_size=2, unique=True),
    "taxes": st.lists(st.sampled_from(TAXES), max_size=2, unique=True),
})
document = st.fixed_dictionaries({
    "currency": st.sampled_from(sorted(PLACES)),
    "items": st.lists(line, min_size=1, max_size=4),
    "discounts": st.lists(st.sampled_from(COUPONS), max_size=2, unique=True),
    "taxes": st.lists(st.sampled_from(TAXES), max_size=2, unique=True),
    "shipping": st.lists(st.fixed_dictionaries({"amount": st.decimals(min_value=0, max_value=20, places=2)}),
                         max_size=1),
})


@functools.cache
def _world() -> tuple[InvoicedMock, Api, int]:
    """One app for every example (building the router per example would dominate the run time)."""
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH))
    api = Api(app)
    for rate_id, value, inclusive in (("vat8", 8, False), ("gst15", "15", False), ("incl7", 7, True),
                                      ("incl20", 20, True)):
        api.create("/tax_rates", id=rate_id, name=rate_id, value=value, inclusive=inclusive)
    api.create("/coupons", id="ten", name="ten", value=10)
    api.create("/coupons", id="quarter", name="quarter", value="25")
    api.create("/coupons", id="nickel", name="nickel", value="0.05", is_percent=False)
    return app, api, api.create("/customers", name="Prop")["id"]


def _decimal_json(response: Any) -> dict[str, Any]:
    return json.loads(response.get_data(as_text=True), parse_float=Decimal)


def _post_document(api: Api, path: str, customer: int, doc: dict[str, Any]) -> Any:
    """POST a generated document, its document taxes minus any already on a line (that is a 400 of its own)."""
    doc_taxes = set(doc["taxes"]) - {t for item in doc["items"] for t in item["taxes"]}
    body = {**doc, "customer": customer, "taxes": sorted(doc_taxes)}
    return api.post(path, data=json.dumps(body, default=str), content_type="application/json")


def _sum(rates: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(r["amount"]) for r in rates), Decimal(0))


def _inclusive(rates: list[dict[str, Any]]) -> Decimal:
    return sum((Decimal(r["amount"]) for r in rates if (r.get("tax_rate") or {}).get("inclusive")), Decimal(0))


SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(doc=document)
def test_total_is_subtotal_less_discounts_plus_taxes(doc: dict[str, Any]) -> None:
    _, api, customer = _world()
    response = _post_document(api, "/invoices", customer, doc)
    result = _decimal_json(response)
    if response.status_code == 400:  # only a flat coupon can push a total below zero
        assert result["param"] == "total"
        assert any("nickel" in item["discounts"] for item in doc["items"]) or "nickel" in doc["discounts"]
        return
    assert response.status_code == 201, result
    place = PLACES[doc["currency"]]
    discounts = _sum(result["discounts"]) + sum((_sum(i["discounts"]) for i in result["items"]), Decimal(0))
    taxes = _sum(result["taxes"]) + sum((_sum(i["taxes"]) for i in result["items"]), Decimal(0))
    shipping = _sum(result["shipping"])
    total, subtotal = Decimal(result["total"]), Decimal(result["subtotal"])
    assert total == subtotal - discounts + taxes + shipping
    assert total >= 0
    assert subtotal == sum((Decimal(i["amount"]) for i in result["items"]), Decimal(0)) - _inclusive(result["taxes"])
    for sent, shown in zip(doc["items"], result["items"], strict=True):
        gross = (sent["quantity"] * sent["unit_cost"]).quantize(place, rounding=ROUND_HALF_UP)
        assert Decimal(shown["amount"]) + _inclusive(shown["taxes"]) == gross
    for amount in [total, subtotal, *(Decimal(r["amount"]) for r in result["taxes"] + result["discounts"])]:
        assert amount == amount.quantize(place)


@SETTINGS
@given(cost=money, parts=st.lists(st.tuples(st.sampled_from(("paid", "credited")),
                                            st.decimals(min_value=0, max_value=1, places=2)), max_size=4))
def test_balance_is_total_less_paid_and_credited(cost: Decimal, parts: list[tuple[str, Decimal]]) -> None:
    app, api, customer = _world()
    invoice = api.create("/invoices", customer=customer, items=[{"name": "x", "unit_cost": str(cost)}])
    total = Decimal(str(invoice["total"]))
    business = app.business(API_KEY)
    applied = {"paid": Decimal(0), "credited": Decimal(0)}
    for kind, share in parts:  # each part takes a share of what is still due
        amount = ((total - sum(applied.values())) * share).quantize(Decimal("0.01"))
        with business.transaction():
            settle_invoice(business, invoice["id"], **{kind: amount})
        applied[kind] += amount
    shown = _decimal_json(api.get(f"/invoices/{invoice['id']}", query_string={
        "include": "amount_paid,amount_credited"}))
    assert Decimal(shown["balance"]) == total - applied["paid"] - applied["credited"]
    assert (Decimal(shown["amount_paid"]), Decimal(shown["amount_credited"])) == (applied["paid"], applied["credited"])
    assert shown["paid"] == (Decimal(shown["balance"]) == 0)
    assert shown["status"] == ("paid" if shown["paid"] else "not_sent")


@settings(max_examples=40, deadline=None)
@given(days=st.integers(min_value=0, max_value=365), shift=st.integers(min_value=-10**6, max_value=10**6),
       spelling=st.sampled_from(("NET {n}", "net-{n}", "Net {n}", "2% 10 NET {n}", "1.5 % 5, net {n}")))
def test_due_date_is_the_date_plus_the_terms_days(days: int, shift: int, spelling: str) -> None:
    _, api, customer = _world()
    body = api.create("/invoices", customer=customer, date=EPOCH + shift, payment_terms=spelling.format(n=days))
    assert body["due_date"] == EPOCH + shift + days * 86_400


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=document)
def test_an_invoiced_estimate_keeps_its_lines_rates_and_total(doc: dict[str, Any]) -> None:
    _, api, customer = _world()
    response = _post_document(api, "/estimates", customer, doc)
    if response.status_code == 400:
        return  # a negative total, covered above
    estimate = _decimal_json(response)
    bill = _decimal_json(api.post(f"/estimates/{estimate['id']}/invoice"))
    for key in ("subtotal", "total", "currency"):
        assert bill[key] == estimate[key]
    assert Decimal(bill["balance"]) == Decimal(bill["total"])
    assert [i["amount"] for i in bill["items"]] == [i["amount"] for i in estimate["items"]]
    assert [t["amount"] for t in bill["taxes"]] == [t["amount"] for t in estimate["taxes"]]
    assert [d["amount"] for d in bill["discounts"]] == [d["amount"] for d in estimate["discounts"]]


_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.text(max_size=4), st.sampled_from(["vat8", "ten", "1.5", "-3", "1e9"]))
_KEYS = st.sampled_from(["id", "name", "quantity", "unit_cost", "taxes", "discounts", "coupon", "tax_rate", "amount",
                         "catalog_item", "taxable", "discountable", "metadata", "expires"])
_JSON = st.recursive(_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=8)
_BODY = st.dictionaries(st.sampled_from(["items", "discounts", "taxes", "shipping", "tax", "discount", "draft",
                                         "closed", "date", "due_date", "payment_terms", "currency", "number",
                                         "calculate_taxes", "metadata", "ship_to", "notes"]), _JSON, max_size=5)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_BODY, path=st.sampled_from(("/invoices", "/credit_notes", "/estimates")))
def test_any_body_gets_an_answer_never_a_server_error(body: dict[str, Any], path: str) -> None:
    _, api, customer = _world()
    before = api.get("/events", query_string={"per_page": 1}).headers["X-Total-Count"]
    created = api.post(path, json={"customer": customer, **body})
    assert created.status_code in (201, 400), created.get_data(as_text=True)
    if created.status_code == 400:
        assert created.get_json()["message"]
        assert api.get("/events", query_string={"per_page": 1}).headers["X-Total-Count"] == before  # no half-write
    else:
        edited = api.patch(f"{path}/{created.get_json()['id']}", json=body)
        assert edited.status_code in (200, 400), edited.get_data(as_text=True)
