"""Consolidated invoices (§3.9) through HTTP and the official client."""

from __future__ import annotations

from decimal import Decimal

import invoiced
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EPOCH, Api

DAY = 86400


def _setup(api: Api) -> tuple[dict, dict, dict]:
    parent = api.create("/customers", name="Parent", consolidated=True)
    child = api.create("/customers", name="Branch", parent_customer=parent["id"], consolidated=True,
                       bill_to_parent=True)
    loner = api.create("/customers", name="Own bills", parent_customer=parent["id"])
    return parent, child, loner


def test_open_invoices_of_the_customer_and_its_billed_children_merge(api: Api) -> None:
    api.create("/tax_rates", id="gst", name="GST", value=10, is_percent=True)
    parent, child, loner = _setup(api)
    first = api.create("/invoices", customer=parent["id"], date=EPOCH - 2 * DAY,
                       items=[{"name": "A", "quantity": 2, "unit_cost": 50, "taxes": ["gst"]}])  # 100 + 10
    second = api.create("/invoices", customer=child["id"], date=EPOCH - DAY,
                        items=[{"name": "B", "unit_cost": 40}], discounts=[{"amount": 5}])  # 35
    credit = api.create("/credit_notes", customer=child["id"], invoice=second["id"], date=EPOCH - DAY,
                        items=[{"name": "B refund", "unit_cost": 10}])
    untouched = [
        api.create("/invoices", customer=loner["id"], items=[{"name": "C", "unit_cost": 7}]),  # not billed
        api.create("/invoices", customer=parent["id"], items=[{"name": "D", "unit_cost": 7}], draft=True),
        api.create("/invoices", customer=parent["id"], items=[{"name": "E", "unit_cost": 7}],
                   date=EPOCH + DAY),  # after the cutoff
    ]
    response = api.post(f"/customers/{parent['id']}/consolidate_invoices")
    assert response.status_code == 200
    merged = response.get_json()
    assert merged["name"] == "Consolidated Invoice" and merged["customer"] == parent["id"]
    assert [(i["name"], i["quantity"], i["amount"]) for i in merged["items"]] == [
        ("A", 2, 100), ("B", 1, 40), ("B refund", -1, -10)]
    assert merged["total"] == first["total"] + second["total"] - credit["total"] == 135  # 110 + 35 − 10
    for document in (f"/invoices/{first['id']}", f"/invoices/{second['id']}", f"/credit_notes/{credit['id']}"):
        assert api.get(document).get_json()["status"] == "voided", document
    for invoice in untouched:
        assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] != "voided"
    consolidated = api.get(f"/invoices/{merged['id']}", query_string={"include": "consolidated"}).get_json()
    assert consolidated["consolidated"] is True


def test_cutoff_date_limits_what_is_merged(api: Api) -> None:
    parent, _, _ = _setup(api)
    old = api.create("/invoices", customer=parent["id"], date=EPOCH - 10 * DAY, items=[{"name": "old",
                                                                                       "unit_cost": 1}])
    recent = api.create("/invoices", customer=parent["id"], date=EPOCH - DAY, items=[{"name": "new",
                                                                                     "unit_cost": 2}])
    merged = api.post(f"/customers/{parent['id']}/consolidate_invoices",
                      json={"cutoff_date": EPOCH - 5 * DAY}).get_json()
    assert merged["total"] == 1
    assert api.get(f"/invoices/{old['id']}").get_json()["status"] == "voided"
    assert api.get(f"/invoices/{recent['id']}").get_json()["status"] != "voided"


def test_partly_paid_invoices_carry_their_payment_over(api: Api) -> None:
    parent, _, _ = _setup(api)
    invoice = api.create("/invoices", customer=parent["id"], items=[{"name": "A", "unit_cost": 100}])
    api.create("/payments", customer=parent["id"], amount=30,
               applied_to=[{"type": "invoice", "invoice": invoice["id"], "amount": 30}])
    merged = api.post(f"/customers/{parent['id']}/consolidate_invoices").get_json()
    assert (merged["total"], merged["balance"]) == (100, 70)


def test_nothing_to_merge_and_consolidation_off_are_400(api: Api) -> None:
    parent, _, loner = _setup(api)
    nothing = api.post(f"/customers/{parent['id']}/consolidate_invoices")
    assert nothing.status_code == 400
    assert nothing.get_json()["message"] == "There were no invoices to consolidate for this customer"
    api.create("/invoices", customer=loner["id"], items=[{"name": "C", "unit_cost": 7}])
    off = api.post(f"/customers/{loner['id']}/consolidate_invoices")
    assert off.status_code == 400 and "consolidation" in off.get_json()["message"]
    assert api.get("/events", query_string={"type": "invoice.voided"}).get_json() == []


def test_dotnet_bare_number_body_is_tolerated(api: Api) -> None:
    parent, _, _ = _setup(api)
    api.create("/invoices", customer=parent["id"], items=[{"name": "A", "unit_cost": 5}])
    response = api.post(f"/customers/{parent['id']}/consolidate_invoices", data=b"",
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 200 and response.get_json()["total"] == 5


def test_consolidation_through_the_official_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Parent", consolidated=True)
    for cost in (10, 15):
        client.Invoice.create(customer=customer.id, items=[{"name": "x", "unit_cost": cost}])
    merged = customer.consolidate_invoices()
    assert isinstance(merged, invoiced.Invoice) and merged.total == 25


line_strategy = st.fixed_dictionaries({
    "name": st.just("line"),
    "quantity": st.integers(min_value=1, max_value=7),
    "unit_cost": st.integers(min_value=10, max_value=99_999).map(lambda c: str(Decimal(c) / 1000)),
    "taxes": st.sampled_from([[], ["vat"]]),
})


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents=st.lists(st.lists(line_strategy, min_size=1, max_size=3), min_size=1, max_size=4),
       discount=st.booleans())
def test_the_merged_total_is_the_sum_of_the_merged_totals(api: Api, documents: list[list[dict]],
                                                           discount: bool) -> None:
    if api.get("/tax_rates/vat").status_code == 404:
        api.create("/tax_rates", id="vat", name="VAT", value="17.5", is_percent=True)
        api.create("/coupons", id="tenth", name="Tenth off", value="10.5", is_percent=True)
    customer = api.create("/customers", name="Prop", consolidated=True)
    totals = []
    for items in documents:
        invoice = api.create("/invoices", customer=customer["id"], items=items,
                             discounts=["tenth"] if discount else [])
        totals.append(Decimal(str(invoice["total"])))
    merged = api.post(f"/customers/{customer['id']}/consolidate_invoices").get_json()
    assert Decimal(str(merged["total"])) == sum(totals)
    assert Decimal(str(merged["balance"])) == sum(totals)
