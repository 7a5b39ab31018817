"""Attributes and rules shared by the configuration objects (templates, members, webhooks, settings rows).

Kept here so that each configuration resource declares only what makes it different.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..core.fields import Str
from ..core.resource import Field, Resource
from ..errors import InvalidRequest

if TYPE_CHECKING:
    from ..store import Business, Record

class Setting(Resource):
    """Base of the configuration objects: shown without an ``object`` key, and they write no events."""

    has_object_key = False
    emits_events = False


TEMPLATE_ENGINES = ("mustache", "twig")
_SLUG = re.compile(r"^[a-z0-9_-]{2,}$", re.IGNORECASE)


@dataclass(frozen=True)
class Url(Str):
    """An absolute http(s) URL."""

    max_length: int | None = 2048

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidRequest(f"{param.replace('_', ' ').capitalize()} must be a valid URL", param)
        return text


@dataclass(frozen=True)
class Language(Str):
    """A two-letter language code (``en``), lower-cased."""

    max_length: int | None = 2
    lower: bool = True

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        if len(text) != 2 or not text.isalpha():
            raise InvalidRequest("Language must be a two-letter code", param)
        return text


def template_engine() -> Field:
    return Field("template_engine", Str(choices=TEMPLATE_ENGINES), default="twig")


def language() -> Field:
    return Field("language", Language())


def slug_id(max_length: int = 255, required: bool = True) -> Field:
    """A caller-chosen string id (custom fields, roles, themes, email templates): 2+ of ``a-z 0-9 _ -``."""
    return Field("id", Slug(max_length=max_length), required=required, create_only=True)


@dataclass(frozen=True)
class Slug(Str):
    max_length: int | None = 255

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        if not _SLUG.match(text):
            raise InvalidRequest("IDs must be at least 2 letters, numbers, dashes or underscores", param)
        return text


def new_row(business: Business, resource: Resource, **values: Any) -> Record:
    """A complete record of ``resource`` with its declared defaults, ``values`` and fresh timestamps."""
    row = {f.name: f.default_value() for f in resource.fields}
    now = business.clock.now()
    row.update(created_at=now, updated_at=now)
    row.update(values)
    return row


def check_range(record: Record, name: str, low: int, high: int) -> None:
    value = record.get(name)
    if value is not None and not low <= value <= high:
        raise InvalidRequest(f"{name.replace('_', ' ').capitalize()} must be between {low} and {high}", name)


def check_restrictions(restrictions: Any) -> dict[str, list[str]] | None:
    """A member's ``restrictions``: up to 3 custom field ids, each with 1 to 10 string values (empty → null)."""
    if not restrictions:
        return None
    if len(restrictions) > 3:
        raise InvalidRequest("There can only be restrictions on up to 3 custom fields", "restrictions")
    for key, values in restrictions.items():
        if not _SLUG.match(key) or len(key) > 40:
            raise InvalidRequest(f"Invalid custom field ID: {key}", "restrictions")
        if not isinstance(values, list):
            raise InvalidRequest(f"Restriction value for {key} is invalid", "restrictions")
        if not 1 <= len(values) <= 10:
            raise InvalidRequest(f"Restriction value for {key} must contain at least one and no more than 10 values",
                                 "restrictions")
        for value in values:
            if not isinstance(value, str) or len(value) > 255:
                raise InvalidRequest(f"Restriction value for custom field `{key}` must be a string no greater than "
                                     f"255 characters: {value}", "restrictions")
    return dict(restrictions)


def refuse_second_default(business: Business, resource: Resource, record: Record, message: str) -> None:
    """At most one object of ``resource`` has ``default: true`` (``default`` must be indexed)."""
    if record.get("default") and any(other["id"] != record["id"]
                                      for other in resource.table(business).where("default", True)):
        raise InvalidRequest(message, "default")
