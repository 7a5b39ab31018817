"""A person at the inspector in a real browser (headless Chromium): they find an invoice among a shared
sandbox's 108, read its timeline, move the clock after seeing what the move will change, watch the invoice fall
past due, script a fault and find the request it failed. Each page is checked with axe-core and kept as a
screenshot in ``artifacts/inspector/`` (out of git)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH
from tests.control.inspector.conftest import accessibility_violations

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "inspector"
KEY = ("sk_team_sandbox", "")


def _shared_sandbox(base: str) -> dict[str, Any]:
    """Six customers and 108 invoices on NET 30, as a team's shared sandbox holds them; the one to find."""
    names = ["Acme Corp", "Umbrella Ltd", "Initech", "Hooli", "Stark Industries", "Wayne Enterprises"]
    customers = [requests.post(f"{base}/customers", json={"name": n, "payment_terms": "NET 30"}, auth=KEY).json()
                 for n in names]
    wanted: dict[str, Any] = {}
    for n in range(108):
        invoice = requests.post(f"{base}/invoices", auth=KEY, json={
            "customer": customers[n % len(customers)]["id"], "sent": True,
            "items": [{"name": "Platform subscription", "quantity": 1 + n % 3, "unit_cost": 120 + 5 * n}]})
        assert invoice.status_code == 201, invoice.text
        if n == 41:
            wanted = invoice.json()
    return wanted


def _go(browser: Any, element: Any) -> None:
    """Click ``element`` (a link or a form's button) and wait for the next page: the old one going stale."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 15).until(expected_conditions.staleness_of(old))


def _look(browser: Any, name: str) -> None:
    """Keep what the person sees (the whole page, up to 3,000 pixels tall), and hold it to WCAG 2.1 AA."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(max(height + 160, 900), 3000))  # 160: the window's own frame
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    browser.set_window_size(1280, 900)
    found = accessibility_violations(browser)
    assert not found, f"{name}: " + "\n".join(found)


def test_find_an_invoice_read_its_timeline_move_the_clock_and_find_the_failing_request(browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with ServerThread(InvoicedMock(clock=Clock(frozen_at=EPOCH))) as server:
        base = server.base_url
        invoice = _shared_sandbox(base)
        browser.get(f"{base}/_mock/ui")
        _look(browser, "01-home")
        _go(browser, browser.find_element(By.LINK_TEXT, "sk_team…dbox"))
        _look(browser, "02-business")
        _go(browser, browser.find_element(By.LINK_TEXT, "Invoices"))
        assert "Showing 1–50 of 108" in browser.find_element(By.TAG_NAME, "main").text
        _look(browser, "03-invoices")
        search = browser.find_element(By.ID, "filter-q")
        search.send_keys(invoice["number"])
        _go(browser, browser.find_element(By.XPATH, "//button[text()='Apply']"))
        row = browser.find_element(By.ID, f"invoice-{invoice['id']}")
        assert "Wayne Enterprises" in row.text and "sent" in row.text and "2023-12-14" in row.text
        _look(browser, "04-invoice-found")
        _go(browser, row.find_element(By.LINK_TEXT, invoice["number"]))
        assert browser.find_element(By.TAG_NAME, "h1").text.startswith(f"Invoice {invoice['number']}")
        timeline = browser.find_element(By.ID, "timeline")
        assert "invoice.created" in timeline.text
        _look(browser, "05-invoice")

        _go(browser, browser.find_element(By.LINK_TEXT, "Clock"))
        amount = browser.find_element(By.ID, "clock-amount")
        amount.clear()
        amount.send_keys("31")
        Select(browser.find_element(By.ID, "clock-unit")).select_by_value("days")
        _go(browser, browser.find_element(By.XPATH, "//button[text()='Preview']"))
        preview = browser.find_element(By.ID, "preview")
        assert invoice["number"] in preview.text and "falls past due" in preview.text
        _look(browser, "06-clock-preview")
        _go(browser, browser.find_element(By.XPATH, "//button[text()='Advance 31 days']"))
        assert "2023-12-15 22:13:20 UTC" in browser.find_element(By.ID, "clock-now").text
        browser.get(f"{base}/_mock/ui/business/sk_team_sandbox/objects/invoice/{invoice['id']}")
        assert "past_due" in browser.find_element(By.ID, "status").text
        _look(browser, "07-invoice-past-due")

        _go(browser, browser.find_element(By.LINK_TEXT, "Faults & stubs"))
        Select(browser.find_element(By.ID, "fault-method")).select_by_value("POST")
        browser.find_element(By.ID, "fault-path").send_keys("/invoices/*/pay")
        status = browser.find_element(By.ID, "fault-status")
        status.clear()
        status.send_keys("503")
        _go(browser, browser.find_element(By.XPATH, "//button[text()='Add fault']"))
        assert "POST /invoices/*/pay" in browser.find_element(By.ID, "faults").text
        paid = requests.post(f"{base}/invoices/{invoice['id']}/pay", auth=KEY)
        assert paid.status_code == 503
        browser.refresh()
        assert "POST /invoices/" in browser.find_element(By.ID, "changed").text
        _look(browser, "08-faults")

        _go(browser, browser.find_element(By.LINK_TEXT, "Requests"))
        Select(browser.find_element(By.ID, "log-status")).select_by_value("5xx")
        _go(browser, browser.find_element(By.XPATH, "//button[text()='Filter']"))
        failing = browser.find_element(By.ID, "requests")
        assert f"POST /invoices/{invoice['id']}/pay" in failing.text and "503" in failing.text
        _look(browser, "09-failing-requests")
        _go(browser, failing.find_element(By.PARTIAL_LINK_TEXT, "/pay"))
        assert browser.find_element(By.TAG_NAME, "h1").text == f"POST /invoices/{invoice['id']}/pay → 503"
        _look(browser, "10-request")


def test_a_person_finds_a_customer_then_resets_the_business_after_confirming(browser: Any) -> None:
    from selenium.webdriver.common.by import By

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with ServerThread(InvoicedMock()) as server:
        created = requests.post(f"{server.base_url}/customers", json={"name": "Acme Browser Co"},
                                auth=("sk_inspect", ""))
        assert created.status_code == 201
        browser.get(f"{server.base_url}/_mock/ui")
        _go(browser, browser.find_element(By.LINK_TEXT, "sk_insp…pect"))
        _go(browser, browser.find_element(By.LINK_TEXT, "Customers"))
        search = browser.find_element(By.NAME, "q")
        search.send_keys("browser")
        _go(browser, browser.find_element(By.XPATH, "//button[text()='Apply']"))
        assert "Acme Browser Co" in browser.find_element(By.ID, f"customer-{created.json()['id']}").text
        _go(browser, browser.find_element(By.LINK_TEXT, "Overview"))
        _go(browser, browser.find_element(By.LINK_TEXT, "Reset this business…"))
        _look(browser, "11-reset-confirm")
        _go(browser, browser.find_element(By.XPATH, "//button[text()='Yes, reset this business']"))
        assert browser.current_url.endswith("/_mock/ui/business/sk_inspect")
        assert requests.get(f"{server.base_url}/customers", auth=("sk_inspect", "")).json() == []
        browser.get(f"{server.base_url}/_mock/ui/business/sk_inspect/objects/customer")
        assert "Acme Browser Co" not in browser.page_source
