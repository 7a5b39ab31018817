"""Reports: built on request from the store; ``csv_url`` downloads the same rows as CSV.

Supported type: ``aging_summary`` (open invoice balances per customer by age, as of the report's
``timestamp``, in the ``$currency`` parameter's currency, the company's unless given; see
``rules/aging.py``). Other types are refused with 400 naming ``type``.

``POST /reports/:id/download`` (backend ``DownloadReportRoute``) takes ``format`` (``csv`` or ``pdf``, and
``json`` in the mock) and answers ``{"url": ...}``: the mock's ``GET /reports/:id/download?format=``, which
serves the rows as that file. ``POST /reports/:id/refresh`` (backend ``RefreshReportRoute``) builds a new
report (201) of the same type and definition from what the business holds now, with the ``parameters``
given (none unless given, as the backend defaults them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Array, Object, Schema, SchemaContext, Shape, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Data, Field, File, One, Reply
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.formats import tables
from invoiced_mock.rules import aging, settings
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record

TITLES = {"aging_summary": "Aging Summary"}
COLUMNS = ("customer", "customer_name", "currency", *aging.BUCKETS, "total")
_FORMAT = Str(choices=tables.FORMATS)
DOWNLOAD = Shape(name="report_download_url", properties=(("url", Str()),))


def _format(params: dict[str, Any], default: str | None) -> str:
    raw = params.get("format")
    if raw in (None, ""):
        if default is None:
            raise InvalidRequest("Format is missing", "format")
        return default
    kind: str = _FORMAT.coerce(raw, "format")
    return kind


def _file(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``GET /reports/<id>/download``: the rows as ``format`` (CSV unless asked)."""
    kind = _format(params, "csv")
    body = tables.render(kind, str(record["title"]), COLUMNS, record["data"])
    return File(body, tables.CONTENT_TYPES[kind], filename=f"{record['title']} {record['id']}.{kind}")


def _download(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``POST /reports/<id>/download``: where the file of ``format`` is."""
    kind = _format(params, None)
    return Data({"url": f"{business.base_url}/reports/{record['id']}/download?format={kind}"},
                schema=DOWNLOAD.name)


def _refresh(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``POST /reports/<id>/refresh``: a new report like this one, built now with the ``parameters`` given."""
    reports = REGISTRY["report"]
    made = crud.create(business, reports, {"type": record["type"], "definition": record.get("definition"),
                                           "parameters": params.get("parameters") or {}})
    return One(reports, made, status=201)


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
    actions = (
        Action("download", "GET", _file, returns="", params=("format",)),
        Action("download", "POST", _download, returns=DOWNLOAD, params=("format",),
               body=Shape(properties=(("format", _FORMAT),), required=("format",))),
        Action("refresh", "POST", _refresh, returns="report", status=201, params=("parameters",),
               body=Shape(properties=(("parameters", Object()),))),
    )
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
        currency = (record["parameters"] or {}).get("$currency") or settings.currency(business)
        rows = aging.age(invoices, now, str(currency))
        for row in rows:
            customer = customers.get(row["customer"])
            row["customer_name"] = customer["name"] if customer else None
        record["data"] = rows

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        return {"csv_url": f"{business.base_url}/reports/{record['id']}/download"}
