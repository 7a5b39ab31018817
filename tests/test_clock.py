"""The clock: frozen, advanced, never backwards."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock import Clock
from invoiced_mock.clock import timestamp


def test_frozen_clock_moves_only_when_advanced() -> None:
    clock = Clock(frozen_at=1_000)
    assert clock.now() == 1_000 and clock.frozen
    seen: list[int] = []
    clock.on_advance(seen.append)
    assert clock.advance(days=1, hours=1, seconds=1) == 1_000 + 86_400 + 3_600 + 1
    assert seen == [clock.now()]
    with pytest.raises(ValueError):
        clock.advance(seconds=-1)


def test_running_clock_follows_its_source_plus_the_offset() -> None:
    now = [5_000.7]
    clock = Clock(source=lambda: now[0])
    assert clock.now() == 5_000 and not clock.frozen
    clock.advance(days=2)
    now[0] += 10
    assert clock.now() == 5_010 + 2 * 86_400
    frozen = clock.freeze()
    now[0] += 100
    assert clock.now() == frozen
    clock.unfreeze()
    assert clock.now() == frozen
    now[0] += 1
    assert clock.now() == frozen + 1


LEAP_DAY = 1_709_164_800  # 2024-02-29T00:00:00Z


@pytest.mark.parametrize(("at", "expected"), [
    ("2024-03-01", 1_709_251_200),
    ("2024-03-01T00:00:00", 1_709_251_200),            # naive: UTC
    ("2024-03-01T00:00:00Z", 1_709_251_200),
    ("2024-03-01T01:00:00+01:00", 1_709_251_200),
    (date(2024, 3, 1), 1_709_251_200),
    (datetime(2024, 3, 1), 1_709_251_200),              # naive: UTC
    (datetime(2024, 3, 1, 1, tzinfo=timezone(timedelta(hours=1))), 1_709_251_200),
    (1_709_251_200, 1_709_251_200),
    (1_709_251_200.9, 1_709_251_200),
])
def test_freeze_takes_timestamps_dates_datetimes_and_iso_strings(at: object, expected: int) -> None:
    clock = Clock()
    assert clock.freeze(at) == expected  # type: ignore[arg-type]
    assert clock.now() == expected and clock.frozen
    assert Clock(frozen_at=at).now() == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("at", ["yesterday", "2024-13-01", "", True, None, [2024]])
def test_an_instant_is_never_guessed(at: object) -> None:
    with pytest.raises(ValueError):
        timestamp(at)  # type: ignore[arg-type]


def test_advance_takes_a_timedelta_and_weeks() -> None:
    clock = Clock(frozen_at=LEAP_DAY)
    assert clock.advance(timedelta(days=1, hours=2)) == LEAP_DAY + 86_400 + 7_200
    assert clock.advance(weeks=1) == LEAP_DAY + 8 * 86_400 + 7_200


@pytest.mark.parametrize(("start", "step", "end"), [
    ("2024-01-31", {"months": 1}, "2024-02-29"),        # clamped to the leap month's end
    ("2023-01-31", {"months": 1}, "2023-02-28"),
    ("2024-02-29", {"years": 1}, "2025-02-28"),
    ("2024-03-31", {"months": 1}, "2024-04-30"),
    ("2024-11-15T10:30:00", {"months": 3}, "2025-02-15T10:30:00"),
    ("2024-01-31", {"years": 1, "months": 1, "days": 1}, "2025-03-01"),  # calendar first, then the days
])
def test_advance_by_calendar_months_and_years(start: str, step: dict[str, int], end: str) -> None:
    clock = Clock(frozen_at=start)
    assert clock.advance(**step) == timestamp(end)  # type: ignore[arg-type]


def test_calendar_steps_are_whole_and_forward() -> None:
    clock = Clock(frozen_at=LEAP_DAY)
    with pytest.raises(ValueError, match="months must be a whole number"):
        clock.advance(months=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(months=-1)
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(timedelta(seconds=-1))
    assert clock.now() == LEAP_DAY


instants = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2400, 1, 1),
                        timezones=st.just(timezone.utc))


@given(instants)
def test_every_spelling_of_an_instant_freezes_at_the_same_second(moment: datetime) -> None:
    expected = int(moment.timestamp())
    naive = moment.replace(tzinfo=None)
    spellings = [moment, naive, moment.isoformat(), naive.isoformat(), expected]
    assert {Clock().freeze(at) for at in spellings} == {expected}


@given(instants, st.integers(min_value=0, max_value=1_200))
def test_adding_months_keeps_the_time_of_day_and_clamps_only_past_the_months_end(moment: datetime,
                                                                                   months: int) -> None:
    moved = datetime.fromtimestamp(Clock(frozen_at=moment).advance(months=months), tz=timezone.utc)
    assert moved.year * 12 + moved.month == moment.year * 12 + moment.month + months
    assert moved.time() == moment.time().replace(microsecond=0)
    last_day = calendar.monthrange(moved.year, moved.month)[1]
    assert moved.day == min(moment.day, last_day)


@given(instants, st.integers(min_value=0, max_value=50))
def test_a_year_is_twelve_months_and_the_clock_never_goes_back(moment: datetime, years: int) -> None:
    by_years, by_months = Clock(frozen_at=moment), Clock(frozen_at=moment)
    assert by_years.advance(years=years) == by_months.advance(months=12 * years) >= int(moment.timestamp())


@given(instants, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=10_000)))
def test_a_timedelta_moves_as_its_seconds(moment: datetime, delta: timedelta) -> None:
    assert Clock(frozen_at=moment).advance(delta) == int(moment.timestamp()) + int(delta.total_seconds())


def test_a_string_of_digits_is_unix_seconds() -> None:
    assert timestamp("1700000000") == timestamp(" 1700000000 ") == 1_700_000_000


@given(st.integers(min_value=0, max_value=2 * 10**9), st.integers(min_value=0, max_value=40),
       st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=10**6))
def test_where_a_move_lands_is_known_before_it_runs(start: int, months: int, days: int, seconds: int) -> None:
    from invoiced_mock.clock import moved

    clock = Clock(frozen_at=start)
    foretold = moved(start, months=months, days=days, seconds=seconds)
    assert clock.now() == start and clock.advance(months=months, days=days, seconds=seconds) == foretold
