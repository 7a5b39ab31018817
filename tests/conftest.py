"""Fixtures shared by the whole suite: an app on a frozen clock, an HTTP client for it, a loopback server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import invoiced
import pytest
from hypothesis import HealthCheck, settings
from werkzeug.test import Client, TestResponse

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.contract import checks
from invoiced_mock.server.threads import ServerThread
from invoiced_mock.store import frozen

pytest_plugins = ("pytester",)  # the plugin's own tests run small downstream suites

# Property tests check behaviour, not speed (speed is measured by benchmarks/): no example may fail because a
# busy two-core machine ran it past hypothesis's 200 ms deadline or generated its data slowly.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z: a fixed "now" so expected dates are written by hand
API_KEY = "sk_test_suite"


class Api:
    """The werkzeug test client with the API key already set and JSON helpers."""

    def __init__(self, app: InvoicedMock, api_key: str = API_KEY) -> None:
        self.app = app
        self.api_key = api_key
        self.http = Client(app)

    def request(self, method: str, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        kwargs.setdefault("auth", (self.api_key, ""))
        if json is not None:
            kwargs["json"] = json
        return self.http.open(path, method=method, **kwargs)

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self.request("POST", path, json=json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self.request("PATCH", path, json=json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> TestResponse:
        return self.request("PUT", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("DELETE", path, **kwargs)

    def create(self, path: str, **params: Any) -> dict[str, Any]:
        """POST and insist on 201; the created object."""
        response = self.post(path, json=params)
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()


checks.enable_audit()  # every response any mock in this suite answers is checked against its schema
frozen.enforce()  # and every stored record is read-only: a write into one fails the test that made it


@pytest.fixture(autouse=True)
def contract_audit() -> Iterator[checks.Audit]:
    """Fail the test whose requests got a response that breaks the published schemas."""
    checks.AUDIT.take()
    yield checks.AUDIT
    found = checks.AUDIT.take()
    assert not found, "responses broke their schema:\n" + "\n".join(found)


@pytest.fixture
def clock() -> Clock:
    return Clock(frozen_at=EPOCH)


@pytest.fixture
def app(clock: Clock) -> InvoicedMock:
    return InvoicedMock(clock=clock)


@pytest.fixture
def api(app: InvoicedMock) -> Api:
    return Api(app)


@pytest.fixture(scope="session")
def live_app() -> InvoicedMock:
    return InvoicedMock(clock=Clock(frozen_at=EPOCH))


@pytest.fixture(scope="session")
def live_server(live_app: InvoicedMock) -> Iterator[ServerThread]:
    with ServerThread(live_app) as server:
        yield server


def official_client(server: ServerThread, request: pytest.FixtureRequest) -> invoiced.Client:
    """The official ``invoiced`` client against ``server``, on a business of the test's own."""
    client = invoiced.Client(f"sk_{request.node.name[:40]}_{id(request)}")
    client.api_url = server.base_url
    return client


@pytest.fixture
def client(live_server: ServerThread, request: pytest.FixtureRequest) -> invoiced.Client:
    """The official ``invoiced`` client against the loopback server, on a business of its own."""
    return official_client(live_server, request)


@contextmanager
def chromium(window: str = "1280,900") -> Iterator[Any]:
    """Headless Chromium through selenium (Debian's chromium and chromium-driver; .ci/run installs them)."""
    chromium_binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium_binary is None or driver is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium and chromium-driver (.ci/run does)")
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium_binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--window-size={window}"):
        options.add_argument(flag)
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    session.set_page_load_timeout(30)
    session.implicitly_wait(10)  # a form's POST and redirect may still be loading when the next element is looked up
    try:
        yield session
    finally:
        session.quit()


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium driven by selenium, one per test."""
    with chromium() as session:
        yield session
