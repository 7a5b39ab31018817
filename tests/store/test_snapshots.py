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
