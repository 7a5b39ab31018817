"""Chasing cadences: when a cadence runs next, and what a valid chasing step is.

Times are UTC (the mock has no business time zone). As the API computes it: a daily cadence runs at
``time_of_day`` today, or tomorrow if that hour has passed (or is not after ``last_run``); a weekly
one on the next of its ``run_days`` (ISO weekdays, 1 = Monday; ``run_date`` when no ``run_days``)
strictly after today; a monthly one on the next ``run_date`` strictly after today, clamped to the
last day of shorter months. A paused cadence has no next run.
"""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta, timezone
from typing import Any

from invoiced_mock.errors import InvalidRequest
from invoiced_mock.store.business import Record

DAY = 86_400
ACTIONS = ("email", "sms", "phone", "mail", "escalate")
SCHEDULE_TYPES = ("age", "past_due_age")
SCHEDULE_PATTERN = r"^(age|past_due_age):[0-9]{1,4}$"  # the published subset of what valid_schedule takes


def _is_nth_day(n: int, day: datetime, weekly: bool) -> bool:
    if weekly:
        return day.isoweekday() == n
    last = calendar.monthrange(day.year, day.month)[1]
    return day.day == min(n, last)


def _snap(n: int, start: datetime, weekly: bool) -> datetime:
    """The first day after ``start`` that is the ``n``-th of its week or month."""
    day = start + timedelta(days=1)
    while not _is_nth_day(n, day, weekly):
        day += timedelta(days=1)
    return day


def next_run(cadence: Record, now: int) -> int | None:
    if cadence.get("paused"):
        return None
    today = datetime.fromtimestamp(now - now % DAY, tz=timezone.utc)
    hour: int = cadence["time_of_day"]
    at_hour = int(today.timestamp()) + hour * 3600
    frequency = cadence["frequency"]
    if frequency == "daily":
        last = cadence.get("last_run") or 0
        return at_hour + DAY if at_hour <= last or (not last and at_hour < now) else at_hour
    weekly = frequency == "day_of_week"
    limit = 7 if weekly else 31
    try:
        days = [int(d) for d in str(cadence.get("run_days") or cadence.get("run_date") or "").split(",") if d.strip()]
    except ValueError:  # "mon": as invalid as an out-of-range day
        days = []
    if not days or any(not 1 <= d <= limit for d in days):
        raise InvalidRequest("Run day invalid" if weekly else "Run date must be between 1 and 31",
                             "run_days" if weekly and cadence.get("run_days") else "run_date")
    first = min(_snap(d, today, weekly) for d in days)
    return int(first.timestamp()) + hour * 3600


def valid_schedule(schedule: Any) -> bool:
    """``age:7`` or ``past_due_age:3``: a schedule type and a non-negative number of days."""
    kind, _, value = str(schedule).partition(":")
    try:
        return kind in SCHEDULE_TYPES and float(value) >= 0
    except ValueError:
        return False
