"""Snapshots roll every business back; a seeded business copies into another mock independently."""

from __future__ import annotations

from invoiced_mock import InvoicedMock
from invoiced_mock.store.snapshots import copy_business, rolled_back
from tests.conftest import Api


def test_everything_written_inside_the_block_is_gone_after_it(api: Api) -> None:
    api.create("/customers", name="Kept")
    with rolled_back(api.app.tenants):
        api.create("/customers", name="Dropped")
        api.patch("/customers/1", json={"name": "Renamed"})
        api.post("/customers", json={"name": "Elsewhere"}, auth=("sk_new", ""))
    assert [c["name"] for c in api.get("/customers").get_json()] == ["Kept"]
    assert api.get("/customers", auth=("sk_new", "")).get_json() == []
    # Sequences went back too: the next customer is number 2 again.
    assert api.create("/customers", name="Next")["number"] == "CUST-00002"


def test_a_copied_business_is_independent_of_its_source(api: Api) -> None:
    api.create("/customers", name="Seeded")
    target = InvoicedMock(clock=api.app.clock)
    copy_business(api.app.business(api.api_key), target.business(api.api_key))
    copy = Api(target)
    copy.patch("/customers/1", json={"name": "Changed in the copy"})
    assert copy.create("/customers", name="Second")["id"] == 2
    assert [c["name"] for c in api.get("/customers").get_json()] == ["Seeded"]
    assert copy.get("/customers", query_string={"filter[name]": "Changed in the copy"}).get_json()[0]["id"] == 1


def test_a_snapshot_of_one_key_leaves_the_others_alone(api: Api) -> None:
    with rolled_back(api.app.tenants, only=api.api_key):
        api.create("/customers", name="Dropped")
        api.post("/customers", json={"name": "Kept elsewhere"}, auth=("sk_other", ""))
    assert api.get("/customers").get_json() == []
    assert [c["name"] for c in api.get("/customers", auth=("sk_other", "")).get_json()] == ["Kept elsewhere"]


def _world_with_invoices_falling_due(api: Api, count: int) -> None:
    customer = api.create("/customers", name="Acme", payment_terms="NET 30")
    for _ in range(count):
        invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": 100}])
        api.post(f"/invoices/{invoice['id']}/emails", json={"to": [{"email": "ap@acme.test"}]})
    api.get("/customers")  # the source has planned what falls due


def test_a_copied_world_brings_its_plan_and_plans_nothing_again(api: Api, monkeypatch) -> None:
    from invoiced_mock.core import schedule

    _world_with_invoices_falling_due(api, 3)
    target = InvoicedMock(clock=api.app.clock)
    copy_business(api.app.business(api.api_key), target.business(api.api_key))
    planned_again: list[str] = []
    monkeypatch.setattr(schedule, "replan", lambda business, resource: planned_again.append(resource.object))
    copy = Api(target)

    assert len(copy.get("/invoices").get_json()) == 3
    assert planned_again == []  # the first request of a copied world is as cheap as its second
    api.app.clock.advance(days=31)
    assert [i["status"] for i in copy.get("/invoices").get_json()] == ["past_due"] * 3
    assert planned_again == []


def test_the_source_and_each_copy_keep_their_own_plan(api: Api) -> None:
    _world_with_invoices_falling_due(api, 2)
    source = api.app.business(api.api_key)
    copies = [InvoicedMock(clock=api.app.clock) for _ in range(2)]
    for mock in copies:
        copy_business(source, mock.business(api.api_key))
    first, second = (Api(mock) for mock in copies)
    first.create("/payments", customer=1, amount=100,  # paid in the first copy: nothing falls due for it there
                 applied_to=[{"type": "invoice", "invoice": 1, "amount": 100}])
    api.app.clock.advance(days=31)

    assert [i["status"] for i in first.get("/invoices").get_json()] == ["paid", "past_due"]
    assert [i["status"] for i in second.get("/invoices").get_json()] == ["past_due", "past_due"]
    assert [i["status"] for i in api.get("/invoices").get_json()] == ["past_due", "past_due"]


def test_a_rolled_back_block_takes_back_what_it_planned(api: Api) -> None:
    _world_with_invoices_falling_due(api, 1)
    with rolled_back(api.app.tenants):
        customer = api.create("/customers", name="Later", payment_terms="NET 5")
        invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": 1}])
        api.post(f"/invoices/{invoice['id']}/emails", json={"to": [{"email": "ap@later.test"}]})
    api.app.clock.advance(days=31)
    assert [i["status"] for i in api.get("/invoices").get_json()] == ["past_due"]
