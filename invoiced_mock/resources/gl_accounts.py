"""GL accounts: the general-ledger chart items map to; codes are unique, accounts may nest."""

from __future__ import annotations

import re

from ..core.fields import Ref, Str
from ..core.resource import TIMESTAMPS, Field
from ..errors import InvalidRequest
from ..rules.settings import Setting
from ..store import Business, Record

_CODE = re.compile(r"^[a-z0-9-]{4,}$", re.IGNORECASE)


class GlAccounts(Setting):
    object = "gl_account"
    path = "gl_accounts"
    label = "GL Account"
    unique = ("code",)
    fields = (
        Field("name", Str(max_length=100), required=True),
        Field("code", Str(max_length=255), required=True),
        Field("parent_id", Ref(resource="gl_account")),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if len(record["name"]) < 2:
            raise InvalidRequest("Name must be at least 2 characters", "name")
        if not _CODE.match(record["code"]):
            raise InvalidRequest("Code must be at least 4 letters, numbers or dashes", "code")
        owner = self.table(business).owner_of("code", record["code"])
        if owner is not None and owner != record["id"]:
            raise InvalidRequest(f"The given code has already been taken: {record['code']}", "code")
        if record.get("parent_id") == record["id"]:
            raise InvalidRequest("A GL account cannot be its own parent", "parent_id")
