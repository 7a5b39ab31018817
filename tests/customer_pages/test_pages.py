"""The customer's pages take card data over forms: every answer forbids framing, sniffing and caching and runs no
script; a form post needs its own page's form token and, when the browser names one, this origin."""

from __future__ import annotations

import re
from typing import Any

import pytest
from werkzeug.test import Client

from tests.conftest import Api
from tests.customer_pages.conftest import path

CARD = {"method": "credit_card", "card_name": "Ann", "card_number": "4242424242424242", "card_expiry": "12/30",
        "card_cvc": "123"}


def _token(html: str) -> str:
    found = re.search(r'name="form_token" value="([0-9a-f]+)"', html)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("link", ["url", "payment_url", "pdf_url", "csv_url", None])
def test_every_answer_forbids_framing_sniffing_caching_and_scripts(browser: Client, invoice: dict[str, Any],
                                                                  link: str | None) -> None:
    response = browser.get(path(invoice[link]) if link else "/portal/nobody/invoices/x")
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy and "form-action 'self'" in policy
    assert "script-src" not in policy  # no script at all: default-src 'none'
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"  # the client id never leaves in a Referer


def test_a_post_needs_the_token_of_its_own_form(api: Api, browser: Client, invoice: dict[str, Any]) -> None:
    payment = path(invoice["payment_url"])
    token = _token(browser.get(payment).get_data(as_text=True))
    other = api.create("/invoices", customer=invoice["customer"], items=[{"name": "Other", "unit_cost": 1}])
    foreign = _token(browser.get(path(other["payment_url"])).get_data(as_text=True))
    for sent in ({}, {"form_token": ""}, {"form_token": foreign}, {"form_token": "✓"}):
        refused = browser.post(payment, data={**CARD, **sent})
        assert refused.status_code == 403 and "This form has expired" in refused.get_data(as_text=True)
    assert api.get("/charges").get_json() == []
    assert browser.post(payment, data={**CARD, "form_token": token}).status_code == 303


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.test"}, {"Referer": "http://evil.test/pay"},
                                     {"Sec-Fetch-Site": "cross-site"}])
def test_a_post_from_another_site_is_refused_even_with_the_token(api: Api, browser: Client,
                                                                 invoice: dict[str, Any],
                                                                 headers: dict[str, str]) -> None:
    payment = path(invoice["payment_url"])
    token = _token(browser.get(payment).get_data(as_text=True))
    assert browser.post(payment, data={**CARD, "form_token": token}, headers=headers).status_code == 403
    assert api.get("/charges").get_json() == []
    same = browser.post(payment, data={**CARD, "form_token": token}, headers={"Origin": "http://localhost"})
    assert same.status_code == 303


def test_what_a_client_stored_is_shown_never_run(api: Api, browser: Client) -> None:
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    customer = api.create("/customers", name=hostile)
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": hostile, "unit_cost": 1}])
    for link in (invoice["url"], invoice["payment_url"], customer["statement_url"]):
        text = browser.get(path(link)).get_data(as_text=True)
        assert "<script>" not in text and "<img" not in text

