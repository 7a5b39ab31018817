"""Aging: open balances bucketed by whole days since the invoice date, summed in minor units."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock.rules import money
from invoiced_mock.rules.aging import BUCKETS, DAY, age, bucket

NOW = 1_700_000_000


def invoice(customer: int, balance: str, days_old: int | None, **flags: object) -> dict[str, object]:
    dated = None if days_old is None else NOW - days_old * DAY
    return {"customer": customer, "currency": "usd", "balance": Decimal(balance), "date": dated, **flags}


def test_buckets_by_whole_days_since_the_invoice_date() -> None:
    assert BUCKETS == ("0_7_days", "8_14_days", "15_30_days", "31_60_days", "61_plus_days")
    assert bucket(invoice(1, "1", None), NOW) == "0_7_days"
    assert bucket(invoice(1, "1", -5), NOW) == "0_7_days"  # dated in the future
    assert bucket({"date": NOW - 8 * DAY + 1}, NOW) == "0_7_days"  # 7 days 23:59:59 is 7 days
    assert bucket(invoice(1, "1", 8), NOW) == "8_14_days"
    assert bucket(invoice(1, "1", 14), NOW) == "8_14_days"
    assert bucket(invoice(1, "1", 15), NOW) == "15_30_days"
    assert bucket(invoice(1, "1", 60), NOW) == "31_60_days"
    assert bucket(invoice(1, "1", 61), NOW) == "61_plus_days"


def zeros() -> dict[str, Decimal]:
    return dict.fromkeys(BUCKETS, Decimal("0.00"))


def test_rows_per_customer_and_currency_with_closed_documents_left_out() -> None:
    invoices = [
        invoice(1, "100.10", 0), invoice(1, "50.05", 45), invoice(1, "0.10", 45),
        invoice(2, "20", 100), {**invoice(2, "7", 9), "currency": "EUR"},
        invoice(1, "999", 10, paid=True), invoice(1, "999", 10, draft=True), invoice(1, "999", 10, voided=True),
        invoice(1, "999", 10, closed=True), invoice(1, "0", 10),
    ]
    first = {"customer": 1, "currency": "usd", **zeros(), "0_7_days": Decimal("100.10"),
             "31_60_days": Decimal("50.15"), "total": Decimal("150.25")}
    euros = {"customer": 2, "currency": "eur", **zeros(), "8_14_days": Decimal("7.00"), "total": Decimal("7.00")}
    dollars = {"customer": 2, "currency": "usd", **zeros(), "61_plus_days": Decimal("20.00"),
               "total": Decimal("20.00")}
    assert age(invoices, NOW) == [first, euros, dollars]
    assert age(invoices, NOW, currency="USD") == [first, dollars]


balances = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)
open_invoices = st.lists(st.builds(invoice, st.integers(1, 3), balances.map(str), st.none() | st.integers(-30, 400)),
                         max_size=20)


@settings(max_examples=60, deadline=None)
@given(open_invoices)
def test_buckets_add_up_to_the_open_balance(invoices: list[dict[str, object]]) -> None:
    rows = age(invoices, NOW)
    for row in rows:
        assert sum(row[label] for label in BUCKETS) == row["total"]
    grand = sum(money.to_minor(i["balance"], "usd") for i in invoices)  # type: ignore[arg-type]
    assert sum(money.to_minor(r["total"], "usd") for r in rows) == grand
    assert len({r["customer"] for r in rows}) == len({i["customer"] for i in invoices})
