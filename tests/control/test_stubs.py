"""Stubs: canned answers in the API's dialect, matched after auth and faults, scoped by key, counted."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import InvoicedMock
from invoiced_mock.control.stubs import Stubs
from invoiced_mock.testing.harness import Harness
from tests.conftest import API_KEY, Api


def test_a_stub_answers_its_route_with_the_canned_body_and_headers(api: Api) -> None:
    api.app.stubs.add("GET", "/invoices/*", json={"id": 7, "object": "invoice", "status": "pending"},
                      headers={"X-Request-Id": "req_1"}, api_key=API_KEY)
    answer = api.get("/invoices/7")
    assert answer.status_code == 200
    assert answer.get_json() == {"id": 7, "object": "invoice", "status": "pending"}
    assert answer.headers["X-Request-Id"] == "req_1" and answer.mimetype == "application/json"
    assert api.get("/invoices").status_code == 200  # the pattern's one segment: the list is the mock's own


def test_an_error_stub_answers_in_the_error_dialect(api: Api) -> None:
    api.app.stubs.add("POST", "/invoices/*/pay", status=402, json={"message": "Card declined", "param": "card"})
    api.app.stubs.add("GET", "/customers", status=503)
    declined = api.post("/invoices/1/pay")
    assert (declined.status_code, declined.get_json()) == (402, {"type": "invalid_request", "message": "Card declined",
                                                                 "param": "card"})
    assert api.get("/customers").get_json() == {"type": "api_error",
                                                "message": "The service is temporarily unavailable."}


def test_times_retires_a_stub_and_the_mock_answers_again(api: Api) -> None:
    stub = api.app.stubs.add("GET", "/customers", json=[], times=2)
    api.create("/customers", name="Acme")
    assert [api.get("/customers").get_json() for _ in range(2)] == [[], []]
    assert [c["name"] for c in api.get("/customers").get_json()] == ["Acme"]
    assert stub.hits == 2 and stub.used


def test_a_stub_answers_a_route_the_mock_does_not_serve_but_auth_and_faults_come_first(api: Api) -> None:
    api.app.stubs.add("GET", "/reports/aging/**", json={"buckets": []})
    assert api.get("/reports/aging/2024").get_json() == {"buckets": []}
    assert api.get("/reports/aging/2024", auth=None).status_code == 401
    api.app.faults.add("GET", "/reports/**", status=500)
    assert api.get("/reports/aging/2024").status_code == 500


def test_a_stubs_own_content_type_replaces_the_json_one(api: Api) -> None:
    api.app.stubs.add("GET", "/customers", json="plain", headers={"Content-Type": "text/plain"})
    answer = api.get("/customers")
    assert answer.headers.getlist("Content-Type") == ["text/plain"]


def test_a_204_stub_answers_no_body(api: Api) -> None:
    api.app.stubs.add("DELETE", "/customers/*", status=204)
    answer = api.delete("/customers/99")
    assert answer.status_code == 204 and answer.get_data() == b""


def test_stubs_are_scoped_to_their_key(app: InvoicedMock) -> None:
    app.stubs.add("GET", "/customers", json=[{"id": 1}], api_key="sk_mine")
    assert Api(app, "sk_mine").get("/customers").get_json() == [{"id": 1}]
    assert Api(app, "sk_other").get("/customers").get_json() == []


def test_the_journal_records_a_stubbed_call_like_any_other(api: Api) -> None:
    api.app.stubs.add("POST", "/customers", status=201, json={"id": 9, "object": "customer"})
    api.post("/customers", json={"name": "Acme"})
    (call,) = api.app.journal.calls()
    assert (str(call), call.json, call.response) == ("POST /customers → 201 (stub #1)", {"name": "Acme"},
                                                     {"id": 9, "object": "customer"})
    assert api.get("/customers").get_json() == []  # nothing was written


def test_unused_stubs_are_named_and_required_false_exempts_one() -> None:
    stubs = Stubs()
    stubs.add("GET", "/invoices/*", json={}, times=2)
    stubs.add("GET", "/customers", json=[])
    stubs.add("GET", "/plans", json=[], required=False)
    stubs.take("GET", "/invoices/1", None)
    with pytest.raises(AssertionError) as failure:
        stubs.assert_all_used()
    assert str(failure.value) == (
        "2 stubs were not used up (pass required=False to a stub that may go unused):\n"
        "  GET /invoices/* → 200 (answered 1, expected 2 times)\n"
        "  GET /customers → 200 (answered 0, expected at least once)")
    stubs.take("GET", "/invoices/2", None)
    stubs.take("GET", "/customers", None)
    stubs.assert_all_used()


@pytest.mark.parametrize(("options", "message"), [
    ({"status": 700}, "status must be an HTTP status"),
    ({"status": "200"}, "status must be an HTTP status"),
    ({"times": 0}, "times must be a positive integer"),
    ({"headers": {"X-N": 1}}, "headers must map"),
    ({"status": 400, "json": {"error": "x"}}, "error stub's json is the API's error object"),
    ({"status": 400, "json": ["x"]}, "error stub's json is the API's error object"),
    ({"body": "x"}, "unknown stub option 'body'"),
])
def test_a_malformed_stub_is_refused_when_added(options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Stubs().add("GET", "/customers", **options)


@settings(max_examples=40, deadline=None)
@given(times=st.integers(1, 5), calls=st.integers(0, 8))
def test_a_stub_answers_exactly_min_of_times_and_calls(times: int, calls: int) -> None:
    stubs = Stubs()
    stub = stubs.add("GET", "/customers", times=times)
    answered = sum(stubs.take("GET", "/customers", "k") is not None for _ in range(calls))
    assert answered == stub.hits == min(times, calls)
    assert stub.used == (calls >= times)


def _invoices(count: int) -> list[dict[str, object]]:
    return [{"id": n, "object": "invoice", "number": f"INV-{n:05d}", "status": "not_sent"} for n in range(1, count + 1)]


def test_a_list_stub_pages_with_link_and_total_count_through_the_official_client() -> None:
    with Harness.in_process() as mock:
        mock.stub("GET", "/invoices", json=_invoices(250))
        first, metadata = mock.client.Invoice.list()
        assert [i.id for i in first] == list(range(1, 101)) and metadata.total_count == 250
        third, _ = mock.client.Invoice.list(page=3)
        assert [i.id for i in third] == list(range(201, 251))
        small, _ = mock.client.Invoice.list(per_page=7, page=2, filter={"status": "not_sent"})
        assert [i.id for i in small] == list(range(8, 15))
        answer = requests.get(f"{mock.base_url}/invoices", params={"sort": "id ASC", "page": 2},
                              auth=(mock.api_key, ""))  # the Link header as the API builds it: the query echoed
        assert answer.headers["X-Total-Count"] == "250"
        assert answer.links["next"]["url"] == "https://api.invoiced.com/invoices?sort=id%20ASC&page=3"
        assert answer.links["previous"]["url"].endswith("page=1") and answer.links["last"]["url"].endswith("page=3")


def test_an_empty_list_stub_still_answers_the_headers_every_client_reads(api: Api) -> None:
    api.app.stubs.add("GET", "/customers/*/payment_sources", json=[])
    answer = api.get("/customers/1/payment_sources")
    assert answer.get_json() == [] and answer.headers["X-Total-Count"] == "0"
    assert 'rel="self"' in answer.headers["Link"] and 'rel="next"' not in answer.headers["Link"]


def test_stubs_match_on_query_json_form_and_headers_as_subsets(api: Api) -> None:
    stubs = api.app.stubs
    stubs.add("GET", "/invoices", json=[], match_query={"filter[status]": "past_due"})
    stubs.add("POST", "/customers", status=409, match_json={"metadata": {"tier": "gold"}})
    stubs.add("POST", "/payments", status=201, json={"id": 5, "object": "payment"},
              match_json={"amount": 10, "applied_to": [{"type": "credit"}]})
    stubs.add("GET", "/customers", json=[], match_headers={"x-request-id": "req_1"})
    api.create("/customers", name="Acme")

    assert api.get("/invoices", query_string={"filter[status]": "past_due", "page": 1}).get_json() == []
    assert api.get("/invoices", query_string={"filter[status]": "paid"}).headers["X-Total-Count"] == "0"
    assert api.post("/customers", json={"name": "B", "metadata": {"tier": "gold"}}).status_code == 409
    assert api.post("/customers", data={"name": "C", "metadata[tier]": "gold"}).status_code == 409  # a form too
    assert api.post("/customers", json={"name": "D", "metadata": {"tier": "iron"}}).status_code == 201
    paid = api.post("/payments", data={"amount": "10", "applied_to[0][type]": "credit", "applied_to[0][amount]": "10"})
    assert paid.get_json() == {"id": 5, "object": "payment"}  # form values match as text, as the journal's do
    assert api.get("/customers", headers={"X-Request-ID": "req_1"}).get_json() == []
    assert [c["name"] for c in api.get("/customers").get_json()] == ["Acme", "D"]


def test_a_stub_answers_from_a_callable_that_gets_the_request(api: Api) -> None:
    seen: list[Any] = []

    def invoice(request: Any) -> Any:
        seen.append(request)
        number = int(request.path.rsplit("/", 1)[1])
        if number > 100:
            return 404, {"message": f"Invoice was not found: {number}", "param": "id"}
        return {"id": number, "object": "invoice", "expand": request.query.get("expand")}

    stub = api.app.stubs.add("GET", "/invoices/*", answer=invoice)
    assert api.get("/invoices/7", query_string={"expand": "customer"}).get_json() == {
        "id": 7, "object": "invoice", "expand": "customer"}
    missing = api.get("/invoices/404")
    assert missing.status_code == 404 and missing.get_json() == {
        "type": "invalid_request", "message": "Invoice was not found: 404", "param": "id"}
    assert [r.method for r in seen] == ["GET", "GET"] and stub.hits == 2


def test_a_stub_whose_callable_raises_answers_a_500_naming_it(api: Api) -> None:
    api.app.stubs.add("GET", "/invoices/*", answer=lambda request: 1 / 0)
    broken = api.get("/invoices/1")
    assert broken.status_code == 500 and "stub #1 raised ZeroDivisionError" in broken.get_json()["message"]


def test_a_sequence_of_answers_is_given_in_order_then_the_mock_answers() -> None:
    with Harness.in_process() as mock:
        mock.stub("POST", "/customers", status=[429, 429, 201], json={"id": 42, "object": "customer"})
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        session = requests.Session()
        session.mount("https://", HTTPAdapter(max_retries=Retry(total=3, status_forcelist=[429], allowed_methods=None)))
        created = session.post(f"{mock.base_url}/customers", json={"name": "Acme"}, auth=(mock.api_key, ""))
        assert (created.status_code, created.json()) == (201, {"id": 42, "object": "customer"})
        assert [c.status for c in mock.requests] == [429, 429, 201]
        assert mock.client.Customer.create(name="Bolt").id == 1  # used up: the mock's own answer
        assert mock.stubs[0].used and mock.stubs[0].times == 3


def test_the_journal_names_the_stub_that_answered(api: Api) -> None:
    first = api.app.stubs.add("GET", "/invoices/1", json={"id": 1, "object": "invoice"}, api_key=API_KEY)
    second = api.app.stubs.add("GET", "/invoices/*", json={"id": 2, "object": "invoice"}, api_key=API_KEY)
    api.get("/invoices/1")
    api.get("/invoices/2")
    assert (first.id, second.id) == (1, 2)
    assert [str(c) for c in api.app.journal.calls()] == ["GET /invoices/1 → 200 (stub #1)",
                                                        "GET /invoices/2 → 200 (stub #2)"]
    assert [c.extra["stub"] for c in api.app.journal.calls()] == [1, 2]


@pytest.mark.parametrize("headers, why", [
    ({"X-A": "b\r\nSet-Cookie: pwn=1"}, "CR or LF"),
    ({"X-A": "b\nSet-Cookie: pwn=1"}, "CR or LF"),
    ({"X-A": "b\x00"}, "control character"),
    ({"X-A\r\nSet-Cookie": "pwn=1"}, "not a header name"),
    ({"X A": "b"}, "not a header name"),
    ({"": "b"}, "not a header name"),
    ({"Connection": "close"}, "the server's own"),
    ({"Transfer-Encoding": "chunked"}, "the server's own"),
    ({"content-length": "0"}, "the server's own"),
    ({"Keep-Alive": "timeout=5"}, "the server's own"),
    ({"Upgrade": "h2c"}, "the server's own"),
    ({"Content-Type": "text/html"}, "application/json, application/pdf, text/csv or text/plain"),
    ({"Content-Type": "image/svg+xml"}, "application/json, application/pdf, text/csv or text/plain"),
])
def test_a_stub_header_that_would_break_or_widen_the_answer_is_refused(api: Api, headers: dict[str, str],
                                                                       why: str) -> None:
    with pytest.raises(ValueError, match=why):
        api.app.stubs.add("GET", "/customers", json=[], headers=headers)
    assert len(api.app.stubs) == 0
    assert api.get("/customers").headers.get("Set-Cookie") is None


def test_a_stub_may_answer_as_the_api_does(api: Api) -> None:
    api.app.stubs.add("GET", "/invoices/*/csv", json=None,
                      headers={"Content-Type": "text/csv; charset=utf-8", "X-Rate-Limit-Remaining": "\t9"})
    answer = api.get("/invoices/1/csv")
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
