"""The Harness without pytest: a context manager that mocks the API for any test framework."""

from __future__ import annotations

import subprocess
import sys

import invoiced
import pytest
import requests

from invoiced_mock import InvoicedMock
from invoiced_mock.testing.harness import Harness


def test_in_process_serves_the_official_client_and_leaves_nothing_behind() -> None:
    original = requests.Session.get_adapter
    with Harness.in_process(api_key="sk_unittest") as mock:
        customer = invoiced.Client("sk_unittest").Customer.create(name="Acme")
        assert customer.statement_pdf_url == "https://api.invoiced.com/customers/1/statement.pdf"
        mock.requests.assert_called("POST", "/customers", times=1)
        hooks = mock.webhooks(lambda event: None)
    assert requests.Session.get_adapter is original
    assert hooks not in mock.app.tenants.subscribers and mock.app.tenants.subscribers == []


def test_clear_faults_removes_every_rule_of_an_unscoped_harness() -> None:
    with Harness.in_process() as mock:
        mock.fail_next("GET", "/customers", status=500, times=None)
        mock.add_latency(1.0)
        mock.clear_faults()
        assert len(mock.app.faults) == 0
        assert mock.client.Customer.list()[0] == []


def test_a_scoped_harness_scripts_faults_for_its_own_key_only() -> None:
    with Harness.in_process() as shared:
        mine = Harness(shared.app, "sk_mine", scoped=True)
        mine.fail_next("GET", "/customers", status=429, times=None)
        assert requests.get("https://api.invoiced.com/customers", auth=("sk_other", "")).status_code == 200
        assert requests.get("https://api.invoiced.com/customers", auth=("sk_mine", "")).status_code == 429
        assert [str(c) for c in mine.requests] == ["GET /customers → 429"]
        mine.clear_faults()
        assert requests.get("https://api.invoiced.com/customers", auth=("sk_mine", "")).status_code == 200


def test_harness_is_exported_from_the_package_and_loaded_only_when_asked() -> None:
    code = ("import sys, invoiced_mock; light = 'invoiced_mock.testing.harness' not in sys.modules; "
            "from invoiced_mock import Harness; import invoiced_mock.testing.harness as h; "
            "print(light, Harness is h.Harness)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == ["True", "True"]


def test_the_client_is_built_once_per_harness() -> None:
    with Harness.in_process() as mock:
        assert mock.client is mock.client
        assert mock.client.Customer.create(name="Acme").id == 1


def test_the_client_without_the_invoiced_package_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "invoiced", None)
    with Harness.in_process() as mock, pytest.raises(ImportError, match="pip install invoiced"):
        _ = mock.client


def test_for_key_is_another_keys_business_journal_and_client() -> None:
    with Harness.in_process() as mock:
        other = mock.for_key("sk_b")
        assert mock.for_key("sk_b") is other and mock.for_key(mock.api_key) is mock
        other.client.Customer.create(name="Bolt")
        mock.client.Customer.create(name="Acme")
        assert [c.name for c in other.client.Customer.list()[0]] == ["Bolt"]
        assert [str(c) for c in other.requests] == ["POST /customers → 201", "GET /customers → 200"]
        assert [str(c) for c in mock.requests] == ["POST /customers → 201"]


def test_for_key_refuses_a_key_the_app_does_not_accept() -> None:
    with Harness.in_process(app=InvoicedMock(keys=["sk_test_invoiced_mock"])) as mock, \
            pytest.raises(ValueError, match=r"does not accept the API key 'sk_b'.*keys=\['sk_b'\]"):
        mock.for_key("sk_b")


def test_leaving_the_block_fails_on_unused_stubs_and_raising_handlers() -> None:
    with pytest.raises(AssertionError, match="1 stub was not used up"), Harness.in_process() as mock:
        mock.stub("GET", "/customers", json=[])
    with pytest.raises(AssertionError, match="the webhook handler"), Harness.in_process() as mock:
        mock.webhooks(lambda event: 1 / 0)
        mock.client.Customer.create(name="Acme")
    with Harness.in_process() as mock:  # opted out, both
        mock.stub("GET", "/customers", json=[], required=False)
        mock.webhooks(lambda event: 1 / 0, raise_errors=False)
        mock.client.Customer.create(name="Acme")


EPOCH = 1_700_000_000


def _retrying_session(status: int) -> requests.Session:
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    session = requests.Session()  # code under test that retries an outage three times
    session.mount("https://", HTTPAdapter(max_retries=Retry(total=3, status_forcelist=[status], allowed_methods=None,
                                                            raise_on_status=False)))
    return session


def test_an_outage_fails_every_matching_call_until_its_mock_time_is_over() -> None:
    from invoiced_mock import Clock

    with Harness.in_process(app=InvoicedMock(clock=Clock(frozen_at=EPOCH))) as mock:
        session, auth = _retrying_session(503), (mock.api_key, "")
        outage = mock.outage(seconds=60, path="/customers")
        assert session.get(f"{mock.base_url}/customers", auth=auth).status_code == 503
        assert [c.status for c in mock.requests] == [503, 503, 503, 503]  # the retries all met the outage
        mock.clock.advance(seconds=59)
        assert session.get(f"{mock.base_url}/customers", auth=auth, timeout=5).status_code == 503
        mock.clock.advance(seconds=1)
        assert session.get(f"{mock.base_url}/customers", auth=auth).status_code == 200
        assert (outage.ends_at, outage.hits, mock.app.faults.rules()) == (EPOCH + 60, 8, [])


def test_an_outage_in_wall_time_ends_when_real_seconds_have_passed() -> None:
    with Harness.in_process() as mock:
        now = [1_000.0]
        mock.app.faults.wall = lambda: now[0]  # the wall clock, held still for the test
        mock.outage(seconds=30, kind="connection_error", clock="wall")
        with pytest.raises(invoiced.errors.ApiConnectionError):
            mock.client.Customer.list()
        now[0] += 30
        assert mock.client.Customer.list()[0] == []


def test_a_call_that_got_no_answer_is_journaled_without_a_status() -> None:
    with Harness.in_process() as mock:
        mock.time_out("GET", "/customers")
        mock.drop_connection("GET", "/customers")
        for _ in range(2):
            with pytest.raises(requests.RequestException):  # ReadTimeout, then "Connection aborted"
                requests.get(f"{mock.base_url}/customers", auth=(mock.api_key, ""), timeout=5)
        assert [(c.status, c.extra["fault"], str(c)) for c in mock.requests] == [
            (None, "timeout", "GET /customers → timeout"),
            (None, "connection_error", "GET /customers → connection_error")]


@pytest.mark.parametrize("aid", ["fail_next", "drop_connection", "time_out", "add_latency", "outage", "stub"])
def test_every_scripted_answer_says_how_many_times_it_fires(aid: str) -> None:
    import inspect

    method = getattr(Harness, aid)
    times = inspect.signature(method).parameters["times"]
    assert times.kind is inspect.Parameter.KEYWORD_ONLY
    assert f"``times={times.default}``" in (method.__doc__ or "")  # its default, in its own words
