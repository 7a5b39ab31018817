"""Late fee schedules: a fixed or percent fee added to invoices a grace period after they fall due.

The fee itself is added on the clock by ``rules/dunning.py``."""

from __future__ import annotations

from datetime import date

from invoiced_mock.core import schedule
from invoiced_mock.core.fields import Bool, Number, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Between, IsoDate, Setting, check_range, refuse_second_default
from invoiced_mock.store.business import Business, Record


class LateFeeSchedules(Setting):
    object = "late_fee_schedule"
    path = "late_fee_schedules"
    label = "Late Fee Schedule"
    indexed = ("default",)
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("enabled", Bool(), default=True),
        Field("start_date", IsoDate(max_length=None), required=True),
        Field("amount", Number(minimum=0), required=True),
        Field("is_percent", Bool(), default=False),
        Field("grace_period", Between(maximum=365), required=True),
        Field("recurring_days", Between(maximum=365), default=0),
        Field("default", Bool(), default=False),
        Field("last_run", Timestamp(), read_only=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        try:
            date.fromisoformat(record["start_date"])
        except ValueError:
            raise InvalidRequest("Start date must be a date like 2021-07-01", "start_date") from None
        check_range(record, "grace_period", 0, 365)
        check_range(record, "recurring_days", 0, 365)
        refuse_second_default(business, self, record, "You can have only one default late fee schedule.")

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        """Open invoices take their late fees on the new schedule (``rules/dunning.py``)."""
        schedule.replan(business, REGISTRY["invoice"])
