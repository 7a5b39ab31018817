"""Lists read from indexes answer exactly what a scan of the whole table answers: same rows, same order,
same ``X-Total-Count`` and ``Link``, for random customers, random writes (some rolled back) and random
queries. The twin app's customer table is made without list indexes, so every list there scans."""

from __future__ import annotations

import functools
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.core import crud
from invoiced_mock.core.resource import REGISTRY, Resource
from invoiced_mock.store import business as business_module
from invoiced_mock.store import rows
from invoiced_mock.store.business import Business
from tests.conftest import API_KEY, EPOCH, Api

NAMES = ["Acme", "acme", "Bolt", "Cog", "Zed"]
EMAILS = ["a@example.com", "b@example.com", None]
TYPES = ["company", "person"]
META = st.dictionaries(st.sampled_from(["tier", "rep"]), st.sampled_from(["gold", "1", True, 1]), max_size=2)
CUSTOMER = st.fixed_dictionaries({"name": st.sampled_from(NAMES), "email": st.sampled_from(EMAILS),
                                  "type": st.sampled_from(TYPES), "metadata": META})
WRITE = st.one_of(
    st.tuples(st.just("create"), CUSTOMER),
    st.tuples(st.just("update"), st.integers(1, 12), CUSTOMER),
    st.tuples(st.just("delete"), st.integers(1, 12)),
)
WRITES = st.lists(st.tuples(WRITE, st.booleans()), max_size=14)  # (write, rolled back?)
SORTS = ["", "name asc", "name desc", "name desc,id desc", "name asc,id desc", "id desc", "email asc",
         "created_at desc,name asc", "bogus asc"]
QUERY = st.fixed_dictionaries({}, optional={
    "filter[name]": st.sampled_from([*NAMES, "Nobody"]),
    "filter[number]": st.sampled_from(["CUST-00001", "CUST-00003", "cust-00003"]),
    "filter[email]": st.sampled_from(["a@example.com", "b@example.com", "null"]),
    "filter[type]": st.sampled_from(TYPES),
    "metadata[tier]": st.sampled_from(["gold", "1", "0"]),
    "metadata[rep]": st.sampled_from(["gold", "1"]),
    "sort": st.sampled_from(SORTS),
    "page": st.integers(1, 5),
    "per_page": st.integers(1, 4),
    "updated_after": st.just(str(EPOCH - 1)),
})


KEYS = itertools.count()


@functools.cache
def apps() -> tuple[InvoicedMock, InvoicedMock]:
    return InvoicedMock(clock=Clock(frozen_at=EPOCH)), InvoicedMock(clock=Clock(frozen_at=EPOCH))


def twins() -> tuple[Api, Api]:
    """A new business on each app; the second's customer table has the indexes rules need and none for lists."""
    key = f"sk_twins_{next(KEYS)}"
    indexed, scanning = Api(apps()[0], key), Api(apps()[1], key)
    scanning.app.business(key).table("customer", indexed=("parent_customer",), unique=("number",))
    return indexed, scanning


def write(business: Business, step: tuple[Any, ...], rolled_back: bool) -> None:
    customers = REGISTRY["customer"]
    kind, *args = step
    try:
        with business.transaction():
            if kind == "create":
                crud.create(business, customers, dict(args[0]))
            else:
                record = customers.table(business).get(args[0])
                if record is not None and kind == "update":
                    crud.update(business, customers, record, dict(args[1]))
                elif record is not None:
                    crud.delete(business, customers, record)
            if rolled_back:
                raise RuntimeError("roll back")
    except RuntimeError:
        pass


def answer(api: Api, query: dict[str, Any]) -> tuple[int, list[Any], str | None, str | None]:
    response = api.get("/customers", query_string=query)
    body = response.get_json()
    ids = [c["id"] for c in body] if response.status_code == 200 else body
    return response.status_code, ids, response.headers.get("X-Total-Count"), response.headers.get("Link")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WRITES, st.lists(QUERY, min_size=1, max_size=6))
def test_index_path_and_scan_path_answer_alike(writes: list[Any], queries: list[dict[str, Any]]) -> None:
    indexed, scanning = twins()
    for step, rolled_back in writes:
        for api in (indexed, scanning):
            write(api.app.business(api.api_key), step, rolled_back)
    for query in queries:
        found = answer(indexed, query)
        assert found == answer(scanning, query), query
        if query.keys() <= {"page", "per_page"}:  # both read the id order: check it against the rows themselves
            start = (query.get("page", 1) - 1) * query.get("per_page", 100)
            ids = sorted(REGISTRY["customer"].table(indexed.app.business(indexed.api_key)).rows)
            assert found[1:3] == (ids[start:start + query.get("per_page", 100)], str(len(ids)))


