"""Pagination: page/per_page slicing, ``Link`` and ``X-Total-Count`` on every list response."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.http.pagination import Page, link_header
from tests.conftest import EPOCH, Api

LINK = re.compile(r'<([^>]*)>; rel="([a-z]+)"')


def links(header: str) -> dict[str, str]:
    """Parse the way the official clients do: split on ',' then ';'."""
    parsed = {}
    for part in header.split(","):
        url, rel = part.split(";")
        parsed[rel.strip().split("=")[1].strip('"')] = url.strip()[1:-1]
    return parsed


def page_number(url: str) -> int:
    return int(parse_qs(urlsplit(url).query)["page"][0])


@given(total=st.integers(0, 450), per_page=st.integers(1, 100), page=st.integers(1, 12))
def test_link_rels_agree_with_the_total(total: int, per_page: int, page: int) -> None:
    header = link_header("http://mock/customers", [("per_page", str(per_page))], Page(page, per_page, total))
    rels = links(header)
    last = max(1, -(-total // per_page))
    assert list(rels)[:2] == ["self", "first"] and list(rels)[-1] == "last"
    assert page_number(rels["self"]) == page and page_number(rels["first"]) == 1
    assert page_number(rels["last"]) == last
    assert ("previous" in rels) == (page > 1)
    assert ("next" in rels) == (page < last)
    if "next" in rels:
        assert page_number(rels["next"]) == page + 1


def _seeded(count: int) -> Api:
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
    for i in range(count):
        api.create("/customers", name=f"Customer {i:03d}", metadata={"batch": "a" if i % 2 else "b"})
    return api


SEEDED = {n: _seeded(n) for n in (0, 1, 7, 23)}


@settings(max_examples=40, deadline=None)
@given(count=st.sampled_from(sorted(SEEDED)), per_page=st.integers(1, 10))
def test_pages_partition_the_result_set(count: int, per_page: int) -> None:
    api = SEEDED[count]
    seen: list[int] = []
    url = f"/customers?per_page={per_page}&sort=name%20desc"
    while url:
        response = api.get(url)
        assert response.status_code == 200
        assert int(response.headers["X-Total-Count"]) == count
        seen += [c["id"] for c in response.get_json()]
        nxt = links(response.headers["Link"]).get("next")
        url = nxt.replace("http://localhost", "") if nxt else ""
    assert sorted(seen) == list(range(1, count + 1))
    assert len(seen) == len(set(seen))
    assert seen == sorted(seen, reverse=True)  # names sort like ids here


def test_empty_lists_carry_both_headers(api: Api) -> None:
    response = api.get("/customers")
    assert response.get_json() == []
    assert response.headers["X-Total-Count"] == "0"
    assert set(links(response.headers["Link"])) == {"self", "first", "last"}
    customer = api.create("/customers", name="Acme")
    nested = api.get(f"/customers/{customer['id']}/contacts")
    assert nested.headers["X-Total-Count"] == "0" and "Link" in nested.headers


def test_links_echo_every_parameter_encoded_on_the_callers_host_and_mount() -> None:
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH))
    http = Client(app)
    for name in ("a", "b", "c"):
        http.post("/customers", json={"name": name}, auth=("k", ""))
    response = http.get("/customers", query_string="per_page=1&page=2&sort=name asc,id desc&filter[taxable]=1",
                        base_url="https://sandbox.example:8443/api", auth=("k", ""))
    rels = links(response.headers["Link"])
    assert set(rels) == {"self", "first", "previous", "next", "last"}
    nxt = rels["next"]
    assert nxt.startswith("https://sandbox.example:8443/api/customers?")
    assert "sort=name%20asc%2Cid%20desc" in nxt and "filter[taxable]=1" in nxt and "per_page=1" in nxt
    assert ";" not in nxt and "," not in nxt
    assert page_number(nxt) == 3


def test_per_page_is_capped_and_page_clamped(api: Api) -> None:
    for i in range(3):
        api.create("/customers", name=f"c{i}")
    assert len(api.get("/customers?per_page=500").get_json()) == 3
    assert [c["name"] for c in api.get("/customers?page=0&per_page=1").get_json()] == ["c0"]
    assert api.get("/customers?page=9").get_json() == []
    bad = api.get("/customers?per_page=lots")
    assert bad.status_code == 400 and bad.get_json()["param"] == "per_page"
