"""Scheduled reports (backend ``ListScheduledReportsRoute`` and its create, retrieve, edit and delete routes):
``GET|POST /scheduled_reports``, ``GET|PATCH|DELETE /scheduled_reports/:id``.

Shown as the backend's ``ScheduledReport`` (no ``object`` key): ``saved_report`` (required), ``member`` (who
scheduled it: null with an API key), ``parameters``, ``time_of_day`` (0 to 23, required), ``frequency``
(``day_of_week``, the default, or ``day_of_month``), ``run_date`` (1 to 7, Monday first, or 1 to 31;
400 ``Run date must be between 1 and 7`` otherwise), ``last_run`` and ``next_run``, recomputed when the
schedule changes (UTC: the mock has no business time zone; a day past a short month's end runs on its
last day). At most 50 per business.

On the mock clock each one runs at ``next_run``: it builds a report (``resources/reports.py``) with its
``parameters``, as of that instant, and moves ``last_run`` and ``next_run`` on. Differences: the mock has no
saved reports, so ``saved_report`` is kept as given and the report built is of the mock's own ``type``
attribute (``aging_summary``, the one type the mock builds); nobody is emailed.
"""

from __future__ import annotations

import copy

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Int, Object, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.embedded import USER
from invoiced_mock.resources.reports import TITLES, ReportType
from invoiced_mock.rules import chasing
from invoiced_mock.rules.settings import Between, Setting
from invoiced_mock.store.business import Business, Record

FREQUENCIES = ("day_of_week", "day_of_month")
LIMIT = 50
SCHEDULE = ("time_of_day", "frequency", "run_date")
LAST_DAY = {"day_of_week": 7, "day_of_month": 31}


class ScheduledReports(Setting):
    object = "scheduled_report"
    path = "scheduled_reports"
    label = "Scheduled Report"
    timed = ("run",)
    request_rules = ({"if": {"properties": {"frequency": {"const": "day_of_week"}}},  # the default, too
                      "then": {"properties": {"run_date": {"maximum": 7}}}},)
    fields = (
        Field("saved_report", Int(minimum=1), required=True),
        Field("type", ReportType(max_length=255), default="aging_summary"),
        Field("member", USER, read_only=True),
        Field("parameters", Object(), default=dict),
        Field("time_of_day", Between(maximum=23), required=True),
        Field("frequency", Str(choices=FREQUENCIES), default="day_of_week"),
        Field("run_date", Between(minimum=1, maximum=31), required=True),
        Field("last_run", Timestamp(), read_only=True),
        Field("next_run", Timestamp(), read_only=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if record["type"] not in TITLES:
            raise InvalidRequest(f"Unsupported report type: {record['type']}. Supported: {', '.join(TITLES)}", "type")
        if old is None and len(self.table(business)) >= LIMIT:
            raise InvalidRequest(f"You can not create more than {LIMIT} scheduled reports per company.")
        last = LAST_DAY[record["frequency"]]
        if not 1 <= record["run_date"] <= last:
            raise InvalidRequest(f"Run date must be between 1 and {last}", "run_date")
        if old is None or any(record.get(k) != old.get(k) for k in SCHEDULE):
            record["next_run"] = _next_run(record, business.clock.now())

    def timeline(self, business: Business, record: Record) -> dict[str, int | None]:
        return {"run": record.get("next_run")}

    def when_due(self, business: Business, record: Record, kind: str, instant: int) -> None:
        """Build the report as of ``instant`` and schedule the next run."""
        crud.create(business, REGISTRY["report"], {"type": record["type"], "parameters": record["parameters"]})
        ran = copy.deepcopy(record)
        ran["last_run"] = ran["updated_at"] = instant
        ran["next_run"] = _next_run(ran, instant)
        crud.save(business, self, ran, record)


def _next_run(record: Record, now: int) -> int | None:
    """The next ``run_date`` day (of the week or month) after today, at ``time_of_day``, UTC."""
    return chasing.next_run({"time_of_day": record["time_of_day"], "frequency": record["frequency"],
                             "run_date": record["run_date"]}, now)
