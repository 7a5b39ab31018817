"""The inspector's lists: a table of the columns a billing person reads, sorted, filtered, searched and paged
through every object (the old page printed 200 JSON objects one under another and no more)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from tests.conftest import EPOCH, Api
from tests.control.inspector.conftest import BUSINESS, customers_and_invoices, page

INVOICES = f"{BUSINESS}/objects/invoice"


def test_an_invoice_list_shows_the_summary_columns_with_readable_dates_and_money(api: Api) -> None:
    (acme, _), invoices = customers_and_invoices(api, count=1)
    api.app.clock.advance(days=2)
    shown = page(api, INVOICES)
    rows = shown.table("objects")
    assert shown.h1 == "Invoices"
    assert rows == [{
        "Number": "INV-00001", "Customer": "Acme Corp", "Status": "sent", "Total": "100.00 USD",
        "Balance": "100.00 USD", "Due date": "2023-12-14", "Updated": "2023-11-14 22:13 UTC 2 days ago",
        "_id": f"invoice-{invoices[0]['id']}",
        "_links": {"INV-00001": f"{INVOICES}/{invoices[0]['id']}",
                   "Acme Corp": f"{BUSINESS}/objects/customer/{acme['id']}"},
    }]
    assert "Showing 1–1 of 1" in shown.text
    assert "1700000000" not in shown.html  # no epoch integer where a date is meant


def test_a_list_pages_through_every_object_past_the_old_200(api: Api) -> None:
    customer = api.create("/customers", name="Bulk")
    for _ in range(250):
        api.create("/invoices", customer=customer["id"], items=[{"name": "x", "unit_cost": 1}])
    first = page(api, INVOICES)
    assert "Showing 1–50 of 250" in first.text
    assert [r["Number"] for r in first.table("objects")][:2] == ["INV-00250", "INV-00249"]  # newest first
    last = page(api, first.link("Last"))
    assert "Showing 201–250 of 250" in last.text and "Page 5 of 5" in last.text
    assert [r["Number"] for r in last.table("objects")][-1] == "INV-00001"
    assert "Next" not in last.links()
    everything = page(api, f"{INVOICES}?per_page=100&page=3")
    assert len(everything.table("objects")) == 50 and "Showing 201–250 of 250" in everything.text


def test_a_list_filters_by_status_and_customer_and_searches(api: Api) -> None:
    (acme, umbrella), invoices = customers_and_invoices(api, count=4)
    api.post(f"/invoices/{invoices[1]['id']}/void")
    api.app.clock.advance(days=40)  # the open ones fall past due
    past_due = page(api, f"{INVOICES}?status=past_due")
    assert sorted(r["Number"] for r in past_due.table("objects")) == ["INV-00001", "INV-00003", "INV-00004"]
    assert {r["Status"] for r in past_due.table("objects")} == {"past_due"}
    theirs = page(api, f"{INVOICES}?customer={umbrella['id']}")
    assert sorted(r["Number"] for r in theirs.table("objects")) == ["INV-00002", "INV-00004"]
    both = page(api, f"{INVOICES}?customer={umbrella['id']}&status=voided")
    assert [r["Number"] for r in both.table("objects")] == ["INV-00002"]
    found = page(api, f"{INVOICES}?q=inv-00003")
    assert [r["Number"] for r in found.table("objects")] == ["INV-00003"]
    assert "Showing 1–1 of 1" in found.text
    filters = found.form("Apply")
    assert filters.method == "get" and filters.fields["q"] == "inv-00003"
    assert {"status", "customer", "q", "sort"} <= set(filters.fields)
    assert all(filters.labels[name] for name in ("status", "customer", "q", "sort"))  # every input labelled
    customers = page(api, f"{BUSINESS}/objects/customer?q=umbrella")
    assert [r["Name"] for r in customers.table("objects")] == ["Umbrella Ltd"]
    assert acme["name"] not in customers.table("objects")[0].values()


def test_a_list_sorts_by_a_column_either_way(api: Api) -> None:
    customer = api.create("/customers", name="Sorted")
    for cost in (30, 10, 20):
        api.create("/invoices", customer=customer["id"], items=[{"name": "x", "unit_cost": cost}])
    up = page(api, f"{INVOICES}?sort=total")
    assert [r["Total"] for r in up.table("objects")] == ["10.00 USD", "20.00 USD", "30.00 USD"]
    assert [th.get("aria-sort") for th in up.root.one("table", id="objects").all("th") if th.text == "Total"] == [
        "ascending"]
    down = page(api, up.link("Total"))  # the sorted column's header turns the order round
    assert [r["Total"] for r in down.table("objects")] == ["30.00 USD", "20.00 USD", "10.00 USD"]
    assert "descending" in down.html
    refused = api.http.get(f"{INVOICES}?sort=status")  # the clock moves statuses: not sortable as stored
    assert refused.status_code == 400 and "sort" in refused.get_data(as_text=True)


def test_bad_list_parameters_answer_an_html_page_naming_the_parameter(api: Api) -> None:
    api.create("/customers", name="A")
    refused = api.http.get(f"{INVOICES}?page=zero")
    assert refused.status_code == 400 and refused.mimetype == "text/html"
    assert "page" in refused.get_data(as_text=True)
    assert api.http.get(f"{BUSINESS}/objects/nothing").status_code == 404


@settings(max_examples=25)
@given(count=st.integers(min_value=0, max_value=60), per_page=st.sampled_from([10, 25, 50]))
def test_paging_shows_every_object_exactly_once(count: int, per_page: int) -> None:
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
    api.get("/customers")  # the business exists, empty or not
    for n in range(count):
        api.create("/customers", name=f"C{n}")
    seen: list[str] = []
    url = f"{BUSINESS}/objects/customer?per_page={per_page}"
    while True:
        shown = page(api, url)
        seen += [r["_id"] for r in shown.table("objects")]
        if "Next" not in shown.links():
            break
        url = shown.link("Next")
    assert sorted(seen) == sorted(f"customer-{n + 1}" for n in range(count))
    assert len(set(seen)) == len(seen)
