"""Attributes and rules shared by the configuration objects (templates, members, webhooks, settings rows), and
the business's own settings as the rules read them (``company``: currency, payment terms, chasing, taxes).

Kept here so that each configuration resource declares only what makes it different.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from invoiced_mock.core.fields import Int, Schema, SchemaContext, Str
from invoiced_mock.core.resource import REGISTRY, Field, Resource
from invoiced_mock.errors import InvalidRequest

if TYPE_CHECKING:
    from invoiced_mock.store.business import Business, Record

COMPANY = "company"  # the business's one row (``resources/companies.py``), read by the rules below
COMPANY_ID = 1


def company(business: Business) -> Record:
    """The business's settings: its company row, or the declared defaults while nobody has read or changed it
    (reading never writes: the row is stored on the first request to ``/companies``)."""
    declared = REGISTRY.get(COMPANY)
    if declared is None:
        return {}
    table = business.tables.get(COMPANY)
    row = table.get(COMPANY_ID) if table is not None else None
    return row if row is not None else declared.blank_template


def currency(business: Business) -> str:
    """What a document, payment or balance is in when neither it nor its customer says."""
    return str(company(business).get("currency") or "usd")


def payment_terms(business: Business) -> str | None:
    """The terms an invoice gets when neither it nor its customer names any."""
    terms = company(business).get("payment_terms")
    return str(terms) if terms else None


def chasing_allowed(business: Business) -> bool:
    return bool(company(business).get("allow_chasing", True))


def assesses_taxes(business: Business) -> bool:
    """Whether new documents get the default tax engine's rates (a customer's own); not with ``avalara``,
    an external engine the mock does not have."""
    return bool(company(business).get("tax_calculator", "invoiced") == "invoiced")


class Setting(Resource):
    """Base of the configuration objects: shown without an ``object`` key, and they write no events."""

    has_object_key = False
    emits_events = False


TEMPLATE_ENGINES = ("mustache", "twig")
_SLUG = re.compile(r"^[a-z0-9_-]{2,}$", re.IGNORECASE)
# The published form of each rule below (ASCII only: ``re`` and ``str.isalpha`` also take other scripts' letters).
PORT_PATTERN = r"([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"  # 1-65535
_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_H16, _LS32 = r"[0-9A-Fa-f]{1,4}", rf"([0-9A-Fa-f]{{1,4}}:[0-9A-Fa-f]{{1,4}}|{_OCTET}(\.{_OCTET}){{3}})"
IPV6_PATTERN = "|".join((  # RFC 3986's IPv6address, the nine forms of where "::" may stand
    rf"({_H16}:){{6}}{_LS32}", rf"::({_H16}:){{5}}{_LS32}", rf"({_H16})?::({_H16}:){{4}}{_LS32}",
    rf"(({_H16}:){{0,1}}{_H16})?::({_H16}:){{3}}{_LS32}", rf"(({_H16}:){{0,2}}{_H16})?::({_H16}:){{2}}{_LS32}",
    rf"(({_H16}:){{0,3}}{_H16})?::{_H16}:{_LS32}", rf"(({_H16}:){{0,4}}{_H16})?::{_LS32}",
    rf"(({_H16}:){{0,5}}{_H16})?::{_H16}", rf"(({_H16}:){{0,6}}{_H16})?::"))
_HOST = rf"([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[({IPV6_PATTERN})\])"  # a name, or an IPv6 address in brackets
URL_PATTERN = rf"^https?://{_HOST}(:{PORT_PATTERN})?([/?#][!-~]*)?$"
# What the API's own URL check (PHP's FILTER_VALIDATE_URL) takes: any scheme; an http(s) URL with a valid host and
# a port up to 65535 (0 included), another scheme with a host, or ``file:``, ``mailto:``, ``news:`` without one.
ANY_URL_PATTERN = (rf"^(https?://{_HOST}(:(0|{PORT_PATTERN}))?([/?#][!-~]*)?"
                   r"|(?!https?:)[A-Za-z][A-Za-z0-9+.-]*://[!-~]+|(file|mailto|news):[!-~]+)$")
LANGUAGE_PATTERN = r"^[A-Za-z]{2}$"
# YYYY-MM-DD, a real calendar day (29 February only in leap years), years 1000 to 9999.
DATE_PATTERN = (r"^([1-9][0-9]{3}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
                r"|02-(0[1-9]|1[0-9]|2[0-8]))"
                r"|([1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00)-02-29)$")


def _label(param: str) -> str:
    return param.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Url(Str):
    """An absolute http(s) URL with an ASCII host name or an IP address, ``[::1]`` for IPv6 (``URL_PATTERN``,
    published in the schemas); ``any_scheme``: every URL the API's own check takes (``ANY_URL_PATTERN``),
    whatever the mock may do with it."""

    max_length: int | None = 2048
    any_scheme: bool = False

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        if not re.fullmatch(self.pattern, text) or not (self.any_scheme or urlsplit(text).netloc):
            raise InvalidRequest(f"{_label(param)} must be a valid URL", param)
        return text

    @property
    def pattern(self) -> str:
        return ANY_URL_PATTERN if self.any_scheme else URL_PATTERN

    def schema(self, ctx: SchemaContext) -> Schema:
        return {**super().schema(ctx), "pattern": self.pattern}


@dataclass(frozen=True)
class Language(Str):
    """A two-letter language code (``en``), lower-cased."""

    max_length: int | None = 2
    lower: bool = True

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        if not re.fullmatch(LANGUAGE_PATTERN, text):
            raise InvalidRequest("Language must be a two-letter code", param)
        return text

    def schema(self, ctx: SchemaContext) -> Schema:
        return {**super().schema(ctx), "pattern": LANGUAGE_PATTERN}


@dataclass(frozen=True)
class IsoDate(Str):
    """A calendar date written ``2021-07-01`` (``DATE_PATTERN``)."""

    max_length: int | None = 10

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        if not re.fullmatch(DATE_PATTERN, text):
            raise InvalidRequest(f"{_label(param)} must be a date like 2021-07-01", param)
        return text

    def schema(self, ctx: SchemaContext) -> Schema:
        return {**super().schema(ctx), "pattern": DATE_PATTERN}


@dataclass(frozen=True)
class Matching(Str):
    """Text matching ``pattern`` (published; a length rule goes in it too: the create schema sets a required
    string's ``minLength`` itself), else 400 with ``message``."""

    pattern: str | None = None
    message: str = "{label} is invalid"

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        if self.pattern is not None and not re.fullmatch(self.pattern, text):
            raise InvalidRequest(self.message.format(label=_label(param)), param)
        return text

    def schema(self, ctx: SchemaContext) -> Schema:
        out = super().schema(ctx)
        return out if self.pattern is None else {**out, "pattern": self.pattern}


@dataclass(frozen=True)
class Between(Int):
    """An integer from ``minimum`` to ``maximum`` (both published as the schema's bounds)."""

    minimum: int | None = 0
    maximum: int = 0

    def coerce(self, value: Any, param: str) -> int:
        number = Int.coerce(Int(), value, param)
        if not (self.minimum or 0) <= number <= self.maximum:
            raise InvalidRequest(f"{_label(param)} must be between {self.minimum} and {self.maximum}", param)
        return number

    def schema(self, ctx: SchemaContext) -> Schema:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


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

    def schema(self, ctx: SchemaContext) -> Schema:
        return {**super().schema(ctx), "pattern": slug_pattern(self.max_length or 255)}


def slug_pattern(max_length: int) -> str:
    return f"^[A-Za-z0-9_-]{{2,{max_length}}}$"


def slug_id_rule(max_length: int = 255) -> dict[str, Any]:
    """``slug_id`` as a create-body rule: the published create schema gives chosen ids the catalogue
    pattern (``contract.schemas.CHOSEN_ID``), so the narrower slug pattern is stated beside it."""
    return {"if": {"required": ["id"]}, "then": {"properties": {"id": {"pattern": slug_pattern(max_length)}}}}


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
