"""One downstream module, run twice: through the in-process ``invoiced_mock`` fixture and through the loopback
``invoiced_mock_server``. Every test asserts the same outcome on both routes — retries through the caller's own
``requests`` adapter and urllib3 ``Retry``, timeouts, network faults, a base URL with a trailing slash, httpx.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import invoiced
import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from invoiced_mock.testing.harness import Harness

SLEPT: list[float] = []


class RecordingRetry(Retry):
    """urllib3's Retry, noting the backoff it would sleep instead of sleeping it."""

    def _sleep_backoff(self) -> None:
        SLEPT.append(self.get_backoff_time())


@pytest.fixture(params=["invoiced_mock", "invoiced_mock_server"])
def api(request: pytest.FixtureRequest) -> Harness:
    harness: Harness = request.getfixturevalue(request.param)
    return harness


@pytest.fixture
def session(api: Harness) -> Iterator[requests.Session]:
    """A session of the code under test's own, with the API key and nothing mounted yet."""
    with requests.Session() as session:
        session.auth = (api.api_key, "")
        yield session


def _mount(session: requests.Session, retry: Retry) -> None:
    for prefix in ("https://", "http://"):
        session.mount(prefix, HTTPAdapter(max_retries=retry))


def _outcomes(api: Harness) -> list[str]:
    return [str(call) for call in api.requests]


def test_a_mounted_retry_goes_through_two_rate_limits(api: Harness, session: requests.Session) -> None:
    _mount(session, Retry(total=3, status_forcelist=[429], allowed_methods=None))
    api.fail_next("POST", "/customers", status=429, times=2)
    response = session.post(f"{api.base_url}/customers", json={"name": "Acme"})
    assert response.status_code == 201
    assert [h.status for h in response.raw.retries.history] == [429, 429]
    assert _outcomes(api) == ["POST /customers → 429", "POST /customers → 429", "POST /customers → 201"]


def test_a_rate_limit_says_when_to_retry(api: Harness, session: requests.Session) -> None:
    api.fail_next("GET", "/customers", status=429)
    limited = session.get(f"{api.base_url}/customers")
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "0")
    assert limited.json()["type"] == "rate_limit_error"
    assert "Retry-After" not in session.get(f"{api.base_url}/customers").headers


def test_retries_run_out_and_raise_unless_told_not_to(api: Harness, session: requests.Session) -> None:
    api.fail_next("GET", "/customers", status=503, times=None)
    _mount(session, Retry(total=2, status_forcelist=[503]))
    with pytest.raises(requests.exceptions.RetryError, match="too many 503 error responses"):
        session.get(f"{api.base_url}/customers")
    _mount(session, Retry(total=1, status_forcelist=[503], raise_on_status=False))
    assert session.get(f"{api.base_url}/customers").status_code == 503
    assert _outcomes(api) == ["GET /customers → 503"] * 5


def test_backoff_sleeps_only_what_the_retry_asks_for(api: Harness, session: requests.Session) -> None:
    SLEPT.clear()
    _mount(session, RecordingRetry(total=3, status_forcelist=[429], backoff_factor=0.1))
    api.fail_next("GET", "/customers", status=429, times=2)  # Retry-After: 0 adds no wait of its own
    assert session.get(f"{api.base_url}/customers").status_code == 200
    assert SLEPT == [0, 0.2]


def test_a_retry_goes_through_a_dropped_connection(api: Harness, session: requests.Session) -> None:
    _mount(session, Retry(total=2, read=1, allowed_methods=None))
    api.drop_connection("PATCH", "/customers/*")
    acme = api.factories.customer(name="Acme")
    renamed = session.patch(f"{api.base_url}/customers/{acme['id']}", json={"name": "Acme Inc"})
    assert renamed.json()["name"] == "Acme Inc"
    assert _outcomes(api) == ["PATCH /customers/1 → connection_error", "PATCH /customers/1 → 200"]


def test_a_dropped_connection_is_a_connection_error(api: Harness, session: requests.Session) -> None:
    api.drop_connection("GET", "/customers")
    with pytest.raises(requests.ConnectionError, match="Connection aborted"):
        session.get(f"{api.base_url}/customers", timeout=5)
    assert _outcomes(api) == ["GET /customers → connection_error"]


def test_latency_beyond_the_read_timeout_is_a_read_timeout_after_that_timeout(api: Harness,
                                                                              session: requests.Session) -> None:
    api.add_latency(6, "POST", "/customers")
    started = time.monotonic()
    with pytest.raises(requests.ReadTimeout, match=r"read timeout=0.5"):
        session.post(f"{api.base_url}/customers", json={"name": "Late"}, timeout=(5, 0.5))
    assert 0.45 <= time.monotonic() - started < 4  # the client's timeout, not the latency (with room for a busy CI)
    # The API did the work; only its answer was late.
    assert _outcomes(api) == ["POST /customers → 201"]


def test_latency_within_the_read_timeout_is_only_late(api: Harness, session: requests.Session) -> None:
    api.add_latency(0.2, "GET", "/customers")
    started = time.monotonic()
    assert session.get(f"{api.base_url}/customers", timeout=5).status_code == 200
    assert time.monotonic() - started >= 0.2


def test_time_out_is_a_read_timeout_no_later_than_the_clients(api: Harness, session: requests.Session) -> None:
    api.time_out("GET", "/customers")
    started = time.monotonic()
    with pytest.raises(requests.ReadTimeout):
        session.get(f"{api.base_url}/customers", timeout=0.5)
    assert time.monotonic() - started < 4  # not the server's 75 s hold
    assert _outcomes(api) == ["GET /customers → timeout"]


def test_time_out_past_its_hold_drops_the_connection(api: Harness, session: requests.Session) -> None:
    api.fail_next("GET", "/customers", kind="timeout", delay=0.3)  # held unanswered 0.3 s at most
    with pytest.raises(requests.ConnectionError, match="Connection aborted"):
        session.get(f"{api.base_url}/customers", timeout=5)


def test_an_api_error_reads_the_same(api: Harness, session: requests.Session) -> None:
    api.fail_next("GET", "/customers/*", status=503, message="Down for maintenance")
    answer = session.get(f"{api.base_url}/customers/7")
    assert (answer.status_code, answer.json()) == (503, {"type": "api_error", "message": "Down for maintenance"})


def test_a_base_url_ending_in_a_slash_works(api: Harness) -> None:
    client = invoiced.Client(api.api_key)
    client.api_url = api.base_url + "/"  # every path then starts with //
    assert client.Customer.create(name="Acme").id == 1
    assert client.Customer.retrieve(1).name == "Acme"
    assert _outcomes(api) == ["POST /customers → 201", "GET /customers/1 → 200"]


def test_httpx_sees_the_same_faults(api: Harness) -> None:
    api.add_latency(6, "GET", "/customers")
    api.drop_connection("POST", "/customers")
    with httpx.Client(auth=(api.api_key, ""), timeout=httpx.Timeout(5, read=0.5)) as http:
        with pytest.raises(httpx.ReadTimeout):
            http.get(f"{api.base_url}/customers")
        with pytest.raises(httpx.RemoteProtocolError):
            http.post(f"{api.base_url}/customers", json={"name": "Acme"})
        assert http.post(f"{api.base_url}/customers", json={"name": "Acme"}).status_code == 201
    assert _outcomes(api) == ["GET /customers → 200", "POST /customers → connection_error", "POST /customers → 201"]
