"""Stubs, journal assertions and webhooks behave the same in process and over the wire.

Every test runs twice: once on ``invoiced_mock`` (answered in process) and once on ``invoiced_mock_server``
(a real loopback server). The code under test is the same and so is every expected outcome.
"""

from __future__ import annotations

import invoiced
import pytest
import requests

from invoiced_mock.testing.harness import Harness
from invoiced_mock.testing.webhooks import HandlerError


@pytest.fixture(params=["invoiced_mock", "invoiced_mock_server"])
def mock(request: pytest.FixtureRequest) -> Harness:
    harness: Harness = request.getfixturevalue(request.param)
    return harness


def call(mock: Harness, method: str, path: str, **kwargs: object) -> requests.Response:
    return requests.request(method, mock.base_url + path, auth=(mock.api_key, ""), timeout=10, **kwargs)


def test_a_stub_reaches_the_official_client_and_is_journaled(mock: Harness) -> None:
    mock.stub("GET", "/invoices/*", json={"id": 41, "object": "invoice", "status": "pending", "balance": 5},
              headers={"X-Stubbed": "yes"}, times=1)
    invoice = mock.client.Invoice.retrieve(41)
    assert (invoice.id, invoice.status, invoice.balance) == (41, "pending", 5)
    with pytest.raises(invoiced.errors.InvalidRequestError, match="Invoice was not found: 41"):
        mock.client.Invoice.retrieve(41)  # used up: the mock answers, and it has no invoice 41
    stub = mock.stubs[0].id  # which stub answered: its number in the app (the shared server numbers every key's)
    assert [str(c) for c in mock.requests] == [f"GET /invoices/41 → 200 (stub #{stub})", "GET /invoices/41 → 404"]
    assert [s.hits for s in mock.stubs] == [1]


def test_an_error_stub_raises_the_clients_own_exception(mock: Harness) -> None:
    mock.stub("POST", "/invoices/*/pay", status=402, json={"message": "Card declined", "param": "payment_source"})
    answer = call(mock, "POST", "/invoices/1/pay")
    assert (answer.status_code, answer.json()) == (402, {"type": "invalid_request", "message": "Card declined",
                                                         "param": "payment_source"})
    mock.stub("GET", "/customers", status=429)
    with pytest.raises(invoiced.errors.RateLimitError):
        mock.client.Customer.list()


def test_stubs_over_the_control_plane_are_scoped_to_the_callers_key(mock: Harness) -> None:
    added = call(mock, "POST", "/_mock/stubs", json={"method": "GET", "path": "/plans", "json": [], "times": 1})
    assert added.status_code == 201
    assert call(mock, "GET", "/plans").json() == []
    assert [s["hits"] for s in call(mock, "GET", "/_mock/stubs").json()] == [1]
    assert [s.hits for s in mock.stubs] == [1]


def test_an_unused_stub_is_named_until_used_or_cleared(mock: Harness) -> None:
    mock.stub("GET", "/customers/*", json={"id": 1, "object": "customer"}, times=2)
    call(mock, "GET", "/customers/1")
    with pytest.raises(AssertionError, match=r"GET /customers/\* → 200 \(answered 1, expected 2 times\)"):
        mock.verify()
    mock.clear_stubs()


def test_the_journal_records_form_bodies_the_same_whoever_answered(mock: Harness) -> None:
    form = {"name": "Acme", "metadata[tier]": "gold"}
    call(mock, "POST", "/customers", data=form, headers={"X-Trace": "t1"})
    mock.fail_next("POST", "/customers", status=503)
    call(mock, "POST", "/customers", data=form, headers={"X-Trace": "t2"})
    hits = mock.requests.assert_called("POST", "/customers", times=2, json={"metadata[tier]": "gold"})
    assert [(c.status, c.json, c.body) for c in hits] == [
        (201, {"name": "Acme", "metadata": {"tier": "gold"}}, "name=Acme&metadata%5Btier%5D=gold"),
        (503, {"name": "Acme", "metadata": {"tier": "gold"}}, "name=Acme&metadata%5Btier%5D=gold")]
    mock.requests.assert_called("POST", "/customers", times=1, headers={"x-trace": "t2"}, status=503)
    mock.drop_connection("POST", "/customers")
    with pytest.raises(requests.ConnectionError):
        call(mock, "POST", "/customers", data=form)
    assert mock.requests.last.status is None  # no answer reached the client
    assert mock.requests.last.json == {"name": "Acme", "metadata": {"tier": "gold"}}


def test_journal_assertions_take_bracket_keys_and_report_near_misses(mock: Harness) -> None:
    mock.client.Invoice.list(filter={"status": "past_due"})
    mock.requests.assert_called("GET", "/invoices", query={"filter[status]": "past_due"})
    with pytest.raises(AssertionError) as failure:
        mock.requests.assert_called("GET", "/invoices", query={"filter[status]": "paid"})
    assert str(failure.value).splitlines()[-1] == (
        "  #1 GET /invoices → 200: query['filter']['status'] was 'past_due', expected 'paid'")


def test_a_raising_webhook_handler_fails_the_test_with_its_error(mock: Harness) -> None:
    def consumer(event: dict) -> None:
        raise LookupError(f"no tier for {event['data']['object']['name']}")

    mock.webhooks(consumer, types=["customer.created"])
    assert mock.client.Customer.create(name="Acme").id == 1  # the API call itself succeeds
    with pytest.raises(HandlerError, match="raised LookupError: no tier for Acme") as raised:
        mock.verify()
    assert isinstance(raised.value.__cause__, LookupError)


def test_an_unknown_event_type_is_refused_at_registration(mock: Harness) -> None:
    with pytest.raises(ValueError, match=r"no event of type 'customer\.create'; did you mean customer\.created"):
        mock.webhooks(lambda event: None, types=["customer.create"])
