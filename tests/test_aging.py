"""Aging: open balances bucketed by whole days past due, summed in minor units per customer and currency."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import money
from invoiced_mock.rules.aging import BUCKETS, DAY, age, bucket

NOW = 1_700_000_000


def invoice(customer: int, balance: str, days_late: int | None, **flags: object) -> dict[str, object]:
    due = None if days_late is None else NOW - days_late * DAY
    return {"customer": customer, "currency": "usd", "balance": Decimal(balance), "due_date": due, **flags}


def test_buckets_by_whole_days_past_due() -> None:
    assert bucket(invoice(1, "1", None), NOW) == "current"
    assert bucket(invoice(1, "1", -5), NOW) == "current"  # not yet due
    assert bucket({"due_date": NOW - DAY + 1}, NOW) == "current"  # 23:59:59 late is not a day
    assert bucket(invoice(1, "1", 1), NOW) == "1_30_days"
    assert bucket(invoice(1, "1", 30), NOW) == "1_30_days"
    assert bucket(invoice(1, "1", 31), NOW) == "31_60_days"
    assert bucket(invoice(1, "1", 90), NOW) == "61_90_days"
    assert bucket(invoice(1, "1", 91), NOW) == "91_plus_days"


def test_rows_per_customer_and_currency_with_closed_documents_left_out() -> None:
    rows = age([
        invoice(1, "100.10", 0), invoice(1, "50.05", 45), invoice(1, "0.10", 45),
        invoice(2, "20", 100), {**invoice(2, "7", 3), "currency": "EUR"},
        invoice(1, "999", 10, paid=True), invoice(1, "999", 10, draft=True), invoice(1, "999", 10, voided=True),
        invoice(1, "999", 10, closed=True), invoice(1, "0", 10),
    ], NOW)
    assert rows == [
        {"customer": 1, "currency": "usd", "current": Decimal("100.10"), "1_30_days": Decimal("0.00"),
         "31_60_days": Decimal("50.15"), "61_90_days": Decimal("0.00"), "91_plus_days": Decimal("0.00"),
         "total": Decimal("150.25")},
        {"customer": 2, "currency": "eur", "current": Decimal("0.00"), "1_30_days": Decimal("7.00"),
         "31_60_days": Decimal("0.00"), "61_90_days": Decimal("0.00"), "91_plus_days": Decimal("0.00"),
         "total": Decimal("7.00")},
        {"customer": 2, "currency": "usd", "current": Decimal("0.00"), "1_30_days": Decimal("0.00"),
         "31_60_days": Decimal("0.00"), "61_90_days": Decimal("0.00"), "91_plus_days": Decimal("20.00"),
         "total": Decimal("20.00")},
    ]


balances = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)
open_invoices = st.lists(st.builds(invoice, st.integers(1, 3), balances.map(str), st.none() | st.integers(-30, 400)),
                         max_size=20)


@settings(max_examples=60, deadline=None)
@given(open_invoices)
def test_buckets_add_up_to_the_open_balance(invoices: list[dict[str, object]]) -> None:
    rows = age(invoices, NOW)
    labels = [b[0] for b in BUCKETS]
    for row in rows:
        assert sum(row[label] for label in labels) == row["total"]
    grand = sum(money.to_minor(i["balance"], "usd") for i in invoices)  # type: ignore[arg-type]
    assert sum(money.to_minor(r["total"], "usd") for r in rows) == grand
    assert len({r["customer"] for r in rows}) == len({i["customer"] for i in invoices})
