"""Rules every rate (coupon, tax rate) obeys."""

from __future__ import annotations

from invoiced_mock.errors import InvalidRequest
from invoiced_mock.store.business import Record

# check_rate_value as a request-schema rule (``Resource.request_rules``); ``is_percent`` defaults to true.
PERCENT_AT_MOST_100 = {"if": {"properties": {"is_percent": {"const": True}}},
                       "then": {"properties": {"value": {"maximum": 100}}}}


def check_rate_value(record: Record) -> None:
    """A percent rate lies in 0..100; a fixed rate needs no more than a non-negative value."""
    if record.get("is_percent") and record["value"] > 100:
        raise InvalidRequest("Percentage values must be between 0 and 100", "value")
