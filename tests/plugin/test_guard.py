"""The guard: a downstream test that forgets the fixture fails at once, naming it, and never reaches the network."""

from __future__ import annotations

import pytest

# Each downstream suite records DNS look-ups and socket connects: the guard must fail before either.
NETWORK_SPY = """
import socket

import pytest

LOOKED_UP = []


@pytest.fixture(autouse=True)
def network_spy(monkeypatch):
    def getaddrinfo(host, *args, **kwargs):
        LOOKED_UP.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "no network in this test")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield LOOKED_UP
"""


def _suite(pytester: pytest.Pytester, body: str) -> None:
    pytester.makeconftest(NETWORK_SPY)
    pytester.makepyfile(test_downstream=body)


def test_the_official_client_without_the_fixture_fails_at_once_naming_it(pytester: pytest.Pytester) -> None:
    _suite(pytester, """
import invoiced
import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from invoiced_mock.intercept.origins import RealApiBlocked


def test_forgot_the_fixture():
    invoiced.Client("sk_live_oops").Customer.list()


def test_nothing_was_looked_up_nor_retried(network_spy):
    with requests.Session() as session:
        session.mount("https://", HTTPAdapter(max_retries=Retry(total=5, connect=5)))
        with pytest.raises(RealApiBlocked, match="invoiced_mock"):
            session.get("https://api.sandbox.invoiced.com/invoices")
    assert network_spy == []


def test_the_fixture_still_answers(invoiced_mock):
    assert invoiced.Client(invoiced_mock.api_key).Customer.list()[0] == []


def test_other_hosts_are_not_guarded(network_spy):
    with pytest.raises(requests.ConnectionError):
        requests.get("https://example.invalid/x")
    assert network_spy == ["example.invalid"]
""")
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["*RealApiBlocked: invoiced-mock: GET https://api.invoiced.com/customers would reach "
                                 "the real Invoiced API*`invoiced_mock` fixture*--invoiced-mock-allow-real-api*"])


def test_stubs_of_the_responses_library_still_answer_invoiced_urls(pytester: pytest.Pytester) -> None:
    _suite(pytester, """
import invoiced
import responses


@responses.activate
def test_stubbed_the_api_by_hand():
    link = '<https://api.invoiced.com/customers>; rel="self"'
    responses.get("https://api.invoiced.com/customers", json=[], headers={"X-Total-Count": "0", "Link": link})
    assert invoiced.Client("sk_x").Customer.list()[0] == []
""")
    pytester.runpytest().assert_outcomes(passed=1)


def test_configured_base_urls_are_guarded_too(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ninvoiced_mock_base_urls =\n    https://billing.internal/invoiced\n")
    _suite(pytester, """
import pytest
import requests

from invoiced_mock.intercept.origins import RealApiBlocked


def test_under_the_base(network_spy):
    with pytest.raises(RealApiBlocked):
        requests.post("https://billing.internal/invoiced/customers", json={"name": "A"})
    with pytest.raises(requests.ConnectionError):  # the same host outside the base is someone else's
        requests.get("https://billing.internal/wiki")
    assert network_spy == ["billing.internal"]
""")
    pytester.runpytest().assert_outcomes(passed=1)


HTTPX_SUITE = """
import asyncio

import pytest

from invoiced_mock.intercept.origins import RealApiBlocked


def test_httpx_imported_late_is_guarded_sync_and_async(network_spy):
    import httpx  # imported only now, inside the test

    with pytest.raises(RealApiBlocked, match="invoiced_mock"):
        httpx.get("https://api.invoiced.com/customers")

    async def fetch():
        async with httpx.AsyncClient() as client:
            await client.get("https://api.sandbox.invoiced.com/customers")

    with pytest.raises(RealApiBlocked):
        asyncio.run(fetch())
    assert network_spy == []
"""


def test_httpx_without_a_transport_is_guarded_even_when_imported_late(pytester: pytest.Pytester) -> None:
    _suite(pytester, HTTPX_SUITE)
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=1)


OPTED_OUT = """
import httpx
import invoiced
import pytest
import requests


def test_requests_reach_the_network(network_spy):
    with pytest.raises(invoiced.errors.ApiConnectionError):
        invoiced.Client("sk_live").Customer.list()
    with pytest.raises(httpx.ConnectError):
        httpx.get("https://api.sandbox.invoiced.com/customers")
    assert network_spy == ["api.invoiced.com", "api.sandbox.invoiced.com"]
"""


@pytest.mark.parametrize("how", ["flag", "ini"])
def test_the_guard_can_be_turned_off(pytester: pytest.Pytester, how: str) -> None:
    _suite(pytester, OPTED_OUT)
    if how == "ini":
        pytester.makeini("[pytest]\ninvoiced_mock_allow_real_api = true\n")
    args = ["--invoiced-mock-allow-real-api"] if how == "flag" else []
    # In a subprocess: this suite's own guard is on in this process.
    pytester.runpytest_subprocess("-p", "no:cacheprovider", *args).assert_outcomes(passed=1)


@pytest.mark.parametrize("late", [
    "import requests; requests.get('https://api.invoiced.com/customers')",
    "import urllib3; urllib3.PoolManager().request('GET', 'https://api.invoiced.com/customers')",
    "import httpx; httpx.get('https://api.invoiced.com/customers')",
    "import invoiced; invoiced.Client('sk_live').Customer.list()",
    "from invoiced_mock.intercept.urllib3_transport import intercept; import requests; requests.get('https://api.invoiced.com/x')",
])
def test_a_client_library_loaded_after_the_guard_is_guarded_from_its_first_request(late: str) -> None:
    """The guard patches a client library once it is loaded (a run that never loads one never pays for it),
    whichever order the libraries and our transports come in."""
    import subprocess
    import sys

    script = ("import sys\nfrom invoiced_mock import guard\noff = guard.install()\n"
              "assert not {'requests', 'urllib3', 'httpx'} & set(sys.modules)\n"
              f"try:\n    {late}\nexcept guard.RealApiBlocked:\n    print('blocked')\n"
              "off()\nimport requests\n"  # and off again: the next request goes out (and fails offline)
              "try:\n    requests.get('https://api.invoiced.com/x', timeout=0.01)\n"
              "except guard.RealApiBlocked:\n    print('still blocked')\nexcept Exception:\n    print('sent')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["blocked", "sent"], done.stderr
