"""Reports: built on request from the store; ``csv_url`` downloads the same rows as CSV.

Supported type: ``aging_summary`` (open invoice balances per customer by age, as of the report's
``timestamp``, in the ``$currency`` parameter's currency, ``usd`` unless given; see ``rules/aging.py``).
Other types are refused with 400 naming ``type``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from invoiced_mock.core.fields import Array, Object, Schema, SchemaContext, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Field, File, Reply
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import aging
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record

TITLES = {"aging_summary": "Aging Summary"}


def _download(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    rows = record["data"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = ["customer", "customer_name", "currency", *aging.BUCKETS, "total"]
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return File(out.getvalue().encode(), "text/csv; charset=utf-8")


@dataclass(frozen=True)
class ReportType(Str):
    """Published as the supported types; refused in ``apply_rules`` (``custom`` has a message of its own)."""

    def schema(self, ctx: SchemaContext) -> Schema:
        return {**super().schema(ctx), "enum": list(TITLES)}


class Reports(Setting):
    object = "report"
    path = "reports"
    label = "Report"
    differs = (
        "Only `aging_summary` reports are built; any other `type` is refused with a 400 naming `type`.",
    )
    operations = frozenset({"create", "retrieve"})
    actions = (Action("download", "GET", _download, returns="", params=()),)
    fields = (
        Field("type", ReportType(max_length=255), required=True, create_only=True),
        Field("title", Str(), read_only=True),
        Field("filename", Str(), read_only=True),
        Field("timestamp", Timestamp(), read_only=True),
        Field("data", Array(), default=list, read_only=True),
        Field("definition", Object(), create_only=True),
        Field("parameters", Object(), default=dict, create_only=True),
        Field("csv_url", Str(), read_only=True),
        Field("pdf_url", Str(), read_only=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is not None:
            return
        if record["type"] == "custom":
            raise InvalidRequest("Your current plan does not support the report builder.", "type")
        if record["type"] not in TITLES:
            raise InvalidRequest(f"Unsupported report type: {record['type']}. Supported: {', '.join(TITLES)}", "type")
        now = business.clock.now()
        record["timestamp"] = now
        record["title"] = TITLES[record["type"]]
        record["filename"] = f"{record['title']} {record['id']}.csv"
        invoices = REGISTRY["invoice"].table(business).all() if "invoice" in REGISTRY else []
        customers = REGISTRY["customer"].table(business)
        rows = aging.age(invoices, now, str((record["parameters"] or {}).get("$currency") or "usd"))
        for row in rows:
            customer = customers.get(row["customer"])
            row["customer_name"] = customer["name"] if customer else None
        record["data"] = rows

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        return {"csv_url": f"{business.base_url}/reports/{record['id']}/download"}
