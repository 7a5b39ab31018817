"""HTML pages: one Jinja2 environment over ``invoiced_mock/templates/``, autoescaped, shared by every page the
mock renders (documents, the inspector, the customer's pages).

Templates extend ``base.html`` (the stylesheet inlined from ``style.css``: a page needs no second request and
no CDN). Filters: ``money`` (an amount in its currency, rounded as the currency rounds), ``day`` and ``when``
(UNIX seconds as a UTC date, or date and time). Jinja2 is loaded on the first page, never at import.
"""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from invoiced_mock.rules.money import normalize

if TYPE_CHECKING:
    from jinja2 import Environment


def money(amount: Any, currency: str | None = None) -> str:
    """``1234.5, "usd"`` → ``1,234.50 USD``."""
    return f"{normalize(Decimal(str(amount or 0)), currency):,} {(currency or 'usd').upper()}"


def day(timestamp: Any) -> str:
    """UNIX seconds → ``2024-03-01`` (UTC); empty for none."""
    return "" if timestamp is None else datetime.fromtimestamp(int(timestamp), tz=timezone.utc).strftime("%Y-%m-%d")


def when(timestamp: Any) -> str:
    """UNIX seconds → ``2024-03-01 14:05 UTC``; empty for none."""
    if timestamp is None:
        return ""
    return datetime.fromtimestamp(int(timestamp), tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


@cache
def environment() -> Environment:
    """The one environment, built on the first page (templates compiled once per process)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("invoiced_mock", "templates"), autoescape=select_autoescape(
        ("html", "css"), default=True), undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(money=money, day=day, when=when)
    return env


def render(template: str, **context: Any) -> str:
    """``template`` (a path under ``templates/``) rendered with ``context``; every value is escaped."""
    return environment().get_template(template).render(**context)
