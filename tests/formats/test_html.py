"""HTML pages come from one autoescaped Jinja2 environment: what a client sent is shown, never run."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock.formats.html import ago, day, instant, iso, money, when
from tests.conftest import Api

HOSTILE = '<script>alert("x")</script>&<img src=x onerror=alert(1)>'


def test_a_document_page_escapes_what_the_client_sent_and_carries_its_own_stylesheet(api: Api) -> None:
    customer = api.create("/customers", name=HOSTILE)
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": HOSTILE, "unit_cost": 1234.5}])
    page = api.get(invoice["url"].removeprefix("http://localhost"))

    text = page.get_data(as_text=True)
    assert page.mimetype == "text/html"
    assert "<script>" not in text and "<img" not in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;&lt;img" in text
    assert "1,234.50 USD" in text
    assert "<style>" in text and "--accent" in text  # the stylesheet is the package's own, inline: no CDN
    assert 'lang="en"' in text


def test_the_payment_page_is_a_whole_page_with_the_amount_due(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    invoice = api.create("/invoices", customer=customer["id"], currency="jpy", items=[{"name": "x", "unit_cost": 1500}])
    page = api.get(invoice["payment_url"].removeprefix("http://localhost")).get_data(as_text=True)
    assert "<title>Pay INV-00001</title>" in page
    assert "Amount due: 1,500 JPY" in page


def test_dates_are_utc() -> None:
    assert (day(1709251200), when(1709298300)) == ("2024-03-01", "2024-03-01 13:05 UTC")
    assert (instant(1709298309), iso(1709298309)) == ("2024-03-01 13:05:09 UTC", "2024-03-01T13:05:09Z")
    assert day(None) == when(None) == instant(None) == iso(None) == ago(None, 0) == ""


def test_ages_read_in_their_largest_whole_unit_from_the_mocks_clock() -> None:
    now = 1_700_000_000
    assert [ago(now + delta, now) for delta in (0, 59, -60, 3_600 * 5, -86_400 * 30, 86_400 * 400)] == [
        "now", "now", "1 minute ago", "in 5 hours", "30 days ago", "in 1 year"]


@given(st.integers(min_value=0, max_value=4 * 10**9), st.integers(min_value=-10**9, max_value=10**9))
def test_an_age_is_ahead_or_behind_as_the_instants_are(now: int, delta: int) -> None:
    said = ago(now + delta, now)
    assert said.startswith("in ") == (delta >= 60) and said.endswith(" ago") == (delta <= -60)
    assert (said == "now") == (abs(delta) < 60)


@given(st.integers(min_value=-10**12, max_value=10**12), st.sampled_from(["usd", "jpy", "bhd", None]))
def test_money_shows_the_currency_minor_units_rounded_half_up(minor: int, currency: Any) -> None:
    places = {"jpy": 0, "bhd": 3}.get(currency or "usd", 2)
    shown = money(minor / 10 ** places if places else minor, currency)
    amount, code = shown.split(" ")
    assert code == (currency or "usd").upper()
    assert len(amount.rpartition(".")[2]) == places if places else "." not in amount
