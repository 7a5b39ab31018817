"""Files attached to documents: the write-only ``attachments`` field and the attachment list.

A document (invoice, credit note, estimate, payment) declares ``ATTACHMENTS`` among its fields: file ids,
checked to exist, replaced whole when given on a PATCH and kept when omitted. ``LIST`` (GET) and
``LIST_BY_POST`` (the Java client lists with POST and an empty body) answer
``GET <document>/attachments`` with ``attachment`` objects ``{id, object, file, location, ...}``; the
attachment id is the file's id, which is what the Python/Ruby/PHP clients fall back to anyway.
"""

from __future__ import annotations

from typing import Any

from invoiced_mock.core.fields import IntRefList
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import REGISTRY, Action, Field, Many
from invoiced_mock.store.business import Business, Record

ATTACHMENTS = Field("attachments", IntRefList(resource="file"), default=list, write_only=True)


def list_attachments(business: Business, record: Record, params: dict[str, Any]) -> Many:
    files = REGISTRY["file"]
    table = files.table(business)
    rows = []
    for file_id in record.get("attachments") or []:
        file = table.get(file_id)
        if file is None:  # a deleted file is no longer attached
            continue
        rows.append({"id": file["id"], "object": "attachment", "file": present(business, files, file),
                     "location": "attachment", "created_at": file["created_at"],
                     "updated_at": file["updated_at"]})
    return Many(REGISTRY["attachment"], rows)


LIST = Action("attachments", "GET", list_attachments, returns="attachment_list", params=("page", "per_page"))
LIST_BY_POST = Action("attachments", "POST", list_attachments, returns="attachment_list", params=("page", "per_page"))
