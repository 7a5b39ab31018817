"""Notifications: which activity a user is told about, and how (email, by default)."""

from __future__ import annotations

from invoiced_mock.core.fields import Bool, Int, Str
from invoiced_mock.core.resource import Field
from invoiced_mock.rules.settings import Setting


class Notifications(Setting):
    object = "notification"
    path = "notifications"
    label = "Notification"
    fields = (
        Field("event", Str(max_length=255), required=True),
        Field("enabled", Bool(), default=False),
        Field("medium", Str(choices=("email", "slack", "null")), default="email"),
        Field("user_id", Int(minimum=1), create_only=True),
        Field("match_mode", Str(choices=("any", "all")), default="any"),
        Field("conditions", Str(), default=""),
    )
