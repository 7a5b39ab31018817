"""GL accounts: the general-ledger chart items map to; unique codes, nesting up to five levels.

A parent must exist, the hierarchy may not loop or exceed five levels, and an account with
sub-accounts cannot be deleted.
"""

from __future__ import annotations

import re

from invoiced_mock.core.fields import Ref
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Matching, Setting
from invoiced_mock.store.business import Business, Record

CODE = "^[A-Za-z0-9-]{4,255}$"
_CODE = re.compile(CODE)
MAX_LEVELS = 5


class GlAccounts(Setting):
    object = "gl_account"
    path = "gl_accounts"
    label = "GL Account"
    unique = ("code",)
    indexed = ("parent_id",)
    fields = (
        Field("name", Matching(max_length=100, pattern=r"^[\s\S]{2,100}$",
                               message="{label} must be at least 2 characters"), required=True),
        Field("code", Matching(max_length=255, pattern=CODE,
                                  message="{label} must be at least 4 letters, numbers or dashes"), required=True),
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
        self._check_hierarchy(business, record)

    def _check_hierarchy(self, business: Business, record: Record) -> None:
        table = self.table(business)
        seen, codes = [record["id"]], [record["code"]]
        parent = table.get(record["parent_id"]) if record.get("parent_id") is not None else None
        while parent is not None:
            if parent["id"] in seen:
                codes.append(parent["code"])
                raise InvalidRequest(f"Detected circular dependency in account hierarchy: {' -> '.join(codes)}",
                                     "parent_id")
            if len(seen) >= MAX_LEVELS:
                raise InvalidRequest(f"The maximum number of sub-account levels ({MAX_LEVELS}) has been exceeded",
                                     "parent_id")
            seen.append(parent["id"])
            codes.append(parent["code"])
            parent = table.get(parent["parent_id"]) if parent.get("parent_id") is not None else None

    def check_delete(self, business: Business, record: Record) -> None:
        if self.table(business).where("parent_id", record["id"]):
            raise InvalidRequest("This account cannot be deleted because it has at least one sub-account. "
                                 "Please delete the sub-accounts first.", "parent_id")
