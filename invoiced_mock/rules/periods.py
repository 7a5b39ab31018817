"""Billing periods: calendar arithmetic on UNIX timestamps (UTC) for plan intervals and monthly rates."""

from __future__ import annotations

import calendar
from datetime import datetime, timezone
from decimal import Decimal

from invoiced_mock.clock import add_months

INTERVALS = ("day", "week", "month", "year")
# How many of each interval make one month, for MRR: a year is 12 months, a week 12/52 of one.
MONTHS_PER_INTERVAL = {"day": Decimal(12) / 365, "week": Decimal(12) / 52, "month": Decimal(1), "year": Decimal(12)}


def _utc(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, tz=timezone.utc)


def advance(ts: int, interval: str, count: int = 1) -> int:
    """The end of a period of ``count`` ``interval``s starting at ``ts``."""
    if interval == "day":
        return ts + 86_400 * count
    if interval == "week":
        return ts + 7 * 86_400 * count
    if interval == "month":
        return add_months(ts, count)
    if interval == "year":
        return add_months(ts, 12 * count)
    raise ValueError(f"unknown interval: {interval}")


def anniversary(start: int, interval: str, count: int, cycles: int) -> int:
    """The end of the ``cycles``-th period counted from ``start`` (no drift from month-end clamping)."""
    if interval in ("month", "year"):
        return add_months(start, cycles * count * (12 if interval == "year" else 1))
    return advance(start, interval, count * cycles)


def monthly(amount: Decimal, interval: str, count: int) -> Decimal:
    """A per-period amount expressed per month (MRR), unrounded."""
    return amount / (MONTHS_PER_INTERVAL[interval] * count)


def next_nth_day(ts: int, nth: int) -> int:
    """The first instant after ``ts`` falling on day ``nth`` of a month (clamped to short months)."""
    moment = _utc(ts)
    for months in (0, 1, 2):
        candidate = add_months(int(moment.replace(day=1).timestamp()), months)
        day = min(nth, calendar.monthrange(_utc(candidate).year, _utc(candidate).month)[1])
        landed = int(_utc(candidate).replace(day=day).timestamp())
        if landed > ts:
            return landed
    raise AssertionError("unreachable: a month with day nth always comes within two months")
