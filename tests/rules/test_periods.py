"""Calendar periods: month-end clamping, no drift across renewals."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock.rules.periods import add_months, advance, anniversary, monthly


def ts(*parts: int) -> int:
    return int(datetime(*parts, tzinfo=timezone.utc).timestamp())


def test_month_end_is_clamped() -> None:
    assert add_months(ts(2024, 1, 31, 9), 1) == ts(2024, 2, 29, 9)
    assert add_months(ts(2023, 1, 31), 1) == ts(2023, 2, 28)
    assert add_months(ts(2023, 12, 15), 1) == ts(2024, 1, 15)
    assert advance(ts(2024, 2, 29), "year") == ts(2025, 2, 28)
    assert advance(ts(2024, 3, 1), "week", 2) == ts(2024, 3, 15)


def test_anniversaries_do_not_drift_after_a_short_month() -> None:
    start = ts(2024, 1, 31)
    assert [anniversary(start, "month", 1, n) for n in (1, 2, 3)] == [ts(2024, 2, 29), ts(2024, 3, 31), ts(2024, 4, 30)]


def test_monthly_rates() -> None:
    assert monthly(Decimal(1200), "year", 1) == 100
    assert monthly(Decimal(49), "month", 1) == 49
    assert monthly(Decimal(90), "month", 3) == 30


@given(st.integers(0, 4_000_000_000), st.integers(0, 240))
def test_adding_months_is_monotonic_and_lands_within_the_target_month(start: int, months: int) -> None:
    moved = add_months(start, months)
    assert moved >= start
    before, after = datetime.fromtimestamp(start, timezone.utc), datetime.fromtimestamp(moved, timezone.utc)
    assert (after.year - before.year) * 12 + after.month - before.month == months
    assert after.day <= before.day and after.time() == before.time()