@pytest.fixture
def customers(api: Api) -> list[dict[str, Any]]:
    names = ["Cog", "Acme", "Bolt", "Acme", "Zed"]
    return [api.create("/customers", name=n, email=f"{i}@example.com", metadata={"n": str(i)})
            for i, n in enumerate(names)]


def test_lists_page_straight_from_the_indexes(api: Api, customers: list[dict[str, Any]]) -> None:
    table = REGISTRY["customer"].table(api.app.business(API_KEY))
    page = api.get("/customers?per_page=2&page=2")
    assert [c["name"] for c in page.get_json()] == ["Bolt", "Acme"]
    assert page.headers["X-Total-Count"] == "5" and 'page=3>; rel="next"' in page.headers["Link"]
    by_name = api.get("/customers?sort=name desc&per_page=3")
    assert [(c["name"], c["id"]) for c in by_name.get_json()] == [("Zed", 5), ("Cog", 1), ("Bolt", 3)]
    ties = api.get("/customers?sort=name desc&per_page=3&page=2").get_json()
    assert [(c["name"], c["id"]) for c in ties] == [("Acme", 2), ("Acme", 4)]
    assert [c["id"] for c in api.get("/customers?filter[email]=3@example.com").get_json()] == [4]
    assert [c["id"] for c in api.get("/customers?metadata[n]=2").get_json()] == [3]
    assert table.indexes.ids is not None and "name" in table.indexes.ordered
    assert "email" in table.indexes.equal and table.indexes.metadata is not None


def test_a_rolled_back_write_leaves_lists_as_they_were(api: Api, customers: list[dict[str, Any]]) -> None:
    before = [api.get(f"/customers?{q}").get_json() for q in ("", "sort=name asc", "filter[name]=Acme")]
    response = api.post("/customers", json={"name": "Acme", "parent_customer": 999})
    assert response.status_code == 400
    business = api.app.business(API_KEY)
    with pytest.raises(RuntimeError), business.transaction():
        crud.update(business, REGISTRY["customer"], customers[0], {"name": "Acme"})
        crud.delete(business, REGISTRY["customer"], REGISTRY["customer"].table(business).get(2))
        raise RuntimeError
    assert [api.get(f"/customers?{q}").get_json() for q in ("", "sort=name asc", "filter[name]=Acme")] == before


def test_a_live_attribute_is_filtered_on_its_value_now_never_on_an_index(
        api: Api, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    invoices = REGISTRY["invoice"]
    monkeypatch.setattr(invoices, "filter_indexed", ("status",))  # as if declared: the planner must still scan
    customer = api.create("/customers", name="Acme")
    made = api.create("/invoices", customer=customer["id"], payment_terms="NET 30",
                      items=[{"name": "Work", "unit_cost": 10}])
    assert invoices.table(api.app.business(API_KEY)).indexes.can_match("status")
    clock.advance(days=31)
    assert [i["id"] for i in api.get("/invoices?filter[status]=past_due").get_json()] == [made["id"]]
    assert api.get("/invoices?filter[status]=not_sent").get_json() == []


def test_a_live_attribute_cannot_be_declared_indexed() -> None:
    with pytest.raises(TypeError, match="live"):
        class Stale(Resource):
            object = "stale_test_only"
            path = "stale"
            label = "Stale"
            live = frozenset({"status"})
            sort_indexed = ("status",)
    assert "stale_test_only" not in REGISTRY


def test_a_first_list_reads_only_the_rows_it_returns(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """No first-touch cliff: a large table (from 50 rows here: ``LARGE_TABLE`` lowered) keeps every list index,
    so its first sorted, filtered or paged list rebuilds no more records than it returns (counted, not timed)."""
    monkeypatch.setattr(business_module, "LARGE_TABLE", 50)
    for n in range(80):
        api.create("/customers", name=f"Customer {79 - n:02d}", email=f"c{n}@example.test",
                   metadata={"tier": "gold" if n == 7 else "silver"})
    rebuilt: list[object] = []
    unpack = rows.unpack
    monkeypatch.setattr(rows, "unpack", lambda packed, read_only: rebuilt.append(packed) or unpack(packed, read_only))
    queries = {"sort=name asc&per_page=3": 3, "metadata[tier]=gold": 1, "filter[email]=c9@example.test": 1,
               "per_page=3&page=4": 3, "sort=name desc&per_page=2&page=7": 2}
    for query, returned in queries.items():
        rebuilt.clear()
        answer = api.get(f"/customers?{query}")
        assert answer.status_code == 200 and len(answer.get_json()) == returned
        assert answer.headers["X-Total-Count"] == ("80" if "page" in query else str(returned))
        assert len([p for p in rebuilt if p[1] == "customer"]) <= returned, query
