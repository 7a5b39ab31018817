"""The customer's side in a real browser (selenium with Debian's chromium): pay an invoice from its payment_url
with a good card and a declining one, approve an estimate from its url, sign up for a plan; each checked through
the API afterwards, webhooks to a local receiver. Screenshots go to artifacts/customer_pages/."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH, chromium
from tests.resources.test_webhooks import wait_until

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "customer_pages"
KEY = ("sk_browser", "")


@dataclass
class Shop:
    """The business's own site: receives webhooks (POST /hooks) and thanks a new subscriber (GET /thanks)."""

    events: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ["REQUEST_METHOD"] == "POST":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            with self.lock:
                self.events.append(json.loads(body))
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [b"<!doctype html><title>Welcome</title><h1 id='welcome'>Thanks from the shop</h1>"]

    def received(self, event_type: str) -> list[dict[str, Any]]:
        with self.lock:
            return [e for e in self.events if e["type"] == event_type]


@pytest.fixture
def chrome() -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium(window="1280,1100") as session:
        yield session


@pytest.fixture
def sandbox() -> Iterator[tuple[str, Shop, str]]:
    """The sandbox on a socket, the shop's site, and the shop's base URL."""
    shop = Shop()
    with ServerThread(InvoicedMock(clock=Clock(frozen_at=EPOCH))) as server, ServerThread(shop) as site:
        yield server.base_url, shop, site.base_url


def _api(base: str, method: str, path: str, **body: Any) -> Any:
    response = requests.request(method, f"{base}{path}", json=body or None, auth=KEY, timeout=10)
    assert response.status_code < 300, response.text
    return response.json()


def _type(chrome: Any, values: dict[str, str]) -> None:
    from selenium.webdriver.common.by import By

    for element_id, text in values.items():
        box = chrome.find_element(By.ID, element_id)
        box.clear()
        box.send_keys(text)


CARD = {"card_name": "Ann Example", "card_expiry": "12/30", "card_cvc": "123"}


def test_a_customer_pays_with_a_good_card_then_a_declining_one(chrome: Any, sandbox: tuple[str, Shop, str]) -> None:
    from selenium.webdriver.common.by import By

    base, shop, site = sandbox
    _api(base, "POST", "/webhooks", url=f"{site}/hooks", events=["invoice.paid", "charge.failed"])
    customer = _api(base, "POST", "/customers", name="Acme Browser Co", email="ap@acme.test")
    invoice = _api(base, "POST", "/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": 120}])

    chrome.get(invoice["payment_url"])
    assert chrome.find_element(By.ID, "due").text == "Amount due: 120.00 USD"
    _type(chrome, {**CARD, "card_number": "4242 4242 4242 4242"})
    chrome.save_screenshot(str(ARTIFACTS / "1-payment-form.png"))
    chrome.find_element(By.ID, "submit").click()
    assert chrome.find_element(By.TAG_NAME, "h1").text == "Payment received"
    chrome.save_screenshot(str(ARTIFACTS / "2-receipt.png"))
    shown = _api(base, "GET", f"/invoices/{invoice['id']}")
    assert (shown["status"], shown["balance"]) == ("paid", 0)
    [payment] = _api(base, "GET", "/payments")
    assert (payment["amount"], payment["charge"]["status"]) == (120, "succeeded")
    assert "invoice.paid" in [e["type"] for e in _api(base, "GET", "/events")]
    [paid] = wait_until(lambda: shop.received("invoice.paid"))
    assert paid["data"]["object"]["id"] == invoice["id"]

    second = _api(base, "POST", "/invoices", customer=customer["id"], items=[{"name": "More", "unit_cost": 30}])
    chrome.get(second["payment_url"])
    _type(chrome, {**CARD, "card_number": "4000 0000 0000 0002"})
    chrome.find_element(By.ID, "submit").click()
    assert chrome.find_element(By.ID, "failure").text == "Your card was declined."
    chrome.save_screenshot(str(ARTIFACTS / "3-declined.png"))
    assert _api(base, "GET", f"/invoices/{second['id']}")["status"] == "not_sent"
    assert [c["status"] for c in _api(base, "GET", "/charges")] == ["succeeded", "failed"]
    assert len(_api(base, "GET", "/payments")) == 1
    wait_until(lambda: shop.received("charge.failed"))


def test_a_customer_approves_an_estimate(chrome: Any, sandbox: tuple[str, Shop, str]) -> None:
    from selenium.webdriver.common.by import By

    base, _, _ = sandbox
    customer = _api(base, "POST", "/customers", name="Acme Browser Co")
    estimate = _api(base, "POST", "/estimates", customer=customer["id"], items=[{"name": "Plan", "unit_cost": 900}])
    chrome.get(estimate["url"])
    _type(chrome, {"initials": "A.B."})
    chrome.save_screenshot(str(ARTIFACTS / "4-estimate.png"))
    chrome.find_element(By.ID, "approve").click()
    assert chrome.find_element(By.ID, "approved").text.startswith("Approved by A.B. on ")
    chrome.save_screenshot(str(ARTIFACTS / "5-approved.png"))
    shown = _api(base, "GET", f"/estimates/{estimate['id']}")
    assert (shown["approved"], shown["status"]) == ("A.B.", "approved")
    assert shown["approval"]["user_agent"] and "HeadlessChrome" in shown["approval"]["user_agent"]
    assert "estimate.approved" in [e["type"] for e in _api(base, "GET", "/events")]


def test_a_customer_signs_up_for_a_plan(chrome: Any, sandbox: tuple[str, Shop, str]) -> None:
    from selenium.webdriver.common.by import By

    base, shop, site = sandbox
    _api(base, "POST", "/webhooks", url=f"{site}/hooks", events=["subscription.created"])
    _api(base, "POST", "/plans", id="starter", name="Starter", amount=29, interval="month")
    _api(base, "POST", "/plans", id="growth", name="Growth", amount=99, interval="month")
    page = _api(base, "POST", "/sign_up_pages", name="Join Acme", plans=["starter", "growth"],
                thanks_url=f"{site}/thanks", tos_url=f"{site}/terms")
    chrome.get(page["url"])
    chrome.find_element(By.ID, "plan-growth").click()
    _type(chrome, {"name": "Globex", "email": "billing@globex.test", **CARD, "card_number": "4242424242424242"})
    chrome.find_element(By.ID, "tos").click()
    chrome.save_screenshot(str(ARTIFACTS / "6-sign-up.png"))
    chrome.find_element(By.ID, "submit").click()
    assert chrome.find_element(By.ID, "welcome").text == "Thanks from the shop"
    assert chrome.current_url == f"{site}/thanks"
    [customer] = _api(base, "GET", "/customers")
    assert (customer["name"], customer["email"], customer["autopay"]) == ("Globex", "billing@globex.test", True)
    [subscription] = _api(base, "GET", "/subscriptions")
    assert (subscription["plan"], subscription["status"], subscription["customer"]) == ("growth", "active",
                                                                                        customer["id"])
    [invoice] = _api(base, "GET", "/invoices")
    assert (invoice["total"], invoice["status"]) == (99, "paid")
    wait_until(lambda: shop.received("subscription.created"))
