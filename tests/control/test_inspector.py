"""The web inspector: HTML pages behind the control plane's auth, and a real browser using them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import requests
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "inspector"
KEY = ("sk_inspect", "")


def test_pages_list_businesses_objects_requests_and_escape_what_they_show() -> None:
    http = Client(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
    http.post("/customers", json={"name": "<script>alert(1)</script> Acme"}, auth=KEY)
    index = http.get("/_mock/ui")
    assert index.status_code == 200 and index.mimetype == "text/html"
    assert "sk_insp…pect" in index.get_data(as_text=True)
    page = http.get("/_mock/ui/business/sk_inspect/objects/customer?q=acme").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Acme" in page and "<script>" not in page
    assert "(1 of 1)" in page
    assert "(0 of 1)" in http.get("/_mock/ui/business/sk_inspect/objects/customer?q=zebra").get_data(as_text=True)
    journal = http.get("/_mock/ui/business/sk_inspect/requests").get_data(as_text=True)
    assert "POST /customers" in journal and "201" in journal


def test_the_inspector_sits_behind_the_control_planes_auth() -> None:
    http = Client(InvoicedMock(clock=Clock(frozen_at=EPOCH), admin_token="t0k"))
    http.post("/customers", json={"name": "A"}, auth=("sk_a", ""))
    http.post("/customers", json={"name": "B"}, auth=("sk_b", ""))
    anonymous = http.get("/_mock/ui")
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"].startswith("Basic")
    own = http.get("/_mock/ui", auth=("sk_a", "")).get_data(as_text=True)
    assert "sk_a" in own and "sk_b" not in own
    assert http.get("/_mock/ui/business/sk_b", auth=("sk_a", "")).status_code == 403
    assert http.post("/_mock/ui/business/sk_b/reset", auth=("sk_a", "")).status_code == 403
    assert http.post("/_mock/ui/clock", data={"days": "1"}, auth=("sk_a", "")).status_code == 403
    everyone = http.get("/_mock/ui", auth=("t0k", "")).get_data(as_text=True)
    assert "sk_a" in everyone and "sk_b" in everyone
    forged = http.post("/_mock/ui/business/sk_a/reset", auth=("t0k", ""), headers={"Origin": "http://evil.test"})
    assert forged.status_code == 403
    assert http.get("/customers", auth=("sk_a", "")).get_json()[0]["name"] == "A"


def test_buttons_advance_the_clock_and_redeliver_a_webhook() -> None:
    received: list[bytes] = []

    def receiver(environ: dict[str, Any], start_response: Any) -> Any:
        received.append(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [b"no"]

    app = InvoicedMock(clock=Clock(frozen_at=EPOCH))
    http = Client(app)
    with ServerThread(receiver) as target:
        http.post("/webhooks", json={"url": f"{target.base_url}/hook", "events": ["customer.created"]}, auth=KEY)
        http.post("/customers", json={"name": "Acme"}, auth=KEY)
        _wait(lambda: http.get("/webhook_attempts", auth=KEY).get_json()[0]["attempts"])
        attempt = http.get("/webhook_attempts", auth=KEY).get_json()[0]
        redeliver = http.post(f"/_mock/ui/business/sk_inspect/webhook_attempts/{attempt['id']}/retry",
                              data={"form_token": form_token(http, "/_mock/ui/business/sk_inspect")})
        assert redeliver.status_code == 303
        _wait(lambda: len(http.get("/webhook_attempts", auth=KEY).get_json()[0]["attempts"]) == 2)
    assert len(received) == 2 and received[0] == received[1]
    advanced = http.post("/_mock/ui/clock", data={"days": "2", "form_token": form_token(http, "/_mock/ui")})
    assert advanced.status_code == 303
    assert app.clock.now() == EPOCH + 2 * 86_400


def form_token(http: Client, page: str) -> str:
    """The token the inspector's forms on ``page`` carry (a form without it is refused)."""
    found = re.search(r"name=form_token value='([0-9a-f]+)'", http.get(page).get_data(as_text=True))
    assert found is not None
    return found.group(1)


def _wait(check: Any) -> None:
    import time

    deadline = time.monotonic() + 5
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_person_finds_a_customer_then_resets_the_business_in_a_real_browser(browser: Any) -> None:
    from selenium.webdriver.common.by import By

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with ServerThread(InvoicedMock()) as server:
        created = requests.post(f"{server.base_url}/customers", json={"name": "Acme Browser Co"}, auth=KEY)
        assert created.status_code == 201
        browser.get(f"{server.base_url}/_mock/ui")
        browser.find_element(By.LINK_TEXT, "sk_insp…pect").click()
        browser.find_element(By.LINK_TEXT, "customer").click()
        search = browser.find_element(By.NAME, "q")
        search.send_keys("browser")
        search.submit()
        assert "Acme Browser Co" in browser.find_element(By.ID, f"customer-{created.json()['id']}").text
        browser.save_screenshot(str(ARTIFACTS / "1-customer-found.png"))
        browser.find_element(By.LINK_TEXT, "business").click()
        browser.find_element(By.ID, "reset").click()
        assert browser.current_url.endswith("/_mock/ui/business/sk_inspect")
        browser.find_element(By.LINK_TEXT, "all businesses").click()
        browser.save_screenshot(str(ARTIFACTS / "2-after-reset.png"))
        assert requests.get(f"{server.base_url}/customers", auth=KEY).json() == []
        browser.get(f"{server.base_url}/_mock/ui/business/sk_inspect/objects/customer")
        assert "Acme Browser Co" not in browser.page_source
