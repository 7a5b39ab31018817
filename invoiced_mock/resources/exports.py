"""Exports (backend ``ListExportsRoute``, ``CreateExportRoute``, ``RetrieveExportRoute``, ``DeleteExportRoute``):
``GET|POST /exports``, ``GET|DELETE /exports/:id``.

``POST /exports`` takes ``type`` (the object exported: ``customer``, ``invoice``...) and ``options`` (its
``type``: ``csv``, the default, or ``json`` in the mock) and answers 201 with the export, shown as the
backend's ``Export``: ``name`` (``Customers``), ``status``, ``type``, ``position``, ``total_records``,
``message``, ``user``/``user_id`` (null with an API key) and ``download_url``. The backend queues a job; the
mock runs it at once, so the export answers ``succeeded`` with every object of that type the business holds
(as the API shows them), and ``download_url`` (the mock's ``GET /exports/:id/download``) serves that file
for as long as the export exists: what was there when it was made. A type or format the mock cannot export
(a PDF, payouts) answers ``failed``, as the backend's job ends, with a ``message`` saying why. Lists filter
on ``type`` and ``status``.
"""

from __future__ import annotations

from typing import Any

from invoiced_mock.core.fields import Int, Object, Str
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Field, File, Reply
from invoiced_mock.errors import NotFound
from invoiced_mock.formats import tables
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record

# The backend's exporters of objects the mock serves, and the formats the mock writes.
EXPORTABLE = ("contact", "credit_note", "customer", "estimate", "invoice", "payment", "payment_plan", "subscription")
WRITTEN = ("csv", "json")
STATUSES = ("succeeded", "pending", "failed")


def _written(record: Record) -> str:
    """The format asked for (``options.type``)."""
    return str((record.get("options") or {}).get("type") or "csv")


def _download(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``GET /exports/<id>/download``: the file the export made."""
    if record.get("file") is None:
        raise NotFound(f"Export {record['id']} has no file: it {record.get('status')}")
    written = _written(record)
    filename = f"{record['name']}.{written}"
    return File(record["file"].encode(), tables.CONTENT_TYPES[written], filename=filename)


class Exports(Setting):
    object = "export"
    path = "exports"
    label = "Export"
    operations = frozenset({"list", "create", "retrieve", "delete"})
    actions = (Action("download", "GET", _download, returns="", params=()),)
    fields = (
        Field("name", Str(), read_only=True),
        Field("status", Str(choices=STATUSES), default="pending", read_only=True),
        Field("user_id", Int(), read_only=True),
        Field("user", Int(), read_only=True),
        Field("type", Str(max_length=255), required=True),
        Field("options", Object(), default=dict, write_only=True),
        Field("position", Int(), default=0, read_only=True),
        Field("total_records", Int(), read_only=True),
        Field("message", Str(), read_only=True),
        Field("download_url", Str(), read_only=True),
        Field("file", Str(), read_only=True, hidden=True, filterable=False),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is not None:
            return
        kind = str(record["type"])
        record["name"] = " ".join(word.capitalize() for word in kind.split("_")) + "s"
        written = _written(record)
        if kind not in EXPORTABLE or kind not in REGISTRY or written not in WRITTEN:
            record["status"] = "failed"
            record["message"] = f"Exporter class does not exist for type: {kind}_{written}"
            return
        exported = REGISTRY[kind]
        rows = [present(business, exported, row) for row in exported.table(business).all()]
        columns = [f.name for f in exported.fields if not f.write_only and not f.hidden]
        record["file"] = tables.render(written, record["name"], columns, rows).decode()
        record["status"], record["position"], record["total_records"] = "succeeded", len(rows), len(rows)

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        succeeded = record.get("status") == "succeeded"
        return {"download_url": f"{business.base_url}/exports/{record['id']}/download" if succeeded else None}
