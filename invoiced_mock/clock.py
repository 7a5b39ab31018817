"""The mock's single source of time: every timestamp in every store is read from a Clock.

Instants are integer UNIX seconds (all the API ever shows), given as an ``int``, a ``datetime`` (naive means
UTC), a ``date`` (its midnight, UTC) or an ISO 8601 string of either (``"2024-03-01"``,
``"2024-03-01T09:30:00+01:00"``; a string of digits alone is UNIX seconds). Moves are durations
(``timedelta``, ``days=``, ``seconds=``...) and calendar steps (``months=``, ``years=``), the day clamped to
the month's end: Jan 31 + 1 month is Feb 29 in a leap year, Feb 28 otherwise.
"""

from __future__ import annotations

import calendar
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

SECONDS_PER_DAY = 86_400
Instant = int | float | str | date | datetime  # datetime is a date: checked first


def add_months(ts: int, months: int) -> int:
    """``ts`` moved by whole calendar months, the day clamped to the month's end (Jan 31 + 1 → Feb 28/29)."""
    moment = datetime.fromtimestamp(ts, tz=timezone.utc)
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp())

LATEST = 253_402_300_799  # 9999-12-31T23:59:59Z: every date the mock prints stays a four-digit year


def moved(instant: int, delta: timedelta | None = None, *, years: int = 0, months: int = 0, weeks: float = 0,
          days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> int:
    """``instant`` moved as :meth:`Clock.advance` moves the clock: calendar ``years``/``months`` first (whole
    numbers, the day clamped to the month's end), then the durations. Where a move would land, before it runs."""
    calendar_months = 12 * _whole(years, "years") + _whole(months, "months")
    duration = (delta or timedelta()) + timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes,
                                                  seconds=seconds)
    return add_months(instant, calendar_months) + int(duration.total_seconds())


def timestamp(at: Instant) -> int:
    """UNIX seconds of ``at`` (see the module docstring); ``ValueError`` for anything else."""
    if isinstance(at, bool):
        raise ValueError(f"not an instant: {at!r}")
    if isinstance(at, (int, float)):
        return int(at)
    if isinstance(at, str) and at.strip().isdigit():  # digits alone are UNIX seconds (command lines, ini files)
        return int(at)
    if isinstance(at, str):
        try:
            at = datetime.fromisoformat(at.strip().replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise ValueError(f"not an ISO 8601 date or datetime: {at!r}") from None
    if isinstance(at, datetime):
        return int((at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)).timestamp())
    if isinstance(at, date):
        return int(datetime(at.year, at.month, at.day, tzinfo=timezone.utc).timestamp())
    raise ValueError(f"not an instant: {at!r}")


def _anchored_wall_clock() -> Callable[[], float]:
    """Real wall time, read through the monotonic clock from an anchor taken at import. freezegun patches
    ``time.time`` (and module attributes holding it) and time-machine patches it in C, neither this: a mock's
    clock follows those libraries only when asked to (:func:`live_time`)."""
    wall, ticks, monotonic = time.time(), time.monotonic(), time.monotonic
    return lambda: wall + (monotonic() - ticks)


real_time = _anchored_wall_clock()


def live_time() -> float:
    """``time.time()`` as it is now, patched or not: a clock on this source follows freezegun and
    time-machine when they freeze or move time (the pytest marker option ``follow_time=True``)."""
    return time.time()


def _whole(count: float, unit: str) -> int:
    if isinstance(count, bool) or int(count) != count:
        raise ValueError(f"{unit} must be a whole number, not {count!r}")
    return int(count)


class Clock:
    """Wall-clock time shifted by an offset, or frozen at a fixed instant.

    Listeners registered with :meth:`on_advance` run after every move forward,
    which is how time-driven rules (renewals, dunning) hook in without polling.
    """

    def __init__(self, frozen_at: Instant | None = None, source: Callable[[], float] = real_time) -> None:
        self._source = source
        # (frozen instant or None, offset): one tuple, replaced whole under the lock, so a reader sees both
        # parts of one state without taking the lock (read on every request, several times)
        self._state: tuple[int | None, int] = (timestamp(frozen_at) if frozen_at is not None else None, 0)
        self._lock = threading.Lock()
        self._listeners: list[Callable[[int], None]] = []

    def now(self) -> int:
        frozen_at, offset = self._state
        return (frozen_at if frozen_at is not None else int(self._source())) + offset

    @property
    def frozen(self) -> bool:
        return self._state[0] is not None

    def freeze(self, at: Instant | None = None) -> int:
        """Stop time at ``at`` (default: now) and return that instant."""
        instant = self.now() if at is None else timestamp(at)
        with self._lock:
            self._state = (instant, 0)
        return instant

    def unfreeze(self) -> None:
        """Let time run again from the real clock, keeping any advance already made."""
        with self._lock:
            frozen_at, offset = self._state
            if frozen_at is not None:
                self._state = (None, frozen_at + offset - int(self._source()))

    def advance(self, delta: timedelta | None = None, *, years: int = 0, months: int = 0, weeks: float = 0,
                days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> int:
        """Move time forward and return the new instant: calendar ``years``/``months`` first (whole numbers,
        the day clamped to the month's end), then the durations."""
        with self._lock:
            before = self.now()
            after = moved(before, delta, years=years, months=months, weeks=weeks, days=days, hours=hours,
                          minutes=minutes, seconds=seconds)
            if after < before:
                raise ValueError("the clock only moves forward")
            frozen_at, offset = self._state
            self._state = (frozen_at, offset + after - before)
            instant = self.now()
        for listener in list(self._listeners):
            listener(instant)
        return instant

    def on_advance(self, listener: Callable[[int], None]) -> None:
        self._listeners.append(listener)
