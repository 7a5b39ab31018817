"""Files (§2.23): uploads (multipart part ``file``) or references to external files (``url``).

A mock keeps no bytes: an upload records its name, MIME type and size. Documents attach files by id
through their write-only ``attachments`` (see ``rules/attachments.py``).
"""

from __future__ import annotations

from typing import Any

from invoiced_mock.core.fields import Int, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.store.business import Business, Record


class Files(Resource):
    object = "file"
    path = "files"
    label = "File"
    differs = (
        "No bytes are kept: an upload records its name, MIME type and size, and `url` stays null.",
    )
    operations = frozenset({"create", "retrieve", "delete"})
    request_rules = (  # apply_rules below, as schema: a name unless a file part brings one; JSON cannot upload
        {"properties": {"file": {"anyOf": [{"type": "object"}, {"enum": [None, ""]}]}}},
        {"anyOf": [{"required": ["name"], "properties": {"name": {"minLength": 1}}},
                   {"required": ["file"], "properties": {"file": {"type": "object"}}}]},
    )
    fields = (
        Field("name", Str(max_length=255)),
        Field("size", Int(minimum=0)),
        Field("type", Str(max_length=255)),
        Field("url", Str()),
        Field("file", write_only=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        upload: Any = record.pop("file", None)
        if isinstance(upload, dict):
            for name in ("name", "type", "size"):
                if record.get(name) in (None, ""):
                    record[name] = upload.get(name)
        elif upload not in (None, ""):
            raise InvalidRequest("file must be uploaded as a multipart/form-data part", "file")
        if not record.get("name"):
            raise InvalidRequest("Name is missing", "name")
