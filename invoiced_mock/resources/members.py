"""Members: the users of a business, each with a role; created by inviting an email address.

Create takes ``email`` (required), ``first_name`` and ``last_name`` and shows them as the ``user``
object. ``PATCH /members/<id>/frequency`` sets notification preferences; ``POST /members/<id>/invites``
re-sends the invitation (204).
"""

from __future__ import annotations

from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Bool, Email, Int, Object, Str, StrRef, Timestamp
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Empty, Field, One, Reply
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.periods import INTERVALS
from invoiced_mock.rules.settings import Setting, check_restrictions
from invoiced_mock.store.business import Business, Record

FREQUENCIES = INTERVALS  # a digest comes in the calendar units a plan bills in
PREFERENCES = ("email_update_frequency", "subscribe_all", "notifications")


def _frequency(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    resource = REGISTRY["member"]
    return One(resource, crud.update(business, resource, record, {k: params[k] for k in PREFERENCES if k in params}))


def _invite(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    return Empty()  # the API answers 204 whether it mails now or debounces a recent invite


class Members(Setting):
    object = "member"
    path = "members"
    label = "Member"
    indexed = ("role", "user_id")
    unique = ("email",)
    actions = (Action("frequency", "PATCH", _frequency, params=PREFERENCES),
               Action("invites", "POST", _invite, returns="", status=204, params=()))
    fields = (
        Field("email", Email(), required=True, create_only=True, write_only=True),
        Field("first_name", Str(max_length=255), create_only=True, write_only=True),
        Field("last_name", Str(max_length=255), create_only=True, write_only=True),
        Field("user", Object(), read_only=True),
        Field("user_id", Int(), read_only=True, hidden=True),
        Field("role", StrRef(resource="role"), required=True),
        Field("last_accessed", Timestamp(), read_only=True),
        Field("restriction_mode", Str(choices=("none", "custom_field", "owner")), default="none"),
        Field("restrictions", Object()),
        Field("email_update_frequency", Str(choices=FREQUENCIES), default="week"),
        Field("notifications", Bool(), default=False),
        Field("subscribe_all", Bool(), default=True),
        Field("notification_viewed", Str()),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        record["restrictions"] = check_restrictions(record.get("restrictions"))
        if old is not None:
            return
        record["email"] = record["email"].strip().lower()
        if self.table(business).owner_of("email", record["email"]) is not None:
            raise InvalidRequest(f"{record['email']} is already a member of the company", "user")
        record["user_id"] = business.next_in_sequence("user")
        record["user"] = {
            "id": record["user_id"],
            "email": record["email"],
            "first_name": record.get("first_name"),
            "last_name": record.get("last_name"),
            "registered": False,
            "two_factor_enabled": False,
        }
