"""Chasing rules: next runs land on the right hour and day, after now, within one period; step schedules."""

from __future__ import annotations

import calendar
from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock.rules.chasing import next_run, valid_schedule

DAY = 86_400
moments = st.integers(min_value=946_684_800, max_value=4_102_444_800)  # 2000 to 2100
hours = st.integers(0, 23)


def utc(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, tz=timezone.utc)


@settings(max_examples=80, deadline=None)
@given(moments, hours)
def test_daily_runs_at_the_hour_within_a_day(now: int, hour: int) -> None:
    run = next_run({"frequency": "daily", "time_of_day": hour, "last_run": 0}, now)
    assert run is not None and now <= run < now + DAY and utc(run).hour == hour and run % 3600 == 0


@settings(max_examples=80, deadline=None)
@given(moments, hours, st.integers(1, 7))
def test_weekly_runs_on_the_weekday_after_today_within_a_week(now: int, hour: int, weekday: int) -> None:
    run = next_run({"frequency": "day_of_week", "time_of_day": hour, "run_date": weekday}, now)
    assert run is not None and utc(run).isoweekday() == weekday and utc(run).hour == hour
    assert utc(now).date() < utc(run).date() and run - now <= 8 * DAY


@settings(max_examples=80, deadline=None)
@given(moments, hours, st.integers(1, 31))
def test_monthly_runs_on_the_day_or_the_months_last(now: int, hour: int, day: int) -> None:
    run = next_run({"frequency": "day_of_month", "time_of_day": hour, "run_date": day}, now)
    assert run is not None
    when = utc(run)
    assert when.day == min(day, calendar.monthrange(when.year, when.month)[1]) and when.hour == hour
    assert utc(now).date() < when.date() and run - now <= 32 * DAY


def test_schedules() -> None:
    assert valid_schedule("age:7") and valid_schedule("past_due_age:0") and valid_schedule("age:1.5")
    assert not valid_schedule("age:-1") and not valid_schedule("age") and not valid_schedule("due:3")
    assert not valid_schedule("age:x") and not valid_schedule("age:1:2")
