"""The business itself (backend ``RetrieveCompanyRoute``, ``EditCompanyRoute``): ``GET /companies/current``,
``GET /companies/:id`` and ``PATCH /companies/:id``.

One company per business (id 1), the one its API key opens; another id is 404 ``Company was not found``.
Attributes as the backend's ``Company::toArray`` shows them (no ``object`` key), with the backend's edit
rules: only ``address_extra, currency, custom_domain, date_format, email, highlight_color, language, logo,
nickname, phone, show_currency_code, tax_id, time_zone, username, website`` may change (the rest answers
400 naming it), each validated as the backend does.

Beyond the backend's company object, the mock shows and edits three of the accounts-receivable settings
(the backend keeps them on ``/settings/accounts_receivable``, which the mock does not serve), because the
rules read them (``rules/settings.py``): ``payment_terms`` (what an invoice gets when neither it nor its
customer names terms, so a ``PATCH`` moves the next invoice's due date), ``allow_chasing`` (false: no
customer is chased on the clock; the mock starts with it on, the backend off) and ``tax_calculator``
(``invoiced``: new documents get a taxable customer's tax rates; ``avalara``, an engine the mock does not
have: none). ``currency`` is the default of documents, payments, charges and balances whose customer has
none. Differences: the name, address and username start as placeholders (``Invoiced Mock``, a username
made from the API key); ``logo`` is null rather than ``false`` when unset; ``time_zone`` is validated but
the mock's dates stay UTC.
"""

from __future__ import annotations

import hashlib
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from invoiced_mock.core import schedule
from invoiced_mock.core.fields import Bool, Email, Int, Schema, SchemaContext, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Field, One, Reply
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import COMPANY, COMPANY_ID, Language, Matching, Setting, Url, new_row
from invoiced_mock.store.business import Business, Record

TAX_CALCULATORS = ("invoiced", "avalara")
COMPANY_TYPES = ("company", "person", "government", "non_profit")


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@dataclass(frozen=True)
class TimeZone(Str):
    """An IANA time zone name (``America/Chicago``), or empty: the account's default."""

    max_length: int | None = 64

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        if text and text not in _zones():
            raise InvalidRequest(f"Invalid time zone: {text}", param)
        return text

    def schema(self, ctx: SchemaContext) -> Schema:
        return {**super().schema(ctx), "pattern": r"^([A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*)?$"}


def _current(business: Business, parent_id: Any, params: dict[str, Any]) -> Reply:
    companies = REGISTRY[COMPANY]
    return One(companies, companies.table(business).rows[COMPANY_ID])


class Companies(Setting):
    object = COMPANY
    path = "companies"
    label = "Company"
    operations = frozenset({"retrieve", "update"})
    actions = (Action("current", "GET", _current, on="collection", params=()),)
    fields = (
        Field("name", Str(), default="Invoiced Mock", read_only=True),
        Field("nickname", Str(max_length=255)),
        Field("username", Matching(max_length=64, pattern="^[A-Za-z0-9]{4,}$",
                                   message="{label} must be at least 4 letters or digits")),
        Field("email", Email()),
        Field("industry", Str(), read_only=True),
        Field("type", Str(choices=COMPANY_TYPES), default="company", read_only=True),
        Field("address1", Str(), read_only=True),
        Field("address2", Str(), read_only=True),
        Field("city", Str(), read_only=True),
        Field("state", Str(), read_only=True),
        Field("postal_code", Str(), read_only=True),
        Field("country", Str(), read_only=True),
        Field("address_extra", Str(max_length=255)),
        Field("tax_id", Str(max_length=255)),
        Field("phone", Str(max_length=25)),
        Field("website", Url(max_length=255)),
        Field("custom_domain", Str(max_length=255), write_only=True),
        Field("logo", Url()),
        Field("highlight_color", Matching(max_length=7, pattern="^#[0-9A-Fa-f]{6}$",
                                          message="{label} must be a hex color like #303030"), default="#303030"),
        Field("currency", Matching(max_length=3, lower=True, pattern="^[a-z]{3}$",
                                   message="{label} must be a three-letter currency code"), default="usd"),
        Field("show_currency_code", Bool(), default=False),
        Field("date_format", Str(max_length=32), default="M j, Y"),
        Field("time_zone", TimeZone(), default=""),
        Field("language", Language(), default="en"),
        Field("payment_terms", Str(max_length=255)),
        Field("allow_chasing", Bool(), default=True),
        Field("tax_calculator", Str(choices=TAX_CALCULATORS), default="invoiced"),
        Field("canceled", Bool(), default=False, read_only=True),
        Field("trial_ends", Timestamp(), read_only=True),
        Field("creator_id", Int(), read_only=True),
        Field("test_mode", Bool(), default=False, read_only=True),
        Field("url", Str(), read_only=True),
        *TIMESTAMPS,
    )

    def seed(self, business: Business) -> list[Record]:
        username = "mock" + hashlib.sha256(business.api_key.encode()).hexdigest()[:12]
        return [new_row(business, self, id=COMPANY_ID, username=username)]

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if not record.get("username"):
            raise InvalidRequest("Username is missing", "username")

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        if old is not None and bool(old.get("allow_chasing")) != bool(record.get("allow_chasing")):
            schedule.replan(business, REGISTRY["customer"])  # every customer's next chase moves (rules/dunning.py)

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        domain = record.get("custom_domain")
        return {"url": f"https://{domain}" if domain else f"https://{record['username']}.invoiced.com"}
